using System.Collections.Immutable;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.NamedConf;

/// <summary>Typed view of a <c>zone "name" [class] { ... };</c> statement (BIND 9 ARM, "zone Statement Grammar").</summary>
public sealed class NamedConfZone
{
    internal NamedConfZone(NamedConfStatementSyntax statement)
    {
        Statement = statement;
    }

    /// <summary>The underlying statement.</summary>
    public NamedConfStatementSyntax Statement { get; }

    /// <summary>The zone name as written.</summary>
    public NamedConfValue? Name => Statement.Values.Length > 1 ? Statement.Values[1] : null;

    /// <summary>The class, when given (<c>IN</c> otherwise).</summary>
    public NamedConfValue? Class => Statement.Values.Length > 2 ? Statement.Values[2] : null;

    /// <summary><c>type</c>: primary, secondary, master, slave, stub, forward, hint, mirror, redirect, static-stub, delegation-only.</summary>
    public NamedConfValue? Type => Option("type");

    /// <summary>Whether the zone is served as a primary (<c>primary</c> or its old name <c>master</c>).</summary>
    public bool IsPrimary => Type?.Text.ToLowerInvariant() is "primary" or "master";

    /// <summary><c>file</c>: the zone file path.</summary>
    public NamedConfValue? File => Option("file");

    /// <summary><c>dnssec-policy</c>: the policy name.</summary>
    public NamedConfValue? DnssecPolicy => Option("dnssec-policy");

    /// <summary><c>inline-signing</c> value.</summary>
    public NamedConfValue? InlineSigning => Option("inline-signing");

    /// <summary><c>auto-dnssec</c> value (<c>allow</c>, <c>maintain</c>, <c>off</c>).</summary>
    public NamedConfValue? AutoDnssec => Option("auto-dnssec");

    /// <summary><c>key-directory</c> value.</summary>
    public NamedConfValue? KeyDirectory => Option("key-directory");

    /// <summary><c>allow-transfer</c> list, when present.</summary>
    public AddressMatchList? AllowTransfer => List("allow-transfer");

    /// <summary><c>allow-update</c> list, when present.</summary>
    public AddressMatchList? AllowUpdate => List("allow-update");

    /// <summary><c>also-notify</c> statement, when present.</summary>
    public NamedConfStatementSyntax? AlsoNotify => Statement.Find("also-notify");

    /// <summary>Whether a yes/no option value is true (<c>yes</c>, <c>true</c>, <c>1</c>), as BIND's boolean grammar reads it.</summary>
    public static bool IsTrue(NamedConfValue? value) => value?.Text.ToLowerInvariant() is "yes" or "true" or "1";

    private NamedConfValue? Option(string keyword) => Statement.Find(keyword) is { Values.Length: > 1 } option ? option.Values[1] : null;

    private AddressMatchList? List(string keyword) => Statement.Find(keyword) is { } option ? AddressMatchList.From(option) : null;
}

/// <summary>What an address match list element names (BIND 9 ARM, "address_match_list").</summary>
public enum AddressMatchKind
{
    /// <summary>An address or prefix.</summary>
    Address,

    /// <summary><c>key "name"</c>: a TSIG key.</summary>
    Key,

    /// <summary><c>any</c>.</summary>
    Any,

    /// <summary><c>none</c>.</summary>
    None,

    /// <summary><c>localhost</c> or <c>localnets</c>.</summary>
    Builtin,

    /// <summary>The name of an <c>acl</c>.</summary>
    AclName,

    /// <summary>A nested <c>{ ... }</c> list.</summary>
    Nested,
}

/// <summary>One element of an address match list.</summary>
/// <param name="Kind">What it names.</param>
/// <param name="Negated">Whether it is preceded by <c>!</c>.</param>
/// <param name="Value">The address, key or ACL name (null for any, none and nested lists).</param>
/// <param name="Span">The element, from <c>!</c> to its <c>;</c>.</param>
/// <param name="Nested">The elements of a nested list.</param>
public sealed record AddressMatchElement(AddressMatchKind Kind, bool Negated, NamedConfValue? Value, TextSpan Span, AddressMatchList? Nested);

/// <summary>An address match list: the block of <c>allow-transfer</c>, <c>allow-update</c>, <c>acl</c> and the like.</summary>
/// <param name="Statement">The statement holding the list.</param>
/// <param name="Elements">The elements in order.</param>
public sealed record AddressMatchList(NamedConfStatementSyntax Statement, ImmutableArray<AddressMatchElement> Elements)
{
    /// <summary>Whether any element (nested ones included) names a TSIG key.</summary>
    public bool UsesKey => Elements.Any(element => element.Kind == AddressMatchKind.Key || (element.Nested?.UsesKey ?? false));

    /// <summary>Reads the list in a statement's block.</summary>
    public static AddressMatchList From(NamedConfStatementSyntax statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var elements = ImmutableArray.CreateBuilder<AddressMatchElement>();
        foreach (var item in statement.Block ?? [])
        {
            var values = item.Values;
            // Each "!" negates what follows ("! !" is an EA0002: named refuses it, but it is not an ACL named "!").
            bool negated = false;
            while (values.Length > 0 && values[0].Text == "!" && !values[0].IsQuoted)
            {
                negated = !negated;
                values = values.RemoveAt(0);
            }

            if (values.IsEmpty)
            {
                elements.Add(new AddressMatchElement(AddressMatchKind.Nested, negated, null, item.Span, item.Block is null ? null : From(item)));
                continue;
            }

            // A quoted word is an ACL name, and BIND looks the built-in ACLs up by name, case ignored: "any" in quotes is
            // any (named-checkconf -p prints "any" so, and reads it back), while a quoted address or "key" is not one.
            var first = values[0];
            var kind = first.Text.ToLowerInvariant() switch
            {
                "any" => AddressMatchKind.Any,
                "none" => AddressMatchKind.None,
                "localhost" or "localnets" => AddressMatchKind.Builtin,
                _ when first.IsQuoted => AddressMatchKind.AclName,
                "key" => AddressMatchKind.Key,
                var text when text.Contains(':', StringComparison.Ordinal) || (text.Length > 0 && char.IsAsciiDigit(text[0])) => AddressMatchKind.Address,
                _ => AddressMatchKind.AclName,
            };
            var value = kind switch
            {
                AddressMatchKind.Key => values.Length > 1 ? values[1] : null,
                AddressMatchKind.Any or AddressMatchKind.None => null,
                _ => first,
            };
            elements.Add(new AddressMatchElement(kind, negated, value, item.Span, null));
        }

        return new AddressMatchList(statement, elements.ToImmutable());
    }
}
