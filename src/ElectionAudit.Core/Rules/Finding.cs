using System.Collections.Immutable;
using System.Runtime.InteropServices;
using ElectionAudit.Text;

namespace ElectionAudit.Rules;

/// <summary>Another place a finding joins or points to, with what it shows there.</summary>
/// <param name="Location">The place.</param>
/// <param name="Message">What it shows, for example "HSTS is set here".</param>
public sealed record RelatedLocation(Location Location, string Message);

/// <summary>One reported problem: a rule, where, why, and a stable key for baselines.</summary>
public sealed class Finding
{
    private Finding(RuleDescriptor rule, Location location, object payload, ulong bits)
    {
        Rule = rule;
        Location = location;
        _payload = payload;
        _bits = bits;
    }

    private Finding(RuleDescriptor rule, Severity severity, Location location, ImmutableArray<RelatedLocation> relatedLocations, object?[] arguments, bool wholeMessageParts, object logicalKey, string? message, ulong literals)
        : this(rule, location, new Reported(arguments, logicalKey, message, relatedLocations, wholeMessageParts, literals, severity), 0)
    {
    }

    // What the rule reported (a Reported), or, once the finding is in a scan's FindingStore, that store, which holds the
    // key, message and related locations: a finding of a scan is its rule, severity, location and the record's place.
    private readonly object _payload;

    // Once stored: the record's place, shifted up a byte, and the severity in the low byte; the scan keeps every finding to
    // its end (62,000 at 4,000 files), and in four words a finding is 48 bytes (with the severity and the message's shape
    // as fields of their own, 56). Unused (0) while the finding is a Reported, which holds those itself.
    private readonly ulong _bits;

    private FindingStore? Store => _payload as FindingStore;

    private Reported Own => (Reported)_payload;

    private ulong Place => _bits >> 8;

    /// <param name="Arguments">
    /// The format's arguments, or (for a whole message) the parts of the interpolated string, kept without the
    /// DeferredMessage and the one-element array around them.
    /// </param>
    /// <param name="Key">A string, or the parts of the interpolated string the key was given as (see LogicalKeyHandler).</param>
    /// <param name="Message">
    /// The formatted message, kept only when an argument's text could change or fail later; otherwise it is made from the
    /// rule's format and the arguments each time it is read (see FindingMessageHandler).
    /// </param>
    /// <param name="Related">The related locations.</param>
    /// <param name="WholeMessageParts">Whether the arguments are the parts of a whole message given as an interpolated string.</param>
    /// <param name="Literals">Which parts of a whole message are literals (see FindingMessageHandler).</param>
    /// <param name="Severity">The severity.</param>
    private sealed record Reported(object?[] Arguments, object Key, string? Message, ImmutableArray<RelatedLocation> Related, bool WholeMessageParts, ulong Literals, Severity Severity);

    /// <summary>The rule.</summary>
    public RuleDescriptor Rule { get; }

    /// <summary>The rule's ID.</summary>
    public string RuleId => Rule.Id;

    /// <summary>The severity the finding was reported with (the rule's default, or raised, for example for a results site); configuration may still override it.</summary>
    public Severity Severity => _payload is Reported own ? own.Severity : (Severity)(byte)_bits;

    /// <summary>The primary location: the token that caused it, or the block that should contain what is missing.</summary>
    public Location Location { get; }

    /// <summary>Other places involved.</summary>
    public ImmutableArray<RelatedLocation> RelatedLocations => Store is { } store ? store.ReadRelated(Place) : Own.Related;

    /// <summary>
    /// The arguments of <see cref="RuleDescriptor.MessageFormat"/>. A finding of a scan's result gives each argument as the
    /// text it had when the rule reported it (the scan keeps findings as text, see <see cref="Engine.AuditEngine"/>), and a
    /// message given as an interpolated string as that message's text.
    /// </summary>
    public ImmutableArray<object?> MessageArguments =>
        Store is { } store ? store.ReadArguments(Place)
        : Own.WholeMessageParts ? [new DeferredMessage(Own.Arguments)]
        : ImmutableCollectionsMarshal.AsImmutableArray(Own.Arguments);

    /// <summary>The formatted message (made when read: a finding keeps its format's arguments, not its text).</summary>
    public string Message =>
        Store is { } store ? store.ReadMessage(Rule, Place)
        : Own.Message
        ?? (Own.WholeMessageParts ? Rule.FormatMessageParts(Own.Arguments)
        : Rule.FormatMessage(ImmutableCollectionsMarshal.AsImmutableArray(Own.Arguments)));

    /// <summary>Identifies the finding within its file without a line number (for example <c>site:results/hsts</c>), so baselines survive edits.</summary>
    public string LogicalKey => Store is { } store ? store.ReadKey(Place) : LogicalKeyHandler.Join(Own.Key);

    /// <summary>
    /// <see cref="Message"/> as characters, for writers that write it out at once (the reports): a finding of a scan
    /// decodes it from its record without making a string, one that is not stored gives its message string's characters.
    /// </summary>
    /// <remarks>
    /// A stored finding's characters are this thread's scratch: they are valid only until the thread next reads a stored
    /// finding's text (the message, key, arguments or related locations of this or any finding, as characters or as
    /// strings), which is decoded into the same characters. Write them out, or copy them, before that. (Getting a
    /// <see cref="FindingStore.RelatedLocationReader"/> decodes nothing until it moves.)
    /// </remarks>
    internal ReadOnlySpan<char> MessageSpan => Store is { } store ? store.ReadMessageChars(Rule, Place) : Message;

    /// <summary>
    /// <see cref="RelatedLocations"/> one at a time, each message as characters, without an object or a string for each
    /// of a stored finding's (valid only until the thread next reads a stored finding's text: see
    /// <see cref="FindingStore.RelatedLocationReader"/>).
    /// </summary>
    internal FindingStore.RelatedLocationReader ReadRelatedLocations() =>
        Store is { } store ? store.ReadRelatedLocations(Place) : new FindingStore.RelatedLocationReader(Own.Related);

    /// <summary>
    /// <see cref="LogicalKey"/> as characters, without making a string for a finding of a scan; valid, for a stored
    /// finding, only until the thread next reads a stored finding's text (see <see cref="MessageSpan"/>).
    /// </summary>
    internal ReadOnlySpan<char> LogicalKeySpan => Store is { } store ? store.ReadKeyChars(Place) : LogicalKey;

    /// <summary>Whether a <see cref="FindingStore"/> can keep this finding's text exactly (see its remarks).</summary>
    /// <remarks>A severity outside 0-255 (no defined one is) does not fit beside the record's place: such a finding is not stored.</remarks>
    internal bool CanBeStored => _payload is Reported { Message: null } own && (own.WholeMessageParts || Rule.HasPlainPlaceholders) && (uint)own.Severity <= byte.MaxValue;

    /// <summary>Writes the finding's message, key and related locations as a <see cref="FindingStore"/> record.</summary>
    internal void WriteRecord(FindingStore store, System.Buffers.IBufferWriter<byte> output)
    {
        if (Own.WholeMessageParts)
        {
            FindingStore.WritePartsMessage(store, output, Own.Arguments, Own.Literals);
        }
        else
        {
            FindingStore.WriteArgumentsMessage(output, Own.Arguments);
        }

        FindingStore.WriteKeyAndRelated(store, output, Own.Key, Own.Related);
    }

    /// <summary>This finding, its text kept in <paramref name="store"/> at <paramref name="place"/>.</summary>
    internal Finding Stored(FindingStore store, ulong place)
    {
        System.Diagnostics.Debug.Assert(place < 1UL << 56, "A store's records are far fewer than 2^56 bytes.");
        return new(Rule, Location, store, (place << 8) | (byte)Severity);
    }

    /// <summary>A stable fingerprint: rule, path and logical key.</summary>
    public string Fingerprint => $"{RuleId}|{Location.Path}|{LogicalKey}";

    /// <summary>Creates a finding at the rule's default severity.</summary>
    public static Finding Create(RuleDescriptor rule, Location location, string logicalKey, params object?[] messageArguments) =>
        Create(rule, rule.DefaultSeverity, location, logicalKey, [], messageArguments);

    /// <summary>Creates a finding at the rule's default severity whose logical key is an interpolated string (kept in parts, see <see cref="LogicalKeyHandler"/>).</summary>
    public static Finding Create(RuleDescriptor rule, Location location, LogicalKeyHandler logicalKey, params object?[] messageArguments) =>
        WithArguments(rule, rule.DefaultSeverity, location, logicalKey.ToKey(), [], messageArguments);

    /// <summary>
    /// Creates a finding at the rule's default severity whose whole message is an interpolated string (for a rule whose
    /// format is <c>{0}</c>); the message is built when it is read.
    /// </summary>
    public static Finding Create(RuleDescriptor rule, Location location, string logicalKey, FindingMessageHandler message) =>
        Create(rule, rule.DefaultSeverity, location, logicalKey, [], message);

    /// <summary>
    /// Creates a finding at the rule's default severity whose logical key and whole message are interpolated strings (for
    /// a rule whose format is <c>{0}</c>); the key is kept in parts and the message is built when it is read.
    /// </summary>
    public static Finding Create(RuleDescriptor rule, Location location, LogicalKeyHandler logicalKey, FindingMessageHandler message) =>
        WithMessage(rule, rule.DefaultSeverity, location, logicalKey.ToKey(), [], message.ToMessage());

    /// <summary>Creates a finding with an explicit severity and related locations.</summary>
    public static Finding Create(RuleDescriptor rule, Severity severity, Location location, string logicalKey, IEnumerable<RelatedLocation> relatedLocations, params object?[] messageArguments)
    {
        ArgumentNullException.ThrowIfNull(logicalKey);
        return WithArguments(rule, severity, location, logicalKey, relatedLocations, messageArguments);
    }

    /// <summary>Creates a finding with an explicit severity and related locations whose logical key is an interpolated string (kept in parts, see <see cref="LogicalKeyHandler"/>).</summary>
    public static Finding Create(RuleDescriptor rule, Severity severity, Location location, LogicalKeyHandler logicalKey, IEnumerable<RelatedLocation> relatedLocations, params object?[] messageArguments) =>
        WithArguments(rule, severity, location, logicalKey.ToKey(), relatedLocations, messageArguments);

    private static Finding WithArguments(RuleDescriptor rule, Severity severity, Location location, object logicalKey, IEnumerable<RelatedLocation> relatedLocations, object?[] messageArguments)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(messageArguments);
        object?[] copy = [.. messageArguments];
        var arguments = ImmutableCollectionsMarshal.AsImmutableArray(copy);

        // A format that does not fit its arguments throws here, in the rule (reported as EA0001), as formatting did
        // before messages were made when read. Arguments whose text could change or fail are formatted now.
        rule.CheckMessageArguments(arguments);
        string? message = null;
        foreach (var argument in arguments)
        {
            if (!DeferredMessage.IsPlain(argument))
            {
                message = rule.FormatMessage(arguments);
                break;
            }
        }

        return new Finding(rule, severity, location, [.. relatedLocations], copy, false, logicalKey, message, 0);
    }

    /// <summary>
    /// Creates a finding with an explicit severity and related locations whose whole message is an interpolated string
    /// (for a rule whose format is <c>{0}</c>); the message is built when it is read.
    /// </summary>
    public static Finding Create(RuleDescriptor rule, Severity severity, Location location, string logicalKey, IEnumerable<RelatedLocation> relatedLocations, FindingMessageHandler message)
    {
        ArgumentNullException.ThrowIfNull(logicalKey);
        return WithMessage(rule, severity, location, logicalKey, relatedLocations, message.ToMessage());
    }

    /// <summary>
    /// Creates a finding with an explicit severity and related locations whose logical key and whole message are
    /// interpolated strings (for a rule whose format is <c>{0}</c>); the key is kept in parts and the message is built
    /// when it is read.
    /// </summary>
    public static Finding Create(RuleDescriptor rule, Severity severity, Location location, LogicalKeyHandler logicalKey, IEnumerable<RelatedLocation> relatedLocations, FindingMessageHandler message) =>
        WithMessage(rule, severity, location, logicalKey.ToKey(), relatedLocations, message.ToMessage());

    private static Finding WithMessage(RuleDescriptor rule, Severity severity, Location location, object logicalKey, IEnumerable<RelatedLocation> relatedLocations, DeferredMessage message)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(location);
        rule.CheckMessageArguments([message]);
        return new Finding(rule, severity, location, [.. relatedLocations], message.Parts, true, logicalKey, null, message.Literals);
    }

    /// <summary>A copy with another severity (configuration overrides).</summary>
    public Finding WithSeverity(Severity severity) =>
        severity == Severity ? this
        : _payload is Reported own ? new Finding(Rule, Location, own with { Severity = severity }, 0)
        : (uint)severity <= byte.MaxValue ? new Finding(Rule, Location, _payload, (_bits & ~(ulong)byte.MaxValue) | (byte)severity)

        // A severity that does not fit beside the record's place: the finding as read from the store, its text kept.
        : new Finding(Rule, Location, new Reported([.. MessageArguments], LogicalKey, Message, RelatedLocations, false, 0, severity), 0);

    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Severity.ToName()} {RuleId}: {Message}";
}
