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
}
