using Tracewright.Standards.Epcis;
using Xunit.Abstractions;

namespace Tracewright.Standards.Tests.Epcis;

/// <summary>Every valid example document of the EPCIS corpora reads without error and yields the independently counted events.</summary>
public sealed class ValidCorpusDocumentTests(ITestOutputHelper output)
{
    public static TheoryData<string> Gs1Epcis() => Data(CorpusSelection.Gs1EpcisValid());

    public static TheoryData<string> OpenEpcis() => Data(CorpusSelection.OpenEpcisValid());

    public static TheoryData<string> IftOpenTraceability() => Data(CorpusSelection.IftValid());

    private static TheoryData<string> Data(IEnumerable<string> files)
    {
        var data = new TheoryData<string>();
        foreach (var f in files)
            data.Add(f);
        return data;
    }

    [Theory]
    [MemberData(nameof(Gs1Epcis))]
    public void Gs1EpcisDocumentReads(string file) => AssertReads(file);

    [Theory]
    [MemberData(nameof(OpenEpcis))]
    public void OpenEpcisDocumentReads(string file) => AssertReads(file);

    [Theory]
    [MemberData(nameof(IftOpenTraceability))]
    public void IftDocumentReads(string file) => AssertReads(file, EpcisReadOptions.LenientDefault);

    private void AssertReads(string file, EpcisReadOptions? options = null)
    {
        var result = EpcisReading.Read(file, options);
        foreach (var e in result.Errors)
            output.WriteLine(e.ToString());
        Assert.True(result.Succeeded, string.Join("\n", result.Errors.Take(10)));
        Assert.Equal(EpcisReading.Count(file), result.Document!.Events.Count);
    }
}
