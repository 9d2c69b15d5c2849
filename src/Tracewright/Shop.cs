using Tracewright.Data;

namespace Tracewright;

/// <summary>What every handler works against: the store and the clock. The actor is passed per call.</summary>
public sealed record Shop(Database Database, TimeProvider Clock);
