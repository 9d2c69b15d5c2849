namespace Tracewright.Standards.Gs1;

/// <summary>
/// One component of an AI's data field, e.g. <c>N13,csum,gcppos1</c> or <c>[X..17]</c>. Invariant:
/// 1 &lt;= <see cref="MinLength"/> &lt;= <see cref="MaxLength"/>; every linter name is one of <see cref="Gs1Linters.Names"/>.
/// </summary>
public sealed class Gs1AiComponent
{
    internal Gs1AiComponent(Gs1CharacterSet characterSet, int minLength, int maxLength, bool isOptional, IReadOnlyList<string> linters)
    {
        CharacterSet = characterSet;
        MinLength = minLength;
        MaxLength = maxLength;
        IsOptional = isOptional;
        Linters = linters;
    }

    /// <summary>Character set every character of the component must belong to.</summary>
    public Gs1CharacterSet CharacterSet { get; }

    /// <summary>Minimum length when the component is present.</summary>
    public int MinLength { get; }

    /// <summary>Maximum length.</summary>
    public int MaxLength { get; }

    /// <summary>True for a bracketed component that may be omitted once the data is exhausted.</summary>
    public bool IsOptional { get; }

    /// <summary>Content linters applied after the character-set check, in dictionary order.</summary>
    public IReadOnlyList<string> Linters { get; }

    /// <summary>True when <see cref="MinLength"/> equals <see cref="MaxLength"/>.</summary>
    public bool IsFixedLength => MinLength == MaxLength;

    /// <summary>Name of the linter that enforces <see cref="CharacterSet"/>.</summary>
    internal string CharacterSetLinter => CharacterSet switch
    {
        Gs1CharacterSet.Numeric => "csetnumeric",
        Gs1CharacterSet.Cset82 => "cset82",
        Gs1CharacterSet.Cset39 => "cset39",
        Gs1CharacterSet.Cset64 => "cset64",
        _ => throw new InvalidOperationException("Unexpected character set."),
    };

    /// <inheritdoc />
    public override string ToString()
    {
        var code = CharacterSet switch
        {
            Gs1CharacterSet.Numeric => "N",
            Gs1CharacterSet.Cset82 => "X",
            Gs1CharacterSet.Cset39 => "Y",
            Gs1CharacterSet.Cset64 => "Z",
            _ => "?",
        };
        var length = IsFixedLength ? $"{code}{MaxLength}" : $"{code}..{MaxLength}";
        var text = IsOptional ? $"[{length}]" : length;
        return Linters.Count == 0 ? text : $"{text},{string.Join(',', Linters)}";
    }
}
