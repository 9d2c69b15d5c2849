using System.Globalization;
using System.Text.Json;
using Tracewright.Data.Epcis;
using Tracewright.Domain.Common;
using Tracewright.Domain.Epcis;
using Tracewright.Standards.Epcis;

namespace Tracewright.Features.Epcis;

/// <summary>
/// <c>GET /epcis/events</c>: captured events matching the standard SimpleEventQuery parameters, in capture order, as an
/// EPCISQueryDocument. Identifier parameters take EPC URIs, EPC patterns or Digital Link URIs (all compared in canonical form);
/// CBV parameters take short names, URNs or Web URIs. Several values: repeat the parameter or separate them with <c>|</c>.
/// </summary>
public static class QueryEpcis
{
    public const int MaxPerPage = 1000;

    public const int DefaultPerPage = 100;

    /// <summary>
    /// One page of results, as the stored events it holds; <see cref="NextPageToken"/> is set when more events match.
    /// <see cref="Document"/> reads them back into the model (for XML, EPC format translation and callers that look inside);
    /// <see cref="Json"/> is the JSON-LD answer, copied from the stored events when they allow it.
    /// </summary>
    public sealed class Page(Shop shop, IReadOnlyList<EpcisEventRow> rows, string queryName, string? nextPageToken, string? subscriptionId = null)
    {
        private readonly DateTimeOffset _created = shop.Clock.GetUtcNow();
        private EpcisDocument? _document;

        public IReadOnlyList<EpcisEventRow> Rows => rows;

        public string? NextPageToken => nextPageToken;

        public EpcisDocument Document => _document ??= QueryEpcis.Document(rows, queryName, _created, subscriptionId);

        /// <summary>
        /// The answer as JSON-LD. Events stored as JSON, with any error declaration they have in them, are copied as stored
        /// (reading and writing them again is most of a query's time); otherwise, or when their prefixes clash, written from <see cref="Document"/>.
        /// </summary>
        public string Json()
        {
            if (_document is null && rows.All(r => r.Syntax == "json" && r.Erroneous == 0)
                && EpcisJsonWriter.WriteStored(Envelope(queryName, _created, subscriptionId, new Dictionary<string, string>()), [.. rows.Select(r => r.Document)]) is { } copied)
            {
                return copied;
            }

            return EpcisJsonWriter.Write(Document);
        }
    }

    private static readonly Dictionary<string, EpcisObjectRole[]> ObjectParameters = new(StringComparer.Ordinal)
    {
        ["MATCH_epc"] = [EpcisObjectRole.Epc, EpcisObjectRole.Child],
        ["MATCH_parentID"] = [EpcisObjectRole.Parent],
        ["MATCH_inputEPC"] = [EpcisObjectRole.Input],
        ["MATCH_outputEPC"] = [EpcisObjectRole.Output],
        ["MATCH_anyEPC"] = [EpcisObjectRole.Epc, EpcisObjectRole.Child, EpcisObjectRole.Parent, EpcisObjectRole.Input, EpcisObjectRole.Output],
        ["MATCH_epcClass"] = [EpcisObjectRole.Quantity, EpcisObjectRole.ChildQuantity],
        ["MATCH_inputEPCClass"] = [EpcisObjectRole.InputQuantity],
        ["MATCH_outputEPCClass"] = [EpcisObjectRole.OutputQuantity],
        ["MATCH_anyEPCClass"] = [EpcisObjectRole.Quantity, EpcisObjectRole.ChildQuantity, EpcisObjectRole.InputQuantity, EpcisObjectRole.OutputQuantity],
    };

    public static Task<Result<Page>> HandleAsync(Shop shop, IEnumerable<KeyValuePair<string, string?>> query, CancellationToken cancellationToken) =>
        HandleAsync(shop, query, null, null, cancellationToken);

    /// <summary>A query read: what events must match, and the page asked for (<see cref="After"/>: the ledger record to start after).</summary>
    /// <remarks><see cref="EventCountLimit"/>: answer at most this many (one page); <see cref="MaxEventCount"/>: refuse when more match.</remarks>
    public sealed record Parsed(EpcisEventFilter Filter, int PerPage, long After, int? EventCountLimit = null, long? MaxEventCount = null);

    /// <summary>The query with <paramref name="anyObject"/> (an EPC, class or pattern) in any role of every event: <c>/epcis/epcs/{epc}/events</c>.</summary>
    /// <remarks><paramref name="namespaces"/>: the prefixes the request declares (its GS1-Extensions header).</remarks>
    public static async Task<Result<Page>> HandleAsync(
        Shop shop, IEnumerable<KeyValuePair<string, string?>> query, string? anyObject, IReadOnlyDictionary<string, string>? namespaces, CancellationToken cancellationToken)
    {
        if (!Parse(query, anyObject, namespaces).TryGet(out var parsed, out var error))
        {
            return error;
        }

        return await PageAsync(shop, parsed, "SimpleEventQuery", cancellationToken);
    }

    /// <summary>Parameters read after the others: the counts and the order.</summary>
    private static readonly string[] Counts = ["eventCountLimit", "maxEventCount", "orderBy", "orderDirection"];

    /// <summary>One page of the events a read query selects, as the EPCISQueryDocument of <paramref name="queryName"/>.</summary>
    public static async Task<Result<Page>> PageAsync(Shop shop, Parsed parsed, string queryName, CancellationToken cancellationToken)
    {
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        if (parsed.MaxEventCount is { } most && await EpcisQueries.CountAsync(connection, parsed.Filter, parsed.After, cancellationToken) is var matching && matching > most)
        {
            return new TooLarge("query-too-large", $"{matching:N0} events match, more than maxEventCount {most:N0}: narrow the query or raise maxEventCount", "maxEventCount");
        }

        if (parsed.EventCountLimit is { } limit)
        {
            // The first eventCountLimit events, in one answer (at most MaxPerPage).
            var first = await EpcisQueries.QueryAsync(connection, parsed.Filter, parsed.After, Math.Min(limit, MaxPerPage), cancellationToken);
            return new Page(shop, first, queryName, null);
        }

        var rows = await EpcisQueries.QueryAsync(connection, parsed.Filter, parsed.After, parsed.PerPage + 1, cancellationToken);
        var page = rows.Take(parsed.PerPage).ToList();
        return new Page(shop, page, queryName, rows.Count > parsed.PerPage ? Position(parsed.Filter.Order, page[^1]) : null);
    }

    /// <summary>Where the next page starts: the last event's ledger record, and for an order by eventTime its eventTime too.</summary>
    private static string Position(EpcisOrder order, EpcisEventRow last) =>
        order is EpcisOrder.EventTimeAscending or EpcisOrder.EventTimeDescending
            ? last.EventTime + ";" + last.Seq.ToString(CultureInfo.InvariantCulture)
            : last.Seq.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads query parameters (several values: repeat the parameter or separate them with <c>|</c>), naming the first bad one.</summary>
    /// <remarks><paramref name="namespaces"/>: the prefixes the request declares (GS1-Extensions, a named query's <c>@context</c>).</remarks>
    public static Result<Parsed> Parse(IEnumerable<KeyValuePair<string, string?>> query, string? anyObject, IReadOnlyDictionary<string, string>? namespaces = null)
    {
        var filter = new EpcisEventFilter { Canonical = CaptureEpcis.Canonical };
        if (anyObject is not null)
        {
            filter.Objects.Add((Enum.GetValues<EpcisObjectRole>(), [Match(anyObject)]));
        }

        var perPage = DefaultPerPage;
        var after = 0L;
        foreach (var group in query.Where(p => !Counts.Contains(p.Key)).GroupBy(p => p.Key, StringComparer.Ordinal))
        {
            var name = group.Key;
            var values = group.SelectMany(p => (p.Value ?? "").Split('|')).Select(v => v.Trim()).ToList();
            // An EXISTS_ parameter is given without a value (?EXISTS_errorDeclaration), or with any.
            if (values.Any(v => v.Length == 0) && !name.StartsWith("EXISTS_", StringComparison.Ordinal))
            {
                return new InvalidInput(name, $"{name} has an empty value");
            }

            var problem = Apply(filter, name, values, namespaces ?? new Dictionary<string, string>(), ref perPage, ref after);
            if (problem is not null)
            {
                return problem;
            }
        }

        var orderBy = query.Where(p => p.Key == "orderBy").Select(p => p.Value?.Trim()).ToList();
        var direction = query.Where(p => p.Key == "orderDirection").Select(p => p.Value?.Trim()).ToList();
        if (orderBy.Count > 1 || orderBy is [not ("eventTime" or "recordTime")])
        {
            return new InvalidInput("orderBy", $"orderBy is eventTime or recordTime, once (got '{string.Join("|", orderBy)}')");
        }

        if (direction.Count > 1 || direction is [not ("ASC" or "DESC")])
        {
            return new InvalidInput("orderDirection", $"orderDirection is ASC or DESC, once (got '{string.Join("|", direction)}')");
        }

        // EPCIS: with orderBy and no orderDirection the order is descending; without orderBy, capture order (the order of
        // recording, which recordTime follows), and orderDirection alone changes nothing.
        var ascending = direction is ["ASC"];
        filter.Order = orderBy switch
        {
            ["eventTime"] => ascending ? EpcisOrder.EventTimeAscending : EpcisOrder.EventTimeDescending,
            ["recordTime"] => ascending ? EpcisOrder.Capture : EpcisOrder.RecordTimeDescending,
            _ => EpcisOrder.Capture,
        };

        int? eventCountLimit = null;
        long? maxEventCount = null;
        foreach (var name in Counts[..2])
        {
            if (query.Where(p => p.Key == name).Select(p => p.Value).ToList() is { Count: > 0 } given)
            {
                if (given.Count != 1 || !long.TryParse(given[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                {
                    return new InvalidInput(name, $"{name} must be one whole number of 1 or more");
                }

                _ = name == "eventCountLimit" ? eventCountLimit = (int)Math.Min(n, int.MaxValue) : maxEventCount = n;
            }
        }

        return new Parsed(filter, perPage, after, eventCountLimit, maxEventCount);
    }

    /// <summary>
    /// <c>GET /epcis/events/{eventID}</c>: the event with this eventID (or, for one captured without, its event hash ID) as a
    /// one-page EPCISQueryDocument — every event stored under it (an eventID a sender reused is stored once per content).
    /// </summary>
    public static async Task<Result<Page>> EventAsync(Shop shop, string? eventId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(eventId) || !CbvVocabulary.IsAbsoluteUri(eventId.Trim()))
        {
            return new InvalidInput("eventID", $"eventID '{eventId}' is not a URI");
        }

        var filter = new EpcisEventFilter();
        filter.EventIds.Add(eventId.Trim());
        await using var connection = await shop.Database.OpenConnectionAsync(cancellationToken);
        var rows = await EpcisQueries.QueryAsync(connection, filter, 0, MaxPerPage, cancellationToken);
        if (rows.Count == 0)
        {
            return new NotFound("EPCIS event", eventId.Trim(), "eventID");
        }

        return new Page(shop, rows, "SimpleEventQuery", null);
    }

    /// <summary>Stored events as the EPCISQueryDocument of a query (and of a subscription to it), with the namespaces their extensions use.</summary>
    private static EpcisDocument Document(IEnumerable<EpcisEventRow> rows, string queryName, DateTimeOffset created, string? subscriptionId)
    {
        var events = rows.Select(Stored).ToList();
        return Envelope(queryName, created, subscriptionId, Merge(events.Select(e => e.Namespaces))) with { Events = events.Select(e => e.Event).ToList() };
    }

    private static EpcisDocument Envelope(string queryName, DateTimeOffset created, string? subscriptionId, IReadOnlyDictionary<string, string> namespaces) => new()
    {
        Kind = EpcisDocumentKind.QueryDocument,
        CreationDate = created,
        QueryName = queryName,
        SubscriptionId = subscriptionId,
        Events = [],
        Namespaces = namespaces,
    };

    private static InvalidInput? Apply(EpcisEventFilter filter, string name, List<string> values, IReadOnlyDictionary<string, string> namespaces, ref int perPage, ref long after)
    {
        switch (name)
        {
            case "eventType":
                foreach (var v in values)
                {
                    if (!Enum.TryParse<EpcisEventKind>(v, ignoreCase: false, out _) || int.TryParse(v, out _))
                    {
                        return new InvalidInput(name, $"eventType '{v}' is not one of {string.Join(", ", Enum.GetNames<EpcisEventKind>())}");
                    }

                    filter.EventTypes.Add(v);
                }

                return null;
            case "EQ_bizStep" or "EQ_disposition":
                var kind = name == "EQ_bizStep" ? CbvVocabularyKind.BizStep : CbvVocabularyKind.Disposition;
                foreach (var v in values.Select(CbvUrnCase))
                {
                    if (!CbvVocabulary.TryNormalise(kind, v, out var normalised))
                    {
                        return new InvalidInput(name, $"{name} '{v}' is neither a CBV {(kind == CbvVocabularyKind.BizStep ? "business step" : "disposition")} nor an absolute URI");
                    }

                    (kind == CbvVocabularyKind.BizStep ? filter.BizSteps : filter.Dispositions).Add(normalised);
                }

                return null;
            case "EQ_bizLocation" or "EQ_readPoint":
                foreach (var v in values)
                {
                    if (!CbvVocabulary.IsAbsoluteUri(v))
                    {
                        return new InvalidInput(name, $"{name} '{v}' is not a URI");
                    }

                    (name == "EQ_bizLocation" ? filter.BizLocations : filter.ReadPoints).Add(CaptureEpcis.Canonical(v));
                }

                return null;
            case "WD_readPoint" or "WD_bizLocation":
                if (values.FirstOrDefault(v => !CbvVocabulary.IsAbsoluteUri(v)) is { } notPlace)
                {
                    return new InvalidInput(name, $"{name} '{notPlace}' is not a URI");
                }

                filter.Within.Add((name == "WD_readPoint" ? "read_point" : "biz_location", values.Select(CaptureEpcis.Canonical).ToList()));
                return null;
            case "EQ_eventID":
                foreach (var v in values)
                {
                    if (!CbvVocabulary.IsAbsoluteUri(v))
                    {
                        return new InvalidInput(name, $"EQ_eventID '{v}' is not a URI (an eventID is one, e.g. urn:uuid:… or ni:///sha-256;…)");
                    }

                    filter.EventIds.Add(v);
                }

                return null;
            case "GE_eventTime" or "LT_eventTime" or "GE_recordTime" or "LT_recordTime":
                if (values.Count != 1 || !EpcisTimestamp.TryParse(values[0], out var instant))
                {
                    return new InvalidInput(name, $"{name} must be one timestamp with its offset, e.g. 2024-05-14T09:00:00Z (got '{string.Join("|", values)}')");
                }

                var text = Timestamp.ToText(instant);
                _ = name switch
                {
                    "GE_eventTime" => filter.EventTimeFrom = text,
                    "LT_eventTime" => filter.EventTimeBefore = text,
                    "GE_recordTime" => filter.RecordTimeFrom = text,
                    _ => filter.RecordTimeBefore = text,
                };
                return null;
            case "EQ_action":
                foreach (var v in values)
                {
                    if (v is not ("ADD" or "OBSERVE" or "DELETE"))
                    {
                        return new InvalidInput(name, $"EQ_action '{v}' is not one of ADD, OBSERVE, DELETE");
                    }

                    filter.Actions.Add(v);
                }

                return null;
            case "EQ_transformationID" or "EQ_correctiveEventID":
                foreach (var v in values)
                {
                    if (!CbvVocabulary.IsAbsoluteUri(v))
                    {
                        return new InvalidInput(name, $"{name} '{v}' is not a URI");
                    }

                    (name == "EQ_transformationID" ? filter.TransformationIds : filter.CorrectiveEventIds).Add(v);
                }

                return null;
            case "EXISTS_errorDeclaration":
                filter.ErrorDeclared = true;
                return null;
            case "EQ_errorReason":
                foreach (var v in values.Select(CbvUrnCase))
                {
                    if (!CbvVocabulary.TryNormalise(CbvVocabularyKind.ErrorReason, v, out var reason))
                    {
                        return new InvalidInput(name, $"EQ_errorReason '{v}' is neither a CBV error reason nor an absolute URI");
                    }

                    filter.ErrorReasons.Add(reason);
                }

                return null;
            case "GE_errorDeclarationTime" or "LT_errorDeclarationTime" or "GE_errorDeclaration_Time" or "LT_errorDeclaration_Time":
                if (values.Count != 1 || !EpcisTimestamp.TryParse(values[0], out var declared))
                {
                    return new InvalidInput(name, $"{name} must be one timestamp with its offset, e.g. 2024-05-14T09:00:00Z (got '{string.Join("|", values)}')");
                }

                _ = name[0] == 'G' ? filter.ErrorDeclarationFrom = Timestamp.ToText(declared) : filter.ErrorDeclarationBefore = Timestamp.ToText(declared);
                return null;
            case "EQ_quantity" or "GT_quantity" or "GE_quantity" or "LT_quantity" or "LE_quantity":
            case var _ when QueryFieldParameters.IsQuantityInUnit(name, out _, out _):
                if (values.Count != 1 || !decimal.TryParse(values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
                {
                    return new InvalidInput(name, $"{name} must be one number (got '{string.Join("|", values)}')");
                }

                filter.Quantities.Add((QueryFieldParameters.Operator(name[..2]), amount, QueryFieldParameters.IsQuantityInUnit(name, out _, out var unit) ? unit : null));
                return null;
            case var _ when name.StartsWith("EQ_bizTransaction_", StringComparison.Ordinal) && name.Length > "EQ_bizTransaction_".Length:
                var transactionType = name["EQ_bizTransaction_".Length..];
                filter.BizTransactions.Add((CbvVocabulary.TryNormalise(CbvVocabularyKind.BizTransactionType, CbvUrnCase(transactionType), out var bt) ? bt : transactionType, values));
                return null;
            case var _ when (name.StartsWith("EQ_source_", StringComparison.Ordinal) && name.Length > "EQ_source_".Length)
                         || (name.StartsWith("EQ_destination_", StringComparison.Ordinal) && name.Length > "EQ_destination_".Length):
                var source = name.StartsWith("EQ_source_", StringComparison.Ordinal);
                var partyType = name[(source ? "EQ_source_" : "EQ_destination_").Length..];
                if (values.FirstOrDefault(v => !CbvVocabulary.IsAbsoluteUri(v)) is { } notUri)
                {
                    return new InvalidInput(name, $"{name} '{notUri}' is not a URI");
                }

                filter.Parties.Add((source, CbvVocabulary.TryNormalise(CbvVocabularyKind.SourceDestinationType, CbvUrnCase(partyType), out var sdt) ? sdt : partyType, values.Select(CaptureEpcis.Canonical).ToList()));
                return null;
            case "perPage":
                if (values.Count != 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out perPage) || perPage is < 1 or > MaxPerPage)
                {
                    return new InvalidInput(name, $"perPage must be a whole number from 1 to {MaxPerPage}");
                }

                return null;
            case "nextPageToken":
                var position = values.Count == 1 ? values[0].Split(';') : [];
                if (position.Length is not (1 or 2) || !long.TryParse(position[^1], NumberStyles.None, CultureInfo.InvariantCulture, out after))
                {
                    return new InvalidInput(name, "nextPageToken is not one this server gave out");
                }

                filter.AfterEventTime = position.Length == 2 ? position[0] : null;
                return null;
            default:
                if (!ObjectParameters.TryGetValue(name, out var roles))
                {
                    var (known, problem) = QueryFieldParameters.Apply(filter, name, values, namespaces);
                    return known ? problem : new InvalidInput(name, $"'{name}' is not a query parameter this server supports");
                }

                var ids = new List<EpcisIdMatch>();
                foreach (var v in values)
                {
                    if (!CbvVocabulary.IsAbsoluteUri(v))
                    {
                        return new InvalidInput(name, $"{name} '{v}' is not an EPC URI, EPC pattern or Digital Link URI");
                    }

                    ids.Add(Match(v));
                }

                filter.Objects.Add((roles, ids));
                return null;
        }
    }

    /// <summary>
    /// CBV 1.x URNs with the vocabulary name in another case (<c>urn:epcglobal:cbv:bizStep:receiving</c>, as OpenTraceability
    /// clients send) mean the standard value; captured data is strict about it, a query need not be.
    /// </summary>
    private static string CbvUrnCase(string value)
    {
        const string Prefix = "urn:epcglobal:cbv:";
        var end = value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? value.IndexOf(':', Prefix.Length) : -1;
        return end > 0
            ? Prefix + value[Prefix.Length..end].ToLowerInvariant() + value[end..]
            : value;
    }

    /// <summary>An EPC pattern (<c>urn:epc:idpat:…*</c>) matches its class and every identifier under it; anything else matches itself.</summary>
    private static EpcisIdMatch Match(string value)
    {
        var canonical = CaptureEpcis.Canonical(value);
        if (value.StartsWith("urn:epc:idpat:", StringComparison.Ordinal))
        {
            return canonical == value ? new EpcisIdMatch(value, value.TrimEnd('*') + "%") : new EpcisIdMatch(canonical, canonical + "/%");
        }

        return new EpcisIdMatch(canonical, null);
    }

    /// <summary>A stored event as standard EPCIS: its captured document, with the error declaration made since added.</summary>
    internal static (EpcisEvent Event, IReadOnlyDictionary<string, string> Namespaces) Stored(EpcisEventRow row)
    {
        var read = EpcisEventFields.ReadStored(row.Document, row.Syntax == "xml" ? EpcisSyntax.Xml : EpcisSyntax.Json);
        var document = read.Document ?? throw new InvalidDataException($"stored EPCIS event {row.EventKey} no longer reads: {string.Join("; ", read.Errors)}");
        var e = document.Events[0];
        if (row.Erroneous != 0 && e.ErrorDeclaration is null)
        {
            e = e with
            {
                ErrorDeclaration = new EpcisErrorDeclaration(
                    Timestamp.FromText(row.DeclaredAt!),
                    row.ErrorReason,
                    row.CorrectiveIds is null ? [] : JsonSerializer.Deserialize<List<string>>(row.CorrectiveIds) ?? [],
                    []),
            };
        }

        return (e, document.Namespaces);
    }

    internal static Dictionary<string, string> Merge(IEnumerable<IReadOnlyDictionary<string, string>> namespaces)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (prefix, uri) in namespaces.SelectMany(n => n))
        {
            merged.TryAdd(prefix, uri);
        }

        return merged;
    }
}
