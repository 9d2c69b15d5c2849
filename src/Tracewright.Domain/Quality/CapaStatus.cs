namespace Tracewright.Domain.Quality;

/// <summary>Where a CAPA stands: open until closed; closed is final.</summary>
public enum CapaStatus { Open, Closed }
