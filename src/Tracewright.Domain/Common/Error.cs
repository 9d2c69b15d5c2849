namespace Tracewright.Domain.Common;

/// <summary>How an expected failure is reported: each kind maps to one HTTP status and one CLI exit code.</summary>
public enum ErrorKind
{
    /// <summary>The request itself is malformed (400).</summary>
    Invalid,
    /// <summary>A record the request names does not exist (404).</summary>
    NotFound,
    /// <summary>The request collides with a record that exists (409).</summary>
    Conflict,
    /// <summary>The request is well formed but a business rule refuses it (422).</summary>
    Refused,
    /// <summary>The request is larger than a stated limit allows (413); the message names the limit.</summary>
    TooLarge,
    /// <summary>The caller may use the operation but not on this record: it belongs to someone else (403).</summary>
    Forbidden,
}

/// <summary>
/// An expected failure, returned as a value rather than thrown. <see cref="Field"/> names the input at
/// fault when there is one, so forms and CLI messages can point at it.
/// </summary>
public abstract record Error(string Code, string Message)
{
    public abstract ErrorKind Kind { get; }

    public virtual string? Field => null;

    public sealed override string ToString() => Field is null ? Message : $"{Field}: {Message}";
}

/// <summary>An input field that is missing or malformed.</summary>
public sealed record InvalidInput(string Name, string Problem) : Error("invalid-input", Problem)
{
    public override ErrorKind Kind => ErrorKind.Invalid;

    public override string? Field => Name;
}

/// <summary>A record named by the request does not exist.</summary>
public sealed record NotFound(string What, string Id, string? InputField = null)
    : Error("not-found", $"{What} '{Id}' does not exist")
{
    public override ErrorKind Kind => ErrorKind.NotFound;

    public override string? Field => InputField;
}

/// <summary>A record with the same key exists already.</summary>
public sealed record AlreadyExists(string What, string Id, string? InputField = null)
    : Error("already-exists", $"{What} '{Id}' already exists")
{
    public override ErrorKind Kind => ErrorKind.Conflict;

    public override string? Field => InputField;
}

/// <summary>A business rule refuses the request; the message says which rule and why.</summary>
public sealed record RuleViolated(string Rule, string Explanation, string? InputField = null) : Error(Rule, Explanation)
{
    public override ErrorKind Kind => ErrorKind.Refused;

    public override string? Field => InputField;
}

/// <summary>The request conflicts with the current state (a concurrent change, a likely double entry).</summary>
public sealed record StateConflict(string Rule, string Explanation, string? InputField = null) : Error(Rule, Explanation)
{
    public override ErrorKind Kind => ErrorKind.Conflict;

    public override string? Field => InputField;
}

/// <summary>A request over a stated limit (events in one document, rows in a sheet): the message names the limit and how to stay under it.</summary>
public sealed record TooLarge(string Rule, string Explanation, string? InputField = null) : Error(Rule, Explanation)
{
    public override ErrorKind Kind => ErrorKind.TooLarge;

    public override string? Field => InputField;
}

/// <summary>The record belongs to another person (a named query or subscription someone else made): only they or an admin may change it.</summary>
public sealed record NotOwner(string What, string Id, string Owner) : Error("not-owner", $"{What} '{Id}' belongs to {Owner}: only they or an admin may change it")
{
    public override ErrorKind Kind => ErrorKind.Forbidden;
}
