using ElectionAudit.Configuration;
using ElectionAudit.Engine;
using ElectionAudit.Rules;
using ElectionAudit.Text;

namespace ElectionAudit.Fuzz;

/// <summary>
/// The <c>scan</c> harness: fuzzes the binders and the built-in rules, not only a parser. The input's first byte picks one
/// file of a small repository (an nginx configuration, an Apache virtual host, a zone file, a named.conf or the election
/// descriptor), the rest of the input becomes that file's bytes, and the other files keep their fixed text. The fixed files
/// refer to each other as a real repository's do: the descriptor declares the results sites, the zone publishes their
/// addresses and mail policy, named.conf serves the zone, nginx serves the results site with a certificate for it, and
/// Apache serves the backup site. The scan runs through <see cref="AuditEngine.Analyze(IScanFileSystem, IReadOnlyList{string}, AuditConfiguration?, int)"/>
/// with every built-in rule on one thread, at a fixed date. A rule that throws is reported by the engine as EA0001; the
/// harness turns that, and any exception out of the engine (a parser or binder that threw), into a crash.
/// </summary>
internal static class ScanHarness
{
    /// <summary>The files the selector byte can replace, in selector order (selector = first byte modulo the count).</summary>
    public static IReadOnlyList<string> Targets { get; } =
    [
        "nginx/nginx.conf",
        "apache2/sites-enabled/backup.conf",
        "dns/db.example.nl",
        "dns/named.conf",
        "election.yml",
    ];

    private static bool warm;

    private const string Descriptor =
        """
        version: 1
        election:
          name: Municipal council election 2027
          date: 2027-03-17
          certification_date: 2027-03-24
        sites:
          - name: results
            role: results
            hosts: [results.example.nl]
            static_snapshot: s3://snapshots/results
            failover: {type: dns, standby: backup.example.nl, ttl_max: 5m}
          - name: backup
            role: results
            hosts: [backup.example.nl]
        dns:
          zones:
            - name: example.nl
              file: dns/db.example.nl
              dnssec: false
          domains:
            official: [example.nl]
        email:
          sends: true
          dkim_selectors: [mail]
        results:
          channels:
            - name: website
              official: true
              purpose: publication
              host: results.example.nl
            - name: portal
              purpose: backup
              host: backup.example.nl
        assets:
          - name: results-web
            role: web_content
            hosts: [results.example.nl]
            internet_facing: true
        software:
          - name: nginx
            version: 1.26.3

        """;

    private const string Zone =
        """
        $ORIGIN example.nl.
        $TTL 300
        @        IN SOA   ns1.example.nl. hostmaster.example.nl. 2027010101 3600 900 1209600 300
        @        IN NS    ns1.example.nl.
        @        IN NS    ns.other-dns.example.org.
        @        IN MX    10 mail.example.nl.
        @        IN TXT   "v=spf1 mx -all"
        @        IN CAA   0 issue "letsencrypt.org"
        _dmarc   IN TXT   "v=DMARC1; p=reject; rua=mailto:dmarc@example.nl"
        mail._domainkey IN TXT "v=DKIM1; k=ec; p=MFkwEwYHKoZIzj0CAQ"
        ns1      IN A     192.0.2.1
        mail     IN A     192.0.2.25
        results  IN A     192.0.2.10
        backup   IN A     198.51.100.20
        www      IN CNAME results

        """;

    private const string NamedConf =
        """
        options {
            directory "/var/cache/bind";
            version "none";
            allow-transfer { none; };
        };
        zone "example.nl" {
            type primary;
            file "db.example.nl";
            allow-update { none; };
        };

        """;

    private const string Nginx =
        """
        events {}
        http {
            server_tokens off;
            limit_req_zone $binary_remote_addr zone=per_ip:10m rate=10r/s;
            server {
                listen 80;
                server_name results.example.nl;
                return 301 https://$host$request_uri;
            }
            server {
                listen 443 ssl;
                server_name results.example.nl www.example.nl;
                ssl_certificate ssl/results.pem;
                ssl_certificate_key ssl/results.key;
                ssl_protocols TLSv1.2 TLSv1.3;
                add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
                add_header Content-Security-Policy "default-src 'self'" always;
                root /srv/results;
                location / {
                    limit_req zone=per_ip burst=20;
                    try_files $uri =404;
                }
                location /api/ {
                    proxy_pass http://10.0.0.5:8080;
                }
            }
        }

        """;

    private const string Apache =
        """
        <VirtualHost *:443>
            ServerName backup.example.nl
            DocumentRoot /srv/backup
            SSLEngine on
            SSLCertificateFile /etc/nginx/ssl/results.pem
            SSLProtocol -all +TLSv1.2 +TLSv1.3
            Header always set Strict-Transport-Security "max-age=63072000"
            <Directory /srv/backup>
                Options -Indexes
                Require all granted
            </Directory>
        </VirtualHost>

        """;

    // A self-signed P-256 certificate for results.example.nl and backup.example.nl, valid from 2026-12-06 to 2028-12-05,
    // made for this harness with openssl req -x509.
    private const string Certificate =
        """
        -----BEGIN CERTIFICATE-----
        MIIBxDCCAWmgAwIBAgIUHq3kqjGAAiYr0+uNTwk0iO8CyEkwCgYIKoZIzj0EAwIw
        HTEbMBkGA1UEAwwScmVzdWx0cy5leGFtcGxlLm5sMB4XDTI2MTIwNjAyNTMwOFoX
        DTI4MTIwNTAyNTMwOFowHTEbMBkGA1UEAwwScmVzdWx0cy5leGFtcGxlLm5sMFkw
        EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE6VI85bHHcC7c8VK71ie+K+yUt8KW1T8P
        feVQZEUI3VkduD+na07Id8AxAfQfCASi2VVyC4w3srGR97LnT7AE7qOBhjCBgzAd
        BgNVHQ4EFgQU+sCxjAjdmSqkH1CpLf37uBmb/bEwHwYDVR0jBBgwFoAU+sCxjAjd
        mSqkH1CpLf37uBmb/bEwDwYDVR0TAQH/BAUwAwEB/zAwBgNVHREEKTAnghJyZXN1
        bHRzLmV4YW1wbGUubmyCEWJhY2t1cC5leGFtcGxlLm5sMAoGCCqGSM49BAMCA0kA
        MEYCIQDLV1ID3vUO+ke/86OeuE0Pq8G8D30SiAJSjulfnY/HzAIhAPJHnpt/QW5L
        J1gFgzN18EMq6oWwJLe+fMYzhXRGj/j/
        -----END CERTIFICATE-----

        """;

    private static readonly KeyValuePair<string, string>[] FixedFiles =
    [
        new("election.yml", Descriptor),
        new("dns/db.example.nl", Zone),
        new("dns/named.conf", NamedConf),
        new("nginx/nginx.conf", Nginx),
        new("nginx/ssl/results.pem", Certificate),
        new("apache2/sites-enabled/backup.conf", Apache),
    ];

    /// <summary>Scans the repository the input describes; throws if the engine throws or reports EA0001.</summary>
    public static void Run(byte[] input)
    {
        if (!warm)
        {
            // The first scan of a process fills lazily made tables, caches and the loading thread's string pools; done
            // once on the fixed repository, before the first input, so that every input runs the same code each time.
            warm = true;
            for (int i = 0; i < Targets.Count; i++)
            {
                Scan(Seed(i), trace: false);
            }
        }

        Scan(input, Program.Trace);
    }

    private static void Scan(byte[] input, bool trace)
    {
        var files = Repository(input);
        // The day the scan is made on is fixed: rules that compare dates (certificate expiry, RRSIG validity, change
        // freezes, restore tests) must not depend on the day the fuzzer runs. (Made here, not in a static field: the class
        // is also used before SharpFuzz has set up its coverage map, where instrumented code must not run.)
        // The rule time budget is off: the budget's watch wakes on a clock, so the code it runs differs from one run of the
        // same input to the next; a rule that runs too long is AFL++'s hang (-t) instead of EA0001.
        var configuration = AuditConfiguration.Default with
        {
            AsOf = new DateOnly(2027, 3, 1),
            Limits = ScanLimits.Default with { RuleTimeBudget = Timeout.InfiniteTimeSpan },
        };
        // A new engine per input, as the CLI makes one per scan: no rule's state carries from one input to the next.
        var result = new AuditEngine(BuiltInRules.All).Analyze(files, files.Paths, configuration, maxDegreeOfParallelism: 1);
        if (trace)
        {
            foreach (var finding in result.Findings)
            {
                Console.Error.WriteLine($"{finding.Location.Path}:{finding.Location.StartLine}:{finding.Location.StartColumn}: {finding.RuleId} {finding.Message}");
            }
        }

        foreach (var finding in result.Findings)
        {
            if (finding.RuleId == "EA0001")
            {
                throw new InvalidOperationException($"EA0001 at {finding.Location.Path}:{finding.Location.StartLine}:{finding.Location.StartColumn}: {finding.Message}");
            }
        }

        foreach (var notification in result.Notifications)
        {
            if (notification.Level == "error")
            {
                throw new InvalidOperationException($"error notification {notification.RuleId}: {notification.Message}");
            }
        }
    }

    /// <summary>The input that reproduces the fixed repository: selector <paramref name="selector"/>, then the fixed text of the file it picks.</summary>
    public static byte[] Seed(int selector)
    {
        var text = FixedFiles.First(f => f.Key == Targets[selector]).Value;
        return [(byte)selector, .. System.Text.Encoding.UTF8.GetBytes(text)];
    }

    /// <summary>The repository for one input: the fixed files, with the selected one replaced by the input's bytes after the first.</summary>
    public static RepositoryFiles Repository(byte[] input)
    {
        var target = input.Length == 0 ? Targets[0] : Targets[input[0] % Targets.Count];
        var files = new RepositoryFiles();
        foreach (var (path, text) in FixedFiles)
        {
            files.Add(path == target
                ? SourceText.FromBytes(path, input.Length == 0 ? [] : input.AsSpan(1))
                : new SourceText(path, text));
        }

        return files;
    }

    /// <summary>The files of one scan, made for each input (no parse cached in a source carries over).</summary>
    internal sealed class RepositoryFiles : IScanFileSystem
    {
        private readonly SortedDictionary<string, SourceText> _files = new(StringComparer.Ordinal);

        public IReadOnlyList<string> Paths => [.. _files.Keys];

        public void Add(SourceText source) => _files[source.Path] = source;

        public bool FileExists(string relativePath) => _files.ContainsKey(PathUtil.Normalize(relativePath));

        public IReadOnlyList<string> Glob(string pattern) => PathUtil.GlobOver(_files.Keys, pattern);

        public SourceText? TryRead(string relativePath) => _files.GetValueOrDefault(PathUtil.Normalize(relativePath));
    }
}
