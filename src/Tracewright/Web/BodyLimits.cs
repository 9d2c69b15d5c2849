using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Tracewright.Web;

/// <summary>
/// Request bodies are small JSON unless an endpoint says otherwise: 1 MiB by default, 25 MiB where a
/// certificate or SOP file is uploaded (<see cref="Upload"/>). A declared length over the limit is refused
/// before reading; a chunked body is cut off by the server at the same limit.
/// </summary>
public static class BodyLimits
{
    public const long Json = 1024 * 1024;

    public const long Uploads = 25 * 1024 * 1024;

    /// <summary>Marks an endpoint as taking file uploads.</summary>
    public static TBuilder Upload<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestSizeLimitAttribute(Uploads));

    public static async Task EnforceAsync(HttpContext context, RequestDelegate next)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? Json;
        if (context.Request.ContentLength > limit)
        {
            if (await ErrorPages.TryWriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"What was sent ({context.Request.ContentLength:N0} bytes) is larger than this page accepts ({limit:N0} bytes; a certificate file may be 20 MiB). Go back and choose a smaller file."))
            {
                return;
            }

            var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "Request body too large",
                    Detail = $"this endpoint accepts at most {limit:N0} bytes; the request declared {context.Request.ContentLength:N0}",
                    Type = "https://tracewright.dev/problems/too-large",
                },
            });
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        await next(context);
    }
}
