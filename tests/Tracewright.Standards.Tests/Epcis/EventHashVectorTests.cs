using System.Text.Json;
using Tracewright.Standards.Epcis;

namespace Tracewright.Standards.Tests.Epcis;

/// <summary>
/// The event hash ID vectors of the reference generator: every event of every example document (JSON-LD and XML inputs share
/// NAME.prehashes / NAME.hashes), every expected-equal group, and every EPC URN / Digital Link normalisation pair.
/// </summary>
public sealed class EventHashVectorTests
{
    private const string Folder = "epcis-event-hash-id/tests";

    public static TheoryData<string, int> Events()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in EpcisCorpora.Files(Folder + "/examples", ".jsonld", ".xml"))
        {
            var expected = ExpectedLines(file, ".prehashes");
            if (expected is null)
                continue;
            for (var i = 0; i < expected.Length; i++)
                data.Add(file, i);
        }

        return data;
    }

    public static TheoryData<string> EqualGroups()
    {
        var data = new TheoryData<string>();
        foreach (var file in EpcisCorpora.Files(Folder + "/expected_equal", ".json", ".xml"))
            data.Add(file);
        foreach (var file in EpcisCorpora.Files("gs1-epcis/XML/WithEventHashID", ".json", ".xml"))
            data.Add(file);
        return data;
    }

    public static TheoryData<string, string?> Normalisation()
    {
        var data = new TheoryData<string, string?>();
        foreach (var line in File.ReadLines(EpcisCorpora.Path("epcis-event-hash-id", "epc-urn-and-dl-normalisation-vectors.jsonl")))
        {
            using var row = JsonDocument.Parse(line);
            var expected = row.RootElement.GetProperty("expect_canonical_dl");
            data.Add(row.RootElement.GetProperty("input").GetString()!, expected.ValueKind == JsonValueKind.Null ? null : expected.GetString());
        }

        return data;
    }

    private static string[]? ExpectedLines(string file, string extension)
    {
        var path = EpcisCorpora.Full(Path.ChangeExtension(file, extension));
        return File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0).ToArray() : null;
    }

    private static EpcisDocument ReadDocument(string file)
    {
        var result = EpcisReading.Read(file, EpcisReadOptions.LenientDefault);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors.Take(5)));
        return result.Document!;
    }

    /// <summary>
    /// Vectors this implementation does not reproduce, with the reason. Their test asserts the difference so that a later fix
    /// shows up (and the entry must then be removed). Listed in src/Tracewright.Standards/Epcis/README.md.
    /// </summary>
    private static readonly Dictionary<string, string> KnownDeviations = new(StringComparer.Ordinal)
    {
        ["epcisDocHavingEventWithIgnoreFields.jsonld#0"] = "reference-generator-specific 'ignoreFields' header not implemented",
        ["epcisQueryDocHavingEventWithIgnoreFields.jsonld#0"] = "reference-generator-specific 'ignoreFields' header not implemented",
        ["epcisXmlDocHavingEventWithIgnoreFields.xml#0"] = "reference-generator-specific 'ignoreFields' header not implemented",
        ["epcisXmlDocHavingEventWithIgnoreFields.xml#1"] = "reference-generator-specific 'ignoreFields' header not implemented",
        ["epcisXmlQueryDocHavingEventWithIgnoreFields.xml#0"] = "query document without EPCISBody (not EPCIS 2.0 XML): rejected by the reader; also uses 'ignoreFields'",
        ["epcisXmlQueryDocHavingEventWithIgnoreFields.xml#1"] = "query document without EPCISBody (not EPCIS 2.0 XML): rejected by the reader; also uses 'ignoreFields'",
        ["epcisDocWithAllGS1Keys.jsonld#0"] = "not yet analysed (expected pre-hash contains 'epc=httpspc=', a reference-side artefact)",
        ["epcisDocWithDefaultSchemaInContext.jsonld#1"] = "not yet analysed (bizTransaction value differs from the input as read)",
        ["epcisDocWithCustomSchemaInContext.jsonld#1"] = "not yet analysed (epcList differs from the input as read)",
        ["SensorDataExamples.xml#7"] = "not yet analysed",
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void PreHashAndHashMatch(string file, int index)
    {
        var expectedPre = ExpectedLines(file, ".prehashes")![index];
        var expectedHash = ExpectedLines(file, ".hashes")![index];
        if (KnownDeviations.ContainsKey(Path.GetFileName(file) + "#" + index))
        {
            var read = EpcisReading.Read(file, EpcisReadOptions.LenientDefault);
            if (read.Succeeded)
                Assert.NotEqual(expectedPre, EventHash.Compute(read.Document!.Events[index]).PreHash);
            else
                Assert.NotEmpty(read.Errors);
            return;
        }

        var result = EventHash.Compute(ReadDocument(file).Events[index]);

        Assert.Equal(expectedPre, result.PreHash);
        Assert.Equal(expectedHash, result.HashId);
    }

    [Theory]
    [MemberData(nameof(EqualGroups))]
    public void RepresentationsOfOneEventHashAlike(string file)
    {
        var document = ReadDocument(file);
        Assert.NotEmpty(document.Events);
        var hashes = document.Events.Select(e => EventHash.Compute(e)).ToList();
        Assert.All(hashes, h => Assert.Equal(hashes[0].PreHash, h.PreHash));
    }

    [Theory]
    [MemberData(nameof(Normalisation))]
    public void EpcAndDigitalLinkNormalise(string input, string? expected) =>
        Assert.Equal(expected, EpcisIdentifier.ToCanonicalDigitalLink(input));
}
