using Tracewright.Data.Materials;
using Tracewright.Data.Production;
using Tracewright.Domain.Common;
using Tracewright.Domain.Production;
using Tracewright.Features.Lots;
using Tracewright.Features.Production;
using Tracewright.Labels;

namespace Tracewright.Features.Labels;

/// <summary>What a label is printed for: a lot, its pieces (one sheet), a serialized unit, or a container (SSCC).</summary>
public enum LabelTarget
{
    Lot,
    Pieces,
    Unit,
    Container,
}

/// <summary>
/// The labels of any labelled thing, for the <c>label</c> verb (<c>--of</c>) and the Labels page. Lots and pieces are
/// rendered as <see cref="LotsApi.RenderLabelsAsync"/> does; a unit's QR is its id; a container's is the GS1 Digital
/// Link of its SSCC (AI 00), as GS1's logistic label carries it, with the SSCC and the contents printed under it.
/// </summary>
public static class LabelTargets
{
    /// <summary>The file, its download name and, for one unit or container, what its QR code says.</summary>
    public sealed record Printed(LabelFile File, string FileName, string? Payload = null);

    public static async Task<Result<Printed>> RenderAsync(Shop shop, string? of, string? id, string? format, string? sheet, CancellationToken cancellationToken)
    {
        var target = of is null ? LabelTarget.Lot : Text.Choice<LabelTarget>(of, "of");
        var required = Text.Required(id, "id");
        var labelFormat = LabelRenderer.ParseFormat(format);
        var layout = labelFormat.Then(f => LabelRenderer.ParseSheet(sheet, f));
        var firstError = target.Error ?? required.Error ?? labelFormat.Error ?? layout.Error;
        if (firstError is not null)
        {
            return firstError;
        }

        var name = required.Value.Trim();
        if (target.Value is LabelTarget.Lot or LabelTarget.Pieces)
        {
            var pieces = target.Value == LabelTarget.Pieces;
            return (await LotsApi.RenderLabelsAsync(shop, name, format, sheet, pieces, cancellationToken))
                .Map(file => new Printed(file, $"{name}{(pieces ? "-pieces" : "")}.{file.Extension}"));
        }

        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var label = target.Value == LabelTarget.Unit
            ? await UnitLabelAsync(connection, name, cancellationToken)
            : await ContainerLabelAsync(connection, name, cancellationToken);
        if (!label.TryGet(out var data, out var error))
        {
            return error;
        }

        return LabelRenderer.Render([data], labelFormat.Value, layout.Value).Map(file => new Printed(file, $"{FileSafe(data.Id)}.{file.Extension}", data.QrPayload));
    }

    private static async Task<Result<LabelData>> UnitLabelAsync(System.Data.Common.DbConnection connection, string id, CancellationToken cancellationToken)
    {
        var found = await Lookup.UnitAsync(connection, null, id, "id", cancellationToken);
        if (!found.TryGet(out var unit, out var error))
        {
            return error;
        }

        var item = await MaterialsQueries.FindItemAsync(connection, null, unit.Id.Item, cancellationToken);
        return QrPayload.For(LabelKind.Unit, unit.Id.Value, null).Map(payload => new LabelData(
            LabelKind.Unit, unit.Id.Value, unit.Id.Item.Value, item?.Description ?? "", payload, Parent: unit.Parent?.Value));
    }

    private static async Task<Result<LabelData>> ContainerLabelAsync(System.Data.Common.DbConnection connection, string id, CancellationToken cancellationToken)
    {
        var sscc = ContainerId.Parse(id);
        if (!sscc.IsSuccess)
        {
            return sscc.Error!;
        }

        var kind = await ContainerQueries.KindAsync(connection, null, sscc.Value, cancellationToken);
        if (kind is null)
        {
            return new NotFound("container", sscc.Value.Value, "id");
        }

        var contents = (await ContainerQueries.ContentsAsync(connection, null, sscc.Value, cancellationToken)).Where(c => c.UnpackedAt is null).ToList();
        var payload = QrPayload.ForSscc(sscc.Value.Value);
        if (!payload.TryGet(out var uri, out var payloadError))
        {
            return payloadError;
        }

        var barcode = Gs1128.ForSscc(sscc.Value.Value, await CompanyPrefixLengthAsync(connection, sscc.Value, cancellationToken));
        return new LabelData(LabelKind.Container, sscc.Value.Value, $"SSCC (00) {sscc.Value.Value}", $"{kind}: {Contents(contents)}", uri, Barcode: barcode);
    }

    /// <summary>
    /// How many digits of the SSCC after its extension digit are the GS1 company prefix it was numbered under (the counter scope
    /// <c>SSCC:0614141</c> of its creation record), so the line under the bars can set the prefix apart; null when not recorded.
    /// </summary>
    private static async Task<int?> CompanyPrefixLengthAsync(System.Data.Common.DbConnection connection, ContainerId sscc, CancellationToken cancellationToken)
    {
        foreach (var entry in await Data.LedgerRows.HistoryAsync(connection, sscc.Value, cancellationToken))
        {
            if (entry.Event is ContainerCreated { CounterScope: var scope } && scope.StartsWith("SSCC:", StringComparison.Ordinal)
                && scope[5..] is { Length: >= 6 and <= 12 } prefix && sscc.Value.AsSpan(1).StartsWith(prefix, StringComparison.Ordinal))
            {
                return prefix.Length;
            }
        }

        return null;
    }

    /// <summary>"3 units, lot ALU-0524-001 (2 ea)": what is in the box now, short enough for a label line.</summary>
    private static string Contents(IReadOnlyList<ContainerContent> contents)
    {
        if (contents.Count == 0)
        {
            return "empty";
        }

        var units = contents.Count(c => c.Kind == ContentKind.Unit);
        var parts = new List<string>();
        if (units > 0)
        {
            parts.Add(units == 1 ? $"unit {contents.First(c => c.Kind == ContentKind.Unit).Content}" : $"{units} units");
        }

        parts.AddRange(contents.Where(c => c.Kind == ContentKind.Lot).Select(c => c.Quantity is { } q ? $"lot {c.Content} ({Lookup.Format(q)})" : $"lot {c.Content}"));
        var inner = contents.Count(c => c.Kind == ContentKind.Container);
        if (inner > 0)
        {
            parts.Add(inner == 1 ? "1 box" : $"{inner} boxes");
        }

        return string.Join(", ", parts);
    }

    private static string FileSafe(string id) => new(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_').ToArray());
}
