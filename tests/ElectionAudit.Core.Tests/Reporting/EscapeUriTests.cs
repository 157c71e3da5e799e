using ElectionAudit.Reporting;

namespace ElectionAudit.Core.Tests.Reporting;

/// <summary>
/// SARIF <c>artifactLocation.uri</c> is the relative path as a URI reference: each segment percent-encoded as RFC 3986
/// requires, the slashes kept. A path of unreserved characters only comes back as it is, without being split.
/// </summary>
public class EscapeUriTests
{
    [Theory]
    [InlineData("web/nginx/sites-enabled/results.conf", "web/nginx/sites-enabled/results.conf")]
    [InlineData("dns/site_01.elections.example.zone~", "dns/site_01.elections.example.zone~")]
    [InlineData("web/my site/a+b.conf", "web/my%20site/a%2Bb.conf")]
    [InlineData("dns/élection.zone", "dns/%C3%A9lection.zone")]
    [InlineData("backup/borg#1/config@host.yaml", "backup/borg%231/config%40host.yaml")]
    [InlineData("a//b/", "a//b/")]
    [InlineData("", "")]
    public void Segments_are_percent_encoded_and_slashes_kept(string path, string expected)
    {
        SarifWriter.EscapeUri(path).ShouldBe(expected);

        // The same text as escaping every segment, whichever way it was reached.
        SarifWriter.EscapeUri(path).ShouldBe(string.Join('/', path.Split('/').Select(Uri.EscapeDataString)));
    }

    [Fact]
    public void A_path_with_nothing_to_escape_is_returned_as_it_is()
    {
        var path = string.Concat("web/nginx/", "results.conf");
        SarifWriter.EscapeUri(path).ShouldBeSameAs(path);
    }
}
