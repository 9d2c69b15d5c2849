using Tracewright.Standards.Epcis;

namespace Tracewright.Standards.Tests.Epcis;

/// <summary>Issue 15: a JSON object repeating a key was read with its last value ("action":"OBSERVE","action":"DELETE" became a DELETE).</summary>
public sealed class JsonDuplicateKeyTests
{
    [Fact]
    public void Issue15_the_gs1_example_that_repeats_eventID_is_refused_naming_the_key_and_its_place()
    {
        var read = EpcisReading.Read("gs1-epcis/JSON/AssociationEvent/AssociationEvent-h.jsonld", EpcisReadOptions.Default);

        Assert.False(read.Succeeded);
        var error = Assert.Single(read.Errors);
        Assert.Equal("$.epcisBody.eventList[0].eventID", error.Location);
        Assert.Contains("duplicate key 'eventID' at line 15, position 5", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"a": 1, "b": {"c": [1, {"d": 2, "d": 3}]}}""", "$.b.c[1].d", "line 1, position 34")]
    [InlineData("{\n\"x:y\": 1,\n  \"x:y\": 2}", "$.x:y", "line 3, position 3")]
    [InlineData("""{"@context": [], "@context": []}""", "$.@context", "line 1, position 18")]
    public void Duplicate_keys_anywhere_are_found_with_their_path_and_position(string json, string path, string position)
    {
        var read = EpcisJsonReader.Read(json, EpcisReadOptions.LenientDefault);

        var error = Assert.Single(read.Errors);
        Assert.Equal(path, error.Location);
        Assert.Contains(position, error.Message, StringComparison.Ordinal);
    }
}
