namespace Tracewright.Domain.Quality;

/// <summary>A CAPA action corrects the problem found or prevents it from happening again.</summary>
public enum CapaActionKind { Corrective, Preventive }

/// <summary>One action of a CAPA, numbered 1, 2, 3… within it; <see cref="Done"/> once it is marked done.</summary>
public sealed record CapaAction(int Number, CapaActionKind Kind, string Description, string Owner, DateOnly Due, bool Done);
