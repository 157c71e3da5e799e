using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Core.Tests.Syntax.Zone;

/// <summary>Names walked up with <see cref="DomainName.Parent"/> (which share their child's labels) behave as names parsed from text.</summary>
public class DomainNameTests
{
    [Fact]
    public void Every_ancestor_equals_the_name_parsed_from_its_text()
    {
        var name = DomainName.Parse("Www.Results.Example.ORG.");
        string[] expected = ["www.results.example.org.", "results.example.org.", "example.org.", "org.", "."];
        var current = name;
        foreach (var text in expected)
        {
            var parsed = DomainName.Parse(text);
            current.ToString().ShouldBe(text);
            current.ShouldBe(parsed);
            current.GetHashCode().ShouldBe(parsed.GetHashCode());
            current.LabelCount.ShouldBe(parsed.LabelCount);
            current.Labels.Select(l => l.ToLowerInvariant()).ShouldBe(parsed.Labels);
            current.WireLength.ShouldBe(parsed.WireLength);
            current.IsRoot.ShouldBe(text == ".");
            name.IsSubdomainOf(current).ShouldBeTrue();
            current.IsSubdomainOf(name).ShouldBe(current == name);
            current = current.Parent;
        }

        current.ShouldBe(DomainName.Root);
        current.Parent.ShouldBeSameAs(current);
        name.Parent.Labels.ShouldBe(["Results", "Example", "ORG"]);
        // Made on each read, not kept on the name (a kept chain per name stayed to the end of every scan): equal, not the same object.
        name.Parent.ShouldBe(name.Parent);
        name.Parent.ShouldNotBeSameAs(name.Parent);
        name.Parent.GetHashCode().ShouldBe(DomainName.Parse("results.example.org.").GetHashCode());
    }

    [Fact]
    public void Ancestors_serve_as_origins_and_suffixes()
    {
        var parent = DomainName.Parse("ns1.dns.example.net.").Parent;
        DomainName.Parse("ns2", parent).ToString().ShouldBe("ns2.dns.example.net.");
        DomainName.Parse("@", parent).ShouldBeSameAs(parent);
        DomainName.Parse("a.b.").Append(parent).ToString().ShouldBe("a.b.dns.example.net.");
        parent.Parent.Append(DomainName.Root).ShouldBe(DomainName.Parse("example.net."));
        DomainName.Parse("*.example.net.").Parent.IsWildcard.ShouldBeFalse();
        DomainName.Parse("x.*.example.net.").Parent.IsWildcard.ShouldBeTrue();
    }

    [Fact]
    public void Labels_are_shared_between_names_parsed_on_one_thread_without_changing_their_octets()
    {
        var first = DomainName.Parse("a.Example.com.");
        var second = DomainName.Parse("b.Example.com.");
        var other = DomainName.Parse("c.example.com.");
        second.Labels[1].ShouldBeSameAs(first.Labels[1]);
        other.Labels[1].ShouldBe("example"); // the case written is kept: interning is by exact octets
        other.Labels[1].ShouldNotBeSameAs(first.Labels[1]);
        first.Parent.ShouldBe(other.Parent);
    }

    [Fact]
    public void Names_equal_but_for_ASCII_case_or_escapes_hash_alike_and_serve_as_keys()
    {
        // The hash is made from the labels (not from the formatted text, which it used to make and keep for every key).
        string[] spellings = ["Results.Example.NL.", "results.example.nl.", "RESULTS.example.nl.", "\\082esults.example.nl."];
        var names = spellings.Select(t => DomainName.Parse(t)).ToList();
        names.Select(n => n.GetHashCode()).Distinct().Count().ShouldBe(1);
        names.ToHashSet().Count.ShouldBe(1);
        new HashSet<DomainName> { DomainName.Parse("results.example.nl."), DomainName.Parse("www.results.example.nl.").Parent, DomainName.Root, DomainName.Parse(".") }
            .Count.ShouldBe(2);

        // Octets outside ASCII are compared exactly (RFC 4343 §3): these two are different names.
        DomainName.Parse("\\192.example.").ShouldNotBe(DomainName.Parse("\\224.example."));
        DomainName.Parse("ab.example.").GetHashCode().ShouldNotBe(DomainName.Parse("a.bexample.").GetHashCode());
    }

    [Fact]
    public void Canonical_order_is_the_order_RFC_4034_gives_for_its_example_names()
    {
        // RFC 4034 §6.1's example, in its order: rightmost labels first, letters without case, a shorter label before the
        // longer ones it begins, the absence of an octet before a zero octet, and octets compared as numbers.
        string[] ordered = ["example.", "a.example.", "yljkjljk.a.example.", "Z.a.example.", "zABC.a.EXAMPLE.", "z.example.", "\\001.z.example.", "*.z.example.", "\\200.z.example."];
        var names = ordered.Select(t => DomainName.Parse(t)).ToList();
        for (int i = 0; i < names.Count; i++)
        {
            DomainName.CompareCanonical(names[i], names[i]).ShouldBe(0);
            for (int j = i + 1; j < names.Count; j++)
            {
                DomainName.CompareCanonical(names[i], names[j]).ShouldBeLessThan(0, $"{ordered[i]} before {ordered[j]}");
                DomainName.CompareCanonical(names[j], names[i]).ShouldBeGreaterThan(0, $"{ordered[j]} after {ordered[i]}");
            }
        }

        var shuffled = names.AsEnumerable().Reverse().Concat(names.Where((_, i) => i % 2 == 0)).ToList();
        shuffled.Sort(DomainName.CompareCanonical);
        shuffled.Distinct().Select(n => n.ToString()).ShouldBe(names.Select(n => n.ToString()));

        // Case only: equal, as the names are (RFC 4343 §3); a walked-up parent compares as its parsed text does.
        DomainName.CompareCanonical(DomainName.Parse("WWW.Example."), DomainName.Parse("www.example.")).ShouldBe(0);
        DomainName.CompareCanonical(DomainName.Parse("a.b.example.").Parent, DomainName.Parse("b.example.")).ShouldBe(0);
        DomainName.CompareCanonical(DomainName.Root, DomainName.Parse("example.")).ShouldBeLessThan(0);
        DomainName.CompareCanonical(null, DomainName.Root).ShouldBeLessThan(0);
        DomainName.CompareCanonical(DomainName.Root, null).ShouldBeGreaterThan(0);
        DomainName.CompareCanonical(null, null).ShouldBe(0);
    }

    [Theory]
    [InlineData("www.Results.Example.")]
    [InlineData("a\\.b.example.")]
    [InlineData("\\192\\032x.example.")]
    [InlineData(".")]
    public void An_ancestor_is_found_in_a_set_by_its_suffix_as_by_the_name_itself(string text)
    {
        var name = DomainName.Parse(text);
        var set = new HashSet<DomainName>(DomainName.SuffixComparer.Instance);
        var lookup = set.GetAlternateLookup<DomainName.Suffix>();
        for (int level = 0; level <= name.LabelCount + 1; level++)
        {
            var ancestor = name;
            for (int i = 0; i < level; i++)
            {
                ancestor = ancestor.Parent;
            }

            // Past the root, the root (as Parent has it).
            var suffix = name.Ancestor(level);
            suffix.LabelCount.ShouldBe(ancestor.LabelCount);
            suffix.ToName().ShouldBe(ancestor);
            DomainName.SuffixComparer.Instance.GetHashCode(suffix).ShouldBe(ancestor.GetHashCode());
            DomainName.SuffixComparer.Instance.Equals(suffix, DomainName.Parse(ancestor.ToString().ToUpperInvariant())).ShouldBeTrue();
            DomainName.SuffixComparer.Instance.Equals(suffix, DomainName.Parse("other.example.")).ShouldBeFalse();
            lookup.Contains(suffix).ShouldBe(level > name.LabelCount);
            lookup.Add(suffix).ShouldBe(level <= name.LabelCount);
            set.Contains(ancestor).ShouldBeTrue();
        }
    }

    [Theory]
    [InlineData("www.Results.Example.")]
    [InlineData("a\\.b.example.")]
    [InlineData("\\192\\032x.example.")]
    [InlineData(".")]
    public void A_name_formats_into_a_span_as_ToString_writes_it(string text)
    {
        Span<char> buffer = stackalloc char[DomainName.MaxPresentationLength];
        var fresh = DomainName.Parse(text);
        var written = buffer[..fresh.FormatInto(buffer)].ToString();
        written.ShouldBe(fresh.ToString());
        // Once the string is made, the same text is copied from it.
        buffer[..fresh.FormatInto(buffer)].ToString().ShouldBe(written);
        var longest = DomainName.FromLabels(Enumerable.Repeat(new string('\x01', 63), 3).Append(new string('\x01', 61)));
        longest.FormatInto(buffer).ShouldBe(longest.ToString().Length);
        longest.ToString().Length.ShouldBeLessThanOrEqualTo(DomainName.MaxPresentationLength);
    }
}
