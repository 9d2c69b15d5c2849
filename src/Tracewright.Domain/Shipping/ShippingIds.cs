using System.Text.Json.Serialization;
using Tracewright.Domain.Common;
using Tracewright.Domain.Production;

namespace Tracewright.Domain.Shipping;

/// <summary>A customer: CUS-0001.</summary>
[JsonConverter(typeof(IdentifierJsonConverter<CustomerId>))]
public readonly record struct CustomerId : IIdentifier<CustomerId>
{
    public const string Prefix = "CUS";

    private CustomerId(string value) => Value = value;

    public string Value { get; }

    public static CustomerId FromNumber(long number) => new(NumberedId.Format(Prefix, number));

    public static Result<CustomerId> Parse(string? text) => NumberedId.Parse(text, "customer", Prefix).Map(v => new CustomerId(v));

    public override string ToString() => Value;
}

/// <summary>A customer order: SO-0001.</summary>
[JsonConverter(typeof(IdentifierJsonConverter<OrderId>))]
public readonly record struct OrderId : IIdentifier<OrderId>
{
    public const string Prefix = "SO";

    private OrderId(string value) => Value = value;

    public string Value { get; }

    public static OrderId FromNumber(long number) => new(NumberedId.Format(Prefix, number));

    public static Result<OrderId> Parse(string? text) => NumberedId.Parse(text, "order", Prefix).Map(v => new OrderId(v));

    public override string ToString() => Value;
}

/// <summary>A shipment: SHP-0001.</summary>
[JsonConverter(typeof(IdentifierJsonConverter<ShipmentId>))]
public readonly record struct ShipmentId : IIdentifier<ShipmentId>
{
    public const string Prefix = "SHP";

    private ShipmentId(string value) => Value = value;

    public string Value { get; }

    public static ShipmentId FromNumber(long number) => new(NumberedId.Format(Prefix, number));

    public static Result<ShipmentId> Parse(string? text) => NumberedId.Parse(text, "shipment", Prefix).Map(v => new ShipmentId(v));

    public override string ToString() => Value;
}

/// <summary>A return authorisation: RMA-0001.</summary>
[JsonConverter(typeof(IdentifierJsonConverter<ReturnId>))]
public readonly record struct ReturnId : IIdentifier<ReturnId>
{
    public const string Prefix = "RMA";

    private ReturnId(string value) => Value = value;

    public string Value { get; }

    public static ReturnId FromNumber(long number) => new(NumberedId.Format(Prefix, number));

    public static Result<ReturnId> Parse(string? text) => NumberedId.Parse(text, "rma", Prefix).Map(v => new ReturnId(v));

    public override string ToString() => Value;
}
