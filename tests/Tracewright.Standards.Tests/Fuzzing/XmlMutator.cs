using System.Xml;
using System.Xml.Linq;

namespace Tracewright.Standards.Tests.Fuzzing;

/// <summary>
/// Mutations that keep XML well formed (mostly), so the EPCIS reader's checks of elements and values run: an element
/// removed, repeated, renamed or given unknown children and attributes, text replaced by odd or huge values.
/// </summary>
public static class XmlMutator
{
    public static string Mutate(Random random, string xml)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return Fuzz.Mutate(random, xml);
        }

        var edits = 1 + random.Next(3);
        for (var e = 0; e < edits; e++)
        {
            var elements = document.Descendants().ToList();
            if (elements.Count == 0)
            {
                break;
            }

            var target = elements[random.Next(elements.Count)];
            switch (random.Next(7))
            {
                case 0 when target.Parent is not null:
                    target.Remove();
                    break;
                case 1 when target.Parent is not null:
                    target.AddAfterSelf(new XElement(target));
                    break;
                case 2:
                    target.Add(new XElement(target.Name.Namespace + ("unknown" + random.Next(10)), new string(Fuzz.RandomText(random, 20).Where(XmlConvert.IsXmlChar).ToArray())));
                    break;
                case 3:
                    target.SetAttributeValue("x" + random.Next(10), new string(Fuzz.RandomText(random, 20).Where(XmlConvert.IsXmlChar).ToArray()));
                    break;
                case 4 when target.Parent is not null:
                    target.Name = target.Name.Namespace + (random.Next(2) == 0 ? target.Name.LocalName.ToUpperInvariant() : "renamed");
                    break;
                default:
                    if (!target.HasElements)
                    {
                        target.Value = random.Next(4) switch
                        {
                            0 => "",
                            1 => new string('9', 1 + random.Next(20_000)),
                            2 => "-1",
                            _ => new string(Fuzz.RandomText(random, 40).Where(XmlConvert.IsXmlChar).ToArray()),
                        };
                    }
                    else
                    {
                        target.RemoveNodes();
                    }

                    break;
            }
        }

        return document.Declaration is null ? document.ToString(SaveOptions.DisableFormatting) : document.Declaration + document.ToString(SaveOptions.DisableFormatting);
    }
}
