using ElectionAudit.Model.Web;
using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Model.Web;

/// <summary>What an <see cref="EffectiveValue{T}"/> says about its origin, whichever way it was made.</summary>
public sealed class EffectiveValueTests
{
    private static readonly NginxSyntaxTree Tree = NginxSyntaxTree.Parse(new SourceText("sites/results.conf", "server {\n    server_tokens off;\n}\n"));
    private static readonly NginxDirectiveSyntax Server = Tree.Root.Directives[0];
    private static readonly NginxDirectiveSyntax Tokens = Server.Block!.Directives[0];
    private static readonly Location Scope = Server.GetLocation();

    [Fact]
    public void A_directive_value_names_its_directive_and_no_default()
    {
        var value = EffectiveValue.FromDirective(false, Tokens, Scope);

        (value.Value, value.Origin, value.IsDefault, value.Directive, value.DefaultDescription, value.Condition, value.IsConditional)
            .ShouldBe((false, ValueOrigin.Directive, false, (ElectionAudit.Syntax.SyntaxNode?)Tokens, (string?)null, (string?)null, false));
        value.Location.ShouldBe(Tokens.GetLocation());
        value.Scope.ShouldBe(Scope);
        value.DescribeOrigin().ShouldBe("set at sites/results.conf:2");
    }

    [Fact]
    public void A_conditional_directive_keeps_its_condition_through_select()
    {
        var value = EffectiveValue.FromDirective("off", Tokens, Scope, "<IfModule mod_ssl.c>").Select(v => v.Length);

        (value.Value, value.Origin, value.Directive, value.Condition, value.IsConditional).ShouldBe((3, ValueOrigin.Directive, (ElectionAudit.Syntax.SyntaxNode?)Tokens, (string?)"<IfModule mod_ssl.c>", true));
        value.DescribeOrigin().ShouldBe("set at sites/results.conf:2 (inside <IfModule mod_ssl.c>, so it applies only if that condition holds)");
        EffectiveValue.FromDirective("off", Tokens, Scope, null).IsConditional.ShouldBeFalse();
    }

    [Fact]
    public void A_default_names_its_description_and_is_reported_at_its_scope()
    {
        var value = EffectiveValue.FromDefault(true, "nginx's default \"server_tokens on;\"", Scope).Select(v => !v);

        (value.Value, value.Origin, value.IsDefault, value.Directive, value.DefaultDescription, value.Condition)
            .ShouldBe((false, ValueOrigin.Default, true, (ElectionAudit.Syntax.SyntaxNode?)null, (string?)"nginx's default \"server_tokens on;\"", (string?)null));
        value.Location.ShouldBe(Scope);
        value.ToString().ShouldBe("False (nginx's default \"server_tokens on;\")");
    }
}
