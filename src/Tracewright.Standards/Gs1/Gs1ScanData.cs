using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Tracewright.Standards.Gs1;

/// <summary>
/// Reads and produces barcode scanner output: an AIM symbology identifier (<c>]d2</c>, <c>]C1</c>, <c>]Q3</c>,
/// <c>]e0</c>, ...) followed by the data, with ASCII GS standing for FNC1 separators.
/// </summary>
public static class Gs1ScanData
{
    private const char Gs = Gs1ElementString.GroupSeparator;
    private const string CompositeSeparator = "|";

    private readonly record struct Identifier(Gs1Symbology Symbology, bool IsGs1);

    private static readonly Dictionary<string, Identifier> Identifiers = new(StringComparer.Ordinal)
    {
        ["]C1"] = new(Gs1Symbology.Gs1128CcA, true),
        ["]e0"] = new(Gs1Symbology.DataBarExpanded, true),
        ["]d1"] = new(Gs1Symbology.DataMatrix, false),
        ["]d2"] = new(Gs1Symbology.DataMatrix, true),
        ["]Q1"] = new(Gs1Symbology.QrCode, false),
        ["]Q3"] = new(Gs1Symbology.QrCode, true),
        ["]J0"] = new(Gs1Symbology.DotCode, false),
        ["]J1"] = new(Gs1Symbology.DotCode, true),
        ["]E0"] = new(Gs1Symbology.Ean13, false),
        ["]E4"] = new(Gs1Symbology.Ean8, false),
    };

    /// <summary>Decodes scanner output and validates any GS1 content.</summary>
    public static bool TryParse(string scanData, Gs1ParseOptions options, [NotNullWhen(true)] out Gs1ScanResult? result, [NotNullWhen(false)] out Gs1ParseError? error)
    {
        ArgumentNullException.ThrowIfNull(scanData);
        ArgumentNullException.ThrowIfNull(options);
        result = null;
        if (scanData.Length < 3 || scanData[0] != ']')
        {
            error = new Gs1ParseError(Gs1ParseErrorKind.Syntax, "Scan data must start with a three-character AIM symbology identifier such as ']d2'.", position: 0);
            return false;
        }

        if (!Identifiers.TryGetValue(scanData[..3], out var identifier))
        {
            error = new Gs1ParseError(Gs1ParseErrorKind.Syntax, $"Unsupported symbology identifier '{scanData[..3]}' at position 0.", position: 0);
            return false;
        }

        var data = scanData[3..];
        if (identifier.Symbology is Gs1Symbology.Ean13 or Gs1Symbology.Ean8)
        {
            return TryParseEan(identifier.Symbology, data, options, out result, out error);
        }

        if (identifier.IsGs1)
        {
            if (!TryParseGs1Data(data, 3, options, out var elementString, out error))
            {
                return false;
            }

            result = new Gs1ScanResult(identifier.Symbology, "^" + data.Replace(Gs, '^'), elementString);
            return true;
        }

        Gs1ElementString? link = null;
        if (Gs1DigitalLink.HasDigitalLinkScheme(data) && !Gs1DigitalLink.TryParse(data, options, out link, out error))
        {
            error = Shift(error, 3);
            return false;
        }

        error = null;
        result = new Gs1ScanResult(identifier.Symbology, EscapePlainData(data), link);
        return true;
    }

    private static bool TryParseGs1Data(string data, int offset, Gs1ParseOptions options, [NotNullWhen(true)] out Gs1ElementString? elementString, [NotNullWhen(false)] out Gs1ParseError? error)
    {
        elementString = null;
        if (data.Length == 0)
        {
            error = new Gs1ParseError(Gs1ParseErrorKind.Syntax, $"The GS1 data after the symbology identifier is empty (position {offset}).", position: offset);
            return false;
        }

        var caret = data.IndexOf('^', StringComparison.Ordinal);
        if (caret >= 0)
        {
            // In scan data FNC1 is GS; a literal '^' would be confused with FNC1 in every other notation.
            error = new Gs1ParseError(Gs1ParseErrorKind.Content, $"Illegal '^' character in GS1 scan data at position {offset + caret}.", position: offset + caret);
            return false;
        }

        // Positions are reported against the scan data: the implied leading FNC1 takes the identifier's last place.
        if (!Gs1ElementString.TryParseUnbracketed(Gs + data, options, out elementString, out error))
        {
            error = Shift(error, offset - 1);
            return false;
        }

        return true;
    }

    private static bool TryParseEan(Gs1Symbology symbology, string data, Gs1ParseOptions options, [NotNullWhen(true)] out Gs1ScanResult? result, [NotNullWhen(false)] out Gs1ParseError? error)
    {
        result = null;
        var length = symbology == Gs1Symbology.Ean8 ? 8 : 13;
        var separator = data.IndexOf("|]e0", StringComparison.Ordinal);
        var linear = separator < 0 ? data : data[..separator];
        if (linear.Length != length || !Gs1Linters.AllDigits(linear) || Gs1Linters.ComputeCheckDigit(linear.AsSpan(0, length - 1)) != linear[^1])
        {
            error = new Gs1ParseError(Gs1ParseErrorKind.Content, $"The {symbology} data must be {length} digits with a valid check digit (position 3).", "01", 3);
            return false;
        }

        var ai = "^01" + linear.PadLeft(14, '0');
        var dataString = linear;
        if (separator >= 0)
        {
            var composite = data[(separator + 4)..];
            if (!TryParseGs1Data(composite, 3 + separator + 4, options with { ValidateAssociations = false }, out _, out error))
            {
                return false;
            }

            ai += "^" + composite.Replace(Gs, '^');
            dataString += "|^" + composite.Replace(Gs, '^');
        }

        if (!Gs1ElementString.TryParseUnbracketed(ai, options, out var elementString, out error))
        {
            return false;
        }

        result = new Gs1ScanResult(symbology, dataString, elementString);
        return true;
    }

    /// <summary>
    /// Plain data that starts with '^' (after any backslashes) would read as GS1 data, so one more backslash is added.
    /// </summary>
    internal static string EscapePlainData(string data) =>
        data.TrimStart('\\').StartsWith('^') ? "\\" + data : data;

    private static string UnescapePlainData(string data) =>
        data.StartsWith('\\') && data.TrimStart('\\').StartsWith('^') ? data[1..] : data;

    private static Gs1ParseError Shift(Gs1ParseError error, int by) =>
        error.Position is null ? error : new Gs1ParseError(error.Kind, error.Message, error.Ai, error.Position + by, error.LinterError, error.Markup);

    /// <summary>
    /// Produces the scanner output for <paramref name="dataString"/> (syntax-engine notation, see
    /// <see cref="Gs1ScanResult.DataString"/>) as carried by <paramref name="symbology"/>. With
    /// <paramref name="addCheckDigit"/> an EAN/UPC value is given without its check digit.
    /// </summary>
    public static bool TryGenerate(Gs1Symbology symbology, string dataString, Gs1ParseOptions options, bool addCheckDigit,
        [NotNullWhen(true)] out string? scanData, [NotNullWhen(false)] out Gs1ParseError? error)
    {
        ArgumentNullException.ThrowIfNull(dataString);
        ArgumentNullException.ThrowIfNull(options);
        scanData = null;
        switch (symbology)
        {
            case Gs1Symbology.QrCode:
            case Gs1Symbology.DataMatrix:
            case Gs1Symbology.DotCode:
                var (plainId, gs1Id) = symbology switch
                {
                    Gs1Symbology.QrCode => ("]Q1", "]Q3"),
                    Gs1Symbology.DataMatrix => ("]d1", "]d2"),
                    _ => ("]J0", "]J1"),
                };
                if (!dataString.StartsWith('^'))
                {
                    error = null;
                    scanData = plainId + UnescapePlainData(dataString);
                    return true;
                }

                if (!Gs1ElementString.TryParseUnbracketed(dataString, options, out _, out error))
                {
                    return false;
                }

                scanData = gs1Id + dataString[1..].Replace('^', Gs);
                return true;

            case Gs1Symbology.DataBarExpanded:
            case Gs1Symbology.Gs1128CcA:
            case Gs1Symbology.Gs1128CcC:
                return TryGenerateLinearGs1(symbology, dataString, options, out scanData, out error);

            case Gs1Symbology.DataBarOmni:
            case Gs1Symbology.DataBarLimited:
            case Gs1Symbology.UpcA:
            case Gs1Symbology.UpcE:
            case Gs1Symbology.Ean13:
            case Gs1Symbology.Ean8:
                return TryGenerateGtinCarrier(symbology, dataString, options, addCheckDigit, out scanData, out error);

            default:
                error = new Gs1ParseError(Gs1ParseErrorKind.Syntax, $"Symbology {symbology} is not supported.");
                return false;
        }
    }

    private static bool TryGenerateLinearGs1(Gs1Symbology symbology, string dataString, Gs1ParseOptions options,
        [NotNullWhen(true)] out string? scanData, [NotNullWhen(false)] out Gs1ParseError? error)
    {
        scanData = null;
        var split = dataString.IndexOf(CompositeSeparator, StringComparison.Ordinal);
        var linear = split < 0 ? dataString : dataString[..split];
        if (!linear.StartsWith('^'))
        {
            error = new Gs1ParseError(Gs1ParseErrorKind.Syntax, $"{symbology} carries GS1 AI data only; the data must start with '^' (FNC1).", position: 0);
            return false;
        }

        if (!Gs1ElementString.TryParseUnbracketed(linear, options, out var linearElements, out error))
        {
            return false;
        }

        if (split < 0)
        {
            var id = symbology == Gs1Symbology.DataBarExpanded ? "]e0" : "]C1";
            scanData = id + linear[1..].Replace('^', Gs);
            return true;
        }

        return TryAppendComposite("]e0" + linear[1..].Replace('^', Gs), linearElements, dataString[(split + 1)..], options, out scanData, out error);
    }

    private static bool TryAppendComposite(string prefix, Gs1ElementString linear, string composite, Gs1ParseOptions options,
        [NotNullWhen(true)] out string? scanData, [NotNullWhen(false)] out Gs1ParseError? error)
    {
        scanData = null;
        error = null;
        if (!composite.StartsWith('^') || !Gs1ElementString.TryParseUnbracketed(composite, options with { ValidateAssociations = false }, out _, out error))
        {
            error ??= new Gs1ParseError(Gs1ParseErrorKind.Syntax, "The composite component must be GS1 AI data starting with '^'.");
            return false;
        }

        var builder = new StringBuilder(prefix);
        if (!prefix.EndsWith(Gs) && linear.Elements[^1].Definition.RequiresFnc1)
        {
            builder.Append(Gs);
        }

        scanData = builder.Append(composite[1..].Replace('^', Gs)).ToString();
        return true;
    }

    private static bool TryGenerateGtinCarrier(Gs1Symbology symbology, string dataString, Gs1ParseOptions options, bool addCheckDigit,
        [NotNullWhen(true)] out string? scanData, [NotNullWhen(false)] out Gs1ParseError? error)
    {
        scanData = null;
        var split = dataString.IndexOf(CompositeSeparator, StringComparison.Ordinal);
        var linear = split < 0 ? dataString : dataString[..split];
        var symbolLength = symbology switch
        {
            Gs1Symbology.Ean13 => 13,
            Gs1Symbology.Ean8 => 8,
            Gs1Symbology.UpcA or Gs1Symbology.UpcE => 12,
            _ => 14,
        };

        string gtin14;
        if (linear.StartsWith("^01", StringComparison.Ordinal))
        {
            gtin14 = linear[3..];
        }
        else
        {
            if (addCheckDigit)
            {
                if (linear.Length != symbolLength - 1 || !Gs1Linters.AllDigits(linear))
                {
                    error = new Gs1ParseError(Gs1ParseErrorKind.Length, $"{symbology} data without its check digit must be {symbolLength - 1} digits.", "01", 0);
                    return false;
                }

                linear += Gs1Linters.ComputeCheckDigit(linear);
            }

            if (linear.Length != symbolLength)
            {
                error = new Gs1ParseError(Gs1ParseErrorKind.Length, $"{symbology} data must be {symbolLength} digits.", "01", 0);
                return false;
            }

            gtin14 = linear.PadLeft(14, '0');
        }

        var leadingZeros = 14 - symbolLength;
        var digits = Gs1Linters.AllDigits(gtin14);
        if (gtin14.Length != 14 || !digits || gtin14.AsSpan(0, leadingZeros).ContainsAnyExcept('0') ||
            Gs1Linters.ComputeCheckDigit(gtin14.AsSpan(0, 13)) != gtin14[13] ||
            (symbology == Gs1Symbology.DataBarLimited && gtin14[0] > '1'))
        {
            error = new Gs1ParseError(Gs1ParseErrorKind.Content, $"The data is not a GTIN that {symbology} can carry.", "01", 0);
            return false;
        }

        if (symbology is Gs1Symbology.DataBarOmni or Gs1Symbology.DataBarLimited)
        {
            var prefix = "]e001" + gtin14;
            if (split < 0)
            {
                error = null;
                scanData = prefix;
                return true;
            }

            if (!Gs1ElementString.TryParseUnbracketed("^01" + gtin14, options, out var linearElements, out error))
            {
                return false;
            }

            return TryAppendComposite(prefix, linearElements, dataString[(split + 1)..], options, out scanData, out error);
        }

        var ean = symbology == Gs1Symbology.Ean8 ? "]E4" + gtin14[6..] : "]E0" + gtin14[1..];
        if (split < 0)
        {
            error = null;
            scanData = ean;
            return true;
        }

        var composite = dataString[(split + 1)..];
        error = null;
        if (!composite.StartsWith('^') || !Gs1ElementString.TryParseUnbracketed(composite, options with { ValidateAssociations = false }, out _, out error))
        {
            error ??= new Gs1ParseError(Gs1ParseErrorKind.Syntax, "The composite component must be GS1 AI data starting with '^'.");
            return false;
        }

        scanData = ean + "|]e0" + composite[1..].Replace('^', Gs);
        return true;
    }
}
