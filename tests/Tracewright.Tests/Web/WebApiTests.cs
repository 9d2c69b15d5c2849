using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Tracewright.Domain.Access;
using Tracewright.Features.Access;
using Tracewright.Tests.Support;

namespace Tracewright.Tests.Web;

/// <summary>The HTTP API's answers: problem details for every expected error, limits, tokens, sign-in and who is recorded.</summary>
public sealed class WebApiTests : IAsyncLifetime
{
    private readonly WebShop _web = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _web.DisposeAsync();

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    private static MultipartFormDataContent Receipt(string heat, string certificateHeat)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in new[] { ("item", "ALU-6061-PLATE"), ("supplier", "Acme Metals"), ("heat", heat), ("qty", "4"), ("uom", "ea"), ("certificate-type", "MTR"), ("certificate-heat", certificateHeat) })
        {
            form.Add(new StringContent(value), name);
        }

        form.Add(new ByteArrayContent(Seed.Pdf($"MTR {certificateHeat}")), "certificate", "mtr.pdf");
        return form;
    }

    private async Task<HttpClient> AdminWithShopAsync()
    {
        var admin = await _web.ClientAsync(Role.Admin);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/items", new { code = "ALU-6061-PLATE", description = "6061 plate", uom = "ea", material = "metal", lotPrefix = "ALU" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/suppliers", new { name = "Acme Metals" })).StatusCode);
        return admin;
    }

    [Fact]
    public async Task A_validation_error_is_a_400_problem_naming_the_field()
    {
        var admin = await _web.ClientAsync(Role.Admin);
        var response = await admin.PostAsJsonAsync("/api/items", new { code = "ALU-6061", description = "  ", uom = "ea", material = "metal" });
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid-input", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("description", out var messages), problem.ToString());
        Assert.NotEmpty(messages.EnumerateArray());
    }

    [Fact]
    public async Task An_unknown_record_is_a_404_problem()
    {
        var viewer = await _web.ClientAsync(Role.Viewer);
        var problem = await ProblemAsync(await viewer.GetAsync("/api/records/NO-SUCH-LOT"), HttpStatusCode.NotFound);
        Assert.Equal("not-found", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_duplicate_supplier_is_a_409_problem()
    {
        var admin = await AdminWithShopAsync();
        var problem = await ProblemAsync(await admin.PostAsJsonAsync("/api/suppliers", new { name = "ACME METALS" }), HttpStatusCode.Conflict);
        Assert.Equal("already-exists", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_heat_that_does_not_match_its_certificate_is_rejected_and_cutting_it_is_a_422_problem()
    {
        var admin = await AdminWithShopAsync();
        var operatorClient = await _web.ClientAsync(Role.Operator);
        var received = await operatorClient.PostAsync("/api/lots/receive", Receipt("H-24-0117", "H-24-0171"));
        Assert.Equal(HttpStatusCode.Created, received.StatusCode);
        var body = await received.Content.ReadFromJsonAsync<JsonElement>();
        var lot = body.GetProperty("lot").GetString()!;
        Assert.Equal("Rejected", body.GetProperty("status").GetString());

        var split = await operatorClient.PostAsJsonAsync($"/api/lots/{lot}/split", new { into = "1,1" });
        await ProblemAsync(split, HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(admin);
    }

    [Fact]
    public async Task A_matching_certificate_makes_the_lot_available_and_its_file_and_labels_can_be_read()
    {
        await AdminWithShopAsync();
        var operatorClient = await _web.ClientAsync(Role.Operator);
        var received = await (await operatorClient.PostAsync("/api/lots/receive", Receipt("H-24-0117", "H-24-0117"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Available", received.GetProperty("status").GetString());

        var viewer = await _web.ClientAsync(Role.Viewer);
        var file = await viewer.GetAsync($"/api/certificates/{received.GetProperty("certificate").GetString()}/file");
        Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF", Encoding.ASCII.GetString(await file.Content.ReadAsByteArrayAsync()));

        var lot = received.GetProperty("lot").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PostAsJsonAsync($"/api/lots/{lot}/split", new { into = "1,1,1,1" })).StatusCode);
        var labels = await viewer.GetAsync($"/api/lots/{lot}/labels?pieces=true");
        Assert.Equal(HttpStatusCode.OK, labels.StatusCode);
        Assert.StartsWith("%PDF", Encoding.ASCII.GetString(await labels.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task A_json_body_over_1_MiB_is_refused_with_413()
    {
        var operatorClient = await _web.ClientAsync(Role.Operator);
        var body = new StringContent($"{{\"into\":\"{new string('1', 1_100_000)}\"}}", Encoding.UTF8, "application/json");
        await ProblemAsync(await operatorClient.PostAsync("/api/lots/X-1/split", body), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task An_upload_over_25_MiB_is_refused_with_413()
    {
        var operatorClient = await _web.ClientAsync(Role.Operator);
        var form = Receipt("H-1", "H-1");
        form.Add(new ByteArrayContent(new byte[26 * 1024 * 1024]), "extra", "big.pdf");
        await ProblemAsync(await operatorClient.PostAsync("/api/lots/receive", form), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_not_a_500()
    {
        var operatorClient = await _web.ClientAsync(Role.Operator);
        await ProblemAsync(await operatorClient.PostAsync("/api/lots/X-1/split", new StringContent("{\"into\":", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_and_a_token_is_recorded_as_the_actor()
    {
        var admin = await AdminWithShopAsync();
        var created = await (await admin.PostAsJsonAsync("/api/tokens", new { name = "MES line 2", role = "operator" })).Content.ReadFromJsonAsync<JsonElement>();
        var machine = _web.CreateClient();
        machine.DefaultRequestHeaders.Authorization = new("Bearer", created.GetProperty("secret").GetString());
        var received = await machine.PostAsync("/api/lots/receive", Receipt("H-7", "H-7"));
        Assert.Equal(HttpStatusCode.Created, received.StatusCode);
        var tokenId = created.GetProperty("token").GetString()!;
        Assert.Equal($"token:{tokenId}", await RecordedByAsync((await received.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt64()));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/tokens/{tokenId}/revoke", new { reason = "line retired" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await machine.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_signed_in_person_is_recorded_by_name()
    {
        await AdminWithShopAsync();
        var dana = await _web.SignedInAsync("dana", Role.Operator);
        // A browser signed in by cookie sends the anti-forgery token with an API write (issue 16).
        var token = (await dana.GetFromJsonAsync<JsonElement>("/api/antiforgery")).GetProperty("token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/lots/receive") { Content = Receipt("H-8", "H-8") };
        request.Headers.Add("RequestVerificationToken", token);
        var received = await dana.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, received.StatusCode);
        Assert.Equal("dana", await RecordedByAsync((await received.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task Five_failed_sign_ins_lock_the_name_out_with_429()
    {
        await Seed.Ok(Users.AddAsync(_web.Shop, "test", new Users.AddRequest("sam", "correct horse battery", "viewer"), default));
        var browser = _web.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        for (var i = 0; i < 5; i++)
        {
            var wrong = await WebShop.PostFormAsync(browser, "/signin", "/signin", new() { ["user"] = "sam", ["password"] = $"wrong password {i}" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var locked = await WebShop.PostFormAsync(browser, "/signin", "/signin", new() { ["user"] = "sam", ["password"] = "correct horse battery" });
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter is not null);

        _web.Clock.Now += TimeSpan.FromMinutes(6);
        var later = await WebShop.PostFormAsync(browser, "/signin", "/signin", new() { ["user"] = "sam", ["password"] = "correct horse battery" });
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
    }

    [Fact]
    public async Task With_no_users_sign_in_sends_to_setup_which_creates_the_admin_once()
    {
        var browser = _web.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var signIn = await browser.GetAsync("/signin");
        Assert.Equal("/setup", signIn.Headers.Location?.OriginalString);
        var created = await WebShop.PostFormAsync(browser, "/setup", "/setup", new() { ["user"] = "owner", ["password"] = "a long password", ["confirm"] = "a long password" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin")).StatusCode);

        var again = _web.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal("/signin", (await again.GetAsync("/setup")).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_form_post_without_the_anti_forgery_field_is_refused()
    {
        var dana = await _web.SignedInAsync("dana", Role.Quality);
        var response = await dana.PostAsync("/lots/X-1/status", new FormUrlEncodedContent(new Dictionary<string, string> { ["action"] = "block", ["reason"] = "test" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        var document = JsonDocument.Parse(await _web.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/lots/receive", out _));
        Assert.True(paths.TryGetProperty("/api/units/{id}/asbuilt", out _));
    }

    private async Task<string> RecordedByAsync(long sequence)
    {
        await using var connection = await _web.Shop.Database.OpenConnectionAsync(default);
        return await connection.ExecuteScalarAsync<string>("SELECT recorded_by FROM ledger WHERE seq = @sequence", new { sequence }) ?? "";
    }
}
