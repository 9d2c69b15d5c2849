using System.Globalization;
using System.Text;
using System.Xml;

namespace Tracewright.Labels;

/// <summary>
/// One label as SVG, sized in millimetres so it prints at true size. The QR code is one path in module units
/// (one subpath per dark run), drawn with crisp edges so no anti-aliasing seams appear between modules.
/// </summary>
public static class SvgLabel
{
    public static string Render(LabelData label, double width, double height)
    {
        var layout = LabelLayout.For(label, width, height);
        var symbol = QrSymbol.Encode(label.QrPayload);
        var module = layout.QrSide / symbol.Size;

        // A StringBuilder would make the declaration say utf-16 (a string's encoding); the label is served and saved as UTF-8.
        var text = new Utf8StringWriter();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false }))
        {
            const string ns = "http://www.w3.org/2000/svg";
            xml.WriteStartElement("svg", ns);
            xml.WriteAttributeString("width", $"{N(width)}mm");
            xml.WriteAttributeString("height", $"{N(height)}mm");
            xml.WriteAttributeString("viewBox", $"0 0 {N(width)} {N(height)}");
            xml.WriteElementString("title", ns, label.Id);

            xml.WriteStartElement("rect", ns);
            xml.WriteAttributeString("width", N(width));
            xml.WriteAttributeString("height", N(height));
            xml.WriteAttributeString("fill", "#fff");
            xml.WriteEndElement();

            ModulePath(xml, ns, "qr", $"translate({N(layout.QrX)} {N(layout.QrY)}) scale({N(module, "0.######")})", symbol.DarkRuns());
            if (layout.Barcode is { } band)
            {
                // One unit-high row of bars, stretched to the band's height.
                var linear = Gs1128Symbol.Encode(band.Data);
                var moduleWidth = band.ModuleWidth(linear.Modules);
                ModulePath(xml, ns, "gs1-128", $"translate({N(band.X + (band.Width - moduleWidth * linear.Modules) / 2)} {N(band.Y)}) scale({N(moduleWidth, "0.######")} {N(band.Height)})",
                    linear.Bars().Select(b => (0, b.Module, b.Length)));
            }

            foreach (var run in layout.Text)
            {
                xml.WriteStartElement("text", ns);
                xml.WriteAttributeString("x", N(run.X));
                xml.WriteAttributeString("y", N(run.Baseline));
                xml.WriteAttributeString("font-family", $"'{LabelFonts.Family}', 'DejaVu Sans', 'Arial Narrow', Arial, Helvetica, sans-serif");
                xml.WriteAttributeString("font-size", N(run.Size));
                if (run.Bold)
                {
                    xml.WriteAttributeString("font-weight", "bold");
                }

                xml.WriteString(run.Text);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        return text.ToString();
    }

    /// <summary>Dark runs of modules as one path in module units, drawn with crisp edges so no seams appear between modules.</summary>
    private static void ModulePath(XmlWriter xml, string ns, string cssClass, string transform, IEnumerable<(int Row, int Column, int Length)> runs)
    {
        var path = new StringBuilder();
        foreach (var (row, column, length) in runs)
        {
            path.Append(CultureInfo.InvariantCulture, $"M{column},{row}h{length}v1h-{length}z");
        }

        xml.WriteStartElement("path", ns);
        xml.WriteAttributeString("class", cssClass);
        xml.WriteAttributeString("transform", transform);
        xml.WriteAttributeString("shape-rendering", "crispEdges");
        xml.WriteAttributeString("fill", "#000");
        xml.WriteAttributeString("d", path.ToString());
        xml.WriteEndElement();
    }

    private static string N(double value, string format = "0.###") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A string writer whose declared encoding is the one the text is sent in, so the XML declaration says utf-8.</summary>
    private sealed class Utf8StringWriter() : StringWriter(CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    }
}
