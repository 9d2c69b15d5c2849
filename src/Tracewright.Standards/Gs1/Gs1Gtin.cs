namespace Tracewright.Standards.Gs1;

/// <summary>
/// A GS1 Global Trade Item Number in any of its four lengths (GTIN-8, -12, -13, -14), checked and normalised to the 14 digits
/// AI (01) and the Digital Link carry: shorter GTINs are the same number with leading zeros.
/// </summary>
public static class Gs1Gtin
{
    /// <summary>
    /// The 14-digit form of <paramref name="text"/>, or why it is not a GTIN (<paramref name="problem"/> completes a sentence
    /// that begins with the number, e.g. "has a wrong check digit (expected 3)").
    /// </summary>
    public static bool TryNormalize(string? text, out string gtin14, out string problem)
    {
        gtin14 = "";
        var digits = text?.Trim() ?? "";
        if (digits.Length == 0)
        {
            problem = "is empty";
            return false;
        }

        if (!Gs1Linters.AllDigits(digits))
        {
            problem = "must be digits only";
            return false;
        }

        if (digits.Length is not (8 or 12 or 13 or 14))
        {
            problem = $"has {digits.Length} digits; a GTIN has 8, 12, 13 or 14";
            return false;
        }

        var expected = Gs1Linters.ComputeCheckDigit(digits.AsSpan(0, digits.Length - 1));
        if (expected != digits[^1])
        {
            problem = $"has a wrong check digit (the last digit should be {expected})";
            return false;
        }

        gtin14 = digits.PadLeft(14, '0');
        problem = "";
        return true;
    }
}
