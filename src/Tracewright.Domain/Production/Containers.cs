using System.Globalization;
using System.Text.Json.Serialization;
using Tracewright.Domain.Common;
using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;

namespace Tracewright.Domain.Production;

/// <summary>
/// A box or pallet, identified by an SSCC: 18 digits (extension digit, GS1 company prefix, serial reference,
/// GS1 mod-10 check digit). A container is never a unit: it has no genealogy, only contents over time.
/// </summary>
[JsonConverter(typeof(IdentifierJsonConverter<ContainerId>))]
public readonly record struct ContainerId : IIdentifier<ContainerId>
{
    private ContainerId(string value) => Value = value;

    public string Value { get; }

    public static Result<ContainerId> Parse(string? text)
    {
        var digits = text?.Trim();
        if (digits is null || digits.Length != 18 || !digits.All(char.IsAsciiDigit))
        {
            return new InvalidInput("container", $"container '{text}' is not an SSCC (18 digits)");
        }

        return CheckDigit(digits[..17]) == digits[17]
            ? new ContainerId(digits)
            : new InvalidInput("container", $"container '{text}' has a wrong check digit (expected {CheckDigit(digits[..17])})");
    }

    /// <summary>The SSCC for a serial reference under a company prefix, with extension digit 0.</summary>
    public static Result<ContainerId> Create(string companyPrefix, long serialReference)
    {
        if (CheckCompanyPrefix(companyPrefix) is { } invalid)
        {
            return invalid;
        }

        var width = 16 - companyPrefix.Length;
        var reference = serialReference.ToString(CultureInfo.InvariantCulture);
        if (reference.Length > width)
        {
            return new RuleViolated("sscc-exhausted", $"all {width}-digit serial references under company prefix {companyPrefix} are used");
        }

        var body = "0" + companyPrefix + reference.PadLeft(width, '0');
        return new ContainerId(body + CheckDigit(body));
    }

    /// <summary>
    /// Null when <paramref name="companyPrefix"/> is a GS1 company prefix an SSCC can be made under (6 to 12 digits: the
    /// SSCC's EPC form has no partition for a shorter one), else the refusal naming the field "GS1 company prefix".
    /// </summary>
    public static InvalidInput? CheckCompanyPrefix(string? companyPrefix) =>
        companyPrefix is { Length: >= 6 and <= 12 } && companyPrefix.All(char.IsAsciiDigit)
            ? null
            : new InvalidInput("company-prefix", $"GS1 company prefix '{companyPrefix}' must be 6 to 12 digits");

    /// <summary>GS1 mod-10: weights 3 and 1 alternating from the right.</summary>
    public static char CheckDigit(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var weight = (digits.Length - i) % 2 == 1 ? 3 : 1;
            sum += (digits[i] - '0') * weight;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    public override string ToString() => Value;
}

/// <summary>What a container can hold.</summary>
public enum ContentKind { Unit, Lot, Container }

/// <summary>
/// The shop's GS1 company prefix was set (why is the record's reason): containers created from now on get SSCCs under it;
/// SSCCs made before keep theirs. It wins over the TRACEWRIGHT_GS1_COMPANY_PREFIX environment variable.
/// </summary>
public sealed record Gs1CompanyPrefixSet(string Prefix) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Prefix];
}

/// <summary>A container was created (a box or a pallet).</summary>
public sealed record ContainerCreated(ContainerId Id, string Kind, string CounterScope, long Counter) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Id.Value];
}

/// <summary>A unit, a quantity of a lot, or another container was packed into a container.</summary>
public sealed record ContainerPacked(ContainerId Container, ContentKind Kind, string Content, decimal? Quantity) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Container.Value, Content, .. Kind == ContentKind.Unit ? [Content[(Content.IndexOf(':', StringComparison.Ordinal) + 1)..]] : Array.Empty<string>()];
}

/// <summary>Something was taken out of a container.</summary>
public sealed record ContainerUnpacked(ContainerId Container, ContentKind Kind, string Content) : ILedgerEvent
{
    public IEnumerable<string> Subjects => [Container.Value, Content, .. Kind == ContentKind.Unit ? [Content[(Content.IndexOf(':', StringComparison.Ordinal) + 1)..]] : Array.Empty<string>()];
}
