using System.Text.Json.Nodes;
using Json.Schema;
using Tracewright.Standards.Tests.Epcis;
using Tracewright.Tests.Cli;

namespace Tracewright.Tests.Epcis;

/// <summary>
/// What Tracewright writes as EPCIS is a document another repository accepts, and Tracewright's own import takes it back:
/// every <c>uom</c> a UN/CEFACT Rec. 20 code, checked with GS1's JSON schema (JsonSchema.Net, independent of our writer).
/// </summary>
public sealed class EpcisRoundTripTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(EpcisCorpora.Path("gs1-epcis", "EPCIS-JSON-Schema.json"))));

    [Fact]
    public async Task The_demo_shop_exported_is_valid_by_GS1s_schema_and_imports_into_an_empty_store()
    {
        using var shop = new CliRunner();
        Assert.Equal(0, (await shop.RunAsync("demo")).ExitCode);
        var json = Path.Combine(shop.Folder, "demo.jsonld");
        var xml = Path.Combine(shop.Folder, "demo.xml");
        var exported = await shop.RunAsync("export", "--epcis", json);
        Assert.True(exported.ExitCode == 0, exported.Error);
        Assert.Equal(0, (await shop.RunAsync("export", "--epcis", xml, "--format", "xml")).ExitCode);

        var text = await File.ReadAllTextAsync(json);
        AssertValid(text);
        var units = JsonNode.Parse(text)!["epcisBody"]!["eventList"]!.AsArray()
            .SelectMany(e => new[] { "quantityList", "inputQuantityList", "outputQuantityList", "childQuantityList" }
                .SelectMany(list => e![list]?.AsArray() ?? []))
            .Select(q => (string?)q!["uom"])
            .Where(u => u is not null)
            .ToHashSet();
        Assert.Contains("ST", units); // the demo's sheets of plywood and acrylic
        Assert.DoesNotContain("sheet", units);

        foreach (var file in new[] { json, xml })
        {
            using var empty = new CliRunner();
            var imported = await empty.RunAsync("import", file);
            Assert.True(imported.ExitCode == 0, $"{Path.GetFileName(file)}: {imported.Error}");
            Assert.Matches(@"(\d+) events: \1 captured, 0 already captured", imported.Output);
            Assert.Equal(0, (await empty.RunAsync("verify")).ExitCode);
        }
    }

    [Fact]
    public async Task With_a_company_prefix_and_a_GTIN_the_export_uses_GS1_keys_is_valid_and_recalls_the_same_after_import()
    {
        using var shop = new CliRunner();
        Assert.Equal(0, (await shop.RunAsync("demo")).ExitCode);
        Assert.Equal(0, (await shop.RunAsync("config", "gs1-prefix", "0614141", "--reason", "GS1 membership")).ExitCode);
        Assert.Equal(0, (await shop.RunAsync("item", "gtin", "PLA-175-BLK", "--gtin", "00614141000012", "--reason", "GS1 membership")).ExitCode);
        var json = Path.Combine(shop.Folder, "gs1.jsonld");
        Assert.Equal(0, (await shop.RunAsync("export", "--epcis", json)).ExitCode);

        var text = await File.ReadAllTextAsync(json);
        AssertValid(text);
        Assert.Contains("\"https://id.gs1.org/01/00614141000012/10/PLA-0424-01\"", text, StringComparison.Ordinal); // LGTIN
        Assert.DoesNotContain("\"https://id.tracewright.example/lot/PLA-0424-01\"", text, StringComparison.Ordinal);
        Assert.Contains("\"https://id.tracewright.example/lot/ACR-0524-02\"", text, StringComparison.Ordinal); // an item without a GTIN keeps our URI
        Assert.Contains("\"https://id.gs1.org/414/0614141000005\"", text, StringComparison.Ordinal); // SGLN of the shop

        var recall = await shop.RunAsync("recall", "PLA-0424-01");
        using var empty = new CliRunner();
        var imported = await empty.RunAsync("import", json);
        Assert.True(imported.ExitCode == 0, imported.Error);
        var after = await empty.RunAsync("recall", "PLA-0424-01");
        Assert.Equal(0, after.ExitCode);
        Assert.Matches(@"\b34 customers to contact", after.Output);
        Assert.Equal(Line(recall.Output, "customers to contact"), Line(after.Output, "customers to contact"));
        var lgtin = await empty.RunAsync("recall", "https://id.gs1.org/01/00614141000012/10/PLA-0424-01");
        Assert.Equal(Line(after.Output, "customers to contact"), Line(lgtin.Output, "customers to contact"));
    }

    private static string Line(string output, string containing) => output.Split('\n').First(l => l.Contains(containing, StringComparison.Ordinal)).Trim();

    [Fact]
    public async Task A_generated_plants_EPCIS_document_is_valid_by_GS1s_schema()
    {
        using var cli = new CliRunner();
        var file = Path.Combine(cli.Folder, "plant.jsonld");
        var generated = await cli.RunAsync("generate", "--events", "2000", "--seed", "7", "--out", file);
        Assert.True(generated.ExitCode == 0, generated.Error);

        AssertValid(await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task An_item_with_a_unit_no_standard_knows_is_refused_naming_the_nearest_and_writes_nothing()
    {
        using var cli = new CliRunner();
        var refused = await cli.RunAsync("item", "add", "--code", "PLY-3", "--description", "Birch plywood", "--uom", "sheat", "--material", "wood");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("sheet (ST)", refused.Error, StringComparison.Ordinal);
        Assert.Equal(3, (await cli.RunAsync("show", "PLY-3")).ExitCode);

        var added = await cli.RunAsync("item", "add", "--code", "PLY-3", "--description", "Birch plywood", "--uom", "sheet", "--material", "wood");
        Assert.Equal(0, added.ExitCode);
    }

    internal static void AssertValid(string document)
    {
        using var parsed = System.Text.Json.JsonDocument.Parse(document);
        var result = Schema.Value.Evaluate(parsed.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .Take(10)
            .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}");
        Assert.True(result.IsValid, "GS1's EPCIS JSON schema refuses the document: " + string.Join(" | ", errors));
    }
}
