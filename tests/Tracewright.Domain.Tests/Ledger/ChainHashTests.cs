using Tracewright.Domain.Ledger;
using Tracewright.Domain.Materials;

namespace Tracewright.Domain.Tests.Ledger;

public sealed class ChainHashTests
{
    private static string Hash(long seq = 1, string kind = "K", string occurred = "o", string recorded = "r", string by = "b", string? reason = null, long? corrects = null, string payload = "{}", string? previous = null) =>
        ChainHash.Compute(seq, kind, occurred, recorded, by, reason, corrects, payload, previous ?? ChainHash.Genesis);

    [Fact]
    public void Compute_IsDeterministicSha256Hex()
    {
        Assert.Equal(Hash(), Hash());
        Assert.Matches("^[0-9a-f]{64}$", Hash());
    }

    [Fact]
    public void Compute_ChangesWhenAnyFieldChanges()
    {
        var all = new[]
        {
            Hash(), Hash(seq: 2), Hash(kind: "L"), Hash(occurred: "p"), Hash(recorded: "s"), Hash(by: "c"),
            Hash(reason: "why"), Hash(corrects: 1), Hash(payload: "{ }"), Hash(previous: new string('1', 64)),
        };
        Assert.Equal(all.Length, all.Distinct().Count());
    }

    /// <summary>The documented input, built the plain way: stored hashes must keep verifying whatever the implementation.</summary>
    [Theory]
    [InlineData("{}")]
    [InlineData("{\"note\":\"Größe 5 µm — 検査 ✓ 😀\"}")]
    [InlineData(null)]
    public void Compute_IsSha256OfTheLengthPrefixedFields(string? payloadStart)
    {
        // A payload over the stack buffer too, with text that takes 1 to 4 bytes per character in UTF-8.
        var payload = payloadStart ?? string.Concat(Enumerable.Repeat("Größe 5 µm — 検査 ✓ 😀 ", 400));
        var text = new System.Text.StringBuilder();
        foreach (var field in new[] { "42", "LotReceived", "2024-05-14T09:00:00.0000000Z", "2024-05-14T09:00:01.0000000Z", "dana", null, "7", payload, ChainHash.Genesis })
        {
            text.Append(field is null ? "-1:" : $"{field.Length}:{field}\n");
        }

        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
        Assert.Equal(expected, ChainHash.Compute(42, "LotReceived", "2024-05-14T09:00:00.0000000Z", "2024-05-14T09:00:01.0000000Z", "dana", null, 7, payload, ChainHash.Genesis));
    }

    [Fact]
    public void Compute_TellsANullReasonFromAnEmptyOne() => Assert.NotEqual(Hash(reason: null), Hash(reason: ""));

    [Fact]
    public void Compute_CannotBeFooledByMovingTextBetweenFields() =>
        Assert.NotEqual(Hash(kind: "AB", occurred: "C"), Hash(kind: "A", occurred: "BC"));

    [Fact]
    public void EventCatalog_RoundTripsAnEventWithoutStoringItsSubjects()
    {
        var e = new LotStatusChanged(LotId.Parse("A-1").Value, LotStatus.Available, LotStatus.Blocked);
        var payload = EventCatalog.Serialize(e);
        Assert.DoesNotContain("subjects", payload, StringComparison.Ordinal);
        Assert.Equal(e, EventCatalog.Deserialize(EventCatalog.KindOf(e), payload));
    }

    [Fact]
    public void EventCatalog_RefusesAnUnknownKind() =>
        Assert.Throws<InvalidDataException>(() => EventCatalog.Deserialize("NoSuchEvent", "{}"));
}
