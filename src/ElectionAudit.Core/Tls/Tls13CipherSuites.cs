using ElectionAudit.Text;

namespace ElectionAudit.Tls;

/// <summary>The result of parsing a TLS 1.3 <c>Ciphersuites</c> list.</summary>
/// <param name="Suites">The suites in the order given, duplicates kept (OpenSSL keeps them).</param>
/// <param name="Diagnostics">Names OpenSSL ignores, and the rejection when nothing is left.</param>
public sealed record Tls13CipherSuiteList(IReadOnlyList<CipherSuite> Suites, IReadOnlyList<CipherStringDiagnostic> Diagnostics)
{
    /// <summary>Whether OpenSSL refuses the list (SSL_CTX_set_ciphersuites fails: a non-empty list without a known suite).</summary>
    public bool IsRejected => Diagnostics.Any(static diagnostic => diagnostic.IsError);
}

/// <summary>
/// Parses the TLS 1.3 suite list of nginx <c>ssl_conf_command Ciphersuites</c>, Apache
/// <c>SSLOpenSSLConfCmd Ciphersuites</c> and <c>SSLCipherSuite TLSv1.3</c>, as OpenSSL 3.0's set_ciphersuites
/// (ssl/ssl_ciph.c) does: ':'-separated IANA names, blanks around names removed, case-sensitive; unknown names are
/// skipped; an empty string means no TLS 1.3 suite; a non-empty list that names no suite is an error.
/// </summary>
public static class Tls13CipherSuites
{
    /// <summary>Parses <paramref name="text"/>.</summary>
    public static Tls13CipherSuiteList Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var suites = new List<CipherSuite>();
        var diagnostics = new List<CipherStringDiagnostic>();
        if (text.Length == 0)
        {
            return new Tls13CipherSuiteList(suites, diagnostics);
        }

        int position = 0;
        while (position <= text.Length)
        {
            int end = text.IndexOf(':', position);
            if (end < 0)
            {
                end = text.Length;
            }

            // CONF_parse_list with remove_whitespace: blanks around each element do not count.
            int start = position;
            int stop = end;
            while (start < stop && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            while (stop > start && char.IsWhiteSpace(text[stop - 1]))
            {
                stop--;
            }

            if (stop > start)
            {
                string name = text[start..stop];
                var suite = CipherSuiteCatalog.FindByStandardName(name);
                var span = TextSpan.FromBounds(start, stop);
                if (suite is null || suite.Availability != CipherSuiteAvailability.Default)
                {
                    diagnostics.Add(new CipherStringDiagnostic(CipherStringDiagnosticKind.UnknownName, span, $"'{name}' is not a cipher suite name OpenSSL knows here (names are the IANA ones, case-sensitive); OpenSSL ignores it."));
                }
                else
                {
                    if (!suite.IsTls13)
                    {
                        // ssl3_get_cipher_by_std_name finds TLS 1.2 suites too, and OpenSSL then offers them ahead of everything.
                        diagnostics.Add(new CipherStringDiagnostic(CipherStringDiagnosticKind.UnavailableName, span, $"'{name}' is a TLS 1.2 suite; OpenSSL accepts it in the TLS 1.3 list and offers it before every other suite."));
                    }

                    suites.Add(suite);
                }
            }

            position = end + 1;
        }

        if (suites.Count == 0)
        {
            diagnostics.Add(new CipherStringDiagnostic(CipherStringDiagnosticKind.NoCipherMatch, new TextSpan(0, text.Length), "The TLS 1.3 cipher suite list names no suite OpenSSL knows; OpenSSL rejects it with \"no cipher match\"."));
        }

        return new Tls13CipherSuiteList(suites, diagnostics);
    }
}
