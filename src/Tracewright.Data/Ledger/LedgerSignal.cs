namespace Tracewright.Data;

/// <summary>
/// Tells this process's waiters that a write transaction committed (so they need not poll for it): take <see cref="Next"/>
/// before reading what is new, then wait on it — a commit between the read and the wait still wakes the waiter. Writes by
/// other processes are not signalled; waiters keep a timeout for those.
/// </summary>
public sealed class LedgerSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next commit after it was taken.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    internal void Committed() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for <paramref name="next"/> (taken before the read), at most <paramref name="timeout"/>; true when a commit came.</summary>
    public static async Task<bool> WaitAsync(Task next, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await next.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
