using System.CommandLine;
using System.Text.Json;
using Tracewright.Cli;
using Tracewright.Data;
using Tracewright.Data.Epcis;
using Tracewright.Domain.Common;
using Tracewright.Domain.Epcis;
using Tracewright.Domain.Ledger;
using Tracewright.Standards.Epcis;

namespace Tracewright.Features.Epcis;

/// <summary>
/// Captures an EPCIS 2.0 document (JSON-LD or XML; <c>POST /epcis/capture</c> and <c>tracewright import FILE</c>): the whole
/// document in one write transaction or nothing. Each event becomes an <see cref="EpcisEventCaptured"/> record unless it was
/// captured before (same eventID, or same event hash ID when it has none); an event that repeats a captured one with an
/// errorDeclaration declares that one erroneous. An event whose eventID is already stored with other content (another hash
/// ID) is not dropped: the sender reused the eventID, and the event is stored under its hash ID and reported in
/// <see cref="Response.Conflicts"/>. Master data from the header is stored when it is new or changed.
/// </summary>
public static class CaptureEpcis
{
    public enum Syntax { Detect, Json, Xml }

    /// <summary><see cref="MaxEvents"/>: refuse a document with more events than this (the HTTP capture's limit); null takes any number.</summary>
    public sealed record Request(string Document, Syntax Syntax = Syntax.Detect, bool Lenient = false, int? MaxEvents = null);

    /// <summary>How many of a refused document's problems are listed: enough to fix a document, not a copy of a huge one.</summary>
    public const int MaxProblemsListed = 100;

    /// <summary>
    /// How many events the document held and what became of them; <see cref="Keys"/> are the keys of the captured ones.
    /// <see cref="Conflicts"/> are the keys (hash IDs) of captured events whose eventID was already used by an event with
    /// other content: stored and counted in <see cref="Captured"/>, reported so that the sender's data can be checked.
    /// </summary>
    public sealed record Response(int Events, int Captured, int Duplicates, int DeclaredErroneous, int MasterData, IReadOnlyList<string> Keys, IReadOnlyList<string> Conflicts);

    public static EpcisReadResult Read(Request request) => Read(request, IsXml(request));

    public static bool IsXml(Request request) =>
        request.Syntax == Syntax.Xml || (request.Syntax == Syntax.Detect && request.Document.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith('<'));

    private static EpcisReadResult Read(Request request, bool xml)
    {
        var options = request.Lenient ? EpcisReadOptions.LenientDefault : EpcisReadOptions.Default;
        return xml ? EpcisXmlReader.Read(request.Document, options) : EpcisJsonReader.Read(request.Document, options);
    }

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        var xml = IsXml(request);
        var read = Read(request, xml);
        if (Refusal(read, request.MaxEvents) is { } refused)
        {
            return refused;
        }

        return (await StoreAsync(shop, actor, read.Document!, xml, null, cancellationToken))!;
    }

    /// <summary>Why a read document is not captured: its problems (the first <see cref="MaxProblemsListed"/>), or too many events.</summary>
    public static Error? Refusal(EpcisReadResult read, int? maxEvents)
    {
        if (read.Document is not { } document)
        {
            var problems = read.Errors.Take(MaxProblemsListed).Select(e => new DocumentProblem(e.Location, Clip(e.Message))).ToList();
            return new InvalidEpcisDocument(problems, read.Errors.Count);
        }

        return TooMany(document.Events.Count, maxEvents);
    }

    public static Error? TooMany(int events, int? maxEvents) =>
        maxEvents is { } most && events > most
            ? new TooLarge("capture-limit-exceeded", $"the document holds {events:N0} events; one capture takes at most {most:N0}: send them in several documents", "document")
            : null;

    /// <summary>
    /// What a capture job adds to the write transaction of its events: <see cref="Begin"/> says whether to capture at all (not
    /// when the job already has its result), <see cref="Finish"/> writes the job's result before the commit.
    /// </summary>
    public sealed record JobSteps(Func<WriteTransaction, CancellationToken, Task<bool>> Begin, Func<WriteTransaction, Response, CancellationToken, Task> Finish);

    /// <summary>Stores a read document's events in one write transaction; null only when <paramref name="job"/> declined to begin.</summary>
    public static async Task<Response?> StoreAsync(Shop shop, string actor, EpcisDocument document, bool xml, JobSteps? job, CancellationToken cancellationToken)
    {
        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        if (job is not null && !await job.Begin(write, cancellationToken))
        {
            return null;
        }

        var now = write.Now;
        var masterData = await ChangedMasterDataAsync(write, document, cancellationToken);
        if (masterData.Count > 0)
        {
            await write.AppendAsync(new NewEvent(new EpcisMasterDataCaptured(masterData), now), cancellationToken);
        }

        // What is stored already, looked up for the whole document at once; what this document captures is added as it
        // goes, so an event repeated within the document counts as a duplicate just as one captured earlier does.
        var hashes = document.Events.Select(e => EventHash.Compute(e).HashId).ToList();
        var lookupKeys = document.Events.Select((e, i) => (e.EventId, Hash: hashes[i])).Where(p => p.EventId is not null).SelectMany(p => new[] { p.EventId!, p.Hash }).ToList();
        var (byKey, byHash) = await EpcisQueries.FindCapturedAsync(write.Connection, write.Transaction, lookupKeys, hashes, cancellationToken);
        int captured = 0, duplicates = 0, declared = 0;
        var keys = new List<string>();
        var conflicts = new List<string>();
        var pending = new List<NewEvent>();
        for (var i = 0; i < document.Events.Count; i++)
        {
            var e = document.Events[i];
            var hash = hashes[i];
            IReadOnlyList<EpcisCapturedRef> stored = e.EventId is { } id
                ? new[] { byKey.GetValueOrDefault(id), byKey.GetValueOrDefault(hash) }.OfType<EpcisCapturedRef>().Distinct().ToList()
                : byHash.GetValueOrDefault(hash) is { } sameContent ? [sameContent] : [];
            var (repeats, conflict) = Match(e, hash, stored);
            if (repeats is not null)
            {
                if (e.ErrorDeclaration is { } declaration && repeats.Erroneous == 0)
                {
                    pending.Add(new NewEvent(new EpcisEventDeclaredErroneous(repeats.EventKey, ErrorOf(declaration)), declaration.DeclarationTime));
                    Remember(byKey, byHash, repeats.EventKey, null, repeats with { Erroneous = 1 });
                    declared++;
                }
                else
                {
                    duplicates++;
                }

                continue;
            }

            var ledgerEvent = ToLedger(e with { RecordTime = now }, hash, document.Namespaces, xml ? EpcisSyntax.Xml : EpcisSyntax.Json, conflict);
            pending.Add(new NewEvent(ledgerEvent, e.EventTime));
            Remember(byKey, byHash, ledgerEvent.Key, hash, new EpcisCapturedRef(ledgerEvent.Key, e.EventId, hash, ledgerEvent.Error is null ? 0 : 1));
            keys.Add(ledgerEvent.Key);
            if (conflict)
            {
                conflicts.Add(ledgerEvent.Key);
            }

            captured++;
            if (pending.Count == AppendBatch)
            {
                await write.AppendAsync(pending, cancellationToken);
                pending.Clear();
            }
        }

        await write.AppendAsync(pending, cancellationToken);
        var response = new Response(document.Events.Count, captured, duplicates, declared, masterData.Count, keys, conflicts);
        if (job is not null)
        {
            await job.Finish(write, response, cancellationToken);
        }

        await write.CommitAsync(cancellationToken);
        return response;
    }

    /// <summary>
    /// Which stored event a read one repeats, if any, and whether storing it would reuse a taken eventID. An error declaration
    /// names the event by eventID, preferring the one of the same content when the eventID was reused. Otherwise an event
    /// repeats the one under its eventID only when the content (hash ID) is the same; with other content the eventID was
    /// reused, and the event repeats only a copy already stored under its hash ID.
    /// </summary>
    private static (EpcisCapturedRef? Repeats, bool Conflict) Match(EpcisEvent e, string hash, IReadOnlyList<EpcisCapturedRef> stored)
    {
        if (e.EventId is null)
        {
            return (stored.FirstOrDefault(), false);
        }

        var byId = stored.FirstOrDefault(s => s.EventKey == e.EventId);
        var byHash = stored.FirstOrDefault(s => s.EventKey == hash && s.EventKey != e.EventId);
        if (e.ErrorDeclaration is not null)
        {
            return (byHash is not null && byHash.EventId == e.EventId ? byHash : byId, false);
        }

        if (byId is null || byId.HashId == hash)
        {
            return (byId, false);
        }

        return (byHash, byHash is null);
    }

    /// <summary>Records appended per call: enough that PostgreSQL gets full batches, few enough to keep memory flat.</summary>
    private const int AppendBatch = 1_000;

    /// <summary>Keeps the in-memory view of stored events in step with what this document appends.</summary>
    private static void Remember(Dictionary<string, EpcisCapturedRef> byKey, Dictionary<string, EpcisCapturedRef> byHash, string key, string? hash, EpcisCapturedRef captured)
    {
        byKey[key] = captured;
        if (hash is not null)
        {
            byHash.TryAdd(hash, captured);
        }
        else
        {
            foreach (var (h, known) in byHash.Where(kv => kv.Value.EventKey == key).ToList())
            {
                byHash[h] = captured;
            }
        }
    }

    /// <summary>A message quoting a huge value (a 1 MB "EPC") is cut: the location already says where it is.</summary>
    private static string Clip(string message) => message.Length <= 500 ? message : string.Concat(message.AsSpan(0, 500), "…");

    /// <summary>The canonical form of an identifier: the GS1 Digital Link URI of a GS1 key, otherwise the URI as written.</summary>
    public static string Canonical(string id) => EpcisIdentifier.ToCanonicalDigitalLink(id) ?? id;

    /// <summary>The ledger record of an event that is not stored yet; its JSON is the standard form of that one event.</summary>
    /// <remarks><paramref name="reusedEventId"/>: the eventID is taken by another event, so the key is the hash ID.</remarks>
    public static EpcisEventCaptured ToLedger(EpcisEvent e, string hashId, IReadOnlyDictionary<string, string> namespaces, EpcisSyntax syntax, bool reusedEventId = false)
    {
        var objects = new List<EpcisObject>();
        void Add(EpcisObjectRole role, IEnumerable<string> ids) => objects.AddRange(ids.Select(id => new EpcisObject(role, Canonical(id), null, null)));
        void AddQuantities(EpcisObjectRole role, IEnumerable<EpcisQuantity> quantities) =>
            objects.AddRange(quantities.Select(q => new EpcisObject(role, Canonical(q.EpcClass), q.Quantity, q.Uom)));
        if (e.ParentId is { } parent)
        {
            Add(EpcisObjectRole.Parent, [parent]);
        }

        Add(EpcisObjectRole.Epc, e.EpcList);
        Add(EpcisObjectRole.Child, e.ChildEpcs);
        Add(EpcisObjectRole.Input, e.InputEpcList);
        Add(EpcisObjectRole.Output, e.OutputEpcList);
        AddQuantities(EpcisObjectRole.Quantity, e.QuantityList);
        AddQuantities(EpcisObjectRole.ChildQuantity, e.ChildQuantityList);
        AddQuantities(EpcisObjectRole.InputQuantity, e.InputQuantityList);
        AddQuantities(EpcisObjectRole.OutputQuantity, e.OutputQuantityList);
        var single = new EpcisDocument
        {
            Kind = EpcisDocumentKind.Document,
            CreationDate = e.RecordTime,
            Events = [e],
            Namespaces = namespaces,
        };
        return new EpcisEventCaptured(
            reusedEventId ? hashId : e.EventId ?? hashId,
            e.EventId,
            hashId,
            Enum.Parse<EpcisEventKind>(e.Type.ToString()),
            e.Action is { } action ? Enum.Parse<EpcisEventAction>(action.ToString()) : null,
            e.BizStep,
            e.Disposition,
            e.ReadPoint is { } readPoint ? Canonical(readPoint.Id) : null,
            e.BizLocation is { } bizLocation ? Canonical(bizLocation.Id) : null,
            e.EventTime,
            e.RecordTime ?? throw new ArgumentException("a captured event has its record time set", nameof(e)),
            e.TransformationId,
            objects,
            e.BizTransactionList.Select(t => new EpcisTransactionRef(t.Type, t.Value)).ToList(),
            e.SourceList.Select(s => new EpcisPartyRef(s.Type, Canonical(s.Value))).ToList(),
            e.DestinationList.Select(s => new EpcisPartyRef(s.Type, Canonical(s.Value))).ToList(),
            e.ErrorDeclaration is { } declaration ? ErrorOf(declaration) : null,
            syntax,
            syntax == EpcisSyntax.Xml ? EpcisXmlWriter.Write(single) : EpcisJsonWriter.Write(single))
        {
            Fields = EpcisEventFields.Of(e),
        };
    }

    private static EpcisErrorInfo ErrorOf(EpcisErrorDeclaration declaration) =>
        new(declaration.DeclarationTime, declaration.Reason, declaration.CorrectiveEventIds);

    /// <summary>Header master data that the store does not hold yet in this form (so capturing a document again stores nothing).</summary>
    private static async Task<IReadOnlyList<EpcisMasterDataEntry>> ChangedMasterDataAsync(WriteTransaction write, EpcisDocument document, CancellationToken cancellationToken)
    {
        var entries = document.Header.MasterData
            .SelectMany(v => v.Elements.Select(element => new EpcisMasterDataEntry(
                Canonical(element.Id),
                v.Type,
                element.Name,
                JsonSerializer.Serialize(new
                {
                    attributes = element.Attributes.Select(a => new { id = a.Id, value = a.Value, content = a.Content.Select(c => c.RawText ?? c.Value).ToList() }),
                    children = element.Children,
                }))))
            .GroupBy(e => e.Id, StringComparer.Ordinal)
            .Select(g => g.Last())
            .ToList();
        if (entries.Count == 0)
        {
            return entries;
        }

        var stored = await EpcisQueries.MasterDataAsync(write.Connection, write.Transaction, entries.Select(e => e.Id).ToList(), cancellationToken);
        return entries.Where(e => !stored.TryGetValue(e.Id, out var s) || s.Kind != e.Kind || s.Name != e.Name || s.Attributes != e.Attributes).ToList();
    }

    public static Command Verb(CliHost host)
    {
        var file = new Argument<string>("file") { Description = "An EPCIS 2.0 document (JSON-LD or XML; EPCIS 1.2 XML is read too)" };
        var lenient = new Option<bool>("--lenient") { Description = "Accept data from systems known to bend the standard (GDST exports: unprefixed fields, timestamps without offset)" };
        var command = new Command("import", "Capture an EPCIS document: every event into the ledger, once") { file, lenient };
        command.SetAction(host.Run(
            async (p, shop, ct) =>
            {
                var path = p.GetValue(file)!;
                if (!File.Exists(path))
                {
                    return new NotFound("file", path, "file");
                }

                return await HandleAsync(shop, host.ActorOf(p), new Request(await File.ReadAllTextAsync(path, ct), Syntax.Detect, p.GetValue(lenient)), ct);
            },
            (o, r) =>
            {
                o.WriteLine($"{r.Events} events: {r.Captured} captured, {r.Duplicates} already captured, {r.DeclaredErroneous} declared erroneous; {r.MasterData} master data entries");
                if (r.Conflicts.Count > 0)
                {
                    o.WriteLine($"{r.Conflicts.Count} captured events reuse an eventID that another event already has; stored under their hash IDs:");
                    foreach (var key in r.Conflicts)
                    {
                        o.WriteLine("  " + key);
                    }
                }
            }));
        return command;
    }
}
