using ElectionAudit.Rules.Web;

namespace ElectionAudit.Rules.Tests;

/// <summary>
/// The one Strict-Transport-Security reader EA3003, EA3004 and EA7004 share: what a browser acts on, and why it ignores
/// a header that does not follow RFC 6797 §6.1.
/// </summary>
public class HstsPolicyTests
{
    [Theory]
    [InlineData("max-age=63072000; includeSubDomains; preload", 63072000L, true, true)]
    [InlineData("max-age=63072000;includeSubDomains", 63072000L, true, false)]
    [InlineData("MAX-AGE=\"31536000\" ; INCLUDESUBDOMAINS", 31536000L, true, false)]
    [InlineData(" max-age = 300 ;; ; preload ", 300L, false, true)]
    [InlineData("preload;max-age=0", 0L, false, true)]
    [InlineData("max-age=\"1\\2\"", 12L, false, false)]
    [InlineData("\tmax-age=5;\tfuture-directive=\"a;b\";\tpreload=yes\t", 5L, false, true)]
    [InlineData("max-age=99999999999999999999999", long.MaxValue, false, false)]
    [InlineData(";;max-age=7;;", 7L, false, false)]
    public void A_header_that_follows_the_syntax_takes_effect(string value, long maxAge, bool includeSubDomains, bool preload)
    {
        HstsPolicy.Parse(value).ShouldBe(new HstsPolicy(null, maxAge, includeSubDomains, preload));
    }

    [Theory]
    [InlineData("", "has no max-age directive (RFC 6797 §6.1.1)")]
    [InlineData(";;;", "has no max-age directive (RFC 6797 §6.1.1)")]
    [InlineData("includeSubDomains; preload", "has no max-age directive (RFC 6797 §6.1.1)")]
    [InlineData("max-age", "has max-age \"\", which is not a number of seconds (RFC 6797 §6.1.1)")]
    [InlineData("max-age=", "has max-age \"\", which is not a number of seconds (RFC 6797 §6.1.1)")]
    [InlineData("max-age=\"\"", "has max-age \"\", which is not a number of seconds (RFC 6797 §6.1.1)")]
    [InlineData("max-age=-1", "has max-age \"-1\", which is not a number of seconds (RFC 6797 §6.1.1)")]
    [InlineData("max-age=\" 300\"", "has max-age \" 300\", which is not a number of seconds (RFC 6797 §6.1.1)")]
    [InlineData("max-age=$hsts_age", "has max-age \"$hsts_age\", which is not a number of seconds (RFC 6797 §6.1.1)")]
    [InlineData("max-age=1=2; max-age=5", "does not follow the header's syntax at \"=2; max-age=5\": a directive must end at ';' (RFC 6797 §6.1)")]
    [InlineData("max-age=1; max-age=5", "has the max-age directive more than once, where each directive may appear only once (RFC 6797 §6.1)")]
    [InlineData("max-age=1; includeSubDomains; INCLUDESUBDOMAINS", "has the includesubdomains directive more than once, where each directive may appear only once (RFC 6797 §6.1)")]
    [InlineData("max-age=1; Preload; preload", "has the preload directive more than once, where each directive may appear only once (RFC 6797 §6.1)")]
    [InlineData("max-age=1; x=1; X=2", "has the x directive more than once, where each directive may appear only once (RFC 6797 §6.1)")]
    [InlineData("max-age=63072000; \"includeSubDomains\"", "does not follow the header's syntax at \"\"includeSubDomains\"\": a directive name must be a token (RFC 6797 §6.1)")]
    [InlineData("\"max-age=1\"", "does not follow the header's syntax at \"\"max-age=1\"\": a directive name must be a token (RFC 6797 §6.1)")]
    [InlineData("max-age=63072000; include SubDomains", "does not follow the header's syntax at \"SubDomains\": a directive must end at ';' (RFC 6797 §6.1)")]
    [InlineData("max-age=63072000; includeSubDomains=yes", "gives includeSubDomains a value (yes), but it is a valueless directive (RFC 6797 §6.1.2)")]
    [InlineData("max-age=63072000, includeSubDomains", "does not follow the header's syntax at \", includeSubDomains\": a directive must end at ';' (RFC 6797 §6.1)")]
    [InlineData("max-age=\"63072000", "has a quoted string with no closing quote at \"\"63072000\" (RFC 6797 §6.1)")]
    [InlineData("max-age=1;\tpreload\t;\nincludeSubDomains\n", "does not follow the header's syntax at \"\\nincludeSubDomains\\n\": a directive name must be a token (RFC 6797 §6.1)")]
    [InlineData("max-age=1; \u0000x", "does not follow the header's syntax at \"\\u0000x\": a directive name must be a token (RFC 6797 §6.1)")]
    [InlineData("max-age=1; \rx\ty", "does not follow the header's syntax at \"\\rx\\ty\": a directive name must be a token (RFC 6797 §6.1)")]
    [InlineData("max\u212Aage=1", "does not follow the header's syntax at \"\u212Aage=1\": a directive must end at ';' (RFC 6797 §6.1)")]
    [InlineData("max-age=1; \u0130ncludeSubDomains", "does not follow the header's syntax at \"\u0130ncludeSubDomains\": a directive name must be a token (RFC 6797 §6.1)")]
    [InlineData("max-age=1; includeSubDomains; a-directive-with-a-long-name=and-a-long-value x", "does not follow the header's syntax at \"x\": a directive must end at ';' (RFC 6797 §6.1)")]
    [InlineData("max-age=1; =a-long-value-with-no-name-that-goes-on-and-on-and-on", "does not follow the header's syntax at \"=a-long-value-with-no-name-that-goes-on-...\": a directive name must be a token (RFC 6797 §6.1)")]
    public void A_header_browsers_ignore_says_why_and_grants_nothing(string value, string problem)
    {
        HstsPolicy.Parse(value).ShouldBe(new HstsPolicy(problem, 0, false, false));
    }

    [Fact]
    public void Many_distinct_unknown_directives_read_in_one_pass()
    {
        var value = "max-age=31536000; " + string.Join("; ", Enumerable.Range(0, 20_000).Select(i => $"d{i}"));
        HstsPolicy.Parse(value).ShouldBe(new HstsPolicy(null, 31536000, false, false));
        HstsPolicy.Parse(value + "; D19999").Problem.ShouldBe("has the d19999 directive more than once, where each directive may appear only once (RFC 6797 §6.1)");
    }
}
