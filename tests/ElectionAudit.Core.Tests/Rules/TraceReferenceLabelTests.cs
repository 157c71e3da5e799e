using ElectionAudit.Rules;
using Shouldly;
using Xunit;

namespace ElectionAudit.Core.Tests.Rules;

/// <summary>The labels SARIF tags, <c>electionaudit rules</c> and the rule index show for a rule's sources.</summary>
public class TraceReferenceLabelTests
{
    [Theory]
    [InlineData(TraceSource.Enisa, "E6", TraceMapping.Explicit, "ENISA E6")]
    [InlineData(TraceSource.CisHandbook, "HB21", TraceMapping.Interpretation, "CIS Handbook HB21 [I]")]
    [InlineData(TraceSource.NistCsf, "PR.DS-6", TraceMapping.Explicit, "NIST CSF PR.DS-6")]
    [InlineData(TraceSource.Other, "hstspreload.org submission requirements", TraceMapping.Explicit, "hstspreload.org submission requirements")]
    // The built-in rules write "RFC 8624 §3.1"; a plugin may write "8624 §3.1". Either reads "RFC 8624 §3.1", never "RFC RFC".
    [InlineData(TraceSource.Rfc, "RFC 8624 §3.1", TraceMapping.Explicit, "RFC 8624 §3.1")]
    [InlineData(TraceSource.Rfc, "8624 §3.1", TraceMapping.Interpretation, "RFC 8624 §3.1 [I]")]
    [InlineData(TraceSource.Rfc, "RFC4035", TraceMapping.Explicit, "RFC4035")]
    public void Label_names_the_source_once(TraceSource source, string reference, TraceMapping mapping, string expected) =>
        new TraceReference(source, reference, mapping).Label.ShouldBe(expected);
}
