namespace Tracewright.Domain.Common;

/// <summary>Either a value or the <see cref="Common.Error"/> that explains why there is none.</summary>
public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Error? error)
    {
        _value = value;
        Error = error;
    }

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

    /// <summary>The value; asking for it on a failure is a bug, so it throws.</summary>
    public T Value => Error is null ? _value! : throw new InvalidOperationException($"No value: {Error}");

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(Error error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));

    public Result<TOut> Map<TOut>(Func<T, TOut> map) => Error is null ? map(_value!) : Error;

    public Result<TOut> Then<TOut>(Func<T, Result<TOut>> next) => Error is null ? next(_value!) : Error;

    public bool TryGet(out T value, out Error error)
    {
        value = _value!;
        error = Error!;
        return Error is null;
    }
}
