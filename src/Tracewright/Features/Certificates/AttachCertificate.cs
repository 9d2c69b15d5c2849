using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data;
using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;

namespace Tracewright.Features.Certificates;

/// <summary>
/// Attach a certificate to a lot: a new file, or one already filed (one certificate may cover several lots).
/// It must cover the lot's heat number. Pieces cut from the lot get it too, and a lot held in quarantine for
/// want of it becomes available. A lot in any status takes it — consumed, blocked, rejected or scrapped: a
/// certificate is evidence about the material, recorded as a new record and changing nothing already recorded,
/// so a RoHS declaration that arrives after the material was used still answers for everything made from it.
/// </summary>
public static class AttachCertificate
{
    public sealed record Request(string? Lot, string? Certificate = null, CertificateInput? File = null);

    public sealed record Response(string Certificate, IReadOnlyList<string> AttachedTo, IReadOnlyList<string> Released, long Sequence);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        var lotId = LotId.Parse(request.Lot);
        if (!lotId.IsSuccess)
        {
            return lotId.Error!;
        }

        if ((request.Certificate is null) == (request.File is null))
        {
            return new InvalidInput("certificate", "give either a certificate file or the number of a filed certificate (CERT-…), not both");
        }

        Result<CertificateId>? existingId = request.Certificate is null ? default(Result<CertificateId>?) : CertificateId.Parse(request.Certificate);
        var file = request.File?.Validate("file");
        var firstError = existingId?.Error ?? file?.Error;
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

        var events = new List<NewEvent>();
        var now = write.Now;
        Certificate certificate;
        if (existingId is not null)
        {
            var found = await MaterialsQueries.FindCertificateAsync(write.Connection, write.Transaction, existingId.Value.Value, cancellationToken);
            if (found is null)
            {
                return new NotFound("certificate", existingId.Value.Value.Value, "certificate");
            }

            certificate = found;
        }
        else
        {
            var filed = await file!.Value.Value.FileAsync(write, cancellationToken);
            events.Add(new NewEvent(filed, now));
            certificate = file.Value.Value.ToCertificate(filed);
        }

        var covers = CertificateCheck.MustCover(certificate, lot);
        if (!covers.IsSuccess)
        {
            return covers.Error!;
        }

        var item = (await MaterialsQueries.FindItemAsync(write.Connection, write.Transaction, lot.Item, cancellationToken))!;
        var targets = new List<Lot> { lot };
        targets.AddRange(await MaterialsQueries.DescendantsAsync(write.Connection, write.Transaction, lot.Id, cancellationToken));
        var attached = new List<string>();
        var released = new List<string>();
        foreach (var target in targets)
        {
            var present = await MaterialsQueries.CertificatesOfLotAsync(write.Connection, write.Transaction, target.Id, cancellationToken);
            if (present.Any(c => c.Id == certificate.Id))
            {
                continue;
            }

            events.Add(new NewEvent(new CertificateAttached(target.Id, certificate.Id), now));
            attached.Add(target.Id.Value);
            var missing = CertificateRequirement.Of(item, target).Missing(present.Select(c => c.Type).Append(certificate.Type));
            if (target.Status == LotStatus.Quarantine && missing.Count == 0)
            {
                events.Add(new NewEvent(new LotStatusChanged(target.Id, LotStatus.Quarantine, LotStatus.Available), now, $"certificate {certificate.Id} ({certificate.Type}) attached"));
                released.Add(target.Id.Value);
            }
        }

        if (attached.Count == 0)
        {
            return new StateConflict("already-attached", $"certificate {certificate.Id} is already attached to lot {lot.Id}", "certificate");
        }

        var entries = await write.AppendAsync(events, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new Response(certificate.Id.Value, attached, released, entries[^1].Sequence);
    }

    public static Command Verb(CliHost host)
    {
        var lot = new Argument<string>("lot") { Description = "The lot to attach the certificate to" };
        var existing = new Option<string?>("--certificate") { Description = "A certificate already filed (CERT-…), instead of a file" };
        var file = new CertificateOptions("file", fileRequired: false);
        var type = file.Type;
        var attach = new Command("attach", "Attach a certificate to a lot (and its pieces)") { lot, existing };
        foreach (var option in file.All)
        {
            attach.Add(option);
        }

        // "--type" and "--heat" read better than "--file-type" on this verb.
        type.Aliases.Add("--type");
        file.Heat.Aliases.Add("--heat");
        attach.SetAction(host.Run(
            async (p, shop, ct) =>
            {
                var input = file.Read(p, "file");
                if (!input.IsSuccess)
                {
                    return input.Error!;
                }

                return await HandleAsync(shop, host.ActorOf(p), new Request(p.GetValue(lot), p.GetValue(existing), input.Value), ct);
            },
            (o, r) =>
            {
                o.WriteLine($"certificate {r.Certificate} attached to {string.Join(", ", r.AttachedTo)}");
                foreach (var id in r.Released)
                {
                    o.WriteLine($"  {id} is now available");
                }
            }));

        var id = new Argument<string>("certificate") { Description = "Certificate number (CERT-…)" };
        var output = new Option<string>("--out") { Description = "Where to write the file", Required = true };
        var get = new Command("get", "Write a certificate's stored file to disk") { id, output };
        get.SetAction(host.Run(
            async (p, shop, ct) =>
            {
                var certificateId = CertificateId.Parse(p.GetValue(id));
                if (!certificateId.IsSuccess)
                {
                    return certificateId.Error!;
                }

                await using var connection = await shop.Database.OpenConnectionAsync(ct);
                var certificate = await MaterialsQueries.FindCertificateAsync(connection, null, certificateId.Value, ct);
                var stored = certificate is null ? null : await Documents.GetAsync(connection, certificate.File, ct);
                if (certificate is null || stored is null)
                {
                    return (Result<string>)new NotFound("certificate", certificateId.Value.Value, "certificate");
                }

                var path = p.GetValue(output)!;
                await File.WriteAllBytesAsync(path, stored.Content, ct);
                return path;
            },
            (o, path) => o.WriteLine($"written to {path}")));

        return new Command("certificate", "Certificates (MTR, CofC, RoHS, REACH, SDS, test reports)") { attach, get };
    }
}
