namespace Tracewright.Tests.Epcis;

/// <summary>
/// A small supply chain written in EPCIS URNs: lot LOT-A of GTIN 04012345123456 is received (100 kg), half of it is made into
/// two serialized units, those are packed on pallet SSCC 040123450000000016, and the pallet ships to Harbor Foods
/// (PGLN 4012345000016), named in the header's master data.
/// </summary>
internal static class EpcisSamples
{
    public const string LotUrn = "urn:epc:class:lgtin:4012345.012345.LOT-A";
    public const string LotDigitalLink = "https://id.gs1.org/01/04012345123456/10/LOT-A";
    public const string Unit1Urn = "urn:epc:id:sgtin:4012345.012345.1001";
    public const string Unit1DigitalLink = "https://id.gs1.org/01/04012345123456/21/1001";
    public const string PalletUrn = "urn:epc:id:sscc:4012345.0000000001";
    public const string PalletDigitalLink = "https://id.gs1.org/00/040123450000000016";
    public const string CustomerUrn = "urn:epc:id:pgln:4012345.00001";
    public const string CustomerDigitalLink = "https://id.gs1.org/417/4012345000016";
    public const string DockUrn = "urn:epc:id:sgln:4012345.00000.0";
    public const string DockDigitalLink = "https://id.gs1.org/414/4012345000009";

    public const string PackEventId = "urn:uuid:2b0c1a6e-0000-4000-8000-000000000003";

    public const string Chain = """
        {
          "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", {"ex": "https://example.com/ns/"}],
          "type": "EPCISDocument",
          "schemaVersion": "2.0",
          "creationDate": "2024-06-05T10:00:00Z",
          "epcisHeader": {
            "epcisMasterData": {
              "vocabularyList": [
                {
                  "type": "urn:epcglobal:epcis:vtype:Party",
                  "vocabularyElementList": [
                    {"id": "urn:epc:id:pgln:4012345.00001", "attributes": [{"id": "urn:epcglobal:cbv:mda#name", "attribute": "Harbor Foods"}]}
                  ]
                },
                {
                  "type": "urn:epcglobal:epcis:vtype:BusinessLocation",
                  "vocabularyElementList": [
                    {"id": "urn:epc:id:sgln:4012345.00000.0", "attributes": [{"id": "urn:epcglobal:cbv:mda#name", "attribute": "Receiving dock"}]}
                  ]
                }
              ]
            }
          },
          "epcisBody": {
            "eventList": [
              {
                "type": "ObjectEvent",
                "eventID": "urn:uuid:2b0c1a6e-0000-4000-8000-000000000001",
                "eventTime": "2024-06-01T08:00:00Z",
                "eventTimeZoneOffset": "+00:00",
                "action": "ADD",
                "bizStep": "receiving",
                "disposition": "in_progress",
                "bizLocation": {"id": "urn:epc:id:sgln:4012345.00000.0"},
                "quantityList": [{"epcClass": "urn:epc:class:lgtin:4012345.012345.LOT-A", "quantity": 100, "uom": "KGM"}],
                "sourceList": [{"type": "possessing_party", "source": "urn:epc:id:pgln:4012345.00002"}],
                "ilmd": {"ex:heat": "H-24-0117"}
              },
              {
                "type": "TransformationEvent",
                "eventID": "urn:uuid:2b0c1a6e-0000-4000-8000-000000000002",
                "eventTime": "2024-06-02T08:00:00Z",
                "eventTimeZoneOffset": "+00:00",
                "bizStep": "commissioning",
                "inputQuantityList": [{"epcClass": "urn:epc:class:lgtin:4012345.012345.LOT-A", "quantity": 50, "uom": "KGM"}],
                "outputEPCList": ["urn:epc:id:sgtin:4012345.012345.1001", "urn:epc:id:sgtin:4012345.012345.1002"]
              },
              {
                "type": "AggregationEvent",
                "eventID": "urn:uuid:2b0c1a6e-0000-4000-8000-000000000003",
                "eventTime": "2024-06-03T08:00:00Z",
                "eventTimeZoneOffset": "+00:00",
                "action": "ADD",
                "bizStep": "packing",
                "parentID": "urn:epc:id:sscc:4012345.0000000001",
                "childEPCs": ["urn:epc:id:sgtin:4012345.012345.1001", "urn:epc:id:sgtin:4012345.012345.1002"]
              },
              {
                "type": "ObjectEvent",
                "eventID": "urn:uuid:2b0c1a6e-0000-4000-8000-000000000004",
                "eventTime": "2024-06-04T08:00:00+02:00",
                "eventTimeZoneOffset": "+02:00",
                "action": "OBSERVE",
                "bizStep": "shipping",
                "disposition": "in_transit",
                "readPoint": {"id": "urn:epc:id:sgln:4012345.00000.0"},
                "epcList": ["urn:epc:id:sscc:4012345.0000000001"],
                "bizTransactionList": [{"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:4012345000009:PO-77"}],
                "destinationList": [{"type": "owning_party", "destination": "urn:epc:id:pgln:4012345.00001"}]
              }
            ]
          }
        }
        """;

    /// <summary>The packing event again, declared erroneous: it never happened.</summary>
    public const string PackingDeclaredErroneous = """
        {
          "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
          "type": "EPCISDocument",
          "schemaVersion": "2.0",
          "creationDate": "2024-06-06T10:00:00Z",
          "epcisBody": {
            "eventList": [
              {
                "type": "AggregationEvent",
                "eventID": "urn:uuid:2b0c1a6e-0000-4000-8000-000000000003",
                "eventTime": "2024-06-03T08:00:00Z",
                "eventTimeZoneOffset": "+00:00",
                "action": "ADD",
                "bizStep": "packing",
                "parentID": "urn:epc:id:sscc:4012345.0000000001",
                "childEPCs": ["urn:epc:id:sgtin:4012345.012345.1001", "urn:epc:id:sgtin:4012345.012345.1002"],
                "errorDeclaration": {
                  "declarationTime": "2024-06-06T09:00:00Z",
                  "reason": "incorrect_data",
                  "correctiveEventIDs": ["urn:uuid:2b0c1a6e-0000-4000-8000-000000000099"]
                }
              }
            ]
          }
        }
        """;
}
