using System.Text.Json.Nodes;
using Tracewright.Standards.Gs1;

namespace Tracewright.Standards.Tests.Gs1;

internal static class VectorOptions
{
    /// <summary>
    /// Maps the upstream engine settings recorded in a vector row. The upstream unit tests call the parsers directly,
    /// which never run the AI association checks, so association validation is on only when asked for.
    /// </summary>
    public static Gs1ParseOptions From(JsonObject row, bool validateAssociations = false) => new()
    {
        PermitUnknownAis = VectorText.Flag(row, "PermitUnknownAIs"),
        PermitConvenienceAlphas = VectorText.Flag(row, "permitConvenienceAlphas"),
        PermitZeroSuppressedGtinInDigitalLinkUris = VectorText.Flag(row, "PermitZeroSuppressedGTINinDLuris"),
        PermitUnknownAisAsDigitalLinkAttributes = VectorText.OptionalFlag(row, "validation:UNKNOWN_AI_NOT_DL_ATTR") == false,
        ValidateAssociations = validateAssociations,
    };
}
