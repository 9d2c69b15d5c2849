namespace Tracewright.Domain.Quality;

/// <summary>
/// What is to be done with nonconforming material. <see cref="Scrap"/> and <see cref="ReturnToSupplier"/>
/// change the status of what the report covers; the others leave it to the work recorded afterwards.
/// </summary>
public enum Disposition { UseAsIs, Rework, Repair, Scrap, ReturnToSupplier }

public static class DispositionText
{
    /// <summary>The form people type and read: use-as-is, return-to-supplier.</summary>
    public static string Describe(this Disposition disposition) => disposition switch
    {
        Disposition.UseAsIs => "use-as-is",
        Disposition.ReturnToSupplier => "return-to-supplier",
        _ => disposition.ToString().ToLowerInvariant(),
    };
}
