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
