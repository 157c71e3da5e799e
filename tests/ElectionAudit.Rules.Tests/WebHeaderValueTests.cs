using ElectionAudit.Rules.Web;

namespace ElectionAudit.Rules.Tests;

/// <summary>
/// The header readers the web rules use without making strings, and EA3005's remembered answers, held to the string
/// computations they replace (copied here as they were) on ordinary and hostile header values.
/// </summary>
public class WebHeaderValueTests
{
    public static TheoryData<string> Values() =>
    [
        "max-age=63072000; includeSubDomains; preload",
        "max-age=63072000;includeSubDomains",
        "MAX-AGE=\"31536000\" ; INCLUDESUBDOMAINS",
        " max-age = 300 ;; ; preload ",
        "max-age",
        "max-age=",
        "max-age=1=2; max-age=5",
        "includeSubDomains=yes; preload=",
        ";;;",
        "",
        "   ",
        "\"max-age=1\"",
        "max-age=\"\"",
        "max\u212Aage=1; \u212Aelvin",
        "\u0130ncludeSubDomains; \u0131ncludesubdomains",
        "max-age=1; includesubdomains\u0000",
        "\ud801\udc00max-age=1; \ud800; \udc00",
        "max-age=1;\tpreload\t;\nincludeSubDomains\n",
        "default-src 'self'",
        "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
        "DEFAULT-SRC 'self' 'unsafe-inline'; Frame-Ancestors 'self'; script-src * http: http://cdn.example 'UNSAFE-EVAL'",
        "default-src\t'self'\thttp:; default-src *; frame-ancestors",
        "frame-ancestors; base-uri; form-action; default-src http://a http://a 'unsafe-hashes'",
        " ; frame-ancestors\u00a0'self'; \u212Abase-uri x",
        "frame-ancestors'self'; base-uri\u000b'self'",
        "script-src 'unsafe-inline' 'unsafe-inline'; style-src 'unsafe-inline'",
        new string(';', 5000),
        string.Join("; ", Enumerable.Range(0, 500).Select(i => $"directive-{i} source-{i} http://host{i}.example")),
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void HasPolicyDirective_answers_as_the_policy_dictionary_did(string value)
    {
        foreach (var name in new[] { "frame-ancestors", "default-src", "base-uri", "kelvin", "" })
        {
            HeaderValues.HasPolicyDirective(value, name).ShouldBe(HeaderValues.Policy(value).ContainsKey(name), $"{name} in \"{value}\"");
        }
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void EA3005_problem_text_is_the_problems_computed_afresh_joined(string value)
    {
        var problems = EA3005CspMissingOrUnsafe.Problems(value);
        string? expected = problems.Count > 0 ? string.Join("; ", problems) : null;
        EA3005CspMissingOrUnsafe.JoinedProblems(value).ShouldBe(expected);

        // Asked twice of the rule's shared cache: computed or remembered, the same text.
        EA3005CspMissingOrUnsafe.ProblemText(value).ShouldBe(expected);
        EA3005CspMissingOrUnsafe.ProblemText(value).ShouldBe(expected);
    }

    [Fact]
    public void TextCache_remembers_answers_within_its_bounds_and_computes_the_rest()
    {
        int computed = 0;
        var cache = new TextCache<string?>(3, 10, text =>
        {
            computed++;
            return EA3005CspMissingOrUnsafe.JoinedProblems(text);
        });

        // A remembered answer is the same object, computed once; a null answer is remembered too.
        var first = cache.Get("a b");
        first.ShouldBe(EA3005CspMissingOrUnsafe.JoinedProblems("a b"));
        cache.Get("a b").ShouldBeSameAs(first);
        computed.ShouldBe(1);

        const string Safe = "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
        var safeCache = new TextCache<string?>(1, 200, text =>
        {
            computed++;
            return EA3005CspMissingOrUnsafe.JoinedProblems(text);
        });
        safeCache.Get(Safe).ShouldBeNull();
        safeCache.Get(Safe).ShouldBeNull();
        computed.ShouldBe(2);

        // Too long to remember: computed each time, right each time.
        var hostile = "script-src *" + new string(' ', 20);
        cache.Get(hostile).ShouldBe(EA3005CspMissingOrUnsafe.JoinedProblems(hostile));
        cache.Get(hostile).ShouldBe(EA3005CspMissingOrUnsafe.JoinedProblems(hostile));
        computed.ShouldBe(4);
        cache.Count.ShouldBe(1);

        // Full: values past the capacity are computed each time, and the cache does not grow.
        cache.Get("b").ShouldBe(EA3005CspMissingOrUnsafe.JoinedProblems("b"));
        cache.Get("c *").ShouldBe(EA3005CspMissingOrUnsafe.JoinedProblems("c *"));
        cache.Count.ShouldBe(3);
        int before = computed;
        for (int i = 0; i < 100; i++)
        {
            var value = $"d{i} http:";
            cache.Get(value).ShouldBe(EA3005CspMissingOrUnsafe.JoinedProblems(value));
        }

        computed.ShouldBe(before + 100);
        cache.Count.ShouldBe(3);
        cache.Get("c *").ShouldBe(EA3005CspMissingOrUnsafe.JoinedProblems("c *"));
        computed.ShouldBe(before + 100);
    }

    [Fact]
    public void TextCache_shared_by_workers_stays_within_its_capacity()
    {
        var cache = new TextCache<string>(50, 100, text => text.ToUpperInvariant());
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var value = $"value-{i % 400}";
            cache.Get(value).ShouldBe(value.ToUpperInvariant());
        });
        cache.Count.ShouldBe(50);
    }
}
