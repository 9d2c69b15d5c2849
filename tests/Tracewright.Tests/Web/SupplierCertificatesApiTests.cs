using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tracewright.Domain.Access;
using Tracewright.Tests.Support;

namespace Tracewright.Tests.Web;

/// <summary><c>POST /api/suppliers/{name}/certificates</c>: the admin sets what every delivery from a supplier must come with.</summary>
public sealed class SupplierCertificatesApiTests : IAsyncLifetime
{
    private readonly WebShop _web = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _web.DisposeAsync();

    [Fact]
    public async Task The_requirement_set_over_the_api_holds_a_delivery_received_over_the_api_and_bad_input_is_a_problem_naming_the_field()
    {
        var admin = await _web.ClientAsync(Role.Admin);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/items", new { code = "PLY-6MM", description = "Birch plywood", uom = "sheet", material = "wood", lotPrefix = "PLY" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/suppliers", new { name = "Nordic Timber" })).StatusCode);

        var bad = await admin.PostAsJsonAsync("/api/suppliers/Nordic%20Timber/certificates", new { certificates = new[] { "CofC", "Paperwork" }, reason = "contract" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("certificates 'Paperwork' is not one of", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unknown = await admin.PostAsJsonAsync("/api/suppliers/Nobody/certificates", new { certificates = new[] { "CofC" }, reason = "contract" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var set = await admin.PostAsJsonAsync("/api/suppliers/Nordic%20Timber/certificates", new { certificates = new[] { "rohs", "CofC" }, reason = "contract" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var answer = JsonDocument.Parse(await set.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["CofC", "RoHS"], answer.GetProperty("certificates").EnumerateArray().Select(c => c.GetString()));

        var operatorClient = await _web.ClientAsync(Role.Operator);
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in new[] { ("item", "PLY-6MM"), ("supplier", "Nordic Timber"), ("heat", "NT-1"), ("qty", "5"), ("uom", "sheet"), ("certificate-type", "CofC"), ("certificate-heat", "NT-1") })
        {
            form.Add(new StringContent(value), name);
        }

        form.Add(new ByteArrayContent(Seed.Pdf("CofC NT-1")), "certificate", "cofc.pdf");
        var received = await operatorClient.PostAsync("/api/lots/receive", form);
        var lot = JsonDocument.Parse(await received.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Quarantine", lot.GetProperty("status").GetString());
        Assert.Equal("awaiting RoHS (required by supplier Nordic Timber)", lot.GetProperty("reason").GetString());
    }
}
