using Tracewright.Data.Tests.Support;
using Tracewright.Features.Epcis;
using Tracewright.Features.Lots;
using Tracewright.Features.Receiving;
using Tracewright.Standards.Epcis;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Epcis;

/// <summary>Export writes native records as standard EPCIS events and captured events back unchanged (same hash IDs), in both syntaxes.</summary>
public sealed class EpcisExportTests
{
    /// <remarks>
    /// Each syntax round-trips a corpus document of its own syntax: XML attributes on extension elements (<c>xsi:type</c>) have
    /// no JSON-LD form, so an XML-captured event using them changes its hash ID when exported as JSON (see docs/epcis.md).
    /// </remarks>
    [Theory]
    [InlineData("json", "gs1-epcis/JSON/WithFullCombinationOfFields/object_event_all_possible_fields.jsonld")]
    [InlineData("xml", "gs1-epcis/XML/WithFullCombinationOfFields/object_event_all_possible_fields.xml")]
    public async Task Captured_and_native_records_export_as_a_valid_document_with_the_captured_hash_IDs(string format, string corpusFile)
    {
        await using var test = await new SqliteKind().CreateAsync();
        var shop = await OpenAsync(test);
        var lot = (await Ok(ReceiveLot.HandleAsync(shop, "clerk", Receive("ALU-6061-PLATE", "Acme Metals", "H-24-0117", "4", "ea", Certificate("MTR", "H-24-0117")), default))).Lot;
        await Ok(SplitLot.HandleAsync(shop, "clerk", new SplitLot.Request(lot, "1,1", null, false), default));
        await Ok(CaptureEpcis.HandleAsync(shop, "edi", new(EpcisSamples.Chain), default));
        var corpus = await File.ReadAllTextAsync(Standards.Tests.Epcis.EpcisCorpora.Full(corpusFile));
        var fromCorpus = await Ok(CaptureEpcis.HandleAsync(shop, "edi", new(corpus), default));
        Assert.True(fromCorpus.Captured > 0);

        var file = Path.Combine(Path.GetTempPath(), $"tracewright-export-{Guid.NewGuid():N}.{format}");
        try
        {
            var written = await Ok(ExportEpcis.HandleAsync(shop, file, format, default));
            var read = CaptureEpcis.Read(new(await File.ReadAllTextAsync(file)));
            Assert.True(read.Succeeded, string.Join("\n", read.Errors.Take(5)));
            var events = read.Document!.Events;
            Assert.Equal(written.Events, events.Count);

            var captured = CaptureEpcis.Read(new(EpcisSamples.Chain)).Document!.Events.Concat(CaptureEpcis.Read(new(corpus)).Document!.Events);
            var exportedHashes = events.Select(e => EventHash.Compute(e).HashId).ToHashSet();
            Assert.All(captured, e => Assert.Contains(EventHash.Compute(e).HashId, exportedHashes));

            var lotUri = TracewrightIdentifiers.Stem + "lot/" + lot;
            var receiving = Assert.Single(events, e => e.BizStep == "https://ref.gs1.org/cbv/BizStep-receiving" && e.QuantityList.Any(q => q.EpcClass == lotUri));
            Assert.Contains(receiving.Ilmd!, x => x.LocalName == "heat" && x.Value == "H-24-0117");
            var split = Assert.Single(events, e => e.Type == EpcisEventType.TransformationEvent && e.InputQuantityList.Any(q => q.EpcClass == lotUri));
            Assert.Equal([lotUri + ".1", lotUri + ".2"], split.OutputQuantityList.Select(q => q.EpcClass));

            // Exported native events capture like any other document, and exporting again keeps them the same events.
            var again = await Ok(CaptureEpcis.HandleAsync(shop, "edi", new(await File.ReadAllTextAsync(file)), default));
            Assert.Equal(events.Count - captured.Count(), again.Captured);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
