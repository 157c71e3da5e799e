using ElectionAudit.Engine;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Apache;
using ElectionAudit.Syntax.Bacula;
using ElectionAudit.Syntax.NamedConf;
using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Syntax;

// Files that a deployment tool renders (an Ansible role's templates/*.j2, consul-template, a buildpack's nginx.conf)
// hold template actions where values go; the servers refuse them until they are rendered.
public class TemplateTests
{
    // An Ansible role's nginx template: placeholders in directive arguments and a Jinja2 statement around a header.
    private const string NginxTemplate = """
        user www-data;
        events { worker_connections 1024; }
        http {
            # rendered by the web role; port {{ http_port }} is set in group_vars
            server_tokens off;
            server {
                listen 443 ssl;
                server_name {{ results_host }};
                ssl_certificate "/etc/ssl/{{ results_host }}.pem";
        {% if enable_hsts %}
                add_header Strict-Transport-Security "max-age=31536000" always;
        {% endif %}
                root /var/www/results;
            }
        }

        """;

    private const string ZoneTemplate = """
        $ORIGIN example.nl.
        $TTL 3600
        ; serial {{ serial }} comes from the inventory
        @    IN SOA ns1 hostmaster ( {{ serial }} 7200 3600 1209600 3600 )
        @    IN NS  ns1
        ns1  IN A   {{ ns1_address }}
        www  IN A   192.0.2.10

        """;

    private const string NamedConfTemplate = """
        options {
            directory "/var/cache/bind";
            allow-transfer { {{ secondary_address }}; };
        };
        zone "{{ zone }}" { type primary; file "/etc/bind/db.example.nl"; };

        """;

    [Fact]
    public void An_nginx_template_is_one_diagnostic_at_its_first_action_on_a_line_with_an_error_and_an_empty_tree()
    {
        var tree = NginxSyntaxTree.Parse(new SourceText("roles/web/templates/nginx.conf.j2", NginxTemplate));

        // The action in the comment (line 4) and the one in the quoted path (line 9) parse; line 8's is the first that breaks.
        tree.Diagnostics.Select(d => (d.RuleId, d.Location.StartLine, d.Location.StartColumn, d.Location.EndLine, d.Location.EndColumn, d.LogicalKey, d.Message)).ShouldBe(
        [
            ("EA0002", 8, 21, 8, 39, "template", "The file is a template: {{ results_host }} is a template action (Jinja2, Ansible, Go templates), which nginx does not expand; the file becomes nginx configuration only when a deployment tool renders it, so it was not read. Scan the rendered file to have it audited."),
        ]);
        tree.Root.Directives.ShouldBeEmpty();
        tree.Root.Span.ShouldBe(new TextSpan(0, NginxTemplate.Length));
        tree.Comments.Select(c => c.ToString()).ShouldBe(["# rendered by the web role; port {{ http_port }} is set in group_vars"]);
        TemplateActions.IsTemplate(tree).ShouldBeTrue();

        // As written, the parser reports an error for each brace the actions add, the cascade the one diagnostic replaces.
        NginxSyntaxTree.ParseAsWritten(tree.Source, tree.Region, tree.Path).Diagnostics.Select(d => (d.Location.StartLine, d.Location.StartColumn)).ShouldBe(
            [(8, 22), (8, 37), (8, 39), (10, 1), (12, 1), (16, 1)]);
    }

    [Fact]
    public void A_jinja_statement_alone_on_its_line_marks_a_template_too()
    {
        const string Text = "server {\n    listen 80;\n{% for name in aliases %}\n    server_name name;\n{% endfor %}\n}\n";
        var tree = NginxSyntaxTree.Parse(new SourceText("site.conf", Text));
        tree.Diagnostics.Select(d => (d.Location.StartLine, d.Location.StartColumn, d.Location.EndColumn, d.LogicalKey)).ShouldBe([(3, 1, 26, "template")]);
        tree.Diagnostics[0].Message.ShouldStartWith("The file is a template: {% for name in aliases %} is a template action");
    }

    [Fact]
    public void Actions_only_in_comments_and_quoted_values_leave_the_parser_s_own_errors_and_tree()
    {
        // The error (the server block is not closed) is at the end of the file, on a line without an action; the
        // actions on other lines parse as text.
        const string Text = "# {{ managed_by }}\nserver {\n    listen 80;\n    return 301 \"https://{{ host }}$request_uri\";\n";
        var tree = NginxSyntaxTree.Parse(new SourceText("site.conf", Text));
        tree.Diagnostics.Select(d => (d.Location.StartLine, d.LogicalKey)).ShouldBe([(5, (string?)null)]);
        tree.Root.Directives.ShouldHaveSingleItem().Name.ShouldBe("server");
        TemplateActions.IsTemplate(tree).ShouldBeFalse();

        // An action in a comment on the line with the error is not the error's cause either.
        var commented = NginxSyntaxTree.Parse(new SourceText("site.conf", "server {\n    listen 80 } # {{ port }}\n"));
        commented.Diagnostics.Select(d => (d.Location.StartLine, d.Location.StartColumn, d.LogicalKey)).ShouldBe([(2, 15, (string?)null)]);
    }

    [Fact]
    public void A_comment_holding_an_action_that_runs_past_its_error_line_ends_the_search_there()
    {
        // Found by the nginx harness (session 19): the search went on after the comment, past the end of the line, and
        // threw. An nginx "#" comment ends only at a line feed, so it runs across a lone carriage return, which ends a
        // line for the line table; a named.conf "/* */" comment can run over several lines.
        var nginx = NginxSyntaxTree.Parse(new SourceText("nginx.conf", "}#{{}}\rx"));
        TemplateActions.IsTemplate(nginx).ShouldBeFalse();
        nginx.Diagnostics.Select(d => (d.Location.StartLine, d.Location.StartColumn, d.LogicalKey)).ShouldBe([(1, 1, (string?)null)]);

        var named = NamedConfParser.Parse(new SourceText("named.conf", "}/*{{}}\n*/"));
        TemplateActions.IsTemplate(named).ShouldBeFalse();
        named.Diagnostics.Select(d => (d.Location.StartLine, d.Location.StartColumn, d.LogicalKey)).ShouldBe([(1, 1, (string?)null)]);

        var result = Scan(("nginx/nginx.conf", "}#{{}}\rx"), ("dns/named.conf", "}/*{{}}\n*/"));
        result.Findings.Select(f => (f.RuleId, f.Location.Path, f.Location.StartLine)).ShouldBe([("EA0002", "dns/named.conf", 1), ("EA0002", "nginx/nginx.conf", 1)]);

        TemplateActions.FirstInLine("ab{{x}}", from: 7).ShouldBeNull();
        TemplateActions.FirstInLine("ab{{x}}", from: 70).ShouldBeNull();
    }

    [Fact]
    public void A_zone_template_is_one_diagnostic_no_records_and_no_zone_in_the_model()
    {
        var tree = ZoneParser.Parse(new SourceText("roles/dns/templates/db.example.nl.j2", ZoneTemplate));
        tree.Diagnostics.Select(d => (d.RuleId, d.Location.StartLine, d.Location.StartColumn, d.Location.EndColumn, d.LogicalKey, d.Message)).ShouldBe(
        [
            ("EA0002", 4, 30, 42, "template", "The file is a template: {{ serial }} is a template action (Jinja2, Ansible, Go templates), which named does not expand; the file becomes a zone file only when a deployment tool renders it, so it was not read. Scan the rendered file to have it audited."),
        ]);
        tree.Records.ShouldBeEmpty();
        tree.Root.Entries.ShouldBeEmpty();
        tree.Comments.ShouldHaveSingleItem().Text.ShouldBe("; serial {{ serial }} comes from the inventory");

        var result = Scan(("roles/dns/templates/db.example.nl.j2", ZoneTemplate), ("roles/dns/templates/named.conf.j2", NamedConfTemplate));
        result.Model.Dns.Zones.ShouldBeEmpty();
        result.Model.Dns.NamedConfZones.ShouldBeEmpty();
    }

    [Fact]
    public void A_named_conf_template_is_one_diagnostic_and_no_statements()
    {
        var tree = NamedConfParser.Parse(new SourceText("named.conf.j2", NamedConfTemplate));
        tree.Diagnostics.Select(d => (d.Location.StartLine, d.Location.StartColumn, d.Location.EndColumn, d.LogicalKey, d.Message)).ShouldBe(
        [
            (3, 22, 45, "template", "The file is a template: {{ secondary_address }} is a template action (Jinja2, Ansible, Go templates), which named does not expand; the file becomes a named.conf file only when a deployment tool renders it, so it was not read. Scan the rendered file to have it audited."),
        ]);
        tree.Root.Statements.ShouldBeEmpty();
    }

    [Fact]
    public void A_scan_of_a_role_reports_each_template_once_and_binds_nothing_from_them()
    {
        // nginx.conf.j2 has no nginx name: it is claimed for the directives it holds, then reported as a template.
        var result = Scan(
            ("roles/web/templates/nginx.conf.j2", NginxTemplate),
            ("roles/dns/templates/db.example.nl.j2", ZoneTemplate),
            ("roles/backup/templates/apache2/sites-enabled/backup.conf", "<VirtualHost *:80>\n    ServerName {{ backup_host }}\n</VirtualHost>\n"));
        result.Findings.Select(f => (f.RuleId, f.Location.Path, f.Location.StartLine, f.Location.StartColumn)).ShouldBe(
        [
            ("EA0002", "roles/backup/templates/apache2/sites-enabled/backup.conf", 2, 16),
            ("EA0002", "roles/dns/templates/db.example.nl.j2", 4, 30),
            ("EA0002", "roles/web/templates/nginx.conf.j2", 8, 21),
        ]);
        result.Model.BoundElementsOfType<WebSite>().ShouldBeEmpty();
        result.Model.Dns.Zones.ShouldBeEmpty();
    }

    [Fact]
    public void An_apache_template_is_found_by_its_words_since_httpd_s_reader_has_no_error_to_give()
    {
        // As GSA/data.gov's Ansible role: the action in the quoted <If> expression is text; ErrorLog's is three words.
        const string Text = """
            # {{ ansible_managed }}
            <VirtualHost *:443>
                ServerName results.example.nl
                <If "%{HTTP_HOST} in { '{{ ansible_fqdn }}' }">
                    Header always set Strict-Transport-Security "max-age=31536000"
                </If>
                ErrorLog {{ results_error_log }}
            {% if access_log %}
                CustomLog {{ access_log }} combined
            {% endif %}
            </VirtualHost>

            """;
        var tree = ApacheSyntaxTree.Parse("apache2/sites-available/results.conf.j2", Text);
        tree.Diagnostics.Select(d => (d.RuleId, d.Location.StartLine, d.Location.StartColumn, d.Location.EndColumn, d.LogicalKey, d.Message)).ShouldBe(
        [
            ("EA0002", 7, 14, 37, "template", "The file is a template: {{ results_error_log }} is a template action (Jinja2, Ansible, Go templates), which httpd does not expand; the file becomes Apache configuration only when a deployment tool renders it, so it was not read. Scan the rendered file to have it audited."),
        ]);
        tree.Root.Children.ShouldBeEmpty();
        tree.Comments.ShouldHaveSingleItem();

        // A statement named by an action: httpd calls it an invalid command.
        var statement = ApacheSyntaxTree.Parse("site.conf", "ServerName results.example.nl\n{%- if tls -%}\nSSLEngine on\n{%- endif -%}\n");
        statement.Diagnostics.Select(d => (d.Location.StartLine, d.Location.StartColumn, d.Location.EndColumn, d.LogicalKey)).ShouldBe([(2, 1, 15, "template")]);

        // Quoted actions only: the file reads as written.
        var quoted = ApacheSyntaxTree.Parse("site.conf", "ServerName results.example.nl\nHeader set X-Rendered-By \"{{ role }}\"\n");
        quoted.Diagnostics.ShouldBeEmpty();
        quoted.Root.Children.Length.ShouldBe(2);
    }

    // As Debian ships Bacula's defaults (/usr/share/bacula-common/defconfig): autoconf output variables that the package's
    // installer replaces. Bacula reads "@" as an include, so the file as it stands names files that are not there.
    private const string BaculaInstallerTemplate = """
        # Default Bacula File Daemon configuration, written by the installer
        Director {
          Name = @basename@-dir
          Password = "@fd_password@"
        }
        FileDaemon {
          Name = @basename@-fd
          FDport = 9102
          WorkingDirectory = /var/lib/bacula
        }

        """;

    [Fact]
    public void An_autoconf_substitution_on_a_line_with_an_error_marks_a_template()
    {
        var tree = BaculaParser.Parse(new SourceText("defconfig/bacula-fd.conf", BaculaInstallerTemplate));
        tree.Diagnostics.Select(d => (d.RuleId, d.Location.StartLine, d.Location.StartColumn, d.Location.EndColumn, d.LogicalKey, d.Message)).ShouldBe(
        [
            ("EA0002", 3, 10, 20, "template", "The file is a template: @basename@ is an autoconf substitution, which bacula does not expand; the file becomes a Bacula configuration only when configure or the package's installer replaces it, so it was not read. Scan the installed file to have it audited."),
        ]);
        tree.Root.Statements.ShouldBeEmpty();

        // A scan reports the one diagnostic, not an include it cannot find for each "@basename@".
        Scan(("defconfig/bacula-fd.conf", BaculaInstallerTemplate)).Findings.Select(f => (f.RuleId, f.Location.StartLine)).ShouldBe([("EA0002", 3)]);

        // A zone made by configure: the serial is not a number until it is replaced.
        var zone = ZoneParser.Parse(new SourceText("db.example.nl.in", "$TTL 3600\n@ IN SOA ns1 hostmaster ( @SERIAL@ 7200 3600 1209600 3600 )\n@ IN NS ns1\n"));
        zone.Diagnostics.Select(d => (d.Location.StartLine, d.Location.StartColumn, d.Location.EndColumn, d.LogicalKey)).ShouldBe([(2, 27, 35, "template")]);
    }

    [Fact]
    public void An_at_sign_that_is_not_a_substitution_leaves_the_parser_s_errors()
    {
        // Bacula's own "@" include and a mail address, on lines with errors: the file is read as written.
        const string Text = """
            Messages {
              Name = Standard
              mail = root@localhost = all, !skipped
              @/etc/bacula/messages.d/extra.conf = x
            }

            """;
        var tree = BaculaParser.Parse(new SourceText("bacula-dir.conf", Text));
        tree.Diagnostics.ShouldNotBeEmpty();
        tree.Diagnostics.ShouldAllBe(d => d.LogicalKey != TemplateActions.LogicalKey);
        tree.Root.Statements.ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("Name = @debian_basename@-dir", 0, 7, 24)]
    [InlineData("@@name@", 0, 1, 7)]
    [InlineData("a@b-c@d_1@", 0, 5, 10)]
    [InlineData("x @_x@ @y@", 3, 7, 10)]
    public void Finds_the_first_autoconf_substitution_in_a_line(string line, int from, int start, int end) =>
        TemplateActions.FirstSubstitution(line, from, line.Length).ShouldBe(TextSpan.FromBounds(start, end));

    [Theory]
    [InlineData("mail = root@localhost = all")]
    [InlineData("@/etc/bacula/conf.d/clients.conf")]
    [InlineData("@ IN SOA ns1 hostmaster@example.nl. 1 2 3 4 5")]
    [InlineData("@1abc@")]
    [InlineData("@name")]
    [InlineData("@")]
    [InlineData("")]
    public void Finds_no_autoconf_substitution_where_none_is_closed(string line) =>
        TemplateActions.FirstSubstitution(line, 0, line.Length).ShouldBeNull();

    [Fact]
    public void A_substitution_after_the_first_braces_is_not_the_first_action() =>
        TemplateActions.FirstSubstitution("x {{ a }} @b@", 0, 2).ShouldBeNull();

    [Theory]
    [InlineData("listen {{ port }};", 7, 17)]
    [InlineData("{%- if ssl -%}", 0, 14)]
    [InlineData("a { b; } {{x}}", 9, 14)]
    [InlineData("{{ a }} {{ b }}", 0, 7)]
    [InlineData("{ {{ }}", 2, 7)]
    public void Finds_the_first_action_in_a_line(string line, int start, int end) =>
        TemplateActions.FirstInLine(line).ShouldBe(TextSpan.FromBounds(start, end));

    [Theory]
    [InlineData("location / { try_files $uri =404; }")]
    [InlineData("listen {{ port;")]
    [InlineData("{% if ssl")]
    [InlineData("{ { port } }")]
    [InlineData("{")]
    public void Finds_no_action_where_none_is_closed_on_the_line(string line) => TemplateActions.FirstInLine(line).ShouldBeNull();

    private static AuditResult Scan(params (string Path, string Text)[] files)
    {
        var fileSystem = new InMemoryFileSystem();
        foreach (var (path, text) in files)
        {
            fileSystem.Add(path, text);
        }

        return new AuditEngine([]).Analyze(fileSystem, [.. fileSystem.Paths]);
    }
}
