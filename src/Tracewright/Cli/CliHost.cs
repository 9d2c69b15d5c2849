using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tracewright.Data;
using Tracewright.Domain.Common;

namespace Tracewright.Cli;

/// <summary>
/// What every verb shares: the global options (<c>--db</c>, <c>--json</c>, <c>--as</c>), the output writers
/// and the clock, and the one way results and errors are printed and turned into exit codes.
/// </summary>
public sealed class CliHost(TextWriter output, TextWriter error, TimeProvider clock, Func<string, string?> environment)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public Option<string?> DbOption { get; } = new("--db")
    {
        Description = "SQLite file path or PostgreSQL connection string (Host=…;Database=…); default: $TRACEWRIGHT_DB or data/tracewright.db",
        Recursive = true,
    };

    public Option<bool> JsonOption { get; } = new("--json") { Description = "Machine-readable JSON output", Recursive = true };

    public Option<string?> ActorOption { get; } = new("--as") { Description = "Who records this (default: $TRACEWRIGHT_USER or the OS user)", Recursive = true };

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public TimeProvider Clock { get; } = clock;

    public string? Environment(string name) => environment(name);

    public string ActorOf(ParseResult parse) =>
        parse.GetValue(ActorOption) ?? environment("TRACEWRIGHT_USER") ?? System.Environment.UserName;

    /// <summary>Opens the store named by <c>--db</c> (or the environment) and brings its schema up to date.</summary>
    public async Task<Shop> OpenShopAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var database = Database.Open(parse.GetValue(DbOption) ?? environment("TRACEWRIGHT_DB"));
        await database.MigrateAsync(cancellationToken);
        return new Shop(database, Clock);
    }

    /// <summary>Runs a verb body with the store open, printing expected errors and mapping them to exit codes.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Run<T>(Func<ParseResult, Shop, CancellationToken, Task<Result<T>>> body, Action<TextWriter, T> printText) =>
        async (parse, cancellationToken) =>
        {
            await using var shop = await OpenAsync(parse, cancellationToken);
            if (shop is null)
            {
                return 1;
            }

            Result<T> result;
            try
            {
                result = await body(parse, shop.Shop, cancellationToken);
            }
            catch (Exception e) when (shop.Shop.Database.IsUniqueViolation(e))
            {
                // The write lock makes this rare (a check and its insert share one transaction); the
                // database's own unique keys are the last line, and their answer is a conflict, not a crash.
                result = new StateConflict("duplicate", $"that record already exists ({e.Message})");
            }

            return Print(parse, result, printText);
        };

    public int Print<T>(ParseResult parse, Result<T> result, Action<TextWriter, T> printText)
    {
        var json = parse.GetValue(JsonOption);
        if (!result.TryGet(out var value, out var problem))
        {
            if (json)
            {
                Output.WriteLine(JsonSerializer.Serialize(Problems.BodyOf(problem), Json));
            }

            Error.WriteLine($"error: {problem}");
            return Problems.ExitCodeOf(problem);
        }

        if (json)
        {
            Output.WriteLine(JsonSerializer.Serialize(value, Json));
        }
        else
        {
            printText(Output, value);
        }

        return 0;
    }

    private async Task<OpenShop?> OpenAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        try
        {
            return new OpenShop(await OpenShopAsync(parse, cancellationToken));
        }
        catch (DatabaseTooNewException e)
        {
            Error.WriteLine($"error: {e.Message}");
            return null;
        }
    }

    private sealed class OpenShop(Shop shop) : IAsyncDisposable
    {
        public Shop Shop { get; } = shop;

        public ValueTask DisposeAsync() => Shop.Database.DisposeAsync();
    }
}
