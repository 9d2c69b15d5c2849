namespace Tracewright.Standards.Gs1;

/// <summary>
/// GS1 reference linter error names, spelled exactly as in the GS1 Barcode Syntax Tests so that results can be
/// compared with other implementations and with published test vectors. Invariant: values never change.
/// </summary>
public static class Gs1LintCodes
{
    /// <summary><c>GS1_LINTER_COUPON_EXCESS_DATA</c></summary>
    public const string CouponExcessData = "GS1_LINTER_COUPON_EXCESS_DATA";

    /// <summary><c>GS1_LINTER_COUPON_EXPIRATION_BEFORE_START</c></summary>
    public const string CouponExpirationBeforeStart = "GS1_LINTER_COUPON_EXPIRATION_BEFORE_START";

    /// <summary><c>GS1_LINTER_COUPON_INVALID_1ST_PURCHASE_REQUIREMENT_CODE</c></summary>
    public const string CouponInvalid1stPurchaseRequirementCode = "GS1_LINTER_COUPON_INVALID_1ST_PURCHASE_REQUIREMENT_CODE";

    /// <summary><c>GS1_LINTER_COUPON_INVALID_1ST_PURCHASE_REQUIREMENT_LENGTH</c></summary>
    public const string CouponInvalid1stPurchaseRequirementLength = "GS1_LINTER_COUPON_INVALID_1ST_PURCHASE_REQUIREMENT_LENGTH";

    /// <summary><c>GS1_LINTER_COUPON_INVALID_2ND_PURCHASE_GCP_LENGTH</c></summary>
    public const string CouponInvalid2ndPurchaseGcpLength = "GS1_LINTER_COUPON_INVALID_2ND_PURCHASE_GCP_LENGTH";

    /// <summary><c>GS1_LINTER_COUPON_INVALID_2ND_PURCHASE_REQUIREMENT_CODE</c></summary>
    public const string CouponInvalid2ndPurchaseRequirementCode = "GS1_LINTER_COUPON_INVALID_2ND_PURCHASE_REQUIREMENT_CODE";

    /// <summary><c>GS1_LINTER_COUPON_INVALID_2ND_PURCHASE_REQUIREMENT_LENGTH</c></summary>
    public const string CouponInvalid2ndPurchaseRequirementLength = "GS1_LINTER_COUPON_INVALID_2ND_PURCHASE_REQUIREMENT_LENGTH";

    /// <summary><c>GS1_LINTER_COUPON_INVALID_3RD_PURCHASE_GCP_LENGTH</c></summary>
    public const string CouponInvalid3rdPurchaseGcpLength = "GS1_LINTER_COUPON_INVALID_3RD_PURCHASE_GCP_LENGTH";

    /// <summary><c>GS1_LINTER_COUPON_INVALID_3RD_PURCHASE_REQUIREMENT_CODE</c></summary>
    public const string CouponInvalid3rdPurchaseRequirementCode = "GS1_LINTER_COUPON_INVALID_3RD_PURCHASE_REQUIREMENT_CODE";

    /// <summary><c>GS1_LINTER_COUPON_INVALID_3RD_PURCHASE_REQUIREMENT_LENGTH</c></summary>
    public const string CouponInvalid3rdPurchaseRequirementLength = "GS1_LINTER_COUPON_INVALID_3RD_PURCHASE_REQUIREMENT_LENGTH";

    /// <summary><c>GS1_LINTER_COUPON_INVALID_ADDITIONAL_PURCHASE_RULES_CODE</c></summary>
    public const string CouponInvalidAdditionalPurchaseRulesCode = "GS1_LINTER_COUPON_INVALID_ADDITIONAL_PURCHASE_RULES_CODE";

    /// <summary><c>GS1_LINTER_COUPON_INVALID_DONT_MULTIPLY_FLAG</c></summary>
    public const string CouponInvalidDontMultiplyFlag = "GS1_LINTER_COUPON_INVALID_DONT_MULTIPLY_FLAG";

    /// <summary><c>GS1_LINTER_COUPON_INVALID_EXIPIRATION_DATE</c></summary>
    public const string CouponInvalidExipirationDate = "GS1_LINTER_COUPON_INVALID_EXIPIRATION_DATE";

    /// <summary><c>GS1_LINTER_COUPON_INVALID_FORMAT_CODE</c></summary>
    public const string CouponInvalidFormatCode = "GS1_LINTER_COUPON_INVALID_FORMAT_CODE";

    /// <summary><c>GS1_LINTER_COUPON_INVALID_FUNDER_LENGTH</c></summary>
    public const string CouponInvalidFunderLength = "GS1_LINTER_COUPON_INVALID_FUNDER_LENGTH";

    /// <summary><c>GS1_LINTER_COUPON_INVALID_GCP_LENGTH</c></summary>
    public const string CouponInvalidGcpLength = "GS1_LINTER_COUPON_INVALID_GCP_LENGTH";

    /// <summary><c>GS1_LINTER_COUPON_INVALID_RETAILER_GCP_OR_GLN_LENGTH</c></summary>
    public const string CouponInvalidRetailerGcpOrGlnLength = "GS1_LINTER_COUPON_INVALID_RETAILER_GCP_OR_GLN_LENGTH";

    /// <summary><c>GS1_LINTER_COUPON_INVALID_SAVE_VALUE_APPLIES_TO_ITEM</c></summary>
    public const string CouponInvalidSaveValueAppliesToItem = "GS1_LINTER_COUPON_INVALID_SAVE_VALUE_APPLIES_TO_ITEM";

    /// <summary><c>GS1_LINTER_COUPON_INVALID_SAVE_VALUE_CODE</c></summary>
    public const string CouponInvalidSaveValueCode = "GS1_LINTER_COUPON_INVALID_SAVE_VALUE_CODE";

    /// <summary><c>GS1_LINTER_COUPON_INVALID_SAVE_VALUE_LENGTH</c></summary>
    public const string CouponInvalidSaveValueLength = "GS1_LINTER_COUPON_INVALID_SAVE_VALUE_LENGTH";

    /// <summary><c>GS1_LINTER_COUPON_INVALID_START_DATE</c></summary>
    public const string CouponInvalidStartDate = "GS1_LINTER_COUPON_INVALID_START_DATE";

    /// <summary><c>GS1_LINTER_COUPON_MISSING_1ST_PURCHASE_REQUIREMENT_CODE</c></summary>
    public const string CouponMissing1stPurchaseRequirementCode = "GS1_LINTER_COUPON_MISSING_1ST_PURCHASE_REQUIREMENT_CODE";

    /// <summary><c>GS1_LINTER_COUPON_MISSING_1ST_PURCHASE_REQUIREMENT_VLI</c></summary>
    public const string CouponMissing1stPurchaseRequirementVli = "GS1_LINTER_COUPON_MISSING_1ST_PURCHASE_REQUIREMENT_VLI";

    /// <summary><c>GS1_LINTER_COUPON_MISSING_2ND_PURCHASE_GCP_VLI</c></summary>
    public const string CouponMissing2ndPurchaseGcpVli = "GS1_LINTER_COUPON_MISSING_2ND_PURCHASE_GCP_VLI";

    /// <summary><c>GS1_LINTER_COUPON_MISSING_2ND_PURCHASE_REQUIREMENT_CODE</c></summary>
    public const string CouponMissing2ndPurchaseRequirementCode = "GS1_LINTER_COUPON_MISSING_2ND_PURCHASE_REQUIREMENT_CODE";

    /// <summary><c>GS1_LINTER_COUPON_MISSING_2ND_PURCHASE_REQUIREMENT_VLI</c></summary>
    public const string CouponMissing2ndPurchaseRequirementVli = "GS1_LINTER_COUPON_MISSING_2ND_PURCHASE_REQUIREMENT_VLI";

    /// <summary><c>GS1_LINTER_COUPON_MISSING_3RD_PURCHASE_GCP_VLI</c></summary>
    public const string CouponMissing3rdPurchaseGcpVli = "GS1_LINTER_COUPON_MISSING_3RD_PURCHASE_GCP_VLI";

    /// <summary><c>GS1_LINTER_COUPON_MISSING_3RD_PURCHASE_REQUIREMENT_CODE</c></summary>
    public const string CouponMissing3rdPurchaseRequirementCode = "GS1_LINTER_COUPON_MISSING_3RD_PURCHASE_REQUIREMENT_CODE";

    /// <summary><c>GS1_LINTER_COUPON_MISSING_3RD_PURCHASE_REQUIREMENT_VLI</c></summary>
    public const string CouponMissing3rdPurchaseRequirementVli = "GS1_LINTER_COUPON_MISSING_3RD_PURCHASE_REQUIREMENT_VLI";

    /// <summary><c>GS1_LINTER_COUPON_MISSING_ADDITIONAL_PURCHASE_RULES_CODE</c></summary>
    public const string CouponMissingAdditionalPurchaseRulesCode = "GS1_LINTER_COUPON_MISSING_ADDITIONAL_PURCHASE_RULES_CODE";

    /// <summary><c>GS1_LINTER_COUPON_MISSING_DONT_MULTIPLY_FLAG</c></summary>
    public const string CouponMissingDontMultiplyFlag = "GS1_LINTER_COUPON_MISSING_DONT_MULTIPLY_FLAG";

    /// <summary><c>GS1_LINTER_COUPON_MISSING_FORMAT_CODE</c></summary>
    public const string CouponMissingFormatCode = "GS1_LINTER_COUPON_MISSING_FORMAT_CODE";

    /// <summary><c>GS1_LINTER_COUPON_MISSING_FUNDER_VLI</c></summary>
    public const string CouponMissingFunderVli = "GS1_LINTER_COUPON_MISSING_FUNDER_VLI";

    /// <summary><c>GS1_LINTER_COUPON_MISSING_GCP_VLI</c></summary>
    public const string CouponMissingGcpVli = "GS1_LINTER_COUPON_MISSING_GCP_VLI";

    /// <summary><c>GS1_LINTER_COUPON_MISSING_RETAILER_GCP_OR_GLN_VLI</c></summary>
    public const string CouponMissingRetailerGcpOrGlnVli = "GS1_LINTER_COUPON_MISSING_RETAILER_GCP_OR_GLN_VLI";

    /// <summary><c>GS1_LINTER_COUPON_MISSING_SAVE_VALUE_APPLIES_TO_ITEM</c></summary>
    public const string CouponMissingSaveValueAppliesToItem = "GS1_LINTER_COUPON_MISSING_SAVE_VALUE_APPLIES_TO_ITEM";

    /// <summary><c>GS1_LINTER_COUPON_MISSING_SAVE_VALUE_CODE</c></summary>
    public const string CouponMissingSaveValueCode = "GS1_LINTER_COUPON_MISSING_SAVE_VALUE_CODE";

    /// <summary><c>GS1_LINTER_COUPON_MISSING_SAVE_VALUE_VLI</c></summary>
    public const string CouponMissingSaveValueVli = "GS1_LINTER_COUPON_MISSING_SAVE_VALUE_VLI";

    /// <summary><c>GS1_LINTER_COUPON_MISSING_SERIAL_NUMBER_VLI</c></summary>
    public const string CouponMissingSerialNumberVli = "GS1_LINTER_COUPON_MISSING_SERIAL_NUMBER_VLI";

    /// <summary><c>GS1_LINTER_COUPON_MISSING_STORE_COUPON_FLAG</c></summary>
    public const string CouponMissingStoreCouponFlag = "GS1_LINTER_COUPON_MISSING_STORE_COUPON_FLAG";

    /// <summary><c>GS1_LINTER_COUPON_TOO_SHORT_FOR_EXPIRATION_DATE</c></summary>
    public const string CouponTooShortForExpirationDate = "GS1_LINTER_COUPON_TOO_SHORT_FOR_EXPIRATION_DATE";

    /// <summary><c>GS1_LINTER_COUPON_TOO_SHORT_FOR_START_DATE</c></summary>
    public const string CouponTooShortForStartDate = "GS1_LINTER_COUPON_TOO_SHORT_FOR_START_DATE";

    /// <summary><c>GS1_LINTER_COUPON_TRUNCATED_1ST_PURCHASE_FAMILY_CODE</c></summary>
    public const string CouponTruncated1stPurchaseFamilyCode = "GS1_LINTER_COUPON_TRUNCATED_1ST_PURCHASE_FAMILY_CODE";

    /// <summary><c>GS1_LINTER_COUPON_TRUNCATED_1ST_PURCHASE_REQUIREMENT</c></summary>
    public const string CouponTruncated1stPurchaseRequirement = "GS1_LINTER_COUPON_TRUNCATED_1ST_PURCHASE_REQUIREMENT";

    /// <summary><c>GS1_LINTER_COUPON_TRUNCATED_2ND_PURCHASE_FAMILY_CODE</c></summary>
    public const string CouponTruncated2ndPurchaseFamilyCode = "GS1_LINTER_COUPON_TRUNCATED_2ND_PURCHASE_FAMILY_CODE";

    /// <summary><c>GS1_LINTER_COUPON_TRUNCATED_2ND_PURCHASE_GCP</c></summary>
    public const string CouponTruncated2ndPurchaseGcp = "GS1_LINTER_COUPON_TRUNCATED_2ND_PURCHASE_GCP";

    /// <summary><c>GS1_LINTER_COUPON_TRUNCATED_2ND_PURCHASE_REQUIREMENT</c></summary>
    public const string CouponTruncated2ndPurchaseRequirement = "GS1_LINTER_COUPON_TRUNCATED_2ND_PURCHASE_REQUIREMENT";

    /// <summary><c>GS1_LINTER_COUPON_TRUNCATED_3RD_PURCHASE_FAMILY_CODE</c></summary>
    public const string CouponTruncated3rdPurchaseFamilyCode = "GS1_LINTER_COUPON_TRUNCATED_3RD_PURCHASE_FAMILY_CODE";

    /// <summary><c>GS1_LINTER_COUPON_TRUNCATED_3RD_PURCHASE_GCP</c></summary>
    public const string CouponTruncated3rdPurchaseGcp = "GS1_LINTER_COUPON_TRUNCATED_3RD_PURCHASE_GCP";

    /// <summary><c>GS1_LINTER_COUPON_TRUNCATED_3RD_PURCHASE_REQUIREMENT</c></summary>
    public const string CouponTruncated3rdPurchaseRequirement = "GS1_LINTER_COUPON_TRUNCATED_3RD_PURCHASE_REQUIREMENT";

    /// <summary><c>GS1_LINTER_COUPON_TRUNCATED_FUNDER</c></summary>
    public const string CouponTruncatedFunder = "GS1_LINTER_COUPON_TRUNCATED_FUNDER";

    /// <summary><c>GS1_LINTER_COUPON_TRUNCATED_GCP</c></summary>
    public const string CouponTruncatedGcp = "GS1_LINTER_COUPON_TRUNCATED_GCP";

    /// <summary><c>GS1_LINTER_COUPON_TRUNCATED_OFFER_CODE</c></summary>
    public const string CouponTruncatedOfferCode = "GS1_LINTER_COUPON_TRUNCATED_OFFER_CODE";

    /// <summary><c>GS1_LINTER_COUPON_TRUNCATED_RETAILER_GCP_OR_GLN</c></summary>
    public const string CouponTruncatedRetailerGcpOrGln = "GS1_LINTER_COUPON_TRUNCATED_RETAILER_GCP_OR_GLN";

    /// <summary><c>GS1_LINTER_COUPON_TRUNCATED_SAVE_VALUE</c></summary>
    public const string CouponTruncatedSaveValue = "GS1_LINTER_COUPON_TRUNCATED_SAVE_VALUE";

    /// <summary><c>GS1_LINTER_COUPON_TRUNCATED_SERIAL_NUMBER</c></summary>
    public const string CouponTruncatedSerialNumber = "GS1_LINTER_COUPON_TRUNCATED_SERIAL_NUMBER";

    /// <summary><c>GS1_LINTER_DATE_TOO_LONG</c></summary>
    public const string DateTooLong = "GS1_LINTER_DATE_TOO_LONG";

    /// <summary><c>GS1_LINTER_DATE_TOO_SHORT</c></summary>
    public const string DateTooShort = "GS1_LINTER_DATE_TOO_SHORT";

    /// <summary><c>GS1_LINTER_GCP_DATASOURCE_OFFLINE</c></summary>
    public const string GcpDatasourceOffline = "GS1_LINTER_GCP_DATASOURCE_OFFLINE";

    /// <summary><c>GS1_LINTER_HOUR_TOO_LONG</c></summary>
    public const string HourTooLong = "GS1_LINTER_HOUR_TOO_LONG";

    /// <summary><c>GS1_LINTER_HOUR_TOO_SHORT</c></summary>
    public const string HourTooShort = "GS1_LINTER_HOUR_TOO_SHORT";

    /// <summary><c>GS1_LINTER_HOUR_WITH_MINUTE_TOO_LONG</c></summary>
    public const string HourWithMinuteTooLong = "GS1_LINTER_HOUR_WITH_MINUTE_TOO_LONG";

    /// <summary><c>GS1_LINTER_HOUR_WITH_MINUTE_TOO_SHORT</c></summary>
    public const string HourWithMinuteTooShort = "GS1_LINTER_HOUR_WITH_MINUTE_TOO_SHORT";

    /// <summary><c>GS1_LINTER_IBAN_TOO_LONG</c></summary>
    public const string IbanTooLong = "GS1_LINTER_IBAN_TOO_LONG";

    /// <summary><c>GS1_LINTER_IBAN_TOO_SHORT</c></summary>
    public const string IbanTooShort = "GS1_LINTER_IBAN_TOO_SHORT";

    /// <summary><c>GS1_LINTER_ILLEGAL_DAY</c></summary>
    public const string IllegalDay = "GS1_LINTER_ILLEGAL_DAY";

    /// <summary><c>GS1_LINTER_ILLEGAL_HOUR</c></summary>
    public const string IllegalHour = "GS1_LINTER_ILLEGAL_HOUR";

    /// <summary><c>GS1_LINTER_ILLEGAL_IBAN_COUNTRY_CODE</c></summary>
    public const string IllegalIbanCountryCode = "GS1_LINTER_ILLEGAL_IBAN_COUNTRY_CODE";

    /// <summary><c>GS1_LINTER_ILLEGAL_MINUTE</c></summary>
    public const string IllegalMinute = "GS1_LINTER_ILLEGAL_MINUTE";

    /// <summary><c>GS1_LINTER_ILLEGAL_MONTH</c></summary>
    public const string IllegalMonth = "GS1_LINTER_ILLEGAL_MONTH";

    /// <summary><c>GS1_LINTER_ILLEGAL_SECOND</c></summary>
    public const string IllegalSecond = "GS1_LINTER_ILLEGAL_SECOND";

    /// <summary><c>GS1_LINTER_ILLEGAL_ZERO_PREFIX</c></summary>
    public const string IllegalZeroPrefix = "GS1_LINTER_ILLEGAL_ZERO_PREFIX";

    /// <summary><c>GS1_LINTER_ILLEGAL_ZERO_VALUE</c></summary>
    public const string IllegalZeroValue = "GS1_LINTER_ILLEGAL_ZERO_VALUE";

    /// <summary><c>GS1_LINTER_IMPORTER_IDX_MUST_BE_ONE_CHARACTER</c></summary>
    public const string ImporterIdxMustBeOneCharacter = "GS1_LINTER_IMPORTER_IDX_MUST_BE_ONE_CHARACTER";

    /// <summary><c>GS1_LINTER_INCORRECT_CHECK_DIGIT</c></summary>
    public const string IncorrectCheckDigit = "GS1_LINTER_INCORRECT_CHECK_DIGIT";

    /// <summary><c>GS1_LINTER_INCORRECT_CHECK_PAIR</c></summary>
    public const string IncorrectCheckPair = "GS1_LINTER_INCORRECT_CHECK_PAIR";

    /// <summary><c>GS1_LINTER_INCORRECT_IBAN_CHECKSUM</c></summary>
    public const string IncorrectIbanChecksum = "GS1_LINTER_INCORRECT_IBAN_CHECKSUM";

    /// <summary><c>GS1_LINTER_INVALID_BIOLOGICAL_SEX_CODE</c></summary>
    public const string InvalidBiologicalSexCode = "GS1_LINTER_INVALID_BIOLOGICAL_SEX_CODE";

    /// <summary><c>GS1_LINTER_INVALID_CSET39_CHARACTER</c></summary>
    public const string InvalidCset39Character = "GS1_LINTER_INVALID_CSET39_CHARACTER";

    /// <summary><c>GS1_LINTER_INVALID_CSET64_CHARACTER</c></summary>
    public const string InvalidCset64Character = "GS1_LINTER_INVALID_CSET64_CHARACTER";

    /// <summary><c>GS1_LINTER_INVALID_CSET64_PADDING</c></summary>
    public const string InvalidCset64Padding = "GS1_LINTER_INVALID_CSET64_PADDING";

    /// <summary><c>GS1_LINTER_INVALID_CSET82_CHARACTER</c></summary>
    public const string InvalidCset82Character = "GS1_LINTER_INVALID_CSET82_CHARACTER";

    /// <summary><c>GS1_LINTER_INVALID_GCP_PREFIX</c></summary>
    public const string InvalidGcpPrefix = "GS1_LINTER_INVALID_GCP_PREFIX";

    /// <summary><c>GS1_LINTER_INVALID_IBAN_CHARACTER</c></summary>
    public const string InvalidIbanCharacter = "GS1_LINTER_INVALID_IBAN_CHARACTER";

    /// <summary><c>GS1_LINTER_INVALID_IMPORT_IDX_CHARACTER</c></summary>
    public const string InvalidImportIdxCharacter = "GS1_LINTER_INVALID_IMPORT_IDX_CHARACTER";

    /// <summary><c>GS1_LINTER_INVALID_LATITUDE</c></summary>
    public const string InvalidLatitude = "GS1_LINTER_INVALID_LATITUDE";

    /// <summary><c>GS1_LINTER_INVALID_LENGTH_FOR_PIECE_OF_TOTAL</c></summary>
    public const string InvalidLengthForPieceOfTotal = "GS1_LINTER_INVALID_LENGTH_FOR_PIECE_OF_TOTAL";

    /// <summary><c>GS1_LINTER_INVALID_LONGITUDE</c></summary>
    public const string InvalidLongitude = "GS1_LINTER_INVALID_LONGITUDE";

    /// <summary><c>GS1_LINTER_INVALID_MEDIA_TYPE</c></summary>
    public const string InvalidMediaType = "GS1_LINTER_INVALID_MEDIA_TYPE";

    /// <summary><c>GS1_LINTER_INVALID_PACKAGE_TYPE</c></summary>
    public const string InvalidPackageType = "GS1_LINTER_INVALID_PACKAGE_TYPE";

    /// <summary><c>GS1_LINTER_INVALID_PERCENT_SEQUENCE</c></summary>
    public const string InvalidPercentSequence = "GS1_LINTER_INVALID_PERCENT_SEQUENCE";

    /// <summary><c>GS1_LINTER_INVALID_WINDING_DIRECTION</c></summary>
    public const string InvalidWindingDirection = "GS1_LINTER_INVALID_WINDING_DIRECTION";

    /// <summary><c>GS1_LINTER_LATITUDE_INVALID_LENGTH</c></summary>
    public const string LatitudeInvalidLength = "GS1_LINTER_LATITUDE_INVALID_LENGTH";

    /// <summary><c>GS1_LINTER_LONGITUDE_INVALID_LENGTH</c></summary>
    public const string LongitudeInvalidLength = "GS1_LINTER_LONGITUDE_INVALID_LENGTH";

    /// <summary><c>GS1_LINTER_MINUTE_TOO_LONG</c></summary>
    public const string MinuteTooLong = "GS1_LINTER_MINUTE_TOO_LONG";

    /// <summary><c>GS1_LINTER_MINUTE_TOO_SHORT</c></summary>
    public const string MinuteTooShort = "GS1_LINTER_MINUTE_TOO_SHORT";

    /// <summary><c>GS1_LINTER_NON_DIGIT_CHARACTER</c></summary>
    public const string NonDigitCharacter = "GS1_LINTER_NON_DIGIT_CHARACTER";

    /// <summary><c>GS1_LINTER_NOT_HYPHEN</c></summary>
    public const string NotHyphen = "GS1_LINTER_NOT_HYPHEN";

    /// <summary><c>GS1_LINTER_NOT_ISO3166</c></summary>
    public const string NotIso3166 = "GS1_LINTER_NOT_ISO3166";

    /// <summary><c>GS1_LINTER_NOT_ISO3166_ALPHA2</c></summary>
    public const string NotIso3166Alpha2 = "GS1_LINTER_NOT_ISO3166_ALPHA2";

    /// <summary><c>GS1_LINTER_NOT_ISO3166_OR_999</c></summary>
    public const string NotIso3166Or999 = "GS1_LINTER_NOT_ISO3166_OR_999";

    /// <summary><c>GS1_LINTER_NOT_ISO4217</c></summary>
    public const string NotIso4217 = "GS1_LINTER_NOT_ISO4217";

    /// <summary><c>GS1_LINTER_NOT_ZERO</c></summary>
    public const string NotZero = "GS1_LINTER_NOT_ZERO";

    /// <summary><c>GS1_LINTER_NOT_ZERO_OR_ONE</c></summary>
    public const string NotZeroOrOne = "GS1_LINTER_NOT_ZERO_OR_ONE";

    /// <summary><c>GS1_LINTER_OK</c></summary>
    public const string Ok = "GS1_LINTER_OK";

    /// <summary><c>GS1_LINTER_PIECE_NUMBER_EXCEEDS_TOTAL</c></summary>
    public const string PieceNumberExceedsTotal = "GS1_LINTER_PIECE_NUMBER_EXCEEDS_TOTAL";

    /// <summary><c>GS1_LINTER_POSITION_EXCEEDS_END</c></summary>
    public const string PositionExceedsEnd = "GS1_LINTER_POSITION_EXCEEDS_END";

    /// <summary><c>GS1_LINTER_POSITION_IN_SEQUENCE_MALFORMED</c></summary>
    public const string PositionInSequenceMalformed = "GS1_LINTER_POSITION_IN_SEQUENCE_MALFORMED";

    /// <summary><c>GS1_LINTER_REQUIRES_NON_DIGIT_CHARACTER</c></summary>
    public const string RequiresNonDigitCharacter = "GS1_LINTER_REQUIRES_NON_DIGIT_CHARACTER";

    /// <summary><c>GS1_LINTER_SECOND_TOO_LONG</c></summary>
    public const string SecondTooLong = "GS1_LINTER_SECOND_TOO_LONG";

    /// <summary><c>GS1_LINTER_SECOND_TOO_SHORT</c></summary>
    public const string SecondTooShort = "GS1_LINTER_SECOND_TOO_SHORT";

    /// <summary><c>GS1_LINTER_TOO_LONG_FOR_CHECK_PAIR_IMPLEMENTATION</c></summary>
    public const string TooLongForCheckPairImplementation = "GS1_LINTER_TOO_LONG_FOR_CHECK_PAIR_IMPLEMENTATION";

    /// <summary><c>GS1_LINTER_TOO_SHORT_FOR_CHECK_DIGIT</c></summary>
    public const string TooShortForCheckDigit = "GS1_LINTER_TOO_SHORT_FOR_CHECK_DIGIT";

    /// <summary><c>GS1_LINTER_TOO_SHORT_FOR_CHECK_PAIR</c></summary>
    public const string TooShortForCheckPair = "GS1_LINTER_TOO_SHORT_FOR_CHECK_PAIR";

    /// <summary><c>GS1_LINTER_TOO_SHORT_FOR_GCP</c></summary>
    public const string TooShortForGcp = "GS1_LINTER_TOO_SHORT_FOR_GCP";

    /// <summary><c>GS1_LINTER_ZERO_PIECE_NUMBER</c></summary>
    public const string ZeroPieceNumber = "GS1_LINTER_ZERO_PIECE_NUMBER";

    /// <summary><c>GS1_LINTER_ZERO_TOTAL_PIECES</c></summary>
    public const string ZeroTotalPieces = "GS1_LINTER_ZERO_TOTAL_PIECES";
}
