namespace Tracewright.Standards.Tests.Epcis;

/// <summary>
/// Every deliberately invalid openepcis document is rejected with non-empty messages; where the file name says what is wrong,
/// some message must name it (the expected word per file is listed here, derived from the file name).
/// </summary>
public sealed class InvalidCorpusDocumentTests
{
    private static readonly Dictionary<string, string> ExpectedWord = new(StringComparer.Ordinal)
    {
        ["ObjectEvent_with_near_miss_action"] = "action",
        ["ObjectEvent_with_invalid_action"] = "action",
        ["ObjectEvent_without_eventTime"] = "eventTime",
        ["ObjectEvent_with_unknown_element"] = "madeUpField",
        ["ObjectEvent_bare_event_without_action"] = "action",
        ["ObjectEvent_with_wrong_element_order"] = "order",
        ["ObjectEvent_with_invalid_eventTime_format"] = "eventTime",
        ["QueryDocument_with_invalid_eventType"] = "event type",
        ["QueryDocument_with_invalid_action"] = "action",
        ["QueryDocument_with_missing_value"] = "Poll",
        ["ObjectEvent_with_non_standard_bizStep"] = "bizStep",
        ["ObjectEvent_with_quantity_as_text"] = "quantity",
        ["EPCISDocument_without_context"] = "@context",
        ["ObjectEvent_with_invalid_certificationInfo"] = "certificationInfo",
        ["Combination_of_multiple_invalid_fields"] = "bizStep",
        ["ObjectEvent_with_unknown_field_in_quantityList"] = "weight",
        ["ObjectEvent_without_identifier_list"] = "epcList",
        ["ObjectEvent_with_ilmd_field_without_namespace"] = "ilmd",
        ["ObjectEvent_with_non_standard_disposition"] = "disposition",
        ["Combination_of_events_with_missing_mandatory_fields"] = "eventTimeZoneOffset",
        ["Combination_of_non_standard_bizStep_and_disposition"] = "disposition",
        ["ObjectEvent_with_non_standard_bizStep_in_second_event"] = "eventList[1]",
        ["ObjectEvent_without_action_and_eventTime"] = "action",
    };

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in CorpusSelection.OpenEpcisInvalid())
            data.Add(f);
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void InvalidDocumentIsRejected(string file)
    {
        var result = EpcisReading.Read(file);
        Assert.False(result.Succeeded);
        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        var name = Path.GetFileNameWithoutExtension(file);
        Assert.True(ExpectedWord.TryGetValue(name, out var word), $"no expected word listed for {name}");
        Assert.Contains(result.Errors, e => e.ToString().Contains(word, StringComparison.Ordinal));
    }
}
