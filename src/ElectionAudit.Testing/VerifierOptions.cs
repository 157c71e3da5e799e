using System.Collections.Immutable;
using ElectionAudit.Configuration;
using ElectionAudit.Syntax;

namespace ElectionAudit.Testing;

/// <summary>A property every rule should have, which <see cref="RuleVerifier{TRule}"/> checks on every fixture unless told otherwise.</summary>
public enum Invariant
{
    /// <summary>The rule does not throw on the fixture (no EA0001 finding).</summary>
    NoThrowOnFixture,

    /// <summary>The rule does not throw when every fixture file is empty.</summary>
    NoThrowOnEmptyInput,

    /// <summary>
    /// An inline suppression comment (<c>electionaudit-disable-next-line EAnnnn -- test</c>, in the file's comment syntax)
    /// on the line before each expected finding silences it.
    /// </summary>
    InlineSuppressionSilences,

    /// <summary>Every finding of the rule points inside one of the given files, within its text.</summary>
    FindingsInsideGivenFiles,
}

/// <summary>
/// How <see cref="RuleVerifier{TRule}"/> runs: the scan configuration and the invariants switched off, each with the reason
/// (a skipped invariant without a reason is a test that hides a bug).
/// </summary>
public sealed record VerifierOptions
{
    /// <summary>Every invariant on, default configuration.</summary>
    public static VerifierOptions Default { get; } = new();

    /// <summary>The scan configuration (TLS profile, rule options ...); null means the defaults. A fixture's as-of comment still wins.</summary>
    public AuditConfiguration? Configuration { get; init; }

    /// <summary>The invariants switched off, with the reason given.</summary>
    public ImmutableDictionary<Invariant, string> SkippedInvariants { get; init; } = ImmutableDictionary<Invariant, string>.Empty;

    /// <summary>
    /// The line-comment marker by input format name, used to write inline suppression comments. A format that is not
    /// listed (PEM certificates) has no comment syntax, so findings in such files are not checked for inline suppression.
    /// </summary>
    public ImmutableDictionary<string, string> CommentMarkers { get; init; } = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
    {
        [InputFormat.Descriptor.Name] = "#",
        [InputFormat.Configuration.Name] = "#",
        [InputFormat.Nginx.Name] = "#",
        [InputFormat.Apache.Name] = "#",

        // RFC 1035 §5.1: a semicolon starts a comment in a master file.
        [InputFormat.Zone.Name] = ";",

        // BIND 9 reference manual, "Comment Syntax": named.conf accepts C, C++ and shell-style (#) comments.
        [InputFormat.NamedConf.Name] = "#",
        [InputFormat.Borgmatic.Name] = "#",
        [InputFormat.Resticprofile.Name] = "#",

        // Bacula manual, "Customizing the Configuration Files": a hash sign starts a comment.
        [InputFormat.Bacula.Name] = "#",
    });

    /// <summary>Returns options with <paramref name="invariant"/> switched off; <paramref name="reason"/> says why and must not be empty.</summary>
    public VerifierOptions SkipInvariant(Invariant invariant, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException($"Say why {invariant} does not hold for this rule: a skipped invariant needs a reason.", nameof(reason));
        }

        return this with { SkippedInvariants = SkippedInvariants.SetItem(invariant, reason) };
    }

    /// <summary>Returns options that write inline suppression comments in files of <paramref name="formatName"/> with <paramref name="marker"/> (for a plugin's own format).</summary>
    public VerifierOptions WithCommentMarker(string formatName, string marker)
    {
        ArgumentException.ThrowIfNullOrEmpty(formatName);
        ArgumentException.ThrowIfNullOrEmpty(marker);
        return this with { CommentMarkers = CommentMarkers.SetItem(formatName, marker) };
    }

    /// <summary>Returns options with the given scan configuration.</summary>
    public VerifierOptions WithConfiguration(AuditConfiguration? configuration) => this with { Configuration = configuration };

    /// <summary>Whether <paramref name="invariant"/> is checked.</summary>
    public bool Checks(Invariant invariant) => !SkippedInvariants.ContainsKey(invariant);
}
