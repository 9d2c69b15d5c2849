using System.CommandLine;
using Tracewright.Cli;
using Tracewright.Data.Materials;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;

namespace Tracewright.Features.Items;

/// <summary>Register a part number: its unit, material, tracking mode, required certificates, lot numbering and GS1 GTIN.</summary>
public static class RegisterItem
{
    public sealed record Request(
        string? Code,
        string? Description,
        string? Uom,
        string? Material,
        string? Tracking = null,
        IReadOnlyList<string>? RequiredCertificates = null,
        string? LotPrefix = null,
        string? LotPattern = null,
        string? SerialPattern = null,
        string? Gtin = null);

    public sealed record Response(string Code, string Description, string Uom, MaterialKind Material, TrackingMode Tracking, IReadOnlyList<CertificateType> RequiredCertificates, string LotPrefix, string LotPattern, long Sequence, string? Gtin = null);

    public static async Task<Result<Response>> HandleAsync(Shop shop, string actor, Request request, CancellationToken cancellationToken)
    {
        var valid = Validate(request);
        if (!valid.TryGet(out var registered, out var error))
        {
            return error;
        }

        await using var write = await shop.Database.BeginWriteAsync(actor, shop.Clock, cancellationToken);
        if (await MaterialsQueries.FindItemAsync(write.Connection, write.Transaction, registered.Code, cancellationToken) is not null)
        {
            return new AlreadyExists("item", registered.Code.Value, "code");
        }

        if (registered.Gtin is { } gtin && await AssignGtin.HolderOtherThanAsync(write, gtin, registered.Code, cancellationToken) is { } taken)
        {
            return taken;
        }

        var entries = await write.AppendAsync(new NewEvent(registered, write.Now), cancellationToken);
        await write.CommitAsync(cancellationToken);
        return new Response(registered.Code.Value, registered.Description, registered.Uom.Value, registered.Material, registered.Tracking, registered.RequiredCertificates, registered.LotPrefix, registered.LotPattern, entries[0].Sequence, registered.Gtin?.Value);
    }

    private static Result<ItemRegistered> Validate(Request r)
    {
        var code = ItemCode.Parse(r.Code);
        var description = Text.Required(r.Description, "description");
        var uom = UnitOfMeasure.ParseKnown(r.Uom);
        var material = Text.Choice<MaterialKind>(r.Material, "material");
        var tracking = r.Tracking is null ? TrackingMode.Lot : Text.Choice<TrackingMode>(r.Tracking, "tracking");
        var pattern = NumberPattern.Parse(r.LotPattern ?? NumberPattern.Default);
        var serialPattern = NumberPattern.Parse(r.SerialPattern ?? NumberPattern.DefaultSerial, "serial-pattern");
        // No GTIN is an item without one; anything typed must be a GTIN.
        Result<Gtin?> gtin = string.IsNullOrWhiteSpace(r.Gtin) ? (Gtin?)null : Gtin.Parse(r.Gtin).Map(g => (Gtin?)g);
        var firstError = new[] { code.Error, description.Error, uom.Error, material.Error, tracking.Error, pattern.Error, serialPattern.Error, gtin.Error }.FirstOrDefault(e => e is not null);
        if (firstError is not null)
        {
            return firstError;
        }

        var prefix = Item.ParsePrefix(r.LotPrefix ?? new string(code.Value.Value.Where(char.IsAsciiLetterOrDigit).Take(3).ToArray()));
        if (!prefix.IsSuccess)
        {
            return prefix.Error!;
        }

        IReadOnlyList<CertificateType> required;
        if (r.RequiredCertificates is null)
        {
            required = Item.DefaultCertificates(material.Value);
        }
        else
        {
            var list = CertificateRequirement.ParseList(r.RequiredCertificates, "requires");
            if (!list.TryGet(out var value, out var error))
            {
                return error;
            }

            required = value;
        }

        return new ItemRegistered(code.Value, description.Value, uom.Value, material.Value, tracking.Value, required, prefix.Value, pattern.Value.Text, serialPattern.Value.Text, gtin.Value);
    }

    public static Command Verb(CliHost host)
    {
        var code = new Option<string>("--code") { Description = "Part number, e.g. ALU-6061-PLATE", Required = true };
        var description = new Option<string>("--description") { Description = "What it is", Required = true };
        var uom = new Option<string>("--uom") { Description = "Unit every quantity of it is in: a word (kg, g, sheet, ea, m, spool…) or a UN/CEFACT Rec. 20 code (KGM, ST…)", Required = true };
        var material = new Option<string>("--material") { Description = "metal, plastic, wood, composite, filament or other", Required = true };
        var tracking = new Option<string?>("--tracking") { Description = "lot (default), serial or lot-and-serial" };
        var requires = new Option<string?>("--requires") { Description = "Certificates a delivery must come with, comma-separated (MTR, CofC, RoHS, REACH, SDS, TestReport), or 'none'; default by material" };
        var prefix = new Option<string?>("--lot-prefix") { Description = "Lot-number prefix, e.g. PLY (default: first letters of the code)" };
        var pattern = new Option<string?>("--lot-pattern") { Description = $"Lot-number pattern (default {NumberPattern.Default})" };
        var serialPattern = new Option<string?>("--serial-pattern") { Description = $"Serial-number pattern for serialized units (default {NumberPattern.DefaultSerial}; add {{C}} for a check character)" };
        var gtin = new Option<string?>("--gtin") { Description = "Its GS1 GTIN (8, 12, 13 or 14 digits with the check digit), when it has one" };
        var command = new Command("add", "Register an item (part number)") { code, description, uom, material, tracking, requires, prefix, pattern, serialPattern, gtin };
        command.SetAction(host.Run(
            (p, shop, ct) => HandleAsync(shop, host.ActorOf(p), new Request(
                p.GetValue(code), p.GetValue(description), p.GetValue(uom), p.GetValue(material), p.GetValue(tracking),
                p.GetValue(requires) is { } list ? Text.List(list) : null, p.GetValue(prefix), p.GetValue(pattern), p.GetValue(serialPattern), p.GetValue(gtin)), ct),
            (o, r) => o.WriteLine($"item {r.Code} registered: {r.Description}, {r.Uom}, {r.Material}, tracked by {r.Tracking}, requires {(r.RequiredCertificates.Count == 0 ? "no certificate" : string.Join(", ", r.RequiredCertificates))}, lots {r.LotPattern.Replace("{PREFIX}", r.LotPrefix, StringComparison.Ordinal)}{(r.Gtin is null ? "" : $", GTIN {r.Gtin}")}")));
        return new Command("item", "Items (part numbers)") { command, AssignGtin.Verb(host) };
    }
}
