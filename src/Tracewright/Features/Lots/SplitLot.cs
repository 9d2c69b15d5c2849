using System.CommandLine;
using System.Globalization;
using Tracewright.Cli;
using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;
using Tracewright.Features.Labels;
using Tracewright.Labels;

namespace Tracewright.Features.Lots;

/// <summary>
/// Cut a lot into pieces (source 000, mistakes 2 and 5). The labels come first: <see cref="Request.Preview"/>
/// returns them without recording anything, so numbers are on the pieces before the cut is recorded.
/// </summary>
public static class SplitLot
{
    public sealed record Request(string? Lot, string? Into, string? Scrap = null, bool Preview = false);

    /// <summary><see cref="Status"/> is the cut lot's status after the cut; <see cref="PieceStatus"/> the status every piece starts with (the lot's before it).</summary>
    public sealed record Response(string Lot, IReadOnlyList<PieceLabel> Pieces, decimal Scrap, decimal Remaining, LotStatus Status, bool Recorded, long? Sequence, LotStatus PieceStatus);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        var lotId = LotId.Parse(request.Lot);
        var into = Text.Quantities(request.Into, "into");
        var scrap = request.Scrap is null ? 0m : Text.Quantity(request.Scrap, "scrap", allowZero: true);
        var firstError = lotId.Error ?? into.Error ?? scrap.Error;
        if (firstError is not null)
        {
            return firstError;
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        var lot = await MaterialsQueries.FindLotAsync(write.Connection, write.Transaction, lotId.Value, cancellationToken);
        if (lot is null)
        {
            return new NotFound("lot", lotId.Value.Value, "lot");
        }

        var certificates = await MaterialsQueries.CertificatesOfLotAsync(write.Connection, write.Transaction, lot.Id, cancellationToken);
        var split = lot.Split(into.Value, scrap.Value, certificates.Select(c => c.Id).ToList());
        if (!split.TryGet(out var cut, out var error))
        {
            return error;
        }

        if (request.Preview)
        {
            return new Response(lot.Id.Value, cut.Pieces, cut.Scrap, cut.ParentRemaining, cut.ParentStatusAfter, false, null, lot.Status);
        }

        var entries = await write.AppendAsync(new NewEvent(cut, write.Now), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new Response(lot.Id.Value, cut.Pieces, cut.Scrap, cut.ParentRemaining, cut.ParentStatusAfter, true, entries[0].Sequence, lot.Status);
    }

    public static Command Verb(CliHost host)
    {
        var lot = new Argument<string>("lot") { Description = "Lot or piece to cut" };
        var into = new Option<string>("--into") { Description = "Piece quantities, comma-separated, e.g. 1,1,1,1", Required = true };
        var scrap = new Option<string?>("--scrap") { Description = "Offcut / scrap quantity to record" };
        var preview = new Option<bool>("--preview") { Description = "Print the labels the pieces will get, record nothing" };
        var labels = new Option<string?>("--labels") { Description = "Also write every piece's label into one file (.pdf sheet or .zpl)" };
        var sheet = new Option<string?>("--sheet") { Description = "Label sheet for --labels: l7160 (A4), 5160 (Letter) or 4x6" };
        var command = new Command("split", "Cut a lot into pieces; each piece keeps the heat number and certificates") { lot, into, scrap, preview, labels, sheet };
        command.SetAction(host.Run(
            async (p, shop, ct) =>
            {
                var path = p.GetValue(labels);
                Result<LabelFormat>? format = path is null ? default(Result<LabelFormat>?) : LabelRenderer.ParseFormat(null, path);
                Result<LabelSheet>? layout = format is { IsSuccess: true } f ? LabelRenderer.ParseSheet(p.GetValue(sheet), f.Value) : default(Result<LabelSheet>?);
                if ((format?.Error ?? layout?.Error) is { } labelError)
                {
                    return labelError;
                }

                var result = await HandleAsync(shop, host.ActorOf(p), new Request(p.GetValue(lot), p.GetValue(into), p.GetValue(scrap), p.GetValue(preview)), ct);
                if (path is null || !result.TryGet(out var split, out _))
                {
                    return result;
                }

                // The labels come from the same piece data the split recorded (or will record), so what is
                // printed is what the ledger says.
                await using var connection = await shop.Database.OpenConnectionAsync(ct);
                var item = split.Pieces.Count == 0 ? null : await MaterialsQueries.FindItemAsync(connection, null, split.Pieces[0].Item, ct);
                var data = new List<LabelData>();
                foreach (var piece in split.Pieces)
                {
                    var label = PrintLabel.LabelOf(piece, split.PieceStatus, item);
                    if (!label.TryGet(out var value, out var error))
                    {
                        return error;
                    }

                    data.Add(value);
                }

                var file = LabelRenderer.Render(data, format!.Value.Value, layout!.Value.Value);
                if (!file.TryGet(out var rendered, out var renderError))
                {
                    return renderError;
                }

                var written = await PrintLabel.WriteAsync(path, rendered.Content, ct);
                return written.IsSuccess ? result : written.Error!;
            },
            (o, r) =>
            {
                o.WriteLine(r.Recorded ? $"{r.Lot} cut into {r.Pieces.Count} pieces; {Format(r.Remaining)} left ({r.Status.Describe()})" : $"labels for cutting {r.Lot} (nothing recorded yet):");
                foreach (var label in r.Pieces)
                {
                    o.WriteLine($"  [{label.Piece}] {label.Item} heat {label.Heat} {Format(label.Quantity)} {label.Uom} from {label.Parent}{(label.Certificates.Count == 0 ? "" : $" certs {string.Join(",", label.Certificates)}")}");
                }
            }));
        return command;
    }

    private static string Format(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
