using ElectionAudit.Syntax;
using ElectionAudit.Text;

namespace ElectionAudit.Model;

/// <summary>
/// A location kept as the syntax node it is made from until it is read (<see cref="Located{T}"/>, descriptor elements,
/// response headers): one field holds either, so keeping a node costs no more than keeping its location.
/// </summary>
internal static class NodeLocation
{
    /// <summary>
    /// The location <paramref name="where"/> holds, or the location of the node it holds, which then takes the node's
    /// place so that later reads return the same object; null when it holds null.
    /// </summary>
    /// <remarks>Two threads reading at once may each make one; they are equal, and either may stay.</remarks>
    public static Location Read(ref object? where)
    {
        var held = where;
        if (held is SyntaxNode node)
        {
            var made = node.GetLocation();
            where = made;
            return made;
        }

        return (Location)held!;
    }
}
