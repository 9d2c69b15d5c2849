using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Npgsql;
using Tracewright.Cli;
using Tracewright.Data;
using Tracewright.Data.Tests.Support;
using Tracewright.Features.Access;
using Tracewright.Tests.Epcis;
using static Tracewright.Tests.Support.Seed;

namespace Tracewright.Tests.Reliability;

/// <summary>
/// Issue #8, item 8, on PostgreSQL. The role that ran the migrations owns the tables, and an owner can turn the
/// append-only triggers off. <c>tracewright grant ROLE</c> gives the role the server runs as only SELECT and INSERT on
/// the ledger and files: the real server works as that role, and the role can neither change, remove nor truncate a
/// record, nor touch the triggers.
/// </summary>
public sealed class LeastPrivilegeTests
{
    private const string AppPassword = "app role password";

    [Fact]
    public async Task The_server_runs_as_a_role_that_can_only_read_and_append_the_ledger()
    {
        var test = await new PostgresKind().CreateAsync();
        var role = $"tw_app_{Guid.NewGuid():N}"[..30];
        await CreateRoleAsync(role);
        try
        {
            var shop = await OpenAsync(test, TimeProvider.System);
            var token = (await Ok(ApiTokens.CreateAsync(shop, "admin", new("MES", "operator"), default))).Secret;

            // The owner can switch the guard off: that is the hole the separate role closes.
            await using (var owner = new NpgsqlConnection(test.Target))
            {
                await owner.OpenAsync();
                await using var transaction = await owner.BeginTransactionAsync();
                await new NpgsqlCommand("ALTER TABLE ledger DISABLE TRIGGER USER", owner, transaction).ExecuteNonQueryAsync();
                await transaction.RollbackAsync();
            }

            var output = new StringWriter();
            var granted = await TracewrightCli.RunAsync(["--db", test.Target, "--as", "dba", "grant", role], output, output, TimeProvider.System, _ => null);
            Assert.True(granted == 0, output.ToString());
            Assert.Contains($"{role}: SELECT, INSERT on ledger, ledger_subjects, documents, access_log;", output.ToString(), StringComparison.Ordinal);

            var app = new NpgsqlConnectionStringBuilder(test.Target) { Username = role, Password = AppPassword }.ConnectionString;
            var keys = Directory.CreateTempSubdirectory("tracewright-keys-").FullName;
            using (var server = await ServerProcess.StartAsync(app, keys))
            using (var client = new HttpClient { BaseAddress = server.Address })
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var receipt = await client.PostAsync("api/lots/receive", new MultipartFormDataContent
                {
                    { new StringContent("ALU-6061-PLATE"), "item" }, { new StringContent("Acme Metals"), "supplier" },
                    { new StringContent("H-1"), "heat" }, { new StringContent("2"), "qty" }, { new StringContent("ea"), "uom" },
                    { new ByteArrayContent(Pdf("MTR H-1")), "certificate", "mtr.pdf" }, { new StringContent("MTR"), "certificate-type" }, { new StringContent("H-1"), "certificate-heat" },
                });
                Assert.True(receipt.StatusCode == HttpStatusCode.Created, await receipt.Content.ReadAsStringAsync());
                using var capture = await client.PostAsync("epcis/capture?wait=true", new StringContent(EpcisSamples.Chain, Encoding.UTF8, "application/ld+json"));
                Assert.True(capture.StatusCode == HttpStatusCode.OK, await capture.Content.ReadAsStringAsync());
            }

            Directory.Delete(keys, recursive: true);
            await using (var asApp = new PostgresDatabase(app))
            {
                Assert.True((await LedgerVerifier.VerifyAsync(asApp, null, default)).IsIntact);
            }

            foreach (var table in new[] { "ledger", "documents" })
            {
                await AssertRefusedAsync(app, $"UPDATE {table} SET {(table == "ledger" ? "recorded_by = 'mallory'" : "media_type = 'text/plain'")}", $"permission denied for table {table}");
                await AssertRefusedAsync(app, $"DELETE FROM {table}", $"permission denied for table {table}");
                await AssertRefusedAsync(app, $"TRUNCATE {table} CASCADE", $"permission denied for table {table}");
                await AssertRefusedAsync(app, $"ALTER TABLE {table} DISABLE TRIGGER USER", $"must be owner of table {table}");
                await AssertRefusedAsync(app, $"DROP TRIGGER {table}_no_update ON {table}", $"must be owner of relation {table}");
            }

            await AssertRefusedAsync(app, "DELETE FROM ledger_subjects", "permission denied for table ledger_subjects");
            await AssertRefusedAsync(app, "UPDATE access_log SET who = 'nobody'", "permission denied for table access_log");
            await AssertRefusedAsync(app, "DELETE FROM access_log", "permission denied for table access_log");
            await AssertRefusedAsync(app, "INSERT INTO schema_migrations VALUES (999, 'x', 'y')", "permission denied for table schema_migrations");
            await AssertRefusedAsync(app, "CREATE TABLE shadow (x int)", "permission denied for schema public");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await test.DisposeAsync();
            await using var admin = new NpgsqlConnection(PostgresKind.AdminConnectionString);
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP ROLE IF EXISTS {role}", admin).ExecuteNonQueryAsync();
        }
    }

    private static async Task CreateRoleAsync(string role)
    {
        await using var admin = new NpgsqlConnection(PostgresKind.AdminConnectionString);
        await admin.OpenAsync();
        try
        {
            await new NpgsqlCommand($"CREATE ROLE {role} LOGIN PASSWORD '{AppPassword}'", admin).ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new InvalidOperationException("the test role needs CREATEROLE (test.sh grants it: ALTER ROLE tracewright CREATEROLE)", e);
        }
    }

    private static async Task AssertRefusedAsync(string connectionString, string sql, string refusal)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var refused = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync());
        Assert.Equal((PostgresErrorCodes.InsufficientPrivilege, refusal), (refused.SqlState, refused.MessageText));
    }
}
