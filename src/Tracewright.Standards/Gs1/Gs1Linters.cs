using System.Collections.Frozen;

namespace Tracewright.Standards.Gs1;

/// <summary>
/// The GS1 Barcode Syntax Tests ("linters") referenced by name from the syntax dictionary. Each linter inspects one
/// component value and either passes or reports a GS1 reference error name with the offending span. Linters are pure
/// functions; the only external input is the optional GS1 Company Prefix lookup.
/// </summary>
public static partial class Gs1Linters
{
    private delegate Gs1LintResult Linter(string data, IGs1CompanyPrefixLookup? lookup);

    private const string Cset82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
    private const string Cset39 = "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Cset64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static readonly FrozenDictionary<string, Linter> All = new Dictionary<string, Linter>(StringComparer.Ordinal)
    {
        ["csetnumeric"] = (d, _) => CsetNumeric(d),
        ["cset82"] = (d, _) => Charset(d, Cset82, Gs1LintCodes.InvalidCset82Character),
        ["cset39"] = (d, _) => Charset(d, Cset39, Gs1LintCodes.InvalidCset39Character),
        ["cset64"] = (d, _) => Base64Url(d),
        ["csum"] = (d, _) => CheckDigit(d),
        ["csumalpha"] = (d, _) => CheckPair(d),
        ["gcppos1"] = GcpPos1,
        ["gcppos2"] = GcpPos2,
        ["yymmd0"] = (d, _) => Date(d, 2, allowZeroDay: true),
        ["yymmdd"] = (d, _) => Date(d, 2, allowZeroDay: false),
        ["yyyymmd0"] = (d, _) => Date(d, 4, allowZeroDay: true),
        ["yyyymmdd"] = (d, _) => Date(d, 4, allowZeroDay: false),
        ["hh"] = (d, _) => TwoDigitField(d, 23, Gs1LintCodes.HourTooShort, Gs1LintCodes.HourTooLong, Gs1LintCodes.IllegalHour),
        ["mi"] = (d, _) => TwoDigitField(d, 59, Gs1LintCodes.MinuteTooShort, Gs1LintCodes.MinuteTooLong, Gs1LintCodes.IllegalMinute),
        ["ss"] = (d, _) => TwoDigitField(d, 59, Gs1LintCodes.SecondTooShort, Gs1LintCodes.SecondTooLong, Gs1LintCodes.IllegalSecond),
        ["hhmi"] = (d, _) => HourMinute(d),
        ["iso3166"] = (d, _) => InList(d, Gs1CodeLists.Iso3166Numeric, Gs1LintCodes.NotIso3166),
        ["iso3166999"] = (d, _) => d == "999" ? Gs1LintResult.Ok : InList(d, Gs1CodeLists.Iso3166Numeric, Gs1LintCodes.NotIso3166Or999),
        ["iso3166alpha2"] = (d, _) => InList(d, Gs1CodeLists.Iso3166Alpha2, Gs1LintCodes.NotIso3166Alpha2),
        ["iso4217"] = (d, _) => InList(d, Gs1CodeLists.Iso4217Numeric, Gs1LintCodes.NotIso4217),
        ["iso5218"] = (d, _) => d is "0" or "1" or "2" or "9" ? Gs1LintResult.Ok : Whole(d, Gs1LintCodes.InvalidBiologicalSexCode),
        ["packagetype"] = (d, _) => InList(d, Gs1CodeLists.PackageTypes, Gs1LintCodes.InvalidPackageType),
        ["mediatype"] = (d, _) => InList(d, Gs1CodeLists.MediaTypes, Gs1LintCodes.InvalidMediaType),
        ["yesno"] = (d, _) => d is "0" or "1" ? Gs1LintResult.Ok : Whole(d, Gs1LintCodes.NotZeroOrOne),
        ["winding"] = (d, _) => d is "0" or "1" or "9" ? Gs1LintResult.Ok : Whole(d, Gs1LintCodes.InvalidWindingDirection),
        ["zero"] = (d, _) => d.Length > 0 && d.All(c => c == '0') ? Gs1LintResult.Ok : Whole(d, Gs1LintCodes.NotZero),
        ["nonzero"] = (d, _) => NonZero(d),
        ["nozeroprefix"] = (d, _) => NoZeroPrefix(d),
        ["hasnondigit"] = (d, _) => d.Any(c => !IsDigit(c)) ? Gs1LintResult.Ok : Whole(d, Gs1LintCodes.RequiresNonDigitCharacter),
        ["hyphen"] = (d, _) => d.Length > 0 && d.All(c => c == '-') ? Gs1LintResult.Ok : Whole(d, Gs1LintCodes.NotHyphen),
        ["pcenc"] = (d, _) => PercentEncoding(d),
        ["latitude"] = (d, _) => Coordinate(d, 1800000000L, Gs1LintCodes.LatitudeInvalidLength, Gs1LintCodes.InvalidLatitude),
        ["longitude"] = (d, _) => Coordinate(d, 3600000000L, Gs1LintCodes.LongitudeInvalidLength, Gs1LintCodes.InvalidLongitude),
        ["posinseqslash"] = (d, _) => PositionInSequence(d),
        ["pieceoftotal"] = (d, _) => PieceOfTotal(d),
        ["iban"] = (d, _) => Iban(d),
        ["importeridx"] = (d, _) => ImporterIndex(d),
        ["couponcode"] = CouponCode,
        ["couponposoffer"] = (d, _) => CouponPositiveOffer(d),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Names of every linter this implementation provides.</summary>
    public static IReadOnlyCollection<string> Names => All.Keys;

    /// <summary>True when a linter with this name exists.</summary>
    public static bool IsKnown(string name) => All.ContainsKey(name);

    /// <summary>Runs the named linter over <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">No linter has that name (a programming or dictionary error, not a data error).</exception>
    public static Gs1LintResult Run(string name, string data, IGs1CompanyPrefixLookup? companyPrefixLookup = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(data);
        if (!All.TryGetValue(name, out var linter))
        {
            throw new ArgumentException($"Unknown GS1 linter '{name}'.", nameof(name));
        }

        return linter(data, companyPrefixLookup);
    }

    /// <summary>Computes the GS1 mod-10 check digit for the digits preceding the check digit position.</summary>
    internal static char ComputeCheckDigit(ReadOnlySpan<char> digitsWithoutCheck)
    {
        // Weights alternate 3,1,... starting from the digit adjacent to the check digit.
        var sum = 0;
        var weight = 3;
        for (var i = digitsWithoutCheck.Length - 1; i >= 0; i--)
        {
            sum += weight * (digitsWithoutCheck[i] - '0');
            weight = 4 - weight;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    internal static bool IsDigit(char c) => c is >= '0' and <= '9';

    internal static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static Gs1LintResult Whole(string d, string error) => Gs1LintResult.Fail(error, 0, d.Length);

    private static Gs1LintResult InList(string d, IReadOnlySet<string> list, string error) =>
        list.Contains(d) ? Gs1LintResult.Ok : Whole(d, error);

    private static Gs1LintResult CsetNumeric(string d)
    {
        for (var i = 0; i < d.Length; i++)
        {
            if (!IsDigit(d[i]))
            {
                return Gs1LintResult.Fail(Gs1LintCodes.NonDigitCharacter, i, 1);
            }
        }

        return Gs1LintResult.Ok;
    }

    private static Gs1LintResult Charset(string d, string allowed, string error)
    {
        for (var i = 0; i < d.Length; i++)
        {
            if (!allowed.Contains(d[i], StringComparison.Ordinal))
            {
                return Gs1LintResult.Fail(error, i, 1);
            }
        }

        return Gs1LintResult.Ok;
    }

    private static Gs1LintResult Base64Url(string d)
    {
        var padStart = d.IndexOf('=', StringComparison.Ordinal);
        var dataEnd = padStart < 0 ? d.Length : padStart;
        for (var i = 0; i < dataEnd; i++)
        {
            if (!Cset64.Contains(d[i], StringComparison.Ordinal))
            {
                return Gs1LintResult.Fail(Gs1LintCodes.InvalidCset64Character, i, 1);
            }
        }

        if (padStart < 0)
        {
            return Gs1LintResult.Ok;
        }

        for (var i = padStart; i < d.Length; i++)
        {
            if (d[i] != '=')
            {
                // Data after padding: the first '=' is the character that is out of place.
                return Gs1LintResult.Fail(Gs1LintCodes.InvalidCset64Character, padStart, 1);
            }
        }

        var padding = d.Length - padStart;
        return padStart > 0 && padding <= 2 && d.Length % 3 == 0
            ? Gs1LintResult.Ok
            : Gs1LintResult.Fail(Gs1LintCodes.InvalidCset64Padding, padStart, padding);
    }

    private static Gs1LintResult CheckDigit(string d)
    {
        if (d.Length == 0)
        {
            return Gs1LintResult.Fail(Gs1LintCodes.TooShortForCheckDigit, 0, 0);
        }

        var digits = CsetNumeric(d);
        if (!digits.IsOk)
        {
            return digits;
        }

        return ComputeCheckDigit(d.AsSpan(0, d.Length - 1)) == d[^1]
            ? Gs1LintResult.Ok
            : Gs1LintResult.Fail(Gs1LintCodes.IncorrectCheckDigit, d.Length - 1, 1);
    }

    private static readonly int[] Primes = BuildPrimes(97);
    private const string CheckPairCharacters = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    private static int[] BuildPrimes(int count)
    {
        var primes = new List<int>(count);
        for (var n = 2; primes.Count < count; n++)
        {
            if (primes.TrueForAll(p => n % p != 0))
            {
                primes.Add(n);
            }
        }

        return [.. primes];
    }

    private static Gs1LintResult CheckPair(string d)
    {
        if (d.Length < 2)
        {
            return Whole(d, Gs1LintCodes.TooShortForCheckPair);
        }

        // The reference implementation only carries enough prime weights for the longest current AI.
        if (d.Length - 2 > Primes.Length)
        {
            return Whole(d, Gs1LintCodes.TooLongForCheckPairImplementation);
        }

        var sum = 0;
        for (var i = 0; i < d.Length - 2; i++)
        {
            var value = Cset82.IndexOf(d[i], StringComparison.Ordinal);
            if (value < 0)
            {
                return Gs1LintResult.Fail(Gs1LintCodes.InvalidCset82Character, i, 1);
            }

            sum += value * Primes[d.Length - 3 - i];
        }

        sum %= 1021;
        return d[^2] == CheckPairCharacters[sum >> 5] && d[^1] == CheckPairCharacters[sum & 31]
            ? Gs1LintResult.Ok
            : Gs1LintResult.Fail(Gs1LintCodes.IncorrectCheckPair, d.Length - 2, 2);
    }

    private const int MinimumCompanyPrefixLength = 4;

    private static Gs1LintResult GcpPos1(string d, IGs1CompanyPrefixLookup? lookup)
    {
        if (d.Length < MinimumCompanyPrefixLength)
        {
            return Whole(d, Gs1LintCodes.TooShortForGcp);
        }

        for (var i = 0; i < MinimumCompanyPrefixLength; i++)
        {
            if (!IsDigit(d[i]))
            {
                return Gs1LintResult.Fail(Gs1LintCodes.InvalidGcpPrefix, i, 1);
            }
        }

        return lookup?.Lookup(d) switch
        {
            null or Gs1CompanyPrefixStatus.Valid => Gs1LintResult.Ok,
            Gs1CompanyPrefixStatus.Invalid => Whole(d, Gs1LintCodes.InvalidGcpPrefix),
            Gs1CompanyPrefixStatus.Offline => Whole(d, Gs1LintCodes.GcpDatasourceOffline),
            _ => throw new InvalidOperationException("Unexpected GCP lookup status."),
        };
    }

    private static Gs1LintResult GcpPos2(string d, IGs1CompanyPrefixLookup? lookup) =>
        d.Length < 2 ? Whole(d, Gs1LintCodes.TooShortForGcp) : GcpPos1(d[1..], lookup).Offset(1);

    private static Gs1LintResult NonZero(string d)
    {
        var digits = CsetNumeric(d);
        if (!digits.IsOk)
        {
            return digits;
        }

        return d.Any(c => c != '0') ? Gs1LintResult.Ok : Whole(d, Gs1LintCodes.IllegalZeroValue);
    }

    private static Gs1LintResult NoZeroPrefix(string d)
    {
        var digits = CsetNumeric(d);
        if (!digits.IsOk)
        {
            return digits;
        }

        return d.Length > 0 && d[0] == '0' ? Gs1LintResult.Fail(Gs1LintCodes.IllegalZeroPrefix, 0, 1) : Gs1LintResult.Ok;
    }

    private static Gs1LintResult PercentEncoding(string d)
    {
        for (var i = 0; i < d.Length; i++)
        {
            if (d[i] != '%')
            {
                continue;
            }

            if (i + 2 >= d.Length || !Uri.IsHexDigit(d[i + 1]) || !Uri.IsHexDigit(d[i + 2]))
            {
                return Gs1LintResult.Fail(Gs1LintCodes.InvalidPercentSequence, i, Math.Min(3, d.Length - i));
            }

            i += 2;
        }

        return Gs1LintResult.Ok;
    }

    private static Gs1LintResult Coordinate(string d, long maximum, string lengthError, string rangeError)
    {
        if (d.Length != 10)
        {
            return Whole(d, lengthError);
        }

        var digits = CsetNumeric(d);
        if (!digits.IsOk)
        {
            return digits;
        }

        return long.Parse(d, System.Globalization.CultureInfo.InvariantCulture) <= maximum ? Gs1LintResult.Ok : Whole(d, rangeError);
    }

    private static Gs1LintResult PositionInSequence(string d)
    {
        var slash = d.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == d.Length - 1 || d.IndexOf('/', slash + 1) >= 0 ||
            !AllDigits(d.AsSpan(0, slash)) || !AllDigits(d.AsSpan(slash + 1)))
        {
            return Whole(d, Gs1LintCodes.PositionInSequenceMalformed);
        }

        if (d[0] == '0')
        {
            return Gs1LintResult.Fail(Gs1LintCodes.IllegalZeroPrefix, 0, slash);
        }

        if (d[slash + 1] == '0')
        {
            return Gs1LintResult.Fail(Gs1LintCodes.IllegalZeroPrefix, slash + 1, d.Length - slash - 1);
        }

        return CompareNumeric(d.AsSpan(0, slash), d.AsSpan(slash + 1)) > 0 ? Whole(d, Gs1LintCodes.PositionExceedsEnd) : Gs1LintResult.Ok;
    }

    private static int CompareNumeric(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        // Values may exceed any integer type, so compare digit strings with leading zeros removed.
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);
    }

    private static Gs1LintResult PieceOfTotal(string d)
    {
        if (d.Length == 0 || d.Length % 2 != 0)
        {
            return Whole(d, Gs1LintCodes.InvalidLengthForPieceOfTotal);
        }

        var digits = CsetNumeric(d);
        if (!digits.IsOk)
        {
            return digits;
        }

        var half = d.Length / 2;
        var piece = d.AsSpan(0, half);
        var total = d.AsSpan(half);
        if (piece.TrimStart('0').IsEmpty)
        {
            return Gs1LintResult.Fail(Gs1LintCodes.ZeroPieceNumber, 0, half);
        }

        if (total.TrimStart('0').IsEmpty)
        {
            return Gs1LintResult.Fail(Gs1LintCodes.ZeroTotalPieces, half, half);
        }

        return CompareNumeric(piece, total) > 0 ? Whole(d, Gs1LintCodes.PieceNumberExceedsTotal) : Gs1LintResult.Ok;
    }

    private const int IbanMinimumLength = 15;
    private const int IbanMaximumLength = 34;

    private static Gs1LintResult Iban(string d)
    {
        if (d.Length < 4)
        {
            return Whole(d, Gs1LintCodes.IbanTooShort);
        }

        if (!Gs1CodeLists.Iso3166Alpha2.Contains(d[..2]))
        {
            return Gs1LintResult.Fail(Gs1LintCodes.IllegalIbanCountryCode, 0, 2);
        }

        if (d.Length > IbanMaximumLength)
        {
            return Whole(d, Gs1LintCodes.IbanTooLong);
        }

        if (d.Length < IbanMinimumLength)
        {
            return Whole(d, Gs1LintCodes.IbanTooShort);
        }

        // ISO 13616: move the country code and check digits to the end, map letters to 10..35, then mod 97 must be 1.
        var checksum = 0;
        for (var n = 4; n < d.Length + 4; n++)
        {
            var i = n < d.Length ? n : n - d.Length;
            var c = d[i];
            int value;
            if (IsDigit(c))
            {
                value = c - '0';
                checksum = ((checksum * 10) + value) % 97;
            }
            else if (c is >= 'A' and <= 'Z')
            {
                value = c - 'A' + 10;
                checksum = ((checksum * 100) + value) % 97;
            }
            else
            {
                return Gs1LintResult.Fail(Gs1LintCodes.InvalidIbanCharacter, i, 1);
            }
        }

        return checksum == 1 ? Gs1LintResult.Ok : Gs1LintResult.Fail(Gs1LintCodes.IncorrectIbanChecksum, 2, 2);
    }

    private static Gs1LintResult ImporterIndex(string d)
    {
        if (d.Length != 1)
        {
            return Whole(d, Gs1LintCodes.ImporterIdxMustBeOneCharacter);
        }

        return Cset64.Contains(d[0], StringComparison.Ordinal) ? Gs1LintResult.Ok : Gs1LintResult.Fail(Gs1LintCodes.InvalidImportIdxCharacter, 0, 1);
    }
}
