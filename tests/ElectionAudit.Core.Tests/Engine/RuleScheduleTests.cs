using ElectionAudit.Engine;
using ElectionAudit.Rules;

namespace ElectionAudit.Core.Tests.Engine;

/// <summary>The order the rule workers take the rules in (the output is sorted afterwards and does not depend on it).</summary>
public class RuleScheduleTests
{
    [Fact]
    public void Cross_infrastructure_and_organisation_rules_go_first_and_the_rest_keep_their_registered_order()
    {
        var registered = BuiltInRules.All.ToList();
        var scheduled = AuditEngine.Schedule(registered).Select(Id).ToList();

        static bool Joins(string id) => id.StartsWith("EA6", StringComparison.Ordinal) || id.StartsWith("EA7", StringComparison.Ordinal);
        var first = registered.Select(Id).Where(Joins).ToList();
        var others = registered.Select(Id).Where(id => !Joins(id)).ToList();
        first.Where(id => id.StartsWith("EA6", StringComparison.Ordinal)).ShouldNotBeEmpty();
        first.Where(id => id.StartsWith("EA7", StringComparison.Ordinal)).ShouldNotBeEmpty();
        scheduled.ShouldBe([.. first, .. others]);

        static string Id(AuditRule rule) => rule.SupportedRules[0].Id;
    }
}
