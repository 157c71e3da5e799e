using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Text;

/// <summary>
/// Equal short tokens share one string, so a scan of thousands of configuration files keeps one "listen" rather than
/// thousands; the text is always the text read, whatever was pooled before it.
/// </summary>
public class StringPoolTests
{
    [Fact]
    public void Equal_text_gives_the_same_string_and_different_text_a_different_one()
    {
        var pool = new StringPool(16);
        var first = pool.Intern("server_name".AsSpan());
        var again = pool.Intern("xserver_namex".AsSpan(1, 11));
        again.ShouldBe("server_name");
        ReferenceEquals(first, again).ShouldBeTrue();
        pool.Intern("Server_name").ShouldBe("Server_name");
        pool.Intern(ReadOnlySpan<char>.Empty).ShouldBe(string.Empty);
    }

    [Fact]
    public void A_full_pool_starts_again_and_still_gives_the_text_read()
    {
        var pool = new StringPool(4);
        var names = Enumerable.Range(0, 10).Select(i => $"token{i}").ToArray();
        foreach (var name in names)
        {
            pool.Intern(name).ShouldBe(name);
        }

        // token9 was added after the last clearing (at the fifth, then the ninth token), so it is still there.
        ReferenceEquals(pool.Intern("token9".AsSpan()), pool.Intern("token9".AsSpan())).ShouldBeTrue();
        pool.Intern("token0").ShouldBe("token0");
    }

    [Fact]
    public void Short_tokens_are_pooled_on_the_thread_and_long_ones_copied()
    {
        ReferenceEquals(StringPool.Token("listen".AsSpan()), StringPool.Token("listen;".AsSpan(0, 6))).ShouldBeTrue();

        // A cipher list is long, and repeats in every server block: up to 256 characters are pooled.
        var ciphers = string.Join(':', Enumerable.Repeat("ECDHE-ECDSA-AES128-GCM-SHA256", 10))[..256];
        ReferenceEquals(StringPool.Token(ciphers.AsSpan()), StringPool.Token(ciphers.AsSpan())).ShouldBeTrue();
        var longValue = new string('a', 257);
        var copy = StringPool.Token(longValue.AsSpan());
        copy.ShouldBe(longValue);
        ReferenceEquals(copy, StringPool.Token(longValue.AsSpan())).ShouldBeFalse();
    }

    [Fact]
    public void A_string_made_elsewhere_is_pooled_as_itself_or_given_as_the_pooled_one()
    {
        var pool = new StringPool(16);
        var first = new string("hosts".AsSpan());
        ReferenceEquals(pool.Intern(first), first).ShouldBeTrue();
        ReferenceEquals(pool.Intern(new string("hosts".AsSpan())), first).ShouldBeTrue();
        ReferenceEquals(pool.Intern("xhostsx".AsSpan(1, 5)), first).ShouldBeTrue();

        var yamlValue = new string("primary-dns-" + Guid.NewGuid().ToString("N"));
        var pooled = StringPool.Token(yamlValue);
        ReferenceEquals(pooled, yamlValue).ShouldBeTrue();
        ReferenceEquals(StringPool.Token(new string(yamlValue.AsSpan())), yamlValue).ShouldBeTrue();

        // Past 256 characters a string is given back as it is, and not kept.
        var longValue = new string('b', 257);
        ReferenceEquals(StringPool.Token(longValue), longValue).ShouldBeTrue();
        ReferenceEquals(StringPool.Token(new string(longValue.AsSpan())), longValue).ShouldBeFalse();
    }

    [Fact]
    public void Nginx_arguments_that_repeat_share_their_string()
    {
        var tree = NginxSyntaxTree.Parse(new SourceText("nginx.conf", "server { listen 443 ssl; }\nserver { listen 443 ssl; }\n"));
        var listens = tree.Root.DescendantNodesAndSelf().OfType<NginxDirectiveSyntax>().Where(d => d.Name == "listen").ToList();
        listens.Count.ShouldBe(2);
        ReferenceEquals(listens[0].Name, listens[1].Name).ShouldBeTrue();
        ReferenceEquals(listens[0].Arguments[0].Value, listens[1].Arguments[0].Value).ShouldBeTrue();
        listens[1].Arguments.Select(a => a.Value).ShouldBe(["443", "ssl"]);
    }
}
