using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Tracewright.Standards.Tests.Gs1;

/// <summary>One row of a JSONL vector file, serializable so that every row is its own test case.</summary>
public sealed class VectorCase : IXunitSerializable
{
    private string _file = string.Empty;
    private int _line;
    private string _json = "{}";

    public VectorCase()
    {
    }

    public VectorCase(string file, int line, string json)
    {
        _file = file;
        _line = line;
        _json = json;
    }

    public string File => _file;

    public int Line => _line;

    public JsonObject Row => JsonNode.Parse(_json)!.AsObject();

    /// <summary>Upstream source reference, e.g. <c>gs1/gs1-syntax-engine@50657dbd04ce:src/c-lib/ai.c#L1372</c>.</summary>
    public string Source => Row["source"]?.GetValue<string>() ?? $"{_file}:{_line}";

    public void Deserialize(IXunitSerializationInfo info)
    {
        _file = info.GetValue<string>("file");
        _line = info.GetValue<int>("line");
        _json = info.GetValue<string>("json");
    }

    public void Serialize(IXunitSerializationInfo info)
    {
        info.AddValue("file", _file);
        info.AddValue("line", _line);
        info.AddValue("json", _json);
    }

    public override string ToString()
    {
        var row = Row;
        var kind = row["kind"]?.GetValue<string>() ?? row["linter"]?.GetValue<string>() ?? "?";
        var input = row["input"]?.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var shortSource = Source.Contains('@', StringComparison.Ordinal) ? Source[(Source.IndexOf(':', Source.IndexOf('@', StringComparison.Ordinal)) + 1)..] : Source;
        return $"{_file}#{_line} [{shortSource}] {kind} {input}";
    }

    public static IEnumerable<object[]> Load(string path)
    {
        var name = Path.GetFileName(path);
        var lineNumber = 0;
        foreach (var line in System.IO.File.ReadLines(path))
        {
            lineNumber++;
            if (line.Trim().Length > 0)
            {
                yield return [new VectorCase(name, lineNumber, line)];
            }
        }
    }
}
