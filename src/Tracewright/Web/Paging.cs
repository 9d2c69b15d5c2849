using Tracewright.Domain.Common;

namespace Tracewright.Web;

/// <summary>
/// A page of a list: <c>page</c> from 1, <c>pageSize</c> from 1 to <see cref="MaxSize"/> (default
/// <see cref="DefaultSize"/>). A size beyond the maximum is a 400, not silently cut, so a client that asks for
/// everything learns it must page.
/// </summary>
public readonly record struct Paging
{
    public const int DefaultSize = 50;

    public const int MaxSize = 200;

    private Paging(int page, int size) => (Page, Size) = (page, size);

    public int Page { get; }

    public int Size { get; }

    public int Skip => (Page - 1) * Size;

    /// <summary>One more than the page, so the answer can say whether another page follows.</summary>
    public int Take => Size + 1;

    public static Result<Paging> Of(int? page, int? pageSize) => Of(page, pageSize, DefaultSize, MaxSize);

    /// <summary>A page of a list with its own sizes (a trace's pages are larger than a list's).</summary>
    public static Result<Paging> Of(int? page, int? pageSize, int defaultSize, int maxSize)
    {
        if (page is < 1)
        {
            return new InvalidInput("page", "page starts at 1");
        }

        if (pageSize is < 1 || pageSize > maxSize)
        {
            return new InvalidInput("pageSize", $"pageSize must be between 1 and {maxSize}");
        }

        return new Paging(page ?? 1, pageSize ?? defaultSize);
    }

    /// <summary>This page of a list that is held whole: the items and whether more follow.</summary>
    public (IReadOnlyList<T> Items, bool HasMore) Slice<T>(IReadOnlyList<T> all) =>
        (all.Skip(Skip).Take(Size).ToList(), all.Count > Skip + Size);

    /// <summary>For pages: an out-of-range page number in a link shows the first page rather than an error.</summary>
    public static Paging Lenient(int? page) => new(Math.Max(page ?? 1, 1), DefaultSize);

    public PageOf<T> Cut<T>(IReadOnlyList<T> rows) => new(Page, Size, rows.Count > Size, rows.Take(Size).ToList());
}

/// <summary>A page of <typeparamref name="T"/>: <c>hasMore</c> says whether <c>page + 1</c> has anything.</summary>
public sealed record PageOf<T>(int Page, int PageSize, bool HasMore, IReadOnlyList<T> Items);
