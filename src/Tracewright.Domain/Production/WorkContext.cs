using Tracewright.Domain.Common;

namespace Tracewright.Domain.Production;

/// <summary>Who did the work, where and with what: recorded on every operation on a unit.</summary>
public sealed record WorkContext(string? Operator, string? Machine, string? Tool, string? Station)
{
    /// <summary>Checks the free-text fields as typed; the operator defaults to whoever records.</summary>
    public static Result<WorkContext> Parse(string? worker, string? machine, string? tool, string? station)
    {
        var w = Text.Optional(worker, "operator", 120);
        var m = Text.Optional(machine, "machine", 120);
        var t = Text.Optional(tool, "tool", 120);
        var s = Text.Optional(station, "station", 120);
        var error = w.Error ?? m.Error ?? t.Error ?? s.Error;
        return error is null ? new WorkContext(w.Value, m.Value, t.Value, s.Value) : error;
    }
}
