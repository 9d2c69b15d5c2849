using System.Xml;
using System.Xml.Linq;

namespace Tracewright.Standards.Epcis;

/// <summary>
/// Reads EPCIS 2.0 XML (namespace <c>urn:epcglobal:epcis:xsd:2</c>) and EPCIS 1.2 XML (<c>…:xsd:1</c>): EPCISDocument,
/// EPCISQueryDocument with QueryResults, or one bare event element. Parsing is hardened for untrusted input: DTDs are
/// prohibited (no entity expansion), no external resolver, and size and depth limits apply. The 1.x <c>extension</c> and
/// <c>baseExtension</c> wrappers are flattened. For 2.0 documents the XSD's fixed order of standard event fields is enforced;
/// 1.2 documents are read leniently in that respect because their order differs. Errors carry the line number and element path.
/// </summary>
public static partial class EpcisXmlReader
{
    public static EpcisReadResult Read(string xml, EpcisReadOptions? options = null)
    {
        options ??= EpcisReadOptions.Default;
        using var text = new StringReader(xml);
        return Read(text, options);
    }

    public static EpcisReadResult Read(Stream stream, EpcisReadOptions? options = null)
    {
        options ??= EpcisReadOptions.Default;
        using var text = new StreamReader(stream);
        return Read(text, options);
    }

    private static EpcisReadResult Read(TextReader input, EpcisReadOptions options)
    {
        var buffer = new char[Math.Min(options.MaxCharacters + 1L, int.MaxValue)];
        var length = input.ReadBlock(buffer, 0, buffer.Length);
        if (length > options.MaxCharacters)
            return EpcisReadResult.From(null, [new EpcisError("line 1", $"document is larger than the limit of {options.MaxCharacters} characters")]);
        // A bare "<!DOCTYPE name>" (no internal subset, no external id) cannot declare entities; several GS1 examples carry one.
        // Removing just that form keeps DtdProcessing.Prohibit for every DTD that could do harm.
        var source = BareDoctype().Replace(new string(buffer, 0, length), "", 1);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = options.MaxCharacters,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        XDocument doc;
        try
        {
            // The depth is checked while streaming, before a tree exists: a document nested millions deep must be refused
            // without building it, and without walking it by recursion, which would overflow the stack and end the process.
            if (TooDeep(source, settings, options.MaxDepth) is { } line)
                return EpcisReadResult.From(null, [new EpcisError($"line {line}", $"XML nesting is deeper than the limit of {options.MaxDepth}")]);
            using var reader = XmlReader.Create(new StringReader(source), settings);
            doc = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            return EpcisReadResult.From(null, [new EpcisError($"line {ex.LineNumber}, position {ex.LinePosition}", "malformed or unsafe XML: " + ex.Message)]);
        }

        var errors = new List<EpcisError>();
        var document = new XmlSession(errors, options.Lenient).ReadRoot(doc.Root!);
        return EpcisReadResult.From(document, errors);
    }

    /// <summary>The line of the first element nested deeper than <paramref name="maxDepth"/>, or null when none is.</summary>
    private static int? TooDeep(string source, XmlReaderSettings settings, int maxDepth)
    {
        using var reader = XmlReader.Create(new StringReader(source), settings);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth >= maxDepth)
                return (reader as IXmlLineInfo)?.LineNumber ?? 1;
        }

        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"<!DOCTYPE\s+[A-Za-z_][\w.:-]*\s*>", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex BareDoctype();
}
