using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Labels;

namespace Tracewright.Features.Labels;

/// <summary>
/// <c>tracewright label ID</c>: the label of a lot or piece as SVG, PNG, PDF (on a label sheet) or ZPL. The QR code
/// is a GS1 Digital Link URI when the item's GTIN is given, otherwise the lot id itself.
/// </summary>
public static class PrintLabel
{
    public sealed record Request(string? Id, string? Format = null, string? Sheet = null, string? Out = null, string? Gtin = null, string? Domain = null, string? Of = null);

    public sealed record Response(string Id, string Format, string Sheet, string File, string Payload, long Bytes);

    /// <summary>Finds the lot or piece and renders its label; writes nothing.</summary>
    public static async Task<Result<(LabelData Label, LabelFile File)>> RenderAsync(Shop shop, Request request, CancellationToken cancellationToken)
    {
        var id = LotId.Parse(request.Id);
        var format = LabelRenderer.ParseFormat(request.Format, request.Out);
        var sheet = format.Then(f => LabelRenderer.ParseSheet(request.Sheet, f));
        var firstError = id.Error ?? format.Error ?? sheet.Error;
        if (firstError is not null)
        {
            return firstError;
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var lot = await MaterialsQueries.FindLotAsync(connection, null, id.Value, cancellationToken);
        if (lot is null)
        {
            return new NotFound("lot", id.Value.Value, "id");
        }

        var item = await MaterialsQueries.FindItemAsync(connection, null, lot.Item, cancellationToken);
        var label = LabelOf(lot, item, request.Gtin, request.Domain);
        if (!label.TryGet(out var data, out var error))
        {
            return error;
        }

        return LabelRenderer.Render([data], format.Value, sheet.Value).Map(file => (data, file));
    }

    /// <summary>
    /// A lot's or piece's label data: a piece (it has a parent) is one physical thing and gets a serial in its
    /// Digital Link, a lot gets a batch number. <paramref name="item"/> supplies the description when known, and its GTIN
    /// when none is given.
    /// </summary>
    public static Result<LabelData> LabelOf(Lot lot, Item? item, string? gtin = null, string? domain = null)
    {
        var kind = lot.Parent is null ? LabelKind.Lot : LabelKind.Piece;
        return QrPayload.For(kind, lot.Id.Value, gtin ?? item?.Gtin?.Value, domain).Map(payload => new LabelData(
            kind,
            lot.Id.Value,
            lot.Item.Value,
            item?.Description ?? "",
            payload,
            lot.Heat?.Value,
            lot.Parent?.Value,
            lot.Quantity,
            lot.Uom.Value,
            BannerOf(lot.Status)));
    }

    /// <summary>The word across the label of material that must not be used as it is; none for usable or used-up material.</summary>
    public static string? BannerOf(LotStatus status) => status switch
    {
        LotStatus.Rejected => "REJECTED",
        LotStatus.Quarantine => "QUARANTINE",
        LotStatus.Blocked => "BLOCKED",
        LotStatus.Scrapped => "SCRAPPED",
        _ => null,
    };

    /// <summary>A piece's label from the split that is about to cut it, before the piece is recorded; the piece takes <paramref name="status"/> (its parent's).</summary>
    public static Result<LabelData> LabelOf(PieceLabel piece, LotStatus status, Item? item, string? gtin = null, string? domain = null) =>
        QrPayload.For(LabelKind.Piece, piece.Piece.Value, gtin ?? item?.Gtin?.Value, domain).Map(payload => new LabelData(
            LabelKind.Piece,
            piece.Piece.Value,
            piece.Item.Value,
            item?.Description ?? "",
            payload,
            piece.Heat?.Value,
            piece.Parent.Value,
            piece.Quantity,
            piece.Uom.Value,
            BannerOf(status)));

    public static async Task<Result<Response>> HandleAsync(Shop shop, Request request, CancellationToken cancellationToken)
    {
        if (request.Of is not null && !request.Of.Equals(nameof(LabelTarget.Lot), StringComparison.OrdinalIgnoreCase))
        {
            // Pieces, a unit or a container: the labels the Labels page prints, written to a file.
            var format = LabelRenderer.ParseFormat(request.Format, request.Out);
            var printed = format.IsSuccess
                ? await LabelTargets.RenderAsync(shop, request.Of, request.Id, format.Value.ToString(), request.Sheet, cancellationToken)
                : format.Error!;
            if (!printed.TryGet(out var other, out var otherError))
            {
                return otherError;
            }

            var target = string.IsNullOrWhiteSpace(request.Out) ? other.FileName : request.Out;
            return (await WriteAsync(target, other.File.Content, cancellationToken))
                .Map(full => new Response(request.Id!, other.File.Extension, other.File.Sheet.Name, full, other.Payload ?? $"{other.File.Labels} labels", other.File.Content.LongLength));
        }

        var rendered = await RenderAsync(shop, request, cancellationToken);
        if (!rendered.TryGet(out var result, out var error))
        {
            return error;
        }

        var (label, file) = result;
        var path = string.IsNullOrWhiteSpace(request.Out) ? $"{label.Id}.{file.Extension}" : request.Out;
        var written = await WriteAsync(path, file.Content, cancellationToken);
        return written.Map(full => new Response(label.Id, file.Extension, file.Sheet.Name, full, label.QrPayload, file.Content.LongLength));
    }

    /// <summary>Writes the file; a folder that is missing or not writable is the caller's input to fix, not a crash.</summary>
    public static async Task<Result<string>> WriteAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        try
        {
            await File.WriteAllBytesAsync(path, content, cancellationToken);
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or UnauthorizedAccessException or PathTooLongException or IOException)
        {
            return new InvalidInput("out", $"cannot write '{path}': {e.Message}");
        }
    }

    public static Command Verb(CliHost host)
    {
        var id = new Argument<string>("id") { Description = "Lot or piece id, e.g. ALU-0524-001.2" };
        var format = new Option<string?>("--format") { Description = "svg, png, pdf or zpl (default: from --out's extension, else pdf)" };
        var sheet = new Option<string?>("--sheet") { Description = "l7160 (A4 3x7), 5160 (US Letter 3x10) or 4x6 (one per page); default l7160, 4x6 for zpl" };
        var output = new Option<string?>("--out") { Description = "File to write (default: ID.FORMAT in the current folder)" };
        var gtin = new Option<string?>("--gtin") { Description = "The item's GTIN: the QR code becomes a GS1 Digital Link URI" };
        var domain = new Option<string?>("--domain") { Description = "Digital Link domain for --gtin (default https://id.gs1.org)" };
        var of = new Option<string?>("--of") { Description = "lot (default: the lot or piece ID), pieces (every piece cut from lot ID, one file), unit (ID is SERIAL or ITEM:SERIAL) or container (ID is its SSCC)" };
        var command = new Command("label", "Write the printable label of a lot, piece, unit or container") { id, format, sheet, output, gtin, domain, of };
        command.SetAction(host.Run(
            (p, shop, ct) => HandleAsync(shop, new Request(p.GetValue(id), p.GetValue(format), p.GetValue(sheet), p.GetValue(output), p.GetValue(gtin), p.GetValue(domain), p.GetValue(of)), ct),
            (o, r) => o.WriteLine($"label {r.Id} ({r.Format}, {r.Sheet}) written to {r.File}; QR: {r.Payload}")));
        return command;
    }
}
