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
public sealed record Located<T>(T Value, Location Location);
