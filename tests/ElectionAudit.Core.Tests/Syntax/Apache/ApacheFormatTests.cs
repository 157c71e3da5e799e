using ElectionAudit.Syntax.Apache;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Syntax.Apache;

public class ApacheFormatTests
{
    [Theory]
    [InlineData("etc/httpd/conf/httpd.conf", "")]
    [InlineData("apache2/apache2.conf", "# only comments\n")]
    [InlineData("public/.htaccess", "RewriteEngine On\n")]
    [InlineData("deploy/apache2/mods-available/ssl.conf", "SSLRandomSeed startup builtin\n")]
    [InlineData("deploy/sites-available/site.conf", "<VirtualHost *:80>\n  ServerName a\n</VirtualHost>\n")]
    [InlineData("any/where/vhost.txt", "<VirtualHost *:443>\nSSLEngine on\n</VirtualHost>\n")]
    [InlineData("x/security.conf", "ServerTokens Prod\nServerSignature Off\n")]
    [InlineData("x/mods.conf", "LoadModule ssl_module modules/mod_ssl.so\n")]
    [InlineData("x/root.conf", "DocumentRoot /var/www\n")]
    [InlineData("x/ssl.conf", "SSLRandomSeed startup builtin\nSSLSessionCache shmcb:/run/ssl_scache(512000)\nSSLSessionCacheTimeout 300\n")]
    [InlineData("x/legacy.conf", "Order deny,allow\nDeny from all\nAllow from 192.0.2.0/24\n")]
    [InlineData("x/wsgi.conf", "WSGIDaemonProcess results\nWSGIScriptAlias / /srv/results/app.wsgi\n")]
    [InlineData("x/mixed.conf", "ServerTokens Prod\nSomeThirdPartyDirective on\n")]
    public void Claims_apache_files(string path, string text)
    {
        ApacheFormat.LooksLikeApache(path, text).ShouldBeTrue();
        ApacheFormat.LooksLikeApache(path, SourceText.FromBytes(path, System.Text.Encoding.ASCII.GetBytes(text))).ShouldBeTrue();
    }

    [Theory]
    [InlineData("etc/nginx/sites-available/default", "server {\n  listen 80;\n  server_name a;\n  root /var/www;\n}\n")]
    [InlineData("etc/nginx/nginx.conf", "events {}\nhttp {\n include mime.types;\n}\n")]
    [InlineData("deploy/sites-available/site.conf", "server {\n  listen 443 ssl;\n  include snippets/ssl.conf;\n}\n")]
    [InlineData("etc/bind/named.conf", "options {\n  directory \"/var/cache/bind\";\n};\n")]
    [InlineData("etc/bind/named.conf.local", "zone \"example.org\" {\n  type master;\n  file \"db.example\";\n};\n")]
    [InlineData("apache2/nginx-in-disguise.conf", "server {\n  listen 80;\n  location / {\n    proxy_pass http://a;\n  }\n}\n")]
    [InlineData("notes/readme.conf", "just some words\n")]
    [InlineData("x/site.conf", "")]
    [InlineData("etc/fonts/conf.avail/57-dejavu-sans.conf", "<?xml version=\"1.0\"?>\n<!--\n  Define aliasing for the DejaVu fonts\n-->\n<fontconfig/>\n")]
    [InlineData("etc/apache2/conf-available/x.conf", "\n  <?xml version=\"1.0\"?>\n<settings>\nUser nobody\n</settings>\n")]
    [InlineData("etc/fonts/conf.avail/57-dejavu-sans.conf", "<!--\n  Define aliasing for the DejaVu fonts\n-->\n<fontconfig/>\n")]
    [InlineData("etc/ssh/ssh_config", "Include /etc/ssh/ssh_config.d/*.conf\nHost *\n    SendEnv LANG LC_*\n    HashKnownHosts yes\n")]
    [InlineData("etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n")]
    [InlineData("etc/gnucobol/mvs.conf", "include \"mvs-strict.conf\"\ninclude \"lax.conf-inc\"\n")]
    [InlineData("etc/exim4/conf.d/router/mmm_mail4root", "mmm_mail4root:\n  debug_print = \"R: mmm_mail4root for $local_part@$domain\"\n  driver = redirect\n  user = mail\n  group = mail\n")]
    [InlineData("etc/exim4/conf.d/acl/30_check_rcpt", "acl_check_rcpt:\n  accept\n    hosts = :\n  deny\n    domains = +local_domains\n")]
    [InlineData("usr/share/doc/dbus/README.Debian", "<busconfig>\n  <limit name=\"max_incoming_bytes\">1000000000</limit>\n</busconfig>\n")]
    [InlineData("docs/deploy.md", "Put this in the site:\n\n<VirtualHost *:443>\n  ServerName results.example\n</VirtualHost>\n")]
    [InlineData("apache2/tools/rotate.py", "<VirtualHost *:80>\nServerName a\n</VirtualHost>\n")]
    [InlineData("usr/share/doc/git/README.Debian", "Git for Debian\n\nAdd a stanza to your apache configuration:\n\n<VirtualHost *:80>\n  ServerName git.example.org\n</VirtualHost>\n")]
    [InlineData("roles/web/README", "<VirtualHost *:443>\n  ServerName results.example\n</VirtualHost>\n")]
    [InlineData("CHANGES.txt", "<VirtualHost *:443>\n  SSLEngine on\n</VirtualHost>\n")]
    public void Does_not_claim_other_files(string path, string text)
    {
        ApacheFormat.LooksLikeApache(path, text).ShouldBeFalse();
        ApacheFormat.LooksLikeApache(path, SourceText.FromBytes(path, System.Text.Encoding.ASCII.GetBytes(text))).ShouldBeFalse();
    }
}
