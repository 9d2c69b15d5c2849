using Microsoft.AspNetCore.Identity;
using Tracewright.Domain.Common;

namespace Tracewright.Features.Access;

/// <summary>
/// Password rules and hashing. ASP.NET Core's <see cref="PasswordHasher{TUser}"/> (in the shared framework, no
/// Identity packages): PBKDF2 with HMAC-SHA512, 100,000 iterations, a random salt per hash, versioned format.
/// </summary>
public static class Passwords
{
    public const int MinimumLength = 10;

    // The hasher ignores the user object; one instance is thread-safe.
    private static readonly PasswordHasher<object> Hasher = new();

    private static readonly object Nobody = new();

    private static readonly Lazy<string> Dummy = new(() => Hash(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18))));

    /// <summary>
    /// A hash of a random password no one knows, with the same format and iterations as a user's: checked against when
    /// the name is no user's, so an unknown name takes as long to refuse as a wrong password.
    /// </summary>
    public static string DummyHash => Dummy.Value;

    public static Result<string> Check(string? password, string field = "password")
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumLength)
        {
            return new InvalidInput(field, $"{field} must be at least {MinimumLength} characters");
        }

        return password.Length > 200 ? new InvalidInput(field, $"{field} is longer than 200 characters") : password;
    }

    public static string Hash(string password) => Hasher.HashPassword(Nobody, password);

    public static bool Verify(string hash, string password) =>
        Hasher.VerifyHashedPassword(Nobody, hash, password) != PasswordVerificationResult.Failed;
}
