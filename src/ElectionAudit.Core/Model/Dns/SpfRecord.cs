using System.Collections.Immutable;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Dns;

/// <summary>The kinds of SPF terms (RFC 7208 §5 mechanisms, §6 modifiers).</summary>
public enum SpfTermKind
{
    /// <summary><c>all</c>.</summary>
    All,

    /// <summary><c>include:domain</c>.</summary>
    Include,

    /// <summary><c>a</c>.</summary>
    A,

    /// <summary><c>mx</c>.</summary>
    Mx,

    /// <summary><c>ptr</c> (the name is the mechanism's).</summary>
#pragma warning disable CA1720 // "ptr" is the SPF mechanism's name, not a type name.
    Ptr,
#pragma warning restore CA1720

    /// <summary><c>ip4:</c>.</summary>
    Ip4,

    /// <summary><c>ip6:</c>.</summary>
    Ip6,

    /// <summary><c>exists:domain</c>.</summary>
    Exists,

    /// <summary><c>redirect=domain</c>.</summary>
    Redirect,

    /// <summary><c>exp=domain</c>.</summary>
    Explanation,

    /// <summary>Another modifier (<c>name=value</c>), which RFC 7208 §6 says to ignore.</summary>
    UnknownModifier,

    /// <summary>A term that is no mechanism or modifier: a permanent error (RFC 7208 §4.6.1).</summary>
    Invalid,
}

/// <summary>One SPF term as written.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Qualifier">The qualifier (<c>+</c> when omitted, RFC 7208 §4.6.2), or null for modifiers.</param>
/// <param name="Name">The mechanism or modifier name, lower-case.</param>
/// <param name="Argument">The domain-spec, address or modifier value; null when absent.</param>
/// <param name="Start">Offset in the record's joined text.</param>
/// <param name="Length">Length in the joined text.</param>
public sealed record SpfTerm(SpfTermKind Kind, char? Qualifier, string Name, string? Argument, int Start, int Length)
{
    /// <summary>Whether the term causes a DNS lookup that counts toward the limit of 10 (RFC 7208 §4.6.4).</summary>
    public bool CountsTowardLookupLimit => Kind is SpfTermKind.Include or SpfTermKind.A or SpfTermKind.Mx or SpfTermKind.Ptr or SpfTermKind.Exists or SpfTermKind.Redirect;

    /// <summary>The domain an include, exists or redirect names, when it is a plain name (no macros).</summary>
    public DomainName? TargetDomain =>
        Kind is SpfTermKind.Include or SpfTermKind.Redirect or SpfTermKind.Exists && Argument is { Length: > 0 } argument && !argument.Contains('%', StringComparison.Ordinal)
            && DomainName.TryParse(argument.EndsWith('.') ? argument : argument + ".", null, out var name, out _)
            ? name
            : null;
}

/// <summary>A DNS lookup an SPF evaluation makes, counted toward the limit.</summary>
/// <param name="Record">The record holding the term.</param>
/// <param name="Term">The term.</param>
public sealed record SpfLookup(SpfRecord Record, SpfTerm Term);

/// <summary>An include or redirect target the count could not follow.</summary>
/// <param name="Record">The record holding the term.</param>
/// <param name="Term">The term.</param>
/// <param name="Reason">Why (outside the repository, macros, no SPF record, a loop).</param>
public sealed record SpfUnfollowed(SpfRecord Record, SpfTerm Term, string Reason);

/// <summary>The result of counting an SPF policy's DNS lookups (RFC 7208 §4.6.4).</summary>
/// <param name="Count">Lookups counted, including those inside followed include and redirect targets.</param>
/// <param name="Lookups">Each counted term, in evaluation order.</param>
/// <param name="Unfollowed">Targets not followed; when any exist, the real count is at least <paramref name="Count"/>.</param>
public sealed record SpfLookupCount(int Count, ImmutableArray<SpfLookup> Lookups, ImmutableArray<SpfUnfollowed> Unfollowed)
{
    /// <summary>Whether every target was followed, so <see cref="Count"/> is exact.</summary>
    public bool IsExact => Unfollowed.IsEmpty;
}

/// <summary>An SPF record (a TXT record starting <c>v=spf1</c>, RFC 7208 §4.5) parsed into terms.</summary>
public sealed class SpfRecord
{
    private SpfRecord(DomainName domain, TextRecordMap map, ImmutableArray<SpfTerm> terms)
    {
        Domain = domain;
        Map = map;
        Terms = terms;
    }

    /// <summary>The domain the record is published at.</summary>
    public DomainName Domain { get; }

    /// <summary>The record.</summary>
    public ResourceRecordSyntax Record => Map.Record;

    /// <summary>The record's joined text with source positions.</summary>
    public TextRecordMap Map { get; }

    /// <summary>The policy text.</summary>
    public string Text => Map.Text;

    /// <summary>The terms after <c>v=spf1</c>, in order.</summary>
    public ImmutableArray<SpfTerm> Terms { get; }

    /// <summary>The <c>all</c> mechanism, if any (the first one; later terms never match).</summary>
    public SpfTerm? All => Terms.FirstOrDefault(t => t.Kind == SpfTermKind.All);

    /// <summary>The <c>redirect</c> modifier, if any.</summary>
    public SpfTerm? Redirect => Terms.FirstOrDefault(t => t.Kind == SpfTermKind.Redirect);

    /// <summary>Whether the record starts with <c>v=spf1</c> followed by a space or the end (RFC 7208 §4.5).</summary>
    public static bool IsSpf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.StartsWith("v=spf1", StringComparison.OrdinalIgnoreCase) && (text.Length == 6 || text[6] == ' ');
    }

    /// <summary>Parses the TXT record <paramref name="record"/> as SPF; null when it is not an SPF record.</summary>
    public static SpfRecord? TryParse(ResourceRecordSyntax record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Type != DnsRecordType.TXT || TextRecordMap.For(record) is not { } map || !IsSpf(map.Text))
        {
            return null;
        }

        var terms = ImmutableArray.CreateBuilder<SpfTerm>();
        var text = map.Text;
        int position = 6;
        while (position < text.Length)
        {
            if (text[position] == ' ')
            {
                position++;
                continue;
            }

            int start = position;
            while (position < text.Length && text[position] != ' ')
            {
                position++;
            }

            terms.Add(ParseTerm(text[start..position], start));
        }

        return new SpfRecord(record.Owner, map, terms.ToImmutable());
    }

    /// <summary>Where term <paramref name="term"/> is written.</summary>
    public Location LocationOf(SpfTerm term)
    {
        ArgumentNullException.ThrowIfNull(term);
        return Map.Location(term.Start, term.Length);
    }

    /// <summary>
    /// Counts the DNS-querying terms an evaluation may reach (RFC 7208 §4.6.4), following <c>include:</c> and
    /// <c>redirect=</c> into the records <paramref name="resolve"/> finds (the zones present in the repository).
    /// A redirect is not counted when the record has an <c>all</c> mechanism, since it is then never used (RFC 7208 §6.1).
    /// </summary>
    public SpfLookupCount CountLookups(Func<DomainName, SpfRecord?> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        var lookups = ImmutableArray.CreateBuilder<SpfLookup>();
        var unfollowed = ImmutableArray.CreateBuilder<SpfUnfollowed>();
        Visit(this, [Domain], resolve, lookups, unfollowed);
        return new SpfLookupCount(lookups.Count, lookups.ToImmutable(), unfollowed.ToImmutable());
    }

    private static void Visit(SpfRecord record, List<DomainName> path, Func<DomainName, SpfRecord?> resolve, ImmutableArray<SpfLookup>.Builder lookups, ImmutableArray<SpfUnfollowed>.Builder unfollowed)
    {
        bool hasAll = record.All is not null;
        foreach (var term in record.Terms)
        {
            if (!term.CountsTowardLookupLimit || (term.Kind == SpfTermKind.Redirect && hasAll))
            {
                continue;
            }

            lookups.Add(new SpfLookup(record, term));
            if (term.Kind is not (SpfTermKind.Include or SpfTermKind.Redirect))
            {
                continue;
            }

            if (term.TargetDomain is not { } target)
            {
                unfollowed.Add(new SpfUnfollowed(record, term, "its target uses macros or is not a domain name"));
            }
            else if (path.Contains(target))
            {
                unfollowed.Add(new SpfUnfollowed(record, term, $"'{target}' is already being evaluated (a loop, which is a permanent error)"));
            }
            else if (resolve(target) is { } next)
            {
                path.Add(target);
                Visit(next, path, resolve, lookups, unfollowed);
                path.RemoveAt(path.Count - 1);
            }
            else
            {
                unfollowed.Add(new SpfUnfollowed(record, term, $"no SPF record for '{target}' is in the scanned zones"));
            }
        }
    }

    private static SpfTerm ParseTerm(string word, int start)
    {
        // A modifier is name "=" value, where the name starts with a letter (RFC 7208 §12 ABNF: modifier).
        int equals = word.IndexOf('=', StringComparison.Ordinal);
        int colon = word.IndexOfAny([':', '/']);
        if (equals > 0 && (colon < 0 || equals < colon) && char.IsAsciiLetter(word[0]) && word[..equals].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            var name = word[..equals].ToLowerInvariant();
            var value = word[(equals + 1)..];
            var kind = name switch { "redirect" => SpfTermKind.Redirect, "exp" => SpfTermKind.Explanation, _ => SpfTermKind.UnknownModifier };
            return new SpfTerm(kind, null, name, value, start, word.Length);
        }

        char qualifier = '+';
        int offset = 0;
        if (word.Length > 0 && word[0] is '+' or '-' or '~' or '?')
        {
            qualifier = word[0];
            offset = 1;
        }

        var rest = word[offset..];
        int separator = rest.IndexOfAny([':', '/']);
        var mechanism = (separator < 0 ? rest : rest[..separator]).ToLowerInvariant();
        string? argument = separator >= 0 && rest[separator] == ':' ? rest[(separator + 1)..] : separator >= 0 ? rest[separator..] : null;
        var mechanismKind = mechanism switch
        {
            "all" when argument is null => SpfTermKind.All,
            "include" when argument is { Length: > 0 } => SpfTermKind.Include,
            "a" => SpfTermKind.A,
            "mx" => SpfTermKind.Mx,
            "ptr" => SpfTermKind.Ptr,
            "ip4" when argument is { Length: > 0 } => SpfTermKind.Ip4,
            "ip6" when argument is { Length: > 0 } => SpfTermKind.Ip6,
            "exists" when argument is { Length: > 0 } => SpfTermKind.Exists,
            _ => SpfTermKind.Invalid,
        };
        return new SpfTerm(mechanismKind, qualifier, mechanism, argument, start, word.Length);
    }
}
