using Tracewright.Data.Materials;
using Tracewright.Domain.Production;

namespace Tracewright.Data.Production;

/// <summary>Derived tables for containers and what they hold over time.</summary>
internal static class ContainerProjection
{
    public static async Task ApplyAsync(ProjectionContext c, ContainerCreated e)
    {
        await c.ExecuteAsync(c.Command(
            "INSERT INTO containers (id, kind, created_seq) VALUES (@id, @kind, @seq)", new { id = e.Id.Value, kind = e.Kind, seq = c.Entry.Sequence }));
        await MaterialsProjection.SetCounterAsync(c, e.CounterScope, e.Counter);
    }

    public static Task ApplyAsync(ProjectionContext c, Gs1CompanyPrefixSet e) =>
        c.ExecuteAsync(c.Command(
            """
            INSERT INTO settings (name, value, set_seq) VALUES (@name, @value, @seq)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value, set_seq = excluded.set_seq
            """,
            new { name = ContainerQueries.Gs1CompanyPrefixSetting, value = e.Prefix, seq = c.Entry.Sequence }));

    public static Task ApplyAsync(ProjectionContext c, ContainerPacked e) =>
        c.ExecuteAsync(c.Command(
            """
            INSERT INTO container_contents (container_id, content_kind, content_id, quantity, packed_seq, packed_at, unpacked_seq, unpacked_at)
            VALUES (@container, @kind, @content, @quantity, @seq, @at, NULL, NULL)
            """,
            new { container = e.Container.Value, kind = e.Kind.ToString(), content = e.Content, quantity = e.Quantity, seq = c.Entry.Sequence, at = c.Entry.OccurredAt }));

    public static Task ApplyAsync(ProjectionContext c, ContainerUnpacked e) =>
        c.ExecuteAsync(c.Command(
            """
            UPDATE container_contents SET unpacked_seq = @seq, unpacked_at = @at
            WHERE container_id = @container AND content_kind = @kind AND content_id = @content AND unpacked_seq IS NULL
            """,
            new { container = e.Container.Value, kind = e.Kind.ToString(), content = e.Content, seq = c.Entry.Sequence, at = c.Entry.OccurredAt }));
}
