#!/usr/bin/env python3
"""Writes a synthetic election-infrastructure repository of about N files for the scaling benchmark.

Each site gets an nginx server file (HTTP redirect + TLS server) and a DNS zone file; one descriptor lists
every site and zone, and one nginx.conf includes the site files, so the scan binds descriptor <-> nginx <->
zone the way a real repository does. The content is deterministic for a given N (no randomness), so two runs
measure the same input. The nginx tree stands alone (relative paths, one shared test certificate made with
openssl when available), so `nginx -t -p DIR/web/nginx/ -c nginx.conf` can check it as a baseline.

Usage: generate-corpus.py N OUTPUT_DIRECTORY [--suppressions]

--suppressions adds an inline suppression comment to every site file and zone (an electionaudit-disable-next-line and an
electionaudit-disable region), as a repository that accepts some findings file by file has: checking every finding
against every suppression made such a scan four times as long (bench/README.md, "Session 33").
"""
import os
import shutil
import subprocess
import sys

ZONE_TEMPLATE = """; Zone of site {index}: {domain}
$ORIGIN {domain}.
$TTL 3600
@               IN SOA  ns1.{domain}. hostmaster.{domain}. (
                        2027031701 ; serial
                        3600       ; refresh
                        900        ; retry
                        1209600    ; expire
                        3600 )     ; negative-caching TTL
@               IN NS   ns1.{domain}.
@               IN NS   ns2.secondary-dns.example.net.
ns1             IN A    192.0.2.{octet}
@               IN A    198.51.100.{octet}
@               IN AAAA 2001:db8:{hextet}::80
www             IN CNAME {domain}.
results         IN A    203.0.113.{octet}
results         IN AAAA 2001:db8:{hextet}::443
feed       300  IN A    192.0.2.{octet2}
@               IN CAA  0 issue "letsencrypt.org"
@               IN CAA  0 iodef "mailto:security@{domain}"
@               IN MX   10 mail.{domain}.
mail            IN A    192.0.2.{octet3}
@               IN TXT  "v=spf1 mx ip4:192.0.2.0/24 -all"
_dmarc          IN TXT  "v=DMARC1; p=reject; rua=mailto:dmarc@{domain}"
sel2027._domainkey IN TXT "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
_https._tcp     IN SRV  0 5 443 results.{domain}.
"""

SITE_TEMPLATE = """# Site {index} ({role}): {domain}
server {{
    listen 80;
    listen [::]:80;
    server_name {domain} www.{domain};
    return 301 https://{domain}$request_uri;
}}

server {{
    listen 443 ssl;
    listen [::]:443 ssl;
    server_name {domain} www.{domain};

    ssl_certificate     ssl/site.pem;
    ssl_certificate_key ssl/site.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384;
    ssl_session_tickets off;

    root /srv/{name}/public;
    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
    add_header X-Content-Type-Options nosniff always;
    add_header Content-Security-Policy "default-src 'self'" always;

    location / {{
        try_files $uri $uri/ =404;
    }}

    location /live/ {{
        # Results refresh every 30 s during the count.
        add_header Cache-Control "public, max-age=30";
        try_files $uri =404;
    }}
}}
"""

NGINX_MAIN = """# Generated nginx front end for {sites} sites.
worker_processes auto;
pid nginx.pid;
error_log stderr;

events {{
    worker_connections 1024;
}}

http {{
    access_log off;
    server_tokens off;
    server_names_hash_bucket_size 128;
    server_names_hash_max_size 65536;
    ssl_session_cache shared:SSL:10m;
    ssl_session_timeout 1d;
    include sites-enabled/*.conf;
}}
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def make_certificate(ssl_directory):
    """One self-signed test certificate for every site, so nginx -t can load the TLS servers. Never a real key."""
    os.makedirs(ssl_directory, exist_ok=True)
    certificate = os.path.join(ssl_directory, "site.pem")
    if shutil.which("openssl") is None:
        write(certificate, "")
        return
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "3650",
         "-subj", "/CN=generated.example", "-keyout", os.path.join(ssl_directory, "site.key"), "-out", certificate],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


SITE_SUPPRESSION = "# electionaudit-disable-next-line EA2005 -- accepted for the benchmark\n"
ZONE_SUPPRESSION = "; electionaudit-disable EA1001 -- accepted for the benchmark\n"


def with_suppression(text, line):
    """The text with the suppression line after its first line (the comment naming the site)."""
    first, rest = text.split("\n", 1)
    return first + "\n" + line + rest


def main():
    arguments = [a for a in sys.argv[1:] if a != "--suppressions"]
    suppressions = len(arguments) != len(sys.argv) - 1
    if len(arguments) != 2:
        sys.exit(__doc__)
    files = int(arguments[0])
    output = arguments[1]
    # Files besides the per-site pair: descriptor, nginx.conf, certificate and key.
    sites = max(1, (files - 4) // 2)
    if os.path.exists(output):
        shutil.rmtree(output)
    make_certificate(os.path.join(output, "web", "nginx", "ssl"))
    write(os.path.join(output, "web", "nginx", "nginx.conf"), NGINX_MAIN.format(sites=sites))

    descriptor_sites = []
    descriptor_zones = []
    for index in range(sites):
        name = f"site{index:05d}"
        domain = f"{name}.elections.example"
        role = "results" if index % 10 == 0 else "info"
        values = dict(index=index, name=name, domain=domain, role=role, octet=index % 250 + 1,
                      octet2=(index * 7) % 250 + 1, octet3=(index * 13) % 250 + 1, hextet=format(index % 65536, "x"))
        site = SITE_TEMPLATE.format(**values)
        zone = ZONE_TEMPLATE.format(**values)
        if suppressions:
            site = with_suppression(site, SITE_SUPPRESSION)
            zone = with_suppression(zone, ZONE_SUPPRESSION)
        write(os.path.join(output, "web", "nginx", "sites-enabled", f"{name}.conf"), site)
        write(os.path.join(output, "dns", f"{domain}.zone"), zone)
        descriptor_sites.append(
            f"  - name: {name}\n    hosts: [{domain}, www.{domain}]\n    role: {role}\n    official: true\n")
        descriptor_zones.append(
            f"    - name: {domain}.\n      file: dns/{domain}.zone\n      dnssec: false\n      providers: [primary-dns, secondary-dns]\n")

    write(os.path.join(output, "election-infrastructure.yml"),
          "# Generated election infrastructure descriptor.\nversion: 1\n\n"
          "election:\n  name: Generated benchmark election\n  date: 2027-03-17\n  jurisdiction: NL\n\n"
          "organisation:\n  name: Benchmark Election Office\n  kind: election_authority\n\n"
          "sites:\n" + "".join(descriptor_sites) + "\ndns:\n  zones:\n" + "".join(descriptor_zones))


if __name__ == "__main__":
    main()
