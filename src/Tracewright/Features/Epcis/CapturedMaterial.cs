using System.Data.Common;
using Tracewright.Data.Epcis;
using Tracewright.Domain.Common;
using Tracewright.Domain.Epcis;
using Tracewright.Standards.Epcis;

namespace Tracewright.Features.Epcis;

/// <summary>
/// A certificate a captured event carries: an EPCIS 2.0 <c>certificationInfo</c> value, or a certificate reference in ILMD;
/// <see cref="Since"/> is when the evidence was held (see <see cref="CapturedMaterial"/>).
/// </summary>
public sealed record CapturedCertificate(string Uri, DateTimeOffset Since)
{
    /// <summary>The certificate as Tracewright's export names it, when it is one of ours.</summary>
    public OwnCertificate? Own { get; } = OwnCertificate.Parse(Uri);

    /// <summary>As an answer names a declaration: <c>CERT-000013 (CofC)</c> for one of ours, else as captured.</summary>
    public string Shown => Own is { } own ? $"{own.Id} ({own.Type})" : Uri;

    /// <summary>As an answer lists the certificates of a material: <c>CERT-000013 CofC rohs.pdf</c> for one of ours, else as captured.</summary>
    public string Listed => Own is { } own ? $"{own.Id} {own.Type}{(own.File is null ? "" : " " + own.File)}" : Uri;

    /// <summary>Whether the certificate declares the standard: ours by its type or declared standards, any other by naming it.</summary>
    public bool Declares(string standard) =>
        Own is { } own
            ? own.Type == standard || own.Declares.Any(s => s.Contains(standard, StringComparison.OrdinalIgnoreCase))
            : Uri.Contains(standard, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// One of Tracewright's certificates as its export states it (issue 15):
/// <c>https://id.tracewright.example/certificate/ID?type=T&amp;file=F&amp;declares=S1,S2&amp;restricts=X1,X2</c>.
/// </summary>
public sealed record OwnCertificate(string Id, string Type, string? File, IReadOnlyList<string> Declares, IReadOnlyList<string> Restricted)
{
    public const string Prefix = TracewrightIdentifiers.Stem + "certificate/";

    public string ToUri()
    {
        static string List(IReadOnlyList<string> values) => string.Join(",", values.Select(System.Uri.EscapeDataString));
        return Prefix + System.Uri.EscapeDataString(Id) + "?type=" + System.Uri.EscapeDataString(Type)
            + (File is null ? "" : "&file=" + System.Uri.EscapeDataString(File))
            + (Declares.Count == 0 ? "" : "&declares=" + List(Declares))
            + (Restricted.Count == 0 ? "" : "&restricts=" + List(Restricted));
    }

    public static OwnCertificate? Parse(string uri)
    {
        if (!uri.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = uri[Prefix.Length..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var id = System.Uri.UnescapeDataString(query < 0 ? rest : rest[..query]);
        var fields = (query < 0 ? "" : rest[(query + 1)..]).Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
        IReadOnlyList<string> List(string key) =>
            fields.TryGetValue(key, out var value) ? [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(System.Uri.UnescapeDataString)] : [];
        return new OwnCertificate(
            id,
            fields.TryGetValue("type", out var type) ? System.Uri.UnescapeDataString(type) : "",
            fields.TryGetValue("file", out var file) ? System.Uri.UnescapeDataString(file) : null,
            List("declares"),
            List("restricts"));
    }
}

/// <summary>
/// What captured events say about a material (issue 15): item, heat, supplier and unit from the ILMD of the events that brought
/// it (an ADD ObjectEvent's, or the TransformationEvent's that output it), and its certificates. A material cut from another by a
/// <c>repackaging</c> transformation (a piece) is the same material: it inherits what its parent's events say, and the parent's
/// certificates count from the cut, as a native piece's do. <see cref="MadeBy"/> is the other transformation that produced it,
/// if any (a batch made here is judged by its inputs). A certificate counts from the record time of the event that brought it,
/// or, for events of our own export, the record time the shop's ledger gave it (<c>tw:recordedAt</c>). Events declared
/// erroneous are left out.
/// </summary>
public sealed record CapturedMaterial(
    string Epc, string? Item, string? Heat, string? Supplier, string? Uom, IReadOnlyList<CapturedCertificate> Certificates, EpcisEventObject? MadeBy)
{
    public const string Repackaging = "https://ref.gs1.org/cbv/BizStep-repackaging";

    /// <summary>The extension our export gives an event whose ledger record time matters to an answer (certificates, cuts).</summary>
    public const string RecordedAtField = "recordedAt";

    private static readonly EpcisObjectRole[] Describing =
        [EpcisObjectRole.Epc, EpcisObjectRole.Quantity, EpcisObjectRole.Output, EpcisObjectRole.OutputQuantity, EpcisObjectRole.Child, EpcisObjectRole.ChildQuantity];

    public static async Task<CapturedMaterial> ReadAsync(DbConnection connection, string epc, CancellationToken cancellationToken) =>
        await ReadAsync(connection, epc, new HashSet<string>(StringComparer.Ordinal), cancellationToken);

    private static async Task<CapturedMaterial> ReadAsync(DbConnection connection, string epc, HashSet<string> path, CancellationToken cancellationToken)
    {
        var filter = new EpcisEventFilter();
        filter.Objects.Add((Describing, [new EpcisIdMatch(epc, null)]));
        var certificates = new List<CapturedCertificate>();
        string? heat = null, item = null, supplier = null, uom = null;
        foreach (var row in await EpcisQueries.QueryAsync(connection, filter, 0, 10_000, cancellationToken))
        {
            if (row.Erroneous != 0)
            {
                continue;
            }

            var (e, _) = QueryEpcis.Stored(row);
            var recorded = RecordedAt(e);
            certificates.AddRange(e.CertificationInfo.Select(c => new CapturedCertificate(c, recorded)));
            uom ??= e.QuantityList.Concat(e.OutputQuantityList).FirstOrDefault(q => q.Uom is not null && CaptureEpcis.Canonical(q.EpcClass) == epc)?.Uom;
            foreach (var entry in e.Ilmd ?? [])
            {
                var name = entry.LocalName;
                if (name.Contains("certif", StringComparison.OrdinalIgnoreCase))
                {
                    certificates.AddRange(Texts(entry).Select(c => new CapturedCertificate(c, recorded)));
                }
                else if (name.Equals("heat", StringComparison.OrdinalIgnoreCase) || name.Equals("heatNumber", StringComparison.OrdinalIgnoreCase))
                {
                    heat ??= entry.Value;
                }
                else if (name.Equals("item", StringComparison.OrdinalIgnoreCase))
                {
                    item ??= entry.Value;
                }
                else if (name.Equals("supplier", StringComparison.OrdinalIgnoreCase))
                {
                    supplier ??= entry.Value;
                }
            }
        }

        var produced = (await EpcisAsBuiltQueries.ProducedAsync(connection, [epc], cancellationToken)).LastOrDefault(o => o.Type == "TransformationEvent");
        if (produced is not null && produced.BizStep == Repackaging && path.Add(epc))
        {
            var inputs = (await EpcisAsBuiltQueries.ObjectsOfEventsAsync(connection, [produced.EventKey], cancellationToken))
                .Where(o => o.Role is "input" or "input-quantity").Select(o => o.Epc).Distinct(StringComparer.Ordinal).ToList();
            if (inputs is [var parentEpc])
            {
                var parent = await ReadAsync(connection, parentEpc, path, cancellationToken);
                var cut = await CutAtAsync(connection, produced.EventKey, cancellationToken);
                return new CapturedMaterial(
                    epc, item ?? parent.Item, heat ?? parent.Heat, supplier ?? parent.Supplier, uom ?? parent.Uom,
                    Ordered([.. certificates, .. parent.Certificates.Where(c => certificates.All(o => o.Uri != c.Uri)).Select(c => c with { Since = c.Since > cut ? c.Since : cut })]),
                    parent.MadeBy);
            }
        }

        return new CapturedMaterial(epc, item, heat, supplier, uom, Ordered(certificates), produced is { BizStep: not Repackaging } ? produced : null);
    }

    /// <summary>The certificates in the order answers list them: ours by id (as the shop's records are), then others as captured.</summary>
    private static IReadOnlyList<CapturedCertificate> Ordered(IEnumerable<CapturedCertificate> certificates) =>
        [.. certificates.Select((c, i) => (c, i)).OrderBy(x => x.c.Own is null ? 1 : 0).ThenBy(x => x.c.Own?.Id, StringComparer.Ordinal).ThenBy(x => x.i).Select(x => x.c)];

    /// <summary>When a cut's event was recorded (the shop's ledger time for our own export).</summary>
    private static async Task<DateTimeOffset> CutAtAsync(DbConnection connection, string eventKey, CancellationToken cancellationToken)
    {
        var rows = await EpcisQueries.EventsAsync(connection, [eventKey], cancellationToken);
        return rows.Count == 0 ? DateTimeOffset.MinValue : RecordedAt(QueryEpcis.Stored(rows[0]).Event);
    }

    /// <summary>The record time an answer counts from: <c>tw:recordedAt</c> of our own export, else the event's record time.</summary>
    public static DateTimeOffset RecordedAt(EpcisEvent e) =>
        ExportEpcis.FieldOf(e.Extensions, RecordedAtField) is { } text
        && Timestamp.Parse(text, RecordedAtField) is { IsSuccess: true } at
            ? at.Value
            : e.RecordTime ?? e.EventTime;

    /// <summary>The text values of an ILMD entry and of everything inside it (a list of certificates, or one with its fields).</summary>
    private static IEnumerable<string> Texts(EpcisExtensionElement entry) =>
        (entry.Value is { Length: > 0 } value ? [value] : Array.Empty<string>()).Concat(entry.Children.SelectMany(Texts));
}
