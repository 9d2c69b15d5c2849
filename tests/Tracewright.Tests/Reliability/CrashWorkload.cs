using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Tracewright.Tests.Reliability;

/// <summary>
/// A client that keeps a server busy with EPCIS captures and native writes (receive, split, make, ship) and logs the
/// fate of every write it sends: acknowledged (a 2xx was read), refused (a 4xx: nothing may be written), in doubt
/// (sent, but the server died before answering: all of it or nothing may be written), or never sent (connection
/// refused). Each write carries a marker of its own (event IDs, a heat number, notes, a shipment reference) so the
/// ledger can be searched for it afterwards.
/// </summary>
public sealed class CrashWorkload(int seed)
{
    public enum Op { Capture, Receive, Split, Make, Ship }

    /// <summary>
    /// One write: <see cref="Keys"/> are what the ledger is searched for (every event ID of a captured document). A document
    /// sent <see cref="AsJob"/> is acknowledged by a 202 and its capture job: its events are stored once the job finishes.
    /// </summary>
    public sealed record Write(Op Op, IReadOnlyList<string> Keys, bool WithCertificate = false, string? Document = null, bool AsJob = false);

    public const string Order = "SO-0001";

    private readonly ConcurrentQueue<string> _toSplit = new();
    private readonly ConcurrentQueue<string> _toConsume = new();
    private readonly ConcurrentQueue<string> _toShip = new();
    private long _sequence;
    private int _notSent;

    public ConcurrentBag<Write> Acknowledged { get; } = [];

    public ConcurrentBag<Write> Refused { get; } = [];

    public ConcurrentBag<Write> InDoubt { get; } = [];

    /// <summary>Documents acknowledged as capture jobs (202) whose job was not yet seen finished, by captureID.</summary>
    public ConcurrentDictionary<string, Write> Jobs { get; } = new();

    /// <summary>Capture jobs acknowledged before a kill and seen finished after it: accepted jobs the kill did not lose.</summary>
    public int JobsFinishedAfterRestart { get; private set; }

    public int JobsAcknowledged { get; private set; }

    /// <summary>In-doubt native writes after their crash, with how many times each was found stored (0 or 1).</summary>
    public ConcurrentBag<(Write Write, int Stored)> Settled { get; } = [];

    /// <summary>Writes left in doubt by a crash that were found stored whole, or not at all.</summary>
    public int InDoubtFoundStored { get; private set; }

    public int InDoubtFoundAbsent { get; private set; }

    /// <summary>In-doubt documents sent again after the restart (then acknowledged).</summary>
    public int Resent { get; private set; }

    public int NotSent => _notSent;

    /// <summary>5xx answers: always a bug, never an effect of the crash.</summary>
    public ConcurrentBag<string> ServerErrors { get; } = [];

    public int AcknowledgedEvents => Acknowledged.Where(w => w.Op == Op.Capture).Sum(w => w.Keys.Count);

    /// <summary>One worker: sends writes one after another until <paramref name="stop"/>; each worker has its own seeded choices.</summary>
    public async Task RunAsync(HttpClient client, Uri server, int cycle, int worker, CancellationToken stop)
    {
        // Not HashCode.Combine: it is salted per process, and a seed must give the same choices on every run.
        var random = new Random(unchecked((seed * 1_000_003) + (cycle * 1_009) + worker));
        while (!stop.IsCancellationRequested)
        {
            var roll = random.Next(100);
            var (write, request) = roll switch
            {
                < 40 => Capture(server, random),
                < 45 when _toShip.TryDequeue(out var lot) => Ship(server, lot),
                < 60 when _toConsume.TryDequeue(out var lot) => Make(server, lot),
                < 75 when _toSplit.TryDequeue(out var lot) => Split(server, lot),
                _ => Receive(server, random),
            };
            if (!await SendAsync(client, write, request))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Settles what the last crash left in doubt. Documents are sent again, as a client retrying after a lost answer
    /// does: each must come back 2xx and report all its events either as captured (the first attempt was lost whole)
    /// or as duplicates (it was stored whole). Native writes are not resent (a second receipt is a second delivery):
    /// whether each was stored is noted, and must stay so after every later crash.
    /// </summary>
    public async Task<IReadOnlyList<string>> SettleInDoubtAsync(HttpClient client, Uri server, LedgerCensus census)
    {
        var problems = new List<string>();
        while (InDoubt.TryTake(out var write))
        {
            var stored = write.Keys.All(k => census.Count(write.Op, k) == 1);
            if (stored)
            {
                InDoubtFoundStored++;
            }
            else
            {
                InDoubtFoundAbsent++;
            }

            if (write.Op != Op.Capture)
            {
                Settled.Add((write, stored ? 1 : 0));
                continue;
            }

            using var response = await client.PostAsync(new Uri(server, "epcis/capture?wait=true"), new StringContent(write.Document!, Encoding.UTF8, "application/ld+json"));
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                problems.Add($"a resent document answered {(int)response.StatusCode}: {body}");
                continue;
            }

            using var counts = JsonDocument.Parse(body);
            var answered = (counts.RootElement.GetProperty("captured").GetInt32(), counts.RootElement.GetProperty("duplicates").GetInt32());
            var expected = stored ? (0, write.Keys.Count) : (write.Keys.Count, 0);
            if (answered != expected)
            {
                problems.Add($"a resent document of {write.Keys.Count} events (stored before: {stored}) answered captured {answered.Item1}, duplicates {answered.Item2}");
            }

            Resent++;
            Acknowledged.Add(write);
        }

        return problems;
    }

    /// <summary>
    /// Waits until the server runs no capture job (those a kill interrupted run again as it starts), then checks every
    /// acknowledged job: finished, successful, all its events captured; from then on they count as acknowledged writes.
    /// </summary>
    public async Task<IReadOnlyList<string>> FinishJobsAsync(HttpClient client, Uri server, bool afterRestart)
    {
        var problems = new List<string>();
        var jobs = new Dictionary<string, JsonElement>();
        for (var waited = 0; ; waited++)
        {
            jobs.Clear();
            for (var page = "epcis/capture?perPage=1000"; page is not null;)
            {
                using var response = await client.GetAsync(new Uri(server, page));
                var text = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode)
                {
                    return [$"the capture job list answered {(int)response.StatusCode}: {text}"];
                }

                using var list = JsonDocument.Parse(text);
                foreach (var job in list.RootElement.EnumerateArray())
                {
                    jobs[job.GetProperty("captureID").GetString()!] = job.Clone();
                }

                page = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1].TrimStart('/') : null;
            }

            if (!jobs.Values.Any(j => j.GetProperty("running").GetBoolean()))
            {
                break;
            }

            if (waited == 1200)
            {
                return [$"capture jobs still running after 120 s: {string.Join(", ", jobs.Where(j => j.Value.GetProperty("running").GetBoolean()).Select(j => j.Key))}"];
            }

            await Task.Delay(100);
        }

        foreach (var (id, write) in Jobs.ToList())
        {
            if (!jobs.TryGetValue(id, out var job))
            {
                problems.Add($"acknowledged capture job {id} is not listed");
            }
            else if (!job.GetProperty("success").GetBoolean() || job.GetProperty("counts").GetProperty("captured").GetInt32() != write.Keys.Count)
            {
                problems.Add($"acknowledged capture job {id} of {write.Keys.Count} new events finished as {job}");
            }

            Jobs.TryRemove(id, out _);
            Acknowledged.Add(write);
            if (afterRestart)
            {
                JobsFinishedAfterRestart++;
            }
        }

        return problems;
    }

    /// <summary>Everything that must hold after a crash, as a list of what does not.</summary>
    public IReadOnlyList<string> Check(LedgerCensus census)
    {
        var problems = new List<string>();
        foreach (var write in Acknowledged)
        {
            foreach (var key in write.Keys)
            {
                var count = census.Count(write.Op, key);
                if (count != 1)
                {
                    problems.Add($"acknowledged {write.Op} {key} is stored {count} times");
                }
            }
        }

        // A job the kill interrupted has stored all of its events or none; it finishes when the server is back.
        foreach (var write in InDoubt.Concat(Jobs.Values))
        {
            var counts = write.Keys.Select(k => census.Count(write.Op, k)).Distinct().ToList();
            if (counts.Count != 1 || counts[0] > 1)
            {
                problems.Add($"in-doubt {write.Op} of {write.Keys.Count} keys is partly stored or repeated: counts {string.Join(",", write.Keys.Select(k => census.Count(write.Op, k)))}");
            }
        }

        foreach (var (write, stored) in Settled)
        {
            problems.AddRange(write.Keys.Where(k => census.Count(write.Op, k) != stored).Select(k => $"in-doubt {write.Op} {k}, found stored {stored} times after its crash, is now stored {census.Count(write.Op, k)} times"));
        }

        foreach (var write in Refused)
        {
            problems.AddRange(write.Keys.Where(k => census.Count(write.Op, k) != 0).Select(k => $"refused {write.Op} {k} was stored"));
        }

        foreach (var write in Acknowledged.Concat(InDoubt).Concat(Settled.Select(s => s.Write)).Where(w => w.WithCertificate))
        {
            var heat = write.Keys[0];
            if (census.CertificatesFor(heat) != census.Count(Op.Receive, heat))
            {
                problems.Add($"receipt {heat} and its certificate were not written together: {census.Count(Op.Receive, heat)} receipts, {census.CertificatesFor(heat)} certificates");
            }
        }

        return problems;
    }

    private string Next(string prefix) => $"{prefix}{seed % 1000:000}-{Interlocked.Increment(ref _sequence)}";

    private (Write, HttpRequestMessage) Capture(Uri server, Random random)
    {
        var ids = CaptureDocument.NewIds(random, random.Next(1, 11));
        var document = CaptureDocument.Of(ids, _ => Interlocked.Increment(ref _sequence).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var asJob = random.Next(2) == 0;
        return (new Write(Op.Capture, ids, Document: document, AsJob: asJob), Post(server, asJob ? "epcis/capture" : "epcis/capture?wait=true", new StringContent(document, Encoding.UTF8, "application/ld+json")));
    }

    private (Write, HttpRequestMessage) Receive(Uri server, Random random)
    {
        var heat = Next("H-");
        var withCertificate = random.Next(2) == 0;
        var form = new MultipartFormDataContent
        {
            { new StringContent(withCertificate ? "ALU-6061-PLATE" : "PLY-6MM"), "item" },
            { new StringContent(withCertificate ? "Acme Metals" : "Timber & Co"), "supplier" },
            { new StringContent(heat), "heat" },
            { new StringContent("4"), "qty" },
            { new StringContent(withCertificate ? "ea" : "sheet"), "uom" },
        };
        if (withCertificate)
        {
            var file = new ByteArrayContent(Encoding.ASCII.GetBytes($"%PDF-1.4\n% MTR {heat}\n%%EOF\n"));
            file.Headers.ContentType = new("application/pdf");
            form.Add(file, "certificate", $"mtr-{heat}.pdf");
            form.Add(new StringContent("MTR"), "certificate-type");
            form.Add(new StringContent(heat), "certificate-heat");
        }

        return (new Write(Op.Receive, [heat], withCertificate), Post(server, "api/lots/receive", form));
    }

    private (Write, HttpRequestMessage) Split(Uri server, string lot) =>
        (new Write(Op.Split, [lot]), Post(server, $"api/lots/{Uri.EscapeDataString(lot)}/split", JsonContent.Create(new { into = "1,1" })));

    private (Write, HttpRequestMessage) Make(Uri server, string lot)
    {
        var notes = Next("run-");
        return (new Write(Op.Make, [notes]), Post(server, "api/manufacture", JsonContent.Create(new { item = "ENCL-10", use = new[] { $"{lot}:1" }, batchQuantity = "1", notes })));
    }

    private (Write, HttpRequestMessage) Ship(Uri server, string lot)
    {
        var reference = Next("ship-");
        return (new Write(Op.Ship, [reference]), Post(server, "api/shipments", JsonContent.Create(new { order = Order, lots = new[] { lot }, reference })));
    }

    private static HttpRequestMessage Post(Uri server, string path, HttpContent content) =>
        new(HttpMethod.Post, new Uri(server, path)) { Content = content };

    /// <summary>False when the server is gone (the connection was refused): the worker stops until the restart.</summary>
    private async Task<bool> SendAsync(HttpClient client, Write write, HttpRequestMessage request)
    {
        HttpStatusCode status;
        string body;
        try
        {
            using (request)
            {
                // The content is read whole: a 2xx whose body was cut off by the kill counts as in doubt, not acknowledged.
                using var response = await client.SendAsync(request);
                status = response.StatusCode;
                body = await response.Content.ReadAsStringAsync();
            }
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            Interlocked.Increment(ref _notSent);
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            InDoubt.Add(write);
            return true;
        }

        if ((int)status >= 500)
        {
            ServerErrors.Add($"{request.RequestUri!.AbsolutePath} answered {(int)status}: {body}");
            return true;
        }

        if ((int)status >= 400)
        {
            Refused.Add(write);
            return true;
        }

        using var answer = JsonDocument.Parse(body);
        var root = answer.RootElement;
        if (write.AsJob)
        {
            if (status != HttpStatusCode.Accepted || !root.TryGetProperty("captureID", out var job))
            {
                ServerErrors.Add($"a document sent as a capture job answered {(int)status}: {body}");
                return true;
            }

            Jobs[job.GetString()!] = write;
            JobsAcknowledged++;
            return true;
        }

        Acknowledged.Add(write);
        switch (write.Op)
        {
            case Op.Capture when root.GetProperty("captured").GetInt32() != write.Keys.Count:
                ServerErrors.Add($"a new document of {write.Keys.Count} events answered {body}");
                break;
            case Op.Receive when root.GetProperty("status").GetString() == "Available":
                _toSplit.Enqueue(root.GetProperty("lot").GetString()!);
                break;
            case Op.Split:
                foreach (var piece in root.GetProperty("pieces").EnumerateArray())
                {
                    _toConsume.Enqueue(piece.GetProperty("piece").GetString()!);
                }

                _toConsume.Enqueue(write.Keys[0]);
                break;
            case Op.Make when root.TryGetProperty("outputLot", out var output) && output.GetString() is { } outputLot:
                _toShip.Enqueue(outputLot);
                break;
        }

        return true;
    }
}
