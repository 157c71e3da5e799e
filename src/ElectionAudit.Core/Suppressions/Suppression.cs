using System.Collections.Immutable;
using ElectionAudit.Rules;
using ElectionAudit.Text;

namespace ElectionAudit.Suppressions;

/// <summary>How a suppression was written.</summary>
public enum SuppressionKind
{
    /// <summary><c>electionaudit-disable-next-line</c>: the next line that holds more than blanks and comments.</summary>
    NextLine,

    /// <summary><c>electionaudit-disable</c> … <c>electionaudit-enable</c>: a region, or the rest of the enclosing block.</summary>
    Region,

    /// <summary>An entry of the suppression file <c>.electionaudit-suppressions.yml</c>.</summary>
    File,
}

/// <summary>One suppression: which rules, why, until when, and where it was written.</summary>
/// <param name="Kind">How it was written.</param>
/// <param name="RuleIds">The rule IDs it names, upper-cased.</param>
/// <param name="Justification">Why (the text after <c>--</c>, or the file entry's <c>justification</c>); null when missing.</param>
/// <param name="Until">The last day it holds; null for no end.</param>
/// <param name="Location">The comment, or the suppression file entry.</param>
public sealed record Suppression(SuppressionKind Kind, ImmutableArray<string> RuleIds, string? Justification, DateOnly? Until, Location Location)
{
    /// <summary>
    /// Where the <c>until</c> date is written: the <c>until=</c> word of a comment, or the value of a suppression file
    /// entry's <c>until</c>. Null when there is no date (or it was built without one); <see cref="Location"/> then serves.
    /// </summary>
    public Location? UntilLocation { get; init; }

    /// <summary>Whether it still holds on <paramref name="asOf"/> (the <c>until</c> day itself included).</summary>
    public bool IsActive(DateOnly asOf) => Until is not { } until || asOf <= until;

    /// <summary>SARIF's <c>suppression.kind</c>: <c>inSource</c> for comments, <c>external</c> for the suppression file.</summary>
    public string SarifKind => Kind == SuppressionKind.File ? "external" : "inSource";
}

/// <summary>A finding that a suppression silenced (kept for audit output such as SARIF with <c>--include-suppressed</c>).</summary>
/// <param name="Finding">The finding.</param>
/// <param name="Suppression">The suppression that silenced it.</param>
public sealed record SuppressedFinding(Finding Finding, Suppression Suppression);
