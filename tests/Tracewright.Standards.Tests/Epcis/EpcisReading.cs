using Tracewright.Standards.Epcis;

namespace Tracewright.Standards.Tests.Epcis;

/// <summary>Reads a corpus file with the reader matching its syntax (decided by content, since some corpora mislabel extensions).</summary>
internal static class EpcisReading
{
    public static bool IsXml(string text) => text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith('<');

    public static EpcisReadResult Read(string relative, EpcisReadOptions? options = null)
    {
        var text = File.ReadAllText(EpcisCorpora.Full(relative));
        return IsXml(text) ? EpcisXmlReader.Read(text, options) : EpcisJsonReader.Read(text, options);
    }

    public static int Count(string relative)
    {
        var text = File.ReadAllText(EpcisCorpora.Full(relative));
        return IsXml(text) ? IndependentEventCounter.CountXml(text) : IndependentEventCounter.CountJson(text);
    }
}
