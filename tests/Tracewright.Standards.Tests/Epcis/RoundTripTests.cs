using Tracewright.Standards.Epcis;

namespace Tracewright.Standards.Tests.Epcis;

/// <summary>
/// JSON → model → JSON and XML → model → XML keep every event: the re-read events have the same pre-hash strings (which cover
/// every hashed field and extension) and the same eventID, recordTime and errorDeclaration (which the hash leaves out).
/// </summary>
public sealed class RoundTripTests
{
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        foreach (var f in CorpusSelection.Gs1EpcisValid().Concat(CorpusSelection.OpenEpcisValid()))
            data.Add(f);
        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void SameSyntaxRoundTripPreservesEvents(string file)
    {
        var original = EpcisReading.Read(file).Document!;
        var xml = EpcisReading.IsXml(File.ReadAllText(EpcisCorpora.Full(file)));
        var written = xml ? EpcisXmlWriter.Write(original) : EpcisJsonWriter.Write(original);
        // EPCIS 1.2 documents may carry unqualified user elements, which a 2.0 document can only hold when read leniently.
        var options = original.SchemaVersion?.StartsWith('1') == true ? EpcisReadOptions.LenientDefault : null;
        var reread = xml ? EpcisXmlReader.Read(written, options) : EpcisJsonReader.Read(written, options);
        Assert.True(reread.Succeeded, string.Join("\n", reread.Errors.Take(5)) + "\n" + written);
        AssertSameEvents(original, reread.Document!);
    }

    /// <summary>JSON-sourced documents only: XML attributes on extension elements (e.g. xsi:type) have no JSON-LD form.</summary>
    public static TheoryData<string> JsonDocuments()
    {
        var data = new TheoryData<string>();
        foreach (var f in CorpusSelection.Gs1EpcisValid().Concat(CorpusSelection.OpenEpcisValid()).Where(f => !EpcisReading.IsXml(File.ReadAllText(EpcisCorpora.Full(f)))))
            data.Add(f);
        return data;
    }

    [Theory]
    [MemberData(nameof(JsonDocuments))]
    public void JsonToXmlToJsonPreservesEvents(string file)
    {
        var original = EpcisReading.Read(file).Document!;
        var viaXml = EpcisXmlReader.Read(EpcisXmlWriter.Write(original));
        Assert.True(viaXml.Succeeded, string.Join("\n", viaXml.Errors.Take(5)));
        var viaJson = EpcisJsonReader.Read(EpcisJsonWriter.Write(viaXml.Document!));
        Assert.True(viaJson.Succeeded, string.Join("\n", viaJson.Errors.Take(5)));
        AssertSameEvents(original, viaJson.Document!);
    }

    private static void AssertSameEvents(EpcisDocument expected, EpcisDocument actual)
    {
        Assert.Equal(expected.Events.Count, actual.Events.Count);
        for (var i = 0; i < expected.Events.Count; i++)
        {
            var (a, b) = (expected.Events[i], actual.Events[i]);
            Assert.Equal(EventHash.PreHash(a), EventHash.PreHash(b));
            Assert.Equal(a.EventId, b.EventId);
            Assert.Equal(a.RecordTime, b.RecordTime);
            Assert.Equal(a.ErrorDeclaration?.DeclarationTime, b.ErrorDeclaration?.DeclarationTime);
            Assert.Equal(a.ErrorDeclaration?.Reason, b.ErrorDeclaration?.Reason);
            Assert.Equal(a.ErrorDeclaration?.CorrectiveEventIds ?? [], b.ErrorDeclaration?.CorrectiveEventIds ?? []);
        }

        Assert.Equal(expected.Header.MasterData.Sum(v => v.Elements.Count), actual.Header.MasterData.Sum(v => v.Elements.Count));
    }
}
