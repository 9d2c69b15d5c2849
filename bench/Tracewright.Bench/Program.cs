using Tracewright.Bench;

var (options, error) = BenchOptions.Parse(args, Environment.GetEnvironmentVariable);
if (options is null)
{
    Console.Error.WriteLine($"error: {error}");
    Console.Error.WriteLine("usage: bench/run.sh [--quick] [--sizes 1000000,10000000] [--repeat 3] [--only ingest,http,pg-ingest] [--out BENCHMARKS.md] [--data bench/.data] [--pg CONN | --no-pg] [--note TEXT]");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var (_, failed) = await Benchmarks.RunAsync(options, Console.Out, cancel.Token);
return failed == 0 ? 0 : 1;
