using ElectionAudit.Rules;
using ElectionAudit.Syntax;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Rules;

/// <summary>How a finding's message is made from the rule's format and the arguments.</summary>
public sealed class FindingMessageTests
{
    private static RuleDescriptor Descriptor(string format) => new(
        "EA9911", "Message test", format, Severity.Warning, "Test rule.", 5.0, RulePrecision.High,
        [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [InputFormat.Nginx]);

    [Fact]
    public void A_whole_message_format_uses_the_argument_itself_not_a_copy()
    {
        // Most built-in rules' format is "{0}"; on a repository with 250,000 findings a copy of every message was a
        // second copy of the largest strings the scan holds.
        var message = string.Concat("Server block ", "results.example.nl", " sends no HSTS header.");
        var finding = Finding.Create(Descriptor("{0}"), Location.ForFile("nginx.conf"), "key", message);

        finding.Message.ShouldBe("Server block results.example.nl sends no HSTS header.");
        ReferenceEquals(finding.Message, message).ShouldBeTrue();
    }

    [Fact]
    public void Other_formats_are_filled_in_with_the_invariant_culture()
    {
        var finding = Finding.Create(Descriptor("Site '{0}' has {1:0.0} days left."), Location.ForFile("nginx.conf"), "key", "results", 2.5);

        finding.Message.ShouldBe("Site 'results' has 2.5 days left.");
        Finding.Create(Descriptor("{0}"), Location.ForFile("nginx.conf"), "key", 42).Message.ShouldBe("42");
        Finding.Create(Descriptor("No arguments."), Location.ForFile("nginx.conf"), "key").Message.ShouldBe("No arguments.");
    }

    [Fact]
    public void An_interpolated_message_keeps_its_parts_and_is_built_when_read()
    {
        var site = "results.example.nl";
        var finding = Finding.Create(Descriptor("{0}"), Location.ForFile("nginx.conf"), "key", $"Server block {site} sends no HSTS header; max-age {31536000:N0} s, {2.5:0.00} years, [{7,4}] [{"x",-3}] {Severity.Error} {null as string}.");

        finding.Message.ShouldBe("Server block results.example.nl sends no HSTS header; max-age 31,536,000 s, 2.50 years, [   7] [x  ] Error .");
        finding.MessageArguments.Length.ShouldBe(1);
        finding.MessageArguments[0].ShouldNotBeOfType<string>();
        finding.MessageArguments[0]!.ToString().ShouldBe(finding.Message);

        // Each read builds the same text; no copy is kept on the finding.
        ReferenceEquals(finding.Message, finding.Message).ShouldBeFalse();
        finding.WithSeverity(Severity.Error).Message.ShouldBe(finding.Message);
    }

    [Fact]
    public void An_interpolated_message_fills_a_format_with_more_than_its_argument()
    {
        // A rule whose format adds a fixed sentence after {0} (EA5012) passes only the first part interpolated.
        var provider = string.Concat("primary", "-dns");
        var finding = Finding.Create(Descriptor("{0} Record a 24/7 contact."), Location.ForFile("election.yml"), $"provider:{provider}", $"The provider '{provider}' has no contact.");

        finding.Message.ShouldBe("The provider 'primary-dns' has no contact. Record a 24/7 contact.");
        finding.MessageArguments.ShouldHaveSingleItem()!.ToString().ShouldBe("The provider 'primary-dns' has no contact.");
        finding.WithSeverity(Severity.Error).Message.ShouldBe(finding.Message);
    }

    [Fact]
    public void A_value_whose_text_could_change_is_formatted_when_reported()
    {
        // A mutable value (here a StringBuilder the rule goes on appending to) says in the message what it said when the rule reported.
        var names = new System.Text.StringBuilder("a");
        var interpolated = Finding.Create(Descriptor("{0}"), Location.ForFile("nginx.conf"), "key", $"names: {names}");
        var formatted = Finding.Create(Descriptor("Names: {0}."), Location.ForFile("nginx.conf"), "key", names);
        names.Append(", b");

        interpolated.Message.ShouldBe("names: a");
        formatted.Message.ShouldBe("Names: a.");
    }

    [Fact]
    public void A_value_that_cannot_be_formatted_throws_in_the_rule_not_when_the_report_is_written()
    {
        Should.Throw<InvalidOperationException>(() => Finding.Create(Descriptor("{0}"), Location.ForFile("nginx.conf"), "key", $"value {new Unprintable()}"));
        Should.Throw<InvalidOperationException>(() => Finding.Create(Descriptor("Value {0}."), Location.ForFile("nginx.conf"), "key", new Unprintable()));
    }

    [Fact]
    public void A_format_that_does_not_fit_its_arguments_throws_when_the_finding_is_created()
    {
        // Formatting used to happen here; reading the message later must not be the first place a rule's bug shows.
        Should.Throw<FormatException>(() => Finding.Create(Descriptor("Site {0} on {1}."), Location.ForFile("nginx.conf"), "key", "results"));
        Should.Throw<FormatException>(() => Finding.Create(Descriptor("Site {0} on {1}."), Location.ForFile("nginx.conf"), "key", $"results {1}"));
        Should.Throw<FormatException>(() => Finding.Create(Descriptor("Site {0"), Location.ForFile("nginx.conf"), "key", "results"));
    }

    [Fact]
    public void A_location_is_kept_and_written_as_path_and_line()
    {
        var location = new Location("sites/results.conf", new TextSpan(40, 12), 3, 5, 3, 17);
        var finding = Finding.Create(Descriptor("{0}"), Location.ForFile("nginx.conf"), "key", $"set at {location:L}; whole: {location}.");

        finding.Message.ShouldBe("set at sites/results.conf:3; whole: sites/results.conf(3,5,3,17).");
        location.ToString("L", null).ShouldBe("sites/results.conf:3");
        location.ToString(null, null).ShouldBe("sites/results.conf(3,5,3,17)");
        location.ToString(string.Empty, null).ShouldBe(location.ToString());

        // An unknown format throws in the rule, as any value that cannot be formatted does.
        Should.Throw<FormatException>(() => location.ToString("X", null)).Message.ShouldBe("Unknown location format 'X'; use \"L\" for path:line.");
        Should.Throw<FormatException>(() => Finding.Create(Descriptor("{0}"), Location.ForFile("nginx.conf"), "key", $"at {location:X}"));
    }

    [Fact]
    public void A_phrase_made_apart_is_kept_as_its_parts_inside_the_message()
    {
        var site = "results.example.nl:443";
        var origin = DeferredMessage.Create($"No send_timeout applies to {site}, so the default \"send_timeout {60}s;\" is in effect");
        var finding = Finding.Create(Descriptor("{0}"), Location.ForFile("nginx.conf"), "key", $"{origin}; slow clients can hold connections that long.");

        origin.ToString().ShouldBe("No send_timeout applies to results.example.nl:443, so the default \"send_timeout 60s;\" is in effect");
        finding.Message.ShouldBe("No send_timeout applies to results.example.nl:443, so the default \"send_timeout 60s;\" is in effect; slow clients can hold connections that long.");

        // A phrase holding a value whose text could change says what it said when it was made.
        var names = new System.Text.StringBuilder("a");
        var phrase = DeferredMessage.Create($"names {names}");
        names.Append(", b");
        Finding.Create(Descriptor("{0}"), Location.ForFile("nginx.conf"), "key", $"{phrase}.").Message.ShouldBe("names a.");
    }

    private sealed class Unprintable
    {
        public override string ToString() => throw new InvalidOperationException("no text");
    }
}
