using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tracewright.Domain.Common;

namespace Tracewright.Web;

/// <summary>
/// The certificate of <c>serve --https CERTFILE</c>, for a shop without a TLS proxy: a PFX/PKCS#12 file (<c>.pfx</c>,
/// <c>.p12</c>) with its password, or a PEM certificate with its private key in the same file or in <c>--https-key</c>
/// (encrypted when a password is given). A file that cannot be read is an error naming the option, never a server that
/// starts without TLS.
/// </summary>
public static class HttpsCertificate
{
    public static Result<X509Certificate2> Load(string certificateFile, string? keyFile, string? password)
    {
        if (!File.Exists(certificateFile))
        {
            return new InvalidInput("--https", $"--https: no such file: {certificateFile}");
        }

        if (keyFile is not null && !File.Exists(keyFile))
        {
            return new InvalidInput("--https-key", $"--https-key: no such file: {keyFile}");
        }

        try
        {
            var extension = Path.GetExtension(certificateFile).ToLowerInvariant();
            var certificate = extension is ".pfx" or ".p12"
                ? X509CertificateLoader.LoadPkcs12FromFile(certificateFile, password)
                : password is null
                    ? X509Certificate2.CreateFromPemFile(certificateFile, keyFile)
                    : X509Certificate2.CreateFromEncryptedPemFile(certificateFile, password, keyFile);
            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                return new InvalidInput("--https", "--https: the certificate has no private key (give it in the file or with --https-key)");
            }

            return certificate;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return new InvalidInput("--https", $"--https: the certificate or its key cannot be read ({e.Message}); a PFX needs --https-password, a PEM its key");
        }
    }
}
