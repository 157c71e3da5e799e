using ElectionAudit.Syntax.Nginx;

namespace ElectionAudit.Core.Tests.Syntax.Nginx;

public class NginxFormatTests
{
    [Theory]
    [InlineData("etc/nginx/nginx.conf", "")]
    [InlineData("site.nginx", "# empty")]
    [InlineData("deploy/nginx/anything.conf", "gzip on;")]
    [InlineData("sites-available/example.conf", "server_name example.org;")]
    [InlineData("conf.d/default.conf", "server {\n  listen 80;\n}\n")]
    [InlineData("templates/site.conf.template", "server {\n  listen ${PORT};\n  server_name example.org;\n}\n")]
    [InlineData("app.conf", "upstream app { server 127.0.0.1:3000; }\nserver { listen 443 ssl; location / { proxy_pass http://app; } }")]
    [InlineData("x.txt", "listen 8080;\nroot /srv;\n")]
    [InlineData("dump.txt", "# configuration file /etc/nginx/nginx.conf:\nevents {}\n")]
    public void Claims_nginx_files(string path, string text)
    {
        NginxFormat.LooksLikeNginx(path, text).ShouldBeTrue();
    }

    [Theory]
    [InlineData("sites-available/000-default.conf", "<VirtualHost *:80>\n  ServerName example.org\n</VirtualHost>\n")]
    [InlineData("conf.d/ssl.conf", "Listen 443 https\nSSLProtocol all -SSLv3\nSSLCipherSuite HIGH\n")]
    [InlineData("etc/nginx/nginx.conf", "<Directory /var/www>\n  Require all granted\n</Directory>\n")]
    [InlineData("named.conf", "options {\n  directory \"/var/cache/bind\";\n  allow-query { any; };\n  allow-transfer { none; };\n};\nzone \"example.org\" {\n  type master;\n  file \"db.example\";\n};\n")]
    [InlineData("conf.d/zones.conf", "zone \"example.org\" { type primary; file \"db.example\"; };\n")]
    [InlineData("sites-enabled/empty.conf", "# nothing here\n")]
    [InlineData("notes.conf", "server {\n}\n")]
    [InlineData("README.md", "Configure nginx with `listen 80;`.")]
    public void Does_not_claim_other_files(string path, string text)
    {
        NginxFormat.LooksLikeNginx(path, text).ShouldBeFalse();
    }
}
