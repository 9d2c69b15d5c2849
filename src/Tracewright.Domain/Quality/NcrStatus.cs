namespace Tracewright.Domain.Quality;

/// <summary>Where a nonconformance report stands: open, dispositioned (decided, not yet closed), closed (final).</summary>
public enum NcrStatus { Open, Dispositioned, Closed }
