namespace Tracewright.Standards.Gs1;

public static partial class Gs1Linters
{
    /// <summary>
    /// Walks a coupon value field by field. A truncated field is reported over the remaining data, or over the whole
    /// value when nothing remains, matching the GS1 reference highlighting.
    /// </summary>
    private ref struct CouponCursor(string data)
    {
        public int Position = 0;

        public readonly string Data => data;

        public readonly bool AtEnd => Position == data.Length;

        public readonly int Remaining => data.Length - Position;

        public readonly char Current => data[Position];

        public readonly Gs1LintResult Truncated(string error) =>
            AtEnd ? Gs1LintResult.Fail(error, 0, data.Length) : Gs1LintResult.Fail(error, Position, Remaining);

        public readonly Gs1LintResult Missing(string error) => Gs1LintResult.Fail(error, 0, data.Length);

        public readonly Gs1LintResult Here(string error) => Gs1LintResult.Fail(error, Position, 1);
    }

    private static Gs1LintResult CouponPositiveOffer(string d)
    {
        var digits = CsetNumeric(d);
        if (!digits.IsOk)
        {
            return digits;
        }

        var c = new CouponCursor(d);
        if (c.AtEnd)
        {
            return c.Missing(Gs1LintCodes.CouponMissingFormatCode);
        }

        if (c.Current is not ('0' or '1'))
        {
            return c.Here(Gs1LintCodes.CouponInvalidFormatCode);
        }

        c.Position++;
        if (c.AtEnd)
        {
            return c.Missing(Gs1LintCodes.CouponMissingFunderVli);
        }

        if (c.Current > '6')
        {
            return c.Here(Gs1LintCodes.CouponInvalidFunderLength);
        }

        var vli = c.Current - '0' + 6;
        c.Position++;
        if (c.Remaining < vli)
        {
            return c.Truncated(Gs1LintCodes.CouponTruncatedFunder);
        }

        c.Position += vli;
        if (c.Remaining < 6)
        {
            return c.Truncated(Gs1LintCodes.CouponTruncatedOfferCode);
        }

        c.Position += 6;
        if (c.AtEnd)
        {
            return c.Missing(Gs1LintCodes.CouponMissingSerialNumberVli);
        }

        vli = c.Current - '0' + 6;
        c.Position++;
        if (c.Remaining < vli)
        {
            return c.Truncated(Gs1LintCodes.CouponTruncatedSerialNumber);
        }

        c.Position += vli;
        return c.AtEnd ? Gs1LintResult.Ok : Gs1LintResult.Fail(Gs1LintCodes.CouponExcessData, c.Position, c.Remaining);
    }

    private static Gs1LintResult CouponCode(string d, IGs1CompanyPrefixLookup? lookup)
    {
        var digits = CsetNumeric(d);
        if (!digits.IsOk)
        {
            return digits;
        }

        var c = new CouponCursor(d);

        // Primary GCP: VLI 0..6 gives a length of 6..12.
        if (c.AtEnd)
        {
            return c.Missing(Gs1LintCodes.CouponMissingGcpVli);
        }

        if (c.Current > '6')
        {
            return c.Here(Gs1LintCodes.CouponInvalidGcpLength);
        }

        var vli = c.Current - '0' + 6;
        c.Position++;
        if (c.Remaining < vli)
        {
            return c.Truncated(Gs1LintCodes.CouponTruncatedGcp);
        }

        var gcp = CouponGcp(d, c.Position, vli, lookup);
        if (!gcp.IsOk)
        {
            return gcp;
        }

        c.Position += vli;
        if (c.Remaining < 6)
        {
            return c.Truncated(Gs1LintCodes.CouponTruncatedOfferCode);
        }

        c.Position += 6;

        var field = LengthPrefixed(ref c, '1', '5', Gs1LintCodes.CouponMissingSaveValueVli, Gs1LintCodes.CouponInvalidSaveValueLength, Gs1LintCodes.CouponTruncatedSaveValue);
        if (!field.IsOk)
        {
            return field;
        }

        field = PurchaseRequirement(ref c, Gs1LintCodes.CouponMissing1stPurchaseRequirementVli, Gs1LintCodes.CouponInvalid1stPurchaseRequirementLength,
            Gs1LintCodes.CouponTruncated1stPurchaseRequirement, Gs1LintCodes.CouponMissing1stPurchaseRequirementCode,
            Gs1LintCodes.CouponInvalid1stPurchaseRequirementCode, Gs1LintCodes.CouponTruncated1stPurchaseFamilyCode);
        if (!field.IsOk)
        {
            return field;
        }

        // Optional field 1: additional purchase rules and 2nd purchase.
        if (!c.AtEnd && c.Current == '1')
        {
            c.Position++;
            if (c.AtEnd)
            {
                return c.Missing(Gs1LintCodes.CouponMissingAdditionalPurchaseRulesCode);
            }

            if (c.Current > '3')
            {
                return c.Here(Gs1LintCodes.CouponInvalidAdditionalPurchaseRulesCode);
            }

            c.Position++;
            field = PurchaseRequirement(ref c, Gs1LintCodes.CouponMissing2ndPurchaseRequirementVli, Gs1LintCodes.CouponInvalid2ndPurchaseRequirementLength,
                Gs1LintCodes.CouponTruncated2ndPurchaseRequirement, Gs1LintCodes.CouponMissing2ndPurchaseRequirementCode,
                Gs1LintCodes.CouponInvalid2ndPurchaseRequirementCode, Gs1LintCodes.CouponTruncated2ndPurchaseFamilyCode);
            field = field.IsOk ? PurchaseGcp(ref c, lookup, Gs1LintCodes.CouponMissing2ndPurchaseGcpVli, Gs1LintCodes.CouponInvalid2ndPurchaseGcpLength, Gs1LintCodes.CouponTruncated2ndPurchaseGcp) : field;
            if (!field.IsOk)
            {
                return field;
            }
        }

        // Optional field 2: 3rd purchase.
        if (!c.AtEnd && c.Current == '2')
        {
            c.Position++;
            field = PurchaseRequirement(ref c, Gs1LintCodes.CouponMissing3rdPurchaseRequirementVli, Gs1LintCodes.CouponInvalid3rdPurchaseRequirementLength,
                Gs1LintCodes.CouponTruncated3rdPurchaseRequirement, Gs1LintCodes.CouponMissing3rdPurchaseRequirementCode,
                Gs1LintCodes.CouponInvalid3rdPurchaseRequirementCode, Gs1LintCodes.CouponTruncated3rdPurchaseFamilyCode);
            field = field.IsOk ? PurchaseGcp(ref c, lookup, Gs1LintCodes.CouponMissing3rdPurchaseGcpVli, Gs1LintCodes.CouponInvalid3rdPurchaseGcpLength, Gs1LintCodes.CouponTruncated3rdPurchaseGcp) : field;
            if (!field.IsOk)
            {
                return field;
            }
        }

        // Optional field 3: expiration date; optional field 4: start date (must not follow the expiration).
        var expiry = -1;
        if (!c.AtEnd && c.Current == '3')
        {
            c.Position++;
            if (c.Remaining < 6)
            {
                return c.Truncated(Gs1LintCodes.CouponTooShortForExpirationDate);
            }

            if (!Date(d.Substring(c.Position, 6), 2, allowZeroDay: false).IsOk)
            {
                return Gs1LintResult.Fail(Gs1LintCodes.CouponInvalidExipirationDate, c.Position, 6);
            }

            expiry = c.Position;
            c.Position += 6;
        }

        if (!c.AtEnd && c.Current == '4')
        {
            c.Position++;
            if (c.Remaining < 6)
            {
                return c.Truncated(Gs1LintCodes.CouponTooShortForStartDate);
            }

            if (!Date(d.Substring(c.Position, 6), 2, allowZeroDay: false).IsOk)
            {
                return Gs1LintResult.Fail(Gs1LintCodes.CouponInvalidStartDate, c.Position, 6);
            }

            if (expiry >= 0 && string.CompareOrdinal(d, c.Position, d, expiry, 6) > 0)
            {
                return Gs1LintResult.Fail(Gs1LintCodes.CouponExpirationBeforeStart, c.Position - 8, 14);
            }

            c.Position += 6;
        }

        // Optional field 5: serial number, VLI 0..9 gives a length of 6..15.
        if (!c.AtEnd && c.Current == '5')
        {
            c.Position++;
            if (c.AtEnd)
            {
                return c.Missing(Gs1LintCodes.CouponMissingSerialNumberVli);
            }

            vli = c.Current - '0' + 6;
            c.Position++;
            if (c.Remaining < vli)
            {
                return c.Truncated(Gs1LintCodes.CouponTruncatedSerialNumber);
            }

            c.Position += vli;
        }

        // Optional field 6: retailer GCP or GLN, VLI 1..7 gives a length of 7..13.
        if (!c.AtEnd && c.Current == '6')
        {
            c.Position++;
            if (c.AtEnd)
            {
                return c.Missing(Gs1LintCodes.CouponMissingRetailerGcpOrGlnVli);
            }

            if (c.Current is < '1' or > '7')
            {
                return c.Here(Gs1LintCodes.CouponInvalidRetailerGcpOrGlnLength);
            }

            vli = c.Current - '0' + 6;
            c.Position++;
            if (c.Remaining < vli)
            {
                return c.Truncated(Gs1LintCodes.CouponTruncatedRetailerGcpOrGln);
            }

            gcp = CouponGcp(d, c.Position, vli, lookup);
            if (!gcp.IsOk)
            {
                return gcp;
            }

            c.Position += vli;
        }

        // Optional field 9: miscellaneous flags.
        if (!c.AtEnd && c.Current == '9')
        {
            c.Position++;
            if (c.AtEnd)
            {
                return c.Missing(Gs1LintCodes.CouponMissingSaveValueCode);
            }

            if (c.Current is not ('0' or '1' or '2' or '5' or '6'))
            {
                return c.Here(Gs1LintCodes.CouponInvalidSaveValueCode);
            }

            c.Position++;
            if (c.AtEnd)
            {
                return c.Missing(Gs1LintCodes.CouponMissingSaveValueAppliesToItem);
            }

            if (c.Current > '2')
            {
                return c.Here(Gs1LintCodes.CouponInvalidSaveValueAppliesToItem);
            }

            c.Position++;
            if (c.AtEnd)
            {
                return c.Missing(Gs1LintCodes.CouponMissingStoreCouponFlag);
            }

            c.Position++;
            if (c.AtEnd)
            {
                return c.Missing(Gs1LintCodes.CouponMissingDontMultiplyFlag);
            }

            if (c.Current is not ('0' or '1'))
            {
                return c.Here(Gs1LintCodes.CouponInvalidDontMultiplyFlag);
            }

            c.Position++;
        }

        return c.AtEnd ? Gs1LintResult.Ok : Gs1LintResult.Fail(Gs1LintCodes.CouponExcessData, c.Position, c.Remaining);
    }

    private static Gs1LintResult CouponGcp(string d, int start, int length, IGs1CompanyPrefixLookup? lookup)
    {
        var result = GcpPos1(d.Substring(start, length), lookup);
        return result.IsOk ? result : Gs1LintResult.Fail(result.Error!, start, length);
    }

    private static Gs1LintResult LengthPrefixed(ref CouponCursor c, char min, char max, string missing, string invalid, string truncated)
    {
        if (c.AtEnd)
        {
            return c.Missing(missing);
        }

        if (c.Current < min || c.Current > max)
        {
            return c.Here(invalid);
        }

        var vli = c.Current - '0';
        c.Position++;
        if (c.Remaining < vli)
        {
            return c.Truncated(truncated);
        }

        c.Position += vli;
        return Gs1LintResult.Ok;
    }

    private static Gs1LintResult PurchaseRequirement(ref CouponCursor c, string missingVli, string invalidLength, string truncated,
        string missingCode, string invalidCode, string truncatedFamily)
    {
        var requirement = LengthPrefixed(ref c, '1', '5', missingVli, invalidLength, truncated);
        if (!requirement.IsOk)
        {
            return requirement;
        }

        if (c.AtEnd)
        {
            return c.Missing(missingCode);
        }

        if (c.Current > '4' && c.Current != '9')
        {
            return c.Here(invalidCode);
        }

        c.Position++;
        if (c.Remaining < 3)
        {
            return c.Truncated(truncatedFamily);
        }

        c.Position += 3;
        return Gs1LintResult.Ok;
    }

    private static Gs1LintResult PurchaseGcp(ref CouponCursor c, IGs1CompanyPrefixLookup? lookup, string missing, string invalid, string truncated)
    {
        if (c.AtEnd)
        {
            return c.Missing(missing);
        }

        if (c.Current > '6' && c.Current != '9')
        {
            return c.Here(invalid);
        }

        // VLI 9 means "no GCP" for additional purchases.
        var vli = c.Current != '9' ? c.Current - '0' + 6 : 0;
        c.Position++;
        if (c.Remaining < vli)
        {
            return c.Truncated(truncated);
        }

        if (vli > 0)
        {
            var gcp = CouponGcp(c.Data, c.Position, vli, lookup);
            if (!gcp.IsOk)
            {
                return gcp;
            }

            c.Position += vli;
        }

        return Gs1LintResult.Ok;
    }
}
