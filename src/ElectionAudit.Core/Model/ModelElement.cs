using ElectionAudit.Syntax;
using ElectionAudit.Text;

namespace ElectionAudit.Model;

/// <summary>An element of the infrastructure model (a site, a backup plan, a zone ...). Rules register callbacks per element type.</summary>
public abstract class ModelElement
{
    /// <summary>Where the element is declared: for a finding about something it lacks, the block that should contain it.</summary>
    public abstract Location Location { get; }

    /// <summary>A stable name for the element within its file, used in findings' logical keys (for example <c>site:results</c>).</summary>
    public abstract string Key { get; }
}

/// <summary>A value with the place that set it.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The value.</param>
/// <param name="Location">Where it was set.</param>
/// <remarks>
/// One made by the model from a syntax node keeps the node and makes the location when it is first read: most readers
/// want only the value (a descriptor's <c>name:</c>, a site's role), and making a location per value read was a third
/// of the locations a scan made. Equality, the hash code, deconstruction, <c>with</c> and <see cref="ToString"/> see
/// the location as if it had been given.
/// </remarks>
public sealed record Located<T>(T Value, Location Location)
{
    // The Location, or the node to make it from; one field, so that a lazy one is no larger than one given its location.
    private object? _where = Location;

    /// <summary>A value set at <paramref name="node"/>: its location is made when <see cref="Location"/> is first read.</summary>
    internal Located(T value, SyntaxNode node)
        : this(value, (Location)null!)
    {
        ArgumentNullException.ThrowIfNull(node);
        _where = node;
    }

    /// <summary>Where it was set.</summary>
    public Location Location
    {
        get => NodeLocation.Read(ref _where);
        init => _where = value;
    }

    /// <inheritdoc />
    public bool Equals(Located<T>? other) =>
        ReferenceEquals(this, other)
        || (other is not null
            && EqualityComparer<T>.Default.Equals(Value, other.Value)
            && (ReferenceEquals(_where, other._where) || EqualityComparer<Location>.Default.Equals(Location, other.Location)));

    /// <inheritdoc />
    /// <remarks>The record's own hash code, written out because <see cref="Location"/> is not a field.</remarks>
    public override int GetHashCode() =>
        (((EqualityComparer<Type>.Default.GetHashCode(EqualityContract) * -1521134295) + EqualityComparer<T>.Default.GetHashCode(Value!)) * -1521134295)
        + EqualityComparer<Location>.Default.GetHashCode(Location);
}
