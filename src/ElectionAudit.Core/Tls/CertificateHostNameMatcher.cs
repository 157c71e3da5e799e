using System.Net;

namespace ElectionAudit.Tls;

/// <summary>
/// Whether a certificate covers a host name, per RFC 6125 §6.4: DNS-ID (subject alternative name) matching,
/// case-insensitive for ASCII, a trailing dot ignored; a wildcard only as the whole left-most label, matching exactly
/// one label, and not directly under a top-level domain; the subject common name is consulted only when the
/// certificate has no DNS name at all (§6.4.4); an IP address matches only an IP address entry.
/// </summary>
public static class CertificateHostNameMatcher
{
    /// <summary>Whether <paramref name="certificate"/> covers <paramref name="hostName"/>.</summary>
    public static bool Matches(CertificateInfo certificate, string hostName)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(hostName);
        if (IPAddress.TryParse(hostName.Trim('[', ']'), out var address))
        {
            return certificate.IpAddresses.Any(candidate => candidate.Equals(address));
        }

        if (certificate.DnsNames.Count > 0)
        {
            return certificate.DnsNames.Any(pattern => MatchesPattern(hostName, pattern));
        }

        return certificate.SubjectCommonName is { } commonName && MatchesPattern(hostName, commonName);
    }

    /// <summary>Whether <paramref name="hostName"/> matches one certificate name <paramref name="pattern"/> (for example <c>*.example.org</c>).</summary>
    public static bool MatchesPattern(string hostName, string pattern)
    {
        ArgumentNullException.ThrowIfNull(hostName);
        ArgumentNullException.ThrowIfNull(pattern);
        string host = hostName.TrimEnd('.');
        string name = pattern.TrimEnd('.');
        if (host.Length == 0 || name.Length == 0 || host.Contains('*', StringComparison.Ordinal))
        {
            return false;
        }

        if (!name.Contains('*', StringComparison.Ordinal))
        {
            return string.Equals(host, name, StringComparison.OrdinalIgnoreCase);
        }

        // Only "*" as the entire left-most label, with at least two labels after it (no "*.org").
        if (!name.StartsWith("*.", StringComparison.Ordinal) || name.IndexOf('*', 1) >= 0)
        {
            return false;
        }

        string rest = name[2..];
        if (!rest.Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        int firstDot = host.IndexOf('.', StringComparison.Ordinal);
        return firstDot > 0 && string.Equals(host[(firstDot + 1)..], rest, StringComparison.OrdinalIgnoreCase);
    }
}
