using ElectionAudit.Text;

namespace ElectionAudit.Syntax;

/// <summary>A problem a parser or loader found in its input. The engine turns each into a finding of the tool rule <see cref="RuleId"/>.</summary>
/// <param name="RuleId">One of the tool's own rule IDs: EA0002 (syntax), EA0003 (include), EA0004 (descriptor/configuration key or value).</param>
/// <param name="Location">The offending token.</param>
/// <param name="Message">A specific, plain-English message.</param>
/// <param name="LogicalKey">A key that identifies the problem without a line number (for baselines); the message is used when absent.</param>
public sealed record SyntaxDiagnostic(string RuleId, Location Location, string Message, string? LogicalKey = null);
