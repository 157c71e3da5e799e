using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules;

/// <summary>
/// Everything about a rule that does not depend on a finding: the single source of truth for SARIF <c>rules[]</c>,
/// <c>electionaudit rules</c>, the rule pages' index and the traceability matrix.
/// </summary>
public sealed partial class RuleDescriptor
{
    /// <summary>The base address of rule pages; a rule's <see cref="HelpUri"/> is this plus <c>EAnnnn.md</c>.</summary>
    public const string HelpBaseUri = "https://github.com/electionaudit/electionaudit/blob/main/rules-docs/";

    /// <summary>Creates a descriptor. <paramref name="id"/> must be <c>EA</c> and four digits.</summary>
    public RuleDescriptor(
        string id,
        string title,
        string messageFormat,
        Severity defaultSeverity,
        string description,
        double securitySeverity,
        RulePrecision precision,
        IEnumerable<TraceReference> traceability,
        IEnumerable<InputFormat> formats,
        IEnumerable<string>? tags = null,
        IEnumerable<RuleOption>? options = null,
        bool isEnabledByDefault = true)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!IdPattern().IsMatch(id))
        {
            throw new ArgumentException($"Rule ID '{id}' is not EA followed by four digits.", nameof(id));
        }

        if (securitySeverity is <= 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(securitySeverity), securitySeverity, "SARIF security-severity must be in (0, 10].");
        }

        Id = id;
        Title = title;
        MessageFormat = messageFormat;
        _isWholeMessage = messageFormat == "{0}";
        _defaultHelpUri = HelpBaseUri + id + ".md";
        DefaultSeverity = defaultSeverity;
        Description = description;
        SecuritySeverity = securitySeverity;
        Precision = precision;
        Traceability = [.. traceability];
        Formats = [.. formats];
        Tags = [.. tags ?? []];
        Options = [.. options ?? []];
        IsEnabledByDefault = isEnabledByDefault;
        Category = RuleCategoryNames.FromId(id);
    }

    /// <summary>The stable ID, for example <c>EA2001</c>.</summary>
    public string Id { get; }

    /// <summary>A short title in sentence case.</summary>
    public string Title { get; }

    /// <summary>
    /// The title as one Pascal identifier, as SARIF <c>name</c> wants it: every word starts with one capital followed by
    /// lower-case letters or digits, so acronyms are folded ("DNSSEC" becomes "Dnssec", "DDoS" becomes "Ddos"); the
    /// SARIF validator's rule SARIF2012 accepts nothing else.
    /// </summary>
    public string Name => string.Concat(JoinSingleLetters(NonWord().Split(Title).Where(w => w.Length > 0 && !IsArticle(w))).Select(PascalWord));

    /// <summary>A composite format string for messages; its first sentence is what lists show.</summary>
    public string MessageFormat { get; }

    /// <summary>The area, from the ID's first digit.</summary>
    public RuleCategory Category { get; }

    /// <summary>The severity before configuration and before any raise for results sites.</summary>
    public Severity DefaultSeverity { get; }

    /// <summary>Whether the rule runs when configuration does not mention it.</summary>
    public bool IsEnabledByDefault { get; }

    /// <summary>What the rule checks and why it matters for an election.</summary>
    public string Description { get; }

    /// <summary>The rule page: by default the built-in page under <see cref="HelpBaseUri"/>; a plugin's rule sets its own.</summary>
    public string HelpUri
    {
        get => _helpUri ?? _defaultHelpUri;
        init => _helpUri = value;
    }

    private readonly string? _helpUri;

    // Made once: reports read it for every finding.
    private readonly string _defaultHelpUri;

    /// <summary>Extra SARIF tags beyond <c>security</c>, the category and the trace sources (which are derived).</summary>
    public ImmutableArray<string> Tags { get; }

    /// <summary>SARIF <c>security-severity</c>, in (0, 10].</summary>
    public double SecuritySeverity { get; }

    /// <summary>SARIF precision.</summary>
    public RulePrecision Precision { get; }

    /// <summary>Where the rule comes from.</summary>
    public ImmutableArray<TraceReference> Traceability { get; }

    /// <summary>The input formats the rule reads evidence from.</summary>
    public ImmutableArray<InputFormat> Formats { get; }

    /// <summary>Options the rule reads from configuration.</summary>
    public ImmutableArray<RuleOption> Options { get; }

    /// <summary>Formats a message with the invariant culture.</summary>
    public string FormatMessage(IReadOnlyList<object?> arguments) =>
        arguments.Count == 0 ? MessageFormat
        // Most rules' format is "{0}", the whole message as the argument: that string is the message, not a copy of it
        // (a copy per finding doubled the memory messages take on a repository with many findings).
        : IsWholeMessage && arguments[0] is string whole ? whole
        : IsWholeMessage && arguments[0] is DeferredMessage deferred ? deferred.ToString()
        : string.Format(CultureInfo.InvariantCulture, Format, [.. arguments]);

    /// <summary>Formats a message whose one argument is a <see cref="DeferredMessage"/> kept as <paramref name="parts"/>.</summary>
    internal string FormatMessageParts(object?[] parts) => FormatWholeMessage(DeferredMessage.Format(parts));

    /// <summary>Formats a message whose one argument is the text <paramref name="whole"/> of a message given as an interpolated string.</summary>
    internal string FormatWholeMessage(string whole) => IsWholeMessage ? whole : FormatMessage([whole]);

    /// <summary>
    /// Whether every placeholder of the format is a plain <c>{n}</c>, without an alignment or a format string: then the
    /// arguments' own texts, formatted again, give the same message (a <see cref="FindingStore"/> keeps only those).
    /// </summary>
    internal bool HasPlainPlaceholders => _hasPlainPlaceholders ??= PlainPlaceholders(MessageFormat);

    private bool? _hasPlainPlaceholders;

    private static bool PlainPlaceholders(string format)
    {
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] is not '{')
            {
                continue;
            }

            if (i + 1 < format.Length && format[i + 1] == '{')
            {
                i++;
                continue;
            }

            int end = format.IndexOf('}', i + 1);
            if (end <= i + 1 || format.AsSpan(i + 1, end - i - 1).ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            i = end;
        }

        return true;
    }

    /// <summary>
    /// Throws the <see cref="FormatException"/> formatting would throw when the format is malformed or names more
    /// arguments than there are, without formatting.
    /// </summary>
    internal void CheckMessageArguments(ImmutableArray<object?> arguments)
    {
        if (arguments.Length > 0 && arguments.Length < Format.MinimumArgumentCount)
        {
            _ = string.Format(CultureInfo.InvariantCulture, MessageFormat, [.. arguments]);
        }
    }

    /// <summary>Whether the format is <c>{0}</c>: the one argument is the whole message.</summary>
    internal bool IsWholeMessage => _isWholeMessage;

    /// <summary>
    /// Whether the format has a placeholder. <see cref="FormatMessage"/> gives a format without one as it stands, whatever
    /// the arguments, doubled braces and all (string.Format with a <see cref="CompositeFormat"/> returns such a format
    /// unchanged; only formats with a placeholder have their <c>{{</c> and <c>}}</c> undoubled). Parses the format.
    /// </summary>
    internal bool HasPlaceholders => Format.MinimumArgumentCount > 0;

    private readonly bool _isWholeMessage;

    // Parsed once (a malformed format throws here, as string.Format would).
    private CompositeFormat Format => _format ??= CompositeFormat.Parse(MessageFormat);

    private CompositeFormat? _format;

    /// <summary>All tags for SARIF: security, the category, the formats, explicit tags and source tags (at most 20).</summary>
    public IReadOnlyList<string> AllTags()
    {
        var tags = new List<string> { "security", Category.ToName() };
        tags.AddRange(Tags);
        foreach (var trace in Traceability)
        {
            var tag = trace.Source switch
            {
                TraceSource.Enisa => "enisa-" + trace.Reference.TrimStart('E').ToLowerInvariant(),
                TraceSource.CisHandbook => "cis-" + trace.Reference.ToLowerInvariant(),
                TraceSource.NistCsf => "csf-" + trace.Reference.ToLowerInvariant(),
                TraceSource.Compendium => "nis-compendium",
                _ => null,
            };
            if (tag is not null)
            {
                tags.Add(tag);
            }
        }

        return tags.Distinct(StringComparer.Ordinal).Take(20).ToList();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Id}: {Title}";

    // "A" cannot be a Pascal word (a capital needs a lower-case letter after it), so articles are left out of names.
    private static bool IsArticle(string word) =>
        word.Equals("a", StringComparison.OrdinalIgnoreCase) || word.Equals("an", StringComparison.OrdinalIgnoreCase) || word.Equals("the", StringComparison.OrdinalIgnoreCase);

    // Any other one-letter word joins the word after it ("X-Frame-Options" gives "XframeOptions"), or the word
    // before it when it comes last ("Plan B" gives "Planb").
    private static List<string> JoinSingleLetters(IEnumerable<string> words)
    {
        var joined = new List<string>();
        string? pending = null;
        foreach (var word in words)
        {
            if (word.Length == 1 && char.IsLetter(word[0]))
            {
                pending += word;
                continue;
            }

            joined.Add(pending is null ? word : pending + word.ToLowerInvariant());
            pending = null;
        }

        if (pending is not null)
        {
            if (joined.Count == 0)
            {
                joined.Add(pending + "rule");
            }
            else
            {
                joined[^1] += pending.ToLowerInvariant();
            }
        }

        return joined;
    }

    private static string PascalWord(string word)
    {
        // A word that already reads as capital-then-lower ("Results", "Sha256") is kept; anything else ("TLS", "DDoS",
        // "mTLS") becomes one capital and lower case. A word of digits stays as it is and joins the word before it.
        var first = char.ToUpperInvariant(word[0]);
        var rest = word[1..];
        var isPascal = rest.Length > 0 && rest.All(c => char.IsLower(c) || char.IsDigit(c));
        return char.IsDigit(first) || isPascal ? first + rest : first + rest.ToLowerInvariant();
    }

    [GeneratedRegex("^EA[0-9]{4}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex NonWord();
}
