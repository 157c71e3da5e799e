using System.Collections.Immutable;
using ElectionAudit.Model;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules;

/// <summary>What a rule registers in <see cref="AuditRule.Initialize"/>.</summary>
public sealed class RuleContext
{
    private readonly List<(Type ElementType, Action<ModelElement, CallbackEnvironment> Action)> _elementActions = [];
    private readonly List<(Type NodeType, Action<SyntaxNode, CallbackEnvironment> Action)> _syntaxActions = [];
    private readonly List<Action<ModelContext>> _modelActions = [];

    internal RuleContext(AuditRule rule)
    {
        Rule = rule;
    }

    internal AuditRule Rule { get; }

    internal IReadOnlyList<(Type ElementType, Action<ModelElement, CallbackEnvironment> Action)> ElementActions => _elementActions;

    internal IReadOnlyList<(Type NodeType, Action<SyntaxNode, CallbackEnvironment> Action)> SyntaxActions => _syntaxActions;

    internal IReadOnlyList<Action<ModelContext>> ModelActions => _modelActions;

    /// <summary>Calls <paramref name="action"/> once for every model element of type <typeparamref name="TElement"/> (or a subtype).</summary>
    public void RegisterElementAction<TElement>(Action<ElementContext<TElement>> action)
        where TElement : ModelElement
    {
        ArgumentNullException.ThrowIfNull(action);
        _elementActions.Add((typeof(TElement), (element, env) => action(new ElementContext<TElement>((TElement)element, env.Model, env.Options, env.Supported, env.Report))));
    }

    /// <summary>Calls <paramref name="action"/> once for every syntax node of type <typeparamref name="TNode"/> in every file.</summary>
    public void RegisterSyntaxNodeAction<TNode>(Action<SyntaxNodeContext<TNode>> action)
        where TNode : SyntaxNode
    {
        ArgumentNullException.ThrowIfNull(action);
        _syntaxActions.Add((typeof(TNode), (node, env) => action(new SyntaxNodeContext<TNode>((TNode)node, env.Model, env.Options, env.Supported, env.Report))));
    }

    /// <summary>Calls <paramref name="action"/> once with the whole model, for checks across elements and files.</summary>
    public void RegisterModelAction(Action<ModelContext> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _modelActions.Add(action);
    }
}

/// <summary>What the engine hands every callback of one rule.</summary>
internal sealed record CallbackEnvironment(InfrastructureModel Model, AnalysisOptions Options, ImmutableArray<RuleDescriptor> Supported, Action<Finding> Report);

/// <summary>What every callback gets: the model, the options, and a way to report.</summary>
public abstract class AnalysisContextBase
{
    private readonly Action<Finding> _report;

    private protected AnalysisContextBase(InfrastructureModel model, AnalysisOptions options, ImmutableArray<RuleDescriptor> supported, Action<Finding> report)
    {
        Model = model;
        Options = options;
        SupportedRules = supported;
        _report = report;
    }

    /// <summary>The whole infrastructure model.</summary>
    public InfrastructureModel Model { get; }

    /// <summary>The audit date, TLS profile and rule options.</summary>
    public AnalysisOptions Options { get; }

    private ImmutableArray<RuleDescriptor> SupportedRules { get; }

    /// <summary>Reports a finding. Its rule must be one of the rule's <see cref="AuditRule.SupportedRules"/>.</summary>
    public void Report(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (!SupportedRules.Contains(finding.Rule))
        {
            throw new InvalidOperationException($"The rule reported {finding.RuleId}, which is not among its SupportedRules.");
        }

        _report(finding);
    }
}

/// <summary>The context of a callback on one model element.</summary>
/// <typeparam name="TElement">The element type registered for.</typeparam>
public sealed class ElementContext<TElement> : AnalysisContextBase
    where TElement : ModelElement
{
    internal ElementContext(TElement element, InfrastructureModel model, AnalysisOptions options, ImmutableArray<RuleDescriptor> supported, Action<Finding> report)
        : base(model, options, supported, report)
    {
        Element = element;
    }

    /// <summary>The element.</summary>
    public TElement Element { get; }
}

/// <summary>The context of a callback on one syntax node.</summary>
/// <typeparam name="TNode">The node type registered for.</typeparam>
public sealed class SyntaxNodeContext<TNode> : AnalysisContextBase
    where TNode : SyntaxNode
{
    internal SyntaxNodeContext(TNode node, InfrastructureModel model, AnalysisOptions options, ImmutableArray<RuleDescriptor> supported, Action<Finding> report)
        : base(model, options, supported, report)
    {
        Node = node;
    }

    /// <summary>The node.</summary>
    public TNode Node { get; }
}

/// <summary>The context of a callback on the whole model.</summary>
public sealed class ModelContext : AnalysisContextBase
{
    internal ModelContext(InfrastructureModel model, AnalysisOptions options, ImmutableArray<RuleDescriptor> supported, Action<Finding> report)
        : base(model, options, supported, report)
    {
    }
}
