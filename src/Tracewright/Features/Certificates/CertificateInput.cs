using System.CommandLine;
using System.Globalization;
using Tracewright.Data;
using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;

namespace Tracewright.Features.Certificates;

/// <summary>A certificate file as it arrives with a delivery or later, with what the clerk reads off it.</summary>
public sealed record CertificateInput(
    string? FileName,
    byte[]? Content,
    string? Type,
    IReadOnlyList<string>? Heats,
    string? Issuer = null,
    string? IssuedOn = null,
    IReadOnlyList<string>? Standards = null,
    IReadOnlyList<string>? RestrictedSubstances = null)
{
    /// <summary>Checks the file and fields; field names are prefixed (<c>certificate-heat</c>) as the CLI and forms name them.</summary>
    internal Result<ValidCertificate> Validate(string prefix, long maxBytes = DocumentFile.DefaultMaxBytes)
    {
        var file = DocumentFile.Create(FileName, Content ?? [], maxBytes, prefix);
        var type = Text.Choice<CertificateType>(Type, $"{prefix}-type");
        var issuer = Text.Optional(Issuer, $"{prefix}-issuer");
        var firstError = new[] { file.Error, type.Error, issuer.Error }.FirstOrDefault(e => e is not null);
        if (firstError is not null)
        {
            return firstError;
        }

        if (Heats is null || Heats.Count == 0)
        {
            return new InvalidInput($"{prefix}-heat", $"{prefix}-heat is required: type the heat/lot number(s) printed on the certificate");
        }

        var heats = new List<HeatNumber>();
        foreach (var text in Heats)
        {
            var heat = HeatNumber.Parse(text);
            if (!heat.IsSuccess)
            {
                return new InvalidInput($"{prefix}-heat", $"{prefix}-heat: {heat.Error!.Message}");
            }

            heats.Add(heat.Value);
        }

        DateOnly? issuedOn = null;
        if (!string.IsNullOrWhiteSpace(IssuedOn))
        {
            if (!DateOnly.TryParseExact(IssuedOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return new InvalidInput($"{prefix}-issued", $"{prefix}-issued '{IssuedOn}' is not a date (yyyy-MM-dd)");
            }

            issuedOn = date;
        }

        // "none" is how people write that a declaration lists no restricted substance; it is not a substance's name.
        var substances = RestrictedSubstances ?? [];
        if (substances.Any(IsNone))
        {
            if (substances.Count > 1)
            {
                return new InvalidInput($"{prefix}-substances", $"{prefix}-substances lists 'none' beside {string.Join(", ", substances.Where(s => !IsNone(s)))}: leave it empty (or 'none') when the certificate declares none, else list only the substances it declares present");
            }

            substances = [];
        }

        return new ValidCertificate(file.Value, type.Value, heats, issuer.Value, issuedOn, Standards ?? [], substances);
    }

    private static bool IsNone(string substance) => substance.Trim().Equals("none", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a certificate from a path given on the command line, refusing oversized files before reading them.</summary>
    public static Result<CertificateInput> FromFile(string path, string? type, IReadOnlyList<string> heats, string? issuer, string? issuedOn, IReadOnlyList<string> standards, IReadOnlyList<string> substances, string field = "certificate")
    {
        if (path.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return new InvalidInput(field, $"{field} file name holds a character no file name may have");
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return new InvalidInput(field, $"{field} file '{path}' does not exist");
        }

        if (info.Length > DocumentFile.DefaultMaxBytes)
        {
            return new InvalidInput(field, $"{field} '{info.Name}' is {info.Length:N0} bytes; the limit is {DocumentFile.DefaultMaxBytes:N0} bytes");
        }

        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new InvalidInput(field, $"{field} file '{path}' cannot be read: {e.Message}");
        }

        return new CertificateInput(info.Name, content, type, heats, issuer, issuedOn, standards, substances);
    }
}

/// <summary>A checked certificate, ready to file.</summary>
internal sealed record ValidCertificate(DocumentFile File, CertificateType Type, IReadOnlyList<HeatNumber> Heats, string? Issuer, DateOnly? IssuedOn, IReadOnlyList<string> Standards, IReadOnlyList<string> RestrictedSubstances)
{
    public PresentedCertificate Presented => new(Type, Heats, $"{Type} certificate '{File.FileName}'");

    /// <summary>Stores the file and makes the filing event under the next certificate number (not yet appended).</summary>
    public async Task<CertificateFiled> FileAsync(WriteTransaction write, CancellationToken cancellationToken)
    {
        await Documents.PutAsync(write, File, cancellationToken);
        var number = await write.PeekCounterAsync(CertificateId.Prefix, cancellationToken);
        return new CertificateFiled(CertificateId.FromNumber(number), Type, Issuer, IssuedOn, Heats, Standards, RestrictedSubstances, File.Sha256, File.FileName, File.MediaType, File.Content.Length);
    }

    public Certificate ToCertificate(CertificateFiled filed) =>
        new(filed.Id, Type, Issuer, IssuedOn, Heats, Standards, RestrictedSubstances, File.Sha256, File.FileName, File.MediaType, File.Content.Length);
}

/// <summary>The certificate options shared by <c>receive</c> and <c>certificate attach</c>.</summary>
internal sealed class CertificateOptions(string prefix, bool fileRequired)
{
    public Option<string?> File { get; } = new($"--{prefix}") { Description = "Certificate file (PDF or image)", Required = fileRequired };
    public Option<string?> Type { get; } = new($"--{prefix}-type") { Description = "MTR, CofC, RoHS, REACH, SDS, TestReport or Other" };
    public Option<string?> Heat { get; } = new($"--{prefix}-heat") { Description = "Heat/lot number(s) printed on the certificate, comma-separated" };
    public Option<string?> Issuer { get; } = new($"--{prefix}-issuer") { Description = "Who issued it (mill, manufacturer)" };
    public Option<string?> Issued { get; } = new($"--{prefix}-issued") { Description = "Issue date, yyyy-MM-dd" };
    public Option<string?> Standards { get; } = new($"--{prefix}-standards") { Description = "Standards it declares conformance to, comma-separated (e.g. ASTM B209, RoHS 2011/65/EU)" };
    public Option<string?> Substances { get; } = new($"--{prefix}-substances") { Description = "Restricted substances it declares present, comma-separated (none: it declares none)" };

    public IEnumerable<Option> All => [File, Type, Heat, Issuer, Issued, Standards, Substances];

    /// <summary>Null when no file was given (and none is required).</summary>
    public Result<CertificateInput?> Read(ParseResult parse, string field)
    {
        var path = parse.GetValue(File);
        if (path is null)
        {
            return (CertificateInput?)null;
        }

        return CertificateInput.FromFile(path, parse.GetValue(Type), Text.List(parse.GetValue(Heat)), parse.GetValue(Issuer), parse.GetValue(Issued), Text.List(parse.GetValue(Standards)), Text.List(parse.GetValue(Substances)), field)
            .Map<CertificateInput?>(c => c);
    }
}
