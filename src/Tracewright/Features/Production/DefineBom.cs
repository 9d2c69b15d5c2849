using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data;
using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Domain.Production;

namespace Tracewright.Features.Production;

/// <summary>Define a bill of materials (source 000, step 1): components per unit produced, and the SOP.</summary>
public static class DefineBom
{
    public sealed record Request(string? Product, IReadOnlyList<string> Lines, string? SopFileName = null, byte[]? SopContent = null);

    public sealed record Response(string Bom, string Product, IReadOnlyList<BomLine> Lines, string? Sop, long Sequence);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        var product = ItemCode.Parse(request.Product);
        if (!product.IsSuccess)
        {
            return product.Error!;
        }

        if (request.Lines.Count == 0)
        {
            return new InvalidInput("line", "a bill of materials needs at least one line COMPONENT:QTY[:UOM]");
        }

        Result<DocumentFile>? sop = request.SopContent is null ? default(Result<DocumentFile>?) : DocumentFile.Create(request.SopFileName, request.SopContent, field: "sop");
        if (sop?.Error is { } sopError)
        {
            return sopError;
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        if (await MaterialsQueries.FindItemAsync(write.Connection, write.Transaction, product.Value, cancellationToken) is null)
        {
            return new NotFound("item", product.Value.Value, "item");
        }

        var lines = new List<BomLine>();
        foreach (var text in request.Lines)
        {
            var parts = text.Split(':', StringSplitOptions.TrimEntries);
            if (parts.Length is < 2 or > 3)
            {
                return new InvalidInput("line", $"line '{text}' must be COMPONENT:QTY or COMPONENT:QTY:UOM");
            }

            var component = ItemCode.Parse(parts[0]);
            var quantity = Text.Quantity(parts[1], "line");
            var lineError = component.Error ?? quantity.Error;
            if (lineError is not null)
            {
                return new InvalidInput("line", $"line '{text}': {lineError.Message}");
            }

            var item = await MaterialsQueries.FindItemAsync(write.Connection, write.Transaction, component.Value, cancellationToken);
            if (item is null)
            {
                return new NotFound("item", component.Value.Value, "line");
            }

            if (component.Value == product.Value)
            {
                return new RuleViolated("bom-cycle", $"{product.Value} cannot be a component of itself", "line");
            }

            var uom = item.Uom;
            if (parts.Length == 3)
            {
                var given = UnitOfMeasure.Parse(parts[2]);
                if (!given.IsSuccess)
                {
                    return new InvalidInput("line", $"line '{text}': {given.Error!.Message}");
                }

                var unit = item.CheckUnit(given.Value, "line");
                if (!unit.IsSuccess)
                {
                    return unit.Error!;
                }
            }

            if (lines.Any(l => l.Component == item.Code))
            {
                return new InvalidInput("line", $"{item.Code} is listed more than once");
            }

            lines.Add(new BomLine(item.Code, quantity.Value, uom));
        }

        if (sop is { } file)
        {
            await Documents.PutAsync(write, file.Value, cancellationToken);
        }

        var id = BomId.FromNumber(await write.PeekCounterAsync(NumberedId.Scope(BomId.Prefix), cancellationToken));
        var defined = new BomDefined(id, product.Value, lines, sop?.Value.Sha256, sop?.Value.FileName);
        var entries = await write.AppendAsync(new NewEvent(defined, write.Now), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new Response(id.Value, product.Value.Value, lines, sop?.Value.FileName, entries[0].Sequence);
    }

    public static Command Verb(CliHost host)
    {
        var item = new Option<string>("--item") { Description = "The product this BOM makes", Required = true };
        var line = new Option<string[]>("--line") { Description = "COMPONENT:QTY[:UOM] per unit produced; repeat for each line", Required = true, AllowMultipleArgumentsPerToken = true };
        var sop = new Option<string?>("--sop") { Description = "The SOP document (PDF or image)" };
        var add = new Command("add", "Define a bill of materials") { item, line, sop };
        add.SetAction(host.Run(
            async (p, shop, ct) =>
            {
                var path = p.GetValue(sop);
                if (path is not null && !File.Exists(path))
                {
                    return (Result<Response>)new InvalidInput("sop", $"sop file '{path}' does not exist");
                }

                return await HandleAsync(shop, host.ActorOf(p), new Request(
                    p.GetValue(item), p.GetValue(line) ?? [], path is null ? null : Path.GetFileName(path), path is null ? null : await File.ReadAllBytesAsync(path, ct)), ct);
            },
            (o, r) => o.WriteLine($"{r.Bom} for {r.Product}: {string.Join(", ", r.Lines.Select(l => $"{Lookup.Format(l.QuantityPerUnit)} {l.Uom} {l.Component}"))}{(r.Sop is null ? "" : $"; SOP {r.Sop}")}")));
        return new Command("bom", "Bills of materials") { add };
    }
}
