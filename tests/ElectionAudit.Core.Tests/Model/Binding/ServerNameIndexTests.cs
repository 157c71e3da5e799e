using ElectionAudit.Engine;
using ElectionAudit.Model;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Core.Tests.Model.Binding;

/// <summary>
/// A host lookup visits only the sites whose names can match it (exact names by the name, <c>*.x</c> and <c>.x</c> by a
/// suffix, <c>x.*</c> by the part before the last dot); the matches are those of nginx's rules, in site order.
/// </summary>
public class ServerNameIndexTests
{
    private const string Nginx = """
        http {
            server { listen 80; server_name www.example.org; }
            server { listen 80; server_name *.example.org; }
            server { listen 80; server_name .example.net; }
            server { listen 80; server_name www.example.*; }
            server { listen 80; server_name ~^(?<sub>.+)\.example\.com$ *.deep.Example.ORG; }
            server { listen 8080; server_name unrelated.test EXAMPLE.net; }
            server { server_name *.quiet.test www.quiet.test exact.quiet.test; }
        }
        """;

    private static InfrastructureModel Build()
    {
        var fileSystem = new InMemoryFileSystem();
        fileSystem.Add("nginx/nginx.conf", Nginx);
        return new AuditEngine([]).Analyze(fileSystem, [.. fileSystem.Paths], maxDegreeOfParallelism: 1).Model;
    }

    [Theory]
    [InlineData("www.example.org.", "www.example.org=exact")]
    [InlineData("a.b.example.org.", "*.example.org")]
    [InlineData("example.org.", "")]
    [InlineData("example.net.", "EXAMPLE.net=exact,.example.net")]
    [InlineData("x.y.example.net.", ".example.net")]
    [InlineData("www.example.de.", "www.example.*")]
    [InlineData("www.example.co.uk.", "")]
    [InlineData("x.deep.example.org.", "*.example.org,*.deep.Example.ORG")]
    [InlineData("sub.example.com.", "")]
    public void Hosts_match_the_server_names_nginx_would_pick(string host, string expected)
    {
        var model = Build();
        var matches = model.Binding.WebSitesServing(DomainName.Parse(host))
            .Select(m => m.IsExact ? $"{m.ServerName.Value}=exact" : m.ServerName.Value);
        string.Join(",", matches).ShouldBe(expected);
    }

    [Theory]
    [InlineData("www.example.org.", true)]
    [InlineData("a.b.example.org.", true)]
    [InlineData("example.org.", false)]
    [InlineData("example.net.", true)]
    [InlineData("www.example.de.", true)]
    [InlineData("www.example.co.uk.", false)]
    [InlineData("sub.example.com.", false)] // regular-expression names are not evaluated
    [InlineData("exact.quiet.test.", true)] // a block without listen listens on *:80, nginx's default
    [InlineData("other.quiet.test.", true)]
    [InlineData("quiet.test.", false)]
    public void Served_is_whether_any_site_would_be_picked(string host, bool expected)
    {
        var model = Build();
        var name = DomainName.Parse(host);
        model.Binding.WebSitesServing(name).IsEmpty.ShouldBe(!expected);
        model.Binding.IsServedOrMentioned(name).ShouldBe(expected);
    }
}
