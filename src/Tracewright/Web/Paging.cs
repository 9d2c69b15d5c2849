using Tracewright.Domain.Common;

namespace Tracewright.Web;

/// <summary>
/// A page of a list: <c>page</c> from 1, <c>pageSize</c> from 1 to <see cref="MaxSize"/> (default
/// <see cref="DefaultSize"/>). A size beyond the maximum is a 400, not silently cut, so a client that asks for
/// everything learns it must page. <c>page</c> goes up to <see cref="MaxPage"/>: the rows skipped,
/// <c>(page - 1) × pageSize</c>, and the next page's number then always fit an <c>int</c> (issue 16: page 10,737,420 of
/// 200 wrapped round to page 1, and a trace's next page after 2,147,483,647 was negative).
/// </summary>
public readonly record struct Paging
{
    public const int DefaultSize = 50;

    public const int MaxSize = 200;

    /// <summary>The last page anyone may ask for: 1,000,000 × the largest page size of any list (2,000) is under <c>int.MaxValue</c>.</summary>
    public const int MaxPage = 1_000_000;

    /// <summary>The largest page size any list takes (a trace's); <see cref="MaxPage"/> is chosen against it.</summary>
    private const int LargestSize = 2_000;

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

        if (page > MaxPage)
        {
            return new InvalidInput("page", $"page must be between 1 and {MaxPage:N0}");
        }

        if (maxSize > LargestSize)
        {
            throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, $"page sizes above {LargestSize} would let (page - 1) × pageSize overflow");
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
    public static Paging Lenient(int? page) => new(Math.Clamp(page ?? 1, 1, MaxPage), DefaultSize);

    public PageOf<T> Cut<T>(IReadOnlyList<T> rows) => new(Page, Size, rows.Count > Size, rows.Take(Size).ToList());
}

/// <summary>A page of <typeparamref name="T"/>: <c>hasMore</c> says whether <c>page + 1</c> has anything.</summary>
public sealed record PageOf<T>(int Page, int PageSize, bool HasMore, IReadOnlyList<T> Items);
