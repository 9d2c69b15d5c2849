using System.CommandLine;
using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Tracewright.Cli;
using Tracewright.Domain.Access;
using Tracewright.Features.Access;
using Tracewright.Features.Demo;

namespace Tracewright.Web;

/// <summary><c>tracewright serve</c>: the web application and HTTP API on the <c>--db</c> database.</summary>
public static class Serve
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public const string DefaultHttpsUrls = "https://127.0.0.1:5443";

    public sealed record DemoUser(string User, Role Role, string Password);

    public static Command Verb(CliHost host)
    {
        var urls = new Option<string?>("--urls") { Description = $"Where to listen (default {DefaultUrls}; e.g. http://0.0.0.0:5080 for the shop network)" };
        var demo = new Option<bool>("--demo") { Description = "Load the demo shop into an empty database and create demo users (admin, quality, operator, viewer)" };
        var rate = new Option<int?>("--rate-limit")
        {
            Description = $"Requests a minute each API token or signed-in person may send (default $TRACEWRIGHT_RATE_LIMIT, else {RequestRate.DefaultPerMinute:N0}; 0: no limit)",
        };
        var https = new Option<string?>("--https") { Description = $"Serve TLS with this certificate: a .pfx/.p12 file, or PEM (key in the same file or --https-key); the default address becomes {DefaultHttpsUrls}" };
        var httpsKey = new Option<string?>("--https-key") { Description = "The PEM private key of --https, when it is not in the certificate file" };
        var httpsPassword = new Option<string?>("--https-password") { Description = "The password of the PFX file or the encrypted PEM key (default $TRACEWRIGHT_HTTPS_PASSWORD)" };
        var proxy = new Option<string[]>("--proxy") { Description = "The address of a TLS proxy in front (repeat for more): only its X-Forwarded-For and X-Forwarded-Proto are believed", AllowMultipleArgumentsPerToken = true };
        var sessionDays = new Option<int?>("--session-days") { Description = "How many days a sign-in lasts at most, however active (default 7; it also ends after 12 h unused)" };
        var timeZone = new Option<string?>("--time-zone") { Description = $"The shop's time zone for times on the pages, e.g. Europe/Berlin (default ${ShopTime.EnvironmentVariable}, else this machine's zone)" };
        var command = new Command("serve", "Run the web application and HTTP API") { urls, demo, rate, https, httpsKey, httpsPassword, proxy, sessionDays, timeZone };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var perMinute = parse.GetValue(rate)
                ?? (int.TryParse(host.Environment("TRACEWRIGHT_RATE_LIMIT"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var configured) ? configured : RequestRate.DefaultPerMinute);
            if (perMinute < 0)
            {
                host.Error.WriteLine("--rate-limit: give a number of requests a minute, or 0 for no limit");
                return 2;
            }

            if (parse.GetValue(sessionDays) is < 1 or > 365)
            {
                host.Error.WriteLine("--session-days: give a number of days from 1 to 365");
                return 2;
            }

            var proxies = new List<System.Net.IPAddress>();
            foreach (var text in parse.GetValue(proxy) ?? [])
            {
                if (!System.Net.IPAddress.TryParse(text, out var address))
                {
                    host.Error.WriteLine($"--proxy: '{text}' is not an IP address");
                    return 2;
                }

                proxies.Add(address);
            }

            if (!ShopTime.Find(parse.GetValue(timeZone) ?? host.Environment(ShopTime.EnvironmentVariable)).TryGet(out var zone, out var zoneError))
            {
                host.Error.WriteLine($"--time-zone: {zoneError.Message}");
                return 2;
            }

            System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null;
            if (parse.GetValue(https) is { } certificateFile)
            {
                var loaded = HttpsCertificate.Load(certificateFile, parse.GetValue(httpsKey), parse.GetValue(httpsPassword) ?? host.Environment("TRACEWRIGHT_HTTPS_PASSWORD"));
                if (!loaded.TryGet(out certificate, out var error))
                {
                    host.Error.WriteLine(error.Message);
                    return 2;
                }
            }

            var listen = parse.GetValue(urls) ?? (certificate is null ? DefaultUrls : DefaultHttpsUrls);
            var app = WebApp.Build(new WebOptions(parse.GetValue(host.DbOption) ?? host.Environment("TRACEWRIGHT_DB"), listen, host.Clock, RequestsPerMinute: perMinute, Certificate: certificate, Proxies: proxies,
                SessionLifetime: parse.GetValue(sessionDays) is { } days ? TimeSpan.FromDays(days) : null, TimeZone: zone));
            await using (app)
            {
                await WebApp.MigrateAsync(app, cancellationToken);
                if (parse.GetValue(demo))
                {
                    await LoadDemoAsync(app.Services.GetRequiredService<Shop>(), host.Output, cancellationToken);
                }

                var gate = app.Services.GetRequiredService<StartLogGate>();
                gate.Starting = true;
                try
                {
                    await app.StartAsync(cancellationToken);
                }
                catch (Exception e) when (AddressInUse(e))
                {
                    host.Error.WriteLine($"error: {parse.GetValue(urls) ?? DefaultUrls} is already in use by another program; choose another address with --urls, e.g. --urls http://127.0.0.1:5081");
                    return 1;
                }
                finally
                {
                    gate.Starting = false;
                }

                var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
                host.Output.WriteLine($"tracewright is serving {app.Services.GetRequiredService<Shop>().Database.Describe} on {string.Join(", ", addresses)} (Ctrl+C stops it, finishing requests in flight)");
                // The host stops on Ctrl+C / SIGTERM by itself; it waits for requests in flight before returning.
                await app.WaitForShutdownAsync(CancellationToken.None);
            }

            return 0;
        });
        return command;
    }

    /// <summary>Kestrel reports a taken port as an <c>IOException</c> wrapping <c>AddressInUseException</c> (or that alone).</summary>
    private static bool AddressInUse(Exception e) =>
        e is Microsoft.AspNetCore.Connections.AddressInUseException || e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException
        || (e is IOException && e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse });

    /// <summary>
    /// The demo shop and one user per role with a fresh random password, printed once. Only into an empty
    /// database; a database that already holds the demo keeps its users (their passwords were printed before).
    /// </summary>
    public static async Task<IReadOnlyList<DemoUser>> LoadDemoAsync(Shop shop, TextWriter output, CancellationToken cancellationToken)
    {
        await using (var connection = await shop.Database.OpenConnectionAsync(cancellationToken))
        {
            if (await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM ledger", cancellationToken: cancellationToken)) > 0)
            {
                output.WriteLine($"--demo: {shop.Database.Describe} already holds records; the demo is loaded only into an empty database, so nothing was added");
                return [];
            }
        }

        var loaded = await LoadDemo.HandleAsync(shop, "demo", cancellationToken);
        if (!loaded.TryGet(out var demo, out var error))
        {
            throw new InvalidOperationException($"the demo shop could not be loaded: {error}");
        }

        var users = new List<DemoUser>();
        foreach (var role in new[] { Role.Admin, Role.Quality, Role.Operator, Role.Viewer })
        {
            var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
            var added = await Users.AddAsync(shop, "demo", new Users.AddRequest(role.Name(), password, role.Name(), $"Demo {role.Name()}"), cancellationToken);
            if (!added.IsSuccess)
            {
                throw new InvalidOperationException($"demo user {role.Name()} could not be added: {added.Error}");
            }

            users.Add(new DemoUser(role.Name(), role, password));
        }

        output.WriteLine($"demo shop loaded: {demo.Items} items, {demo.Suppliers} suppliers, {demo.Lots.Count} lot records");
        output.WriteLine("demo users (passwords are shown only now; `tracewright user password NAME` sets a new one):");
        foreach (var user in users)
        {
            output.WriteLine($"  {user.User,-9} {user.Password}   {Describe(user.Role)}");
        }

        return users;
    }

    private static string Describe(Role role) => role switch
    {
        Role.Admin => "everything: users, tokens, items, suppliers, customers, BOMs",
        Role.Quality => "block, release, reject, scrap, corrections, unit status, NCRs, CAPAs, deviations, recall blocks",
        Role.Operator => "receive, cut, make, assemble, pack, orders, ship, returns",
        Role.Viewer => "read only",
        _ => role.Name(),
    };
}
