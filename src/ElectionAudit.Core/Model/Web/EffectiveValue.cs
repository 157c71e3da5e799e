using System.Globalization;
using ElectionAudit.Syntax;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Web;

/// <summary>Where an effective setting comes from.</summary>
public enum ValueOrigin
{
    /// <summary>
    /// A directive in the configuration sets it (at the level that applies, or inherited from an enclosing one). The
    /// value may still be unknown to the scan: see <see cref="EffectiveValue{T}.IsUnknown"/>.
    /// </summary>
    Directive,

    /// <summary>No directive sets it: the server's documented default applies.</summary>
    Default,
}

/// <summary>
/// A setting as the server really applies it, with its origin: the directive that sets it (in whichever file and
/// enclosing block nginx took it from), or the server's documented default for the version assumed. Rules report a
/// directive's problem at <see cref="Location"/>, and a default's problem at <see cref="Scope"/>, the block where the
/// directive would go.
/// </summary>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class EffectiveValue<T>
{
    // Every setting of every server and location block has one of these (half a million at 16,000 files), so it keeps
    // one reference for what are five properties: the directive (a SyntaxNode), the default's description (a string),
    // a directive with its condition (a ConditionalDirective), or a directive whose value is a placeholder (an
    // UnknownDirective).
    private readonly object _source;

    internal EffectiveValue(T value, object source, Location scope)
    {
        Value = value;
        _source = source;
        Scope = scope;
    }

    /// <summary>The value.</summary>
    public T Value { get; }

    /// <summary>Whether a directive or the documented default set it.</summary>
    public ValueOrigin Origin => _source is string ? ValueOrigin.Default : ValueOrigin.Directive;

    /// <summary>Whether the documented default applies.</summary>
    public bool IsDefault => Origin == ValueOrigin.Default;

    /// <summary>The directive that sets the value (an nginx <c>NginxDirectiveSyntax</c> or an Apache <c>ApacheDirectiveSyntax</c>), or null for a default.</summary>
    public SyntaxNode? Directive => _source switch
    {
        SyntaxNode directive => directive,
        ConditionalDirective conditional => conditional.Directive,
        UnknownDirective unknown => unknown.Directive,
        _ => null,
    };

    /// <summary>
    /// For a default: what the default is and for which server version, for example
    /// <c>nginx 1.26.3's default "ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3" (version declared in the descriptor)</c>. Null for a directive.
    /// </summary>
    public string? DefaultDescription => _source as string;

    /// <summary>The block the value applies to (for nginx, the <c>server</c> block): where a missing directive would go.</summary>
    public Location Scope { get; }

    /// <summary>
    /// For a directive that takes effect only under a condition the configuration cannot decide (an Apache directive
    /// inside <c>&lt;IfModule mod_ssl.c&gt;</c>, say: the loaded modules are not known), that condition as written, for
    /// example <c>&lt;IfModule mod_ssl.c&gt;</c>; null when the value applies unconditionally.
    /// </summary>
    public string? Condition => (_source as ConditionalDirective)?.Condition;

    /// <summary>Whether the value "may apply" only: see <see cref="Condition"/>.</summary>
    public bool IsConditional => Condition is not null;

    /// <summary>
    /// Whether <see cref="Directive"/> sets the value from a placeholder that is filled in when the server is deployed or
    /// started, so the scan cannot know it: <c>client_max_body_size ${MAX_BODY};</c> in an nginx template that the
    /// nginx Docker image's entrypoint renders with <c>envsubst</c>, or Apache's <c>Timeout ${TIMEOUT}</c>, which httpd
    /// reads from its environment. <see cref="Value"/> is then only a stand-in (the value inherited from an enclosing
    /// level, the default, or what the text as written would give), not what the server applies. A rule stays silent on
    /// an unknown value: it neither judges <see cref="Value"/> nor reports the setting as missing.
    /// </summary>
    public bool IsUnknown => _source is UnknownDirective;

    /// <summary>Where to report a problem with the value: the directive, or for a default the block it applies to.</summary>
    public Location Location => Directive?.GetLocation() ?? Scope;

    /// <summary>The same origin with another value (for derived values such as a parsed list).</summary>
    public EffectiveValue<TOther> Select<TOther>(Func<T, TOther> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new EffectiveValue<TOther>(selector(Value), _source, Scope);
    }

    /// <summary>The same value and origin, applying to the block at <paramref name="scope"/>.</summary>
    internal EffectiveValue<T> WithScope(Location scope) => new(Value, _source, scope);

    /// <summary>Says where the value comes from, for messages: "set at path(line,column)" or the default's description.</summary>
    public string DescribeOrigin()
    {
        if (Directive is null)
        {
            return DefaultDescription ?? "default";
        }

        var location = Directive.GetLocation();
        var condition = Condition is null ? string.Empty : $" (inside {Condition}, so it applies only if that condition holds)";
        var unknown = IsUnknown ? " from a placeholder filled in when the server is deployed or started" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"set at {location:L}{unknown}{condition}");
    }

    /// <inheritdoc />
    public override string ToString() => $"{Value} ({DescribeOrigin()})";
}

/// <summary>Creates <see cref="EffectiveValue{T}"/>s.</summary>
public static class EffectiveValue
{
    /// <summary>A value set by <paramref name="directive"/>, applying to the block at <paramref name="scope"/>.</summary>
    public static EffectiveValue<T> FromDirective<T>(T value, SyntaxNode directive, Location scope)
    {
        ArgumentNullException.ThrowIfNull(directive);
        ArgumentNullException.ThrowIfNull(scope);
        return new(value, directive, scope);
    }

    /// <summary>
    /// A value set by <paramref name="directive"/> that takes effect only when <paramref name="condition"/> holds, which
    /// the configuration cannot decide (see <see cref="EffectiveValue{T}.Condition"/>); unconditional when it is null.
    /// </summary>
    public static EffectiveValue<T> FromDirective<T>(T value, SyntaxNode directive, Location scope, string? condition)
    {
        ArgumentNullException.ThrowIfNull(directive);
        ArgumentNullException.ThrowIfNull(scope);
        return new(value, condition is null ? directive : new ConditionalDirective(directive, condition), scope);
    }

    /// <summary>
    /// A value <paramref name="directive"/> sets from a placeholder the scan cannot resolve (see
    /// <see cref="EffectiveValue{T}.IsUnknown"/>); <paramref name="fallback"/> is the stand-in <see cref="EffectiveValue{T}.Value"/>.
    /// </summary>
    public static EffectiveValue<T> FromUnknown<T>(T fallback, SyntaxNode directive, Location scope)
    {
        ArgumentNullException.ThrowIfNull(directive);
        ArgumentNullException.ThrowIfNull(scope);
        return new(fallback, new UnknownDirective(directive), scope);
    }

    /// <summary>The documented default, described by <paramref name="description"/> (which default, which version assumed).</summary>
    public static EffectiveValue<T> FromDefault<T>(T value, string description, Location scope)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(scope);
        return new(value, description, scope);
    }
}

/// <summary>A directive that applies only under a condition (see <see cref="EffectiveValue{T}.Condition"/>).</summary>
internal sealed record ConditionalDirective(SyntaxNode Directive, string Condition);

/// <summary>A directive whose value is a placeholder (see <see cref="EffectiveValue{T}.IsUnknown"/>).</summary>
internal sealed record UnknownDirective(SyntaxNode Directive);
