using System.Globalization;
using System.Runtime.InteropServices;
using Dapper;
using Tracewright.Data;

namespace Tracewright.Bench.Support;

/// <summary>The machine the figures were measured on, as the report states it: CPU, cores, memory, disk, OS, runtime, databases.</summary>
public static class Machine
{
    public static async Task<IReadOnlyList<(string What, string Value)>> DescribeAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var lines = new List<(string, string)>
        {
            ("CPU", Cpu()),
            ("Cores", $"{Environment.ProcessorCount} logical"),
            ("Memory", Memory()),
            ("Disk", Disk(context.Options.DataFolder)),
            ("OS", $"{OsName()} ({RuntimeInformation.OSArchitecture}, kernel {Environment.OSVersion.Version})"),
            (".NET", $"{RuntimeInformation.FrameworkDescription}, server GC {(System.Runtime.GCSettings.IsServerGC ? "on" : "off")}"),
            ("SQLite", await SqliteVersionAsync(context, cancellationToken)),
            ("PostgreSQL", context.Options.Postgres is { } pg ? await PostgresVersionAsync(pg, cancellationToken) : "not configured (set TRACEWRIGHT_BENCH_PG or TRACEWRIGHT_TEST_PG)"),
        };
        return lines;
    }

    /// <summary>The 1-minute load average, to show whether other work shared the machine.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Cpu()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return model ?? RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string Memory()
    {
        var total = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal)) : null;
        var kb = total is null ? 0 : long.Parse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kb == 0 ? "unknown" : $"{kb / 1024.0 / 1024.0:N1} GiB";
    }

    private static string Disk(string folder)
    {
        var full = Path.GetFullPath(folder);
        var mount = File.Exists("/proc/mounts")
            ? File.ReadLines("/proc/mounts").Select(l => l.Split(' ')).Where(p => p.Length > 2 && full.StartsWith(p[1], StringComparison.Ordinal)).MaxBy(p => p[1].Length)
            : null;
        if (mount is null)
        {
            return "unknown";
        }

        var drive = new DriveInfo(mount[1]);
        var device = Path.GetFileName(mount[0]);
        var rotational = $"/sys/block/{device.TrimEnd("0123456789".ToCharArray())}/queue/rotational";
        var kind = !File.Exists(rotational) ? "" : File.ReadAllText(rotational).Trim() == "0" ? ", non-rotational" : ", rotational";
        return $"{mount[2]} on {mount[0]}{kind}, {drive.TotalSize / 1e9:N0} GB ({drive.AvailableFreeSpace / 1e9:N0} GB free), mounted at {mount[1]}";
    }

    private static string OsName()
    {
        var release = File.Exists("/etc/os-release") ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal)) : null;
        return release?["PRETTY_NAME=".Length..].Trim('"') ?? RuntimeInformation.OSDescription;
    }

    private static async Task<string> SqliteVersionAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var path = context.Scratch.SqlitePath("version");
        await using (var database = new SqliteDatabase(path))
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            var version = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT sqlite_version()", cancellationToken: cancellationToken));
            Scratch.Delete(path);
            return $"{version} (bundled e_sqlite3; WAL, synchronous=FULL)";
        }
    }

    private static async Task<string> PostgresVersionAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            var version = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SHOW server_version", cancellationToken: cancellationToken));
            var sync = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SHOW synchronous_commit", cancellationToken: cancellationToken));
            var fsync = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SHOW fsync", cancellationToken: cancellationToken));
            return $"{version} on {connection.Host}:{connection.Port} (fsync={fsync}, server synchronous_commit={sync}; Tracewright sets it on for every write)";
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or System.Net.Sockets.SocketException)
        {
            return $"unreachable ({e.Message})";
        }
    }
}
