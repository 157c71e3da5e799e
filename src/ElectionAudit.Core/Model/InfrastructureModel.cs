using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Model.Backup;
using ElectionAudit.Syntax;

namespace ElectionAudit.Model;

/// <summary>
/// The infrastructure, bound across all files: the analogue of Roslyn's compilation. Rules ask it questions; they never read files.
/// </summary>
public sealed class InfrastructureModel
{
    /// <summary>Creates a model.</summary>
    public InfrastructureModel(IEnumerable<SyntaxTree> syntaxTrees, IEnumerable<ElectionDescriptor> descriptors)
    {
        SyntaxTrees = [.. syntaxTrees];
        Descriptors = [.. descriptors];
        BackupPlans = [.. BackupBinder.Bind(Descriptors, SyntaxTrees)];
    }

    /// <summary>Backup plans: descriptor <c>backups[]</c> joined with borgmatic/resticprofile configurations, and configurations no entry names.</summary>
    public ImmutableArray<EffectiveBackupPlan> BackupPlans { get; }

    /// <summary>An empty model.</summary>
    public static InfrastructureModel Empty { get; } = new([], []);

    /// <summary>Every parsed file, in path order.</summary>
    public ImmutableArray<SyntaxTree> SyntaxTrees { get; }

    /// <summary>The election infrastructure descriptors (usually one).</summary>
    public ImmutableArray<ElectionDescriptor> Descriptors { get; }

    /// <summary>Every model element, in a deterministic order (file, then declaration order).</summary>
    public IEnumerable<ModelElement> Elements()
    {
        foreach (var descriptor in Descriptors)
        {
            foreach (var element in descriptor.Elements())
            {
                yield return element;
            }
        }

        foreach (var plan in BackupPlans)
        {
            yield return plan;
        }
    }
}
