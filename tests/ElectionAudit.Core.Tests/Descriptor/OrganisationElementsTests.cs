using ElectionAudit.Descriptor;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Descriptor;

public class OrganisationElementsTests
{
    private const string Header = "version: 1\nelection:\n  name: Municipal election\n  date: 2027-03-17\n";

    private static ElectionDescriptor Bind(string body)
    {
        var tree = DescriptorLoader.Parse(new SourceText("e.yml", Header + body));
        tree.Diagnostics.ShouldBeEmpty();
        return new ElectionDescriptor(tree);
    }

    [Fact]
    public void Accounts_software_providers_parties_and_load_tests_are_typed_elements_with_locations()
    {
        var descriptor = Bind(
            "accounts:\n  - {name: cdn-ops, system: cdn, privileged: true, mfa: false, shared: true}\n"
            + "software:\n  - {name: nginx, version: 1.24.0, eol: 2025-04-23, min_version: 1.26}\n"
            + "providers:\n  - name: ShieldCDN\n    kind: cdn\n    contact: noc@shield.example\n"
            + "parties:\n  - name: Green Party\n    incident_response:\n      plan: ir.md\n    mfa_enforced: false\n"
            + "load_tests:\n  - date: 2027-02-01\n    peak_rps: 5000\n");

        var account = descriptor.Accounts.ShouldHaveSingleItem();
        (account.Key, account.System!.Value, account.IsPrivileged!.Value, account.HasMultiFactorAuthentication!.Value, account.IsShared!.Value)
            .ShouldBe(("account:cdn-ops", "cdn", true, false, true));
        (account.HasMultiFactorAuthentication.Location.StartLine, account.HasMultiFactorAuthentication.Location.StartColumn).ShouldBe((6, 57));

        var software = descriptor.Software.ShouldHaveSingleItem();
        (software.Key, software.Version!.Value, software.EndOfLife!.Value, software.MinimumVersion!.Value)
            .ShouldBe(("software:nginx", "1.24.0", new DateOnly(2025, 4, 23), "1.26"));

        var provider = descriptor.Providers.ShouldHaveSingleItem();
        (provider.Kind!.Value, provider.Contact!.Value, provider.IncidentResponse).ShouldBe(("cdn", "noc@shield.example", (ElectionAudit.Model.Located<string>?)null));
        descriptor.FindProvider("shieldcdn").ShouldBeSameAs(provider);
        descriptor.FindProvider("other").ShouldBeNull();

        var party = descriptor.Parties.ShouldHaveSingleItem();
        (party.IncidentResponsePlan!.Value, party.EnforcesMultiFactorAuthentication!.Value, party.CsirtLiaison).ShouldBe(("ir.md", false, (ElectionAudit.Model.Located<string>?)null));
        party.IncidentResponsePlan.Location.StartLine.ShouldBe(16);

        var loadTest = descriptor.LoadTests.ShouldHaveSingleItem();
        (loadTest.Key, loadTest.Date!.Value, loadTest.PeakRequestsPerSecond!.Value).ShouldBe(("load-test[0]", new DateOnly(2027, 2, 1), 5000L));

        descriptor.Elements().Select(e => e.Key).ShouldBe(["descriptor", "account:cdn-ops", "software:nginx", "provider:ShieldCDN", "party:Green Party", "load-test[0]"]);
    }

    [Fact]
    public void Site_sections_point_at_their_mapping_or_at_the_site_when_absent()
    {
        var descriptor = Bind("sites:\n  - name: results\n    role: results\n    ddos:\n      provider: shield\n");
        var site = descriptor.Sites.ShouldHaveSingleItem();
        site.Ddos.IsPresent.ShouldBeTrue();
        site.Ddos.GetText("provider")!.Value.ShouldBe("shield");
        site.Ddos.Location.StartLine.ShouldBe(9);
        site.Monitoring.IsPresent.ShouldBeFalse();
        site.Monitoring.Location.ShouldBe(site.Location);
    }

    [Theory]
    [InlineData("1.24.0", "1.26", -1)]
    [InlineData("1.26", "1.26.0", 0)]
    [InlineData("2.4.62", "2.4.58", 1)]
    [InlineData("1.10.1", "1.9.15", 1)]
    [InlineData("v3.1", "3.0.9", 1)]
    [InlineData("1.24.0-2ubuntu1", "1.24.0", 0)]
    [InlineData("9.18.28-1~deb12u2", "9.18.30", -1)]
    public void Versions_compare_by_numeric_components(string left, string right, int expected)
    {
        SoftwareVersion.Compare(left, right).ShouldNotBeNull().ShouldBe(expected, customMessage: $"{left} vs {right}");
    }

    [Theory]
    [InlineData("latest", "1.0")]
    [InlineData("1.0", "")]
    [InlineData("bookworm", "bullseye")]
    public void Versions_that_are_not_dotted_numbers_do_not_compare(string left, string right)
    {
        SoftwareVersion.Compare(left, right).ShouldBeNull();
    }
}
