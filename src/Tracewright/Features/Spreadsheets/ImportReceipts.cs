using Tracewright.Domain.Common;
using Tracewright.Domain.Materials;
using Tracewright.Features.Certificates;
using Tracewright.Features.Receiving;

namespace Tracewright.Features.Spreadsheets;

/// <summary>The receipts sheet: one row, one delivery, received through <see cref="ReceiveLot"/> exactly as <c>tracewright receive</c> would.</summary>
internal static class ImportReceipts
{
    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        ["item"] = "item", ["supplier"] = "supplier", ["heat"] = "heat", ["qty"] = "qty", ["uom"] = "uom", ["supplier-lot"] = "supplier lot",
        ["po"] = "po", ["grade"] = "grade", ["received-on"] = "received on", ["certificate"] = "certificate file",
        ["certificate-type"] = "certificate type", ["certificate-heat"] = "certificate heat",
    };

    public static async Task RunAsync(SheetImport import, CancellationToken cancellationToken)
    {
        foreach (var row in import.Rows)
        {
            import.Step();
            var receivedOn = SheetFile.DateText(row["received on"]);
            var allow = YesNo(row["allow duplicate"]);
            var certificate = Certificate(import, row);
            var bad = import.Report(
                row,
                ("item", ItemCode.Parse(row["item"]).Error),
                ("supplier", SupplierName.Parse(row["supplier"]).Error),
                ("heat", HeatNumber.Parse(row["heat"]).Error),
                ("qty", Text.Quantity(row["qty"], "qty").Error),
                ("uom", UnitOfMeasure.Parse(row["uom"]).Error),
                ("supplier lot", Text.Optional(row["supplier lot"], "supplier lot", 64).Error),
                ("po", Text.Optional(row["po"], "po", 64).Error),
                ("grade", Text.Optional(row["grade"], "grade", 120).Error),
                ("received on", receivedOn is null ? null : Timestamp.Parse(receivedOn, "received on").Error),
                ("allow duplicate", allow.Error),
                (certificate.Column, certificate.Result.Error));
            if (bad)
            {
                continue;
            }

            var result = await ReceiveLot.HandleAsync(import.Write, new ReceiveLot.Request(
                row["item"], row["supplier"], row["heat"], row["qty"], row["uom"], row["supplier lot"], row["po"], row["grade"],
                Text.List(row["certifications"]), receivedOn, certificate.Result.Value, allow.Value), cancellationToken);
            if (!result.TryGet(out var received, out var error))
            {
                import.Fail([row], error, Columns);
                continue;
            }

            import.Created.Add(new SheetCreated(row.Number, received.Lot, $"lot {received.Status.Describe()}", received.Reason));
        }
    }

    private static Result<bool> YesNo(string? text) => text?.ToLowerInvariant() switch
    {
        null or "no" or "n" or "false" or "0" => false,
        "yes" or "y" or "true" or "1" => true,
        _ => new InvalidInput("allow duplicate", $"allow duplicate '{text}' must be yes or no (blank is no)"),
    };

    /// <summary>The certificate columns as a group: none, or a file with its type and the heat(s) printed on it.</summary>
    private static (string Column, Result<CertificateInput?> Result) Certificate(SheetImport import, SheetRow row)
    {
        var file = row["certificate file"];
        if (file is null)
        {
            return row["certificate type"] is null && row["certificate heat"] is null
                ? ("certificate file", (CertificateInput?)null)
                : ("certificate file", new InvalidInput("certificate file", "certificate file is required when a certificate type or heat is given"));
        }

        if (import.ByFileName)
        {
            var named = Path.GetFileName(file.Replace('\\', '/'));
            import.FilesNamed.Add(named);
            if (named.Length == 0 || !File.Exists(Path.Combine(import.Folder, named)))
            {
                return ("certificate file", new InvalidInput("certificate file", $"certificate file '{named}' was not uploaded: choose it among the certificate files, with the sheet"));
            }

            file = named;
        }

        if (row["certificate type"] is null)
        {
            return ("certificate type", new InvalidInput("certificate type", "certificate type is required with a certificate file (MTR, CofC, RoHS, REACH, SDS, TestReport or Other)"));
        }

        if (row["certificate heat"] is null)
        {
            return ("certificate heat", new InvalidInput("certificate heat", "certificate heat is required with a certificate file: type the heat/lot number(s) printed on the certificate"));
        }

        if (file.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            // A NUL (or, on Windows, another character no path may hold) would make the path functions throw.
            return ("certificate file", new InvalidInput("certificate file", "certificate file holds a character no file name may have"));
        }

        if (import.FileIn(file) is not { } path)
        {
            // The file is filed and then served to every viewer: a sheet must not reach /etc/passwd or a key beside it.
            return ("certificate file", new InvalidInput("certificate file", $"certificate file '{file}' is outside {import.Folder}; put the file in that folder (or name another with --files) and give its path within it"));
        }

        var input = CertificateInput.FromFile(path, row["certificate type"], Text.List(row["certificate heat"]), null, null, [], [], "certificate file");
        if (!input.TryGet(out var certificate, out var error))
        {
            return ("certificate file", error);
        }

        var valid = certificate.Validate("certificate");
        return valid.IsSuccess
            ? ("certificate file", certificate)
            : (valid.Error!.Field is { } field && Columns.TryGetValue(field, out var column) ? column : "certificate file", valid.Error!);
    }
}
