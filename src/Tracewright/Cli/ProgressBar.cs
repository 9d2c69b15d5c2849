namespace Tracewright.Cli;

/// <summary>
/// A one-line progress bar on standard error for long command-line work (sheet imports, generation), redrawn only when the
/// percentage changes. Only for a person watching a terminal: <see cref="For"/> gives none when stderr is redirected or captured.
/// </summary>
public sealed class ProgressBar(TextWriter error, string what)
{
    private int _last = -1;

    public static ProgressBar? For(CliHost host, string what) =>
        ReferenceEquals(host.Error, Console.Error) && !Console.IsErrorRedirected ? new ProgressBar(host.Error, what) : null;

    public void Report(long done, long total)
    {
        var percent = total == 0 ? 100 : (int)(done * 100 / total);
        if (percent == _last)
        {
            return;
        }

        _last = percent;
        var filled = percent / 5;
        error.Write($"\r[{new string('#', filled)}{new string('.', 20 - filled)}] {done:N0}/{total:N0} {what}");
    }

    public void Done()
    {
        if (_last >= 0)
        {
            error.WriteLine();
        }
    }
}
