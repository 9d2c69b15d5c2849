namespace Tracewright.Standards.Epcis;

/// <summary>The EPCIS action. TransformationEvent has none; every other event type requires one.</summary>
public enum EpcisAction
{
    Add,
    Observe,
    Delete,
}
