using ElectionAudit.Descriptor;
using ElectionAudit.Model;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Model;

/// <summary>A <see cref="Located{T}"/> made from a syntax node makes its location when read, and otherwise behaves as one given its location.</summary>
public class LocatedTests
{
    private static readonly YamlSyntaxTree Tree = DescriptorLoader.Parse(new SourceText("d.yml", "name: results\nofficial: true\n"));

    // Where "results" and "true" are, written out rather than asked of the node.
    private static readonly Location NameAt = new("d.yml", new TextSpan(6, 7), 1, 7, 1, 14);
    private static readonly Location OfficialAt = new("d.yml", new TextSpan(24, 4), 2, 11, 2, 15);

    private static YamlScalarSyntax Scalar(string key) => (YamlScalarSyntax)Tree.RootMapping!.Find(key)!.Value;

    private static Located<string> Lazy() => new("results", Scalar("name"));

    [Fact]
    public void A_lazy_value_has_its_value_and_its_node_s_location_made_once()
    {
        var lazy = Lazy();

        lazy.Value.ShouldBe("results");
        lazy.Location.ShouldBe(NameAt);
        lazy.Location.ShouldBeSameAs(lazy.Location);
        new Located<bool>(true, Scalar("official")).Location.ShouldBe(OfficialAt);
    }

    [Fact]
    public void A_lazy_value_equals_the_eager_one_both_ways_with_the_same_hash_code_and_text()
    {
        var eager = new Located<string>("results", NameAt);

        // The hash code first, before anything made the location.
        Lazy().GetHashCode().ShouldBe(eager.GetHashCode());
        Lazy().Equals(eager).ShouldBeTrue();
        eager.Equals(Lazy()).ShouldBeTrue();
        (Lazy() == eager).ShouldBeTrue();
        (eager == Lazy()).ShouldBeTrue();
        (Lazy() != eager).ShouldBeFalse();
        ((object)Lazy()).Equals(eager).ShouldBeTrue();
        ((object)eager).Equals(Lazy()).ShouldBeTrue();
        Lazy().Equals(Lazy()).ShouldBeTrue();
        Lazy().ToString().ShouldBe(eager.ToString());
        Lazy().ToString().ShouldBe("Located { Value = results, Location = d.yml(1,7,1,14) }");

        var eagerFlag = new Located<bool>(true, OfficialAt);
        var lazyFlag = new Located<bool>(true, Scalar("official"));
        lazyFlag.GetHashCode().ShouldBe(eagerFlag.GetHashCode());
        lazyFlag.ShouldBe(eagerFlag);
        eagerFlag.ShouldBe(lazyFlag);
    }

    [Fact]
    public void A_lazy_value_differs_from_one_with_another_value_or_location()
    {
        Lazy().Equals(new Located<string>("info", NameAt)).ShouldBeFalse();
        new Located<string>("info", NameAt).Equals(Lazy()).ShouldBeFalse();
        Lazy().Equals(new Located<string>("results", OfficialAt)).ShouldBeFalse();
        new Located<string>("results", OfficialAt).Equals(Lazy()).ShouldBeFalse();
        Lazy().Equals(new Located<string>("results", Scalar("official"))).ShouldBeFalse();
        (Lazy() != new Located<string>("results", Scalar("official"))).ShouldBeTrue();
        Lazy().Equals(null).ShouldBeFalse();
        (Lazy() == null).ShouldBeFalse();
    }

    [Fact]
    public void A_lazy_value_deconstructs_and_copies_with_its_location()
    {
        var (value, location) = Lazy();
        (value, location).ShouldBe(("results", NameAt));

        var renamed = Lazy() with { Value = "info" };
        (renamed.Value, renamed.Location).ShouldBe(("info", NameAt));
        renamed.ShouldBe(new Located<string>("info", NameAt));

        var moved = Lazy() with { Location = OfficialAt };
        moved.Location.ShouldBeSameAs(OfficialAt);
        moved.ShouldBe(new Located<string>("results", OfficialAt));
        moved.ShouldNotBe(Lazy());

        (Lazy() with { }).ShouldBe(Lazy());
    }

    [Fact]
    public void A_value_given_a_null_location_reads_null_as_before()
    {
        var unplaced = new Located<string>("results", (Location)null!);

        unplaced.Location.ShouldBeNull();
        unplaced.ShouldBe(new Located<string>("results", (Location)null!));
        unplaced.Equals(Lazy()).ShouldBeFalse();
        Lazy().Equals(unplaced).ShouldBeFalse();
        unplaced.GetHashCode().ShouldBe(new Located<string>("results", (Location)null!).GetHashCode());
        (Lazy() with { Location = null! }).Location.ShouldBeNull();
    }
}
