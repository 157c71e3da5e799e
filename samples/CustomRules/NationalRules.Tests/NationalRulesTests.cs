using ElectionAudit.Configuration;
using ElectionAudit.Testing;

namespace NationalRules.Tests;

/// <summary>The sample rules on the testing kit: markup at the expected spans, the kit's invariants on.</summary>
public class EA7901Tests
{
    private const string Header = "version: 1\nelection:\n  name: General election 2027\n  date: 2027-03-17\n";

    [Fact]
    public void Results_host_outside_the_government_domain_is_reported_at_the_host()
    {
        RuleVerifier<EA7901ResultsHostOutsideGovernmentDomain>.Verify("election.yml", Header +
            "sites:\n  - name: results\n    role: results\n    hosts:\n      - uitslagen.overheid.nl\n      - [|uitslagen-verkiezingen.nl|]\n");
    }

    [Fact]
    public void Hosts_under_the_domain_and_sites_of_other_roles_pass()
    {
        RuleVerifier<EA7901ResultsHostOutsideGovernmentDomain>.Verify("election.yml", Header +
            "sites:\n  - name: results\n    role: results\n    hosts: [overheid.nl, uitslagen.overheid.nl.]\n  - name: info\n    role: info\n    hosts: [verkiezingen.example]\n");
    }

    [Fact]
    public void The_government_domain_is_an_option()
    {
        var configuration = AuditConfiguration.Default with
        {
            RuleOptions = AuditConfiguration.Default.RuleOptions.Add("EA7901", new Dictionary<string, string> { ["government-domain"] = "gov.example" }),
        };
        RuleVerifier<EA7901ResultsHostOutsideGovernmentDomain>.Verify(
            "election.yml",
            Header + "sites:\n  - name: results\n    role: results\n    hosts: [results.gov.example, [|results.overheid.nl|]]\n",
            VerifierOptions.Default.WithConfiguration(configuration));
    }
}

public class EA7902Tests
{
    private const string Descriptor = "version: 1\nelection:\n  name: General election 2027\n  date: 2027-03-17\nsites:\n  - name: results\n    role: results\n    hosts: [uitslagen.overheid.example]\n";

    private const string ZoneHead = "$ORIGIN overheid.example.\n$TTL 3600\n@ IN SOA ns1.overheid.example. hostmaster.overheid.example. 2027031701 86400 7200 1209600 3600\n@ IN NS ns1.overheid.example.\nns1 IN A 192.0.2.53\nuitslagen IN A 192.0.2.80\n";

    private const string Algorithm13Key = "@ IN DNSKEY 257 3 13 5kIQZmsC/eF3vdLjmGpDm250T4FDmfvJJ4OjCrU6toQjSaQwf2PCWkY67Vmd/PWEgiIPbtHWY0DKfEZARxLr7A==\n";

    [Fact]
    public void A_key_with_another_algorithm_is_reported_at_its_record()
    {
        RuleVerifier<EA7902ResultsZoneNotSignedWithAlgorithm13>.Verify(
            [
                new FixtureFile("election.yml", Descriptor),
                new FixtureFile("overheid.example.zone", ZoneHead + Algorithm13Key + "[|@ IN DNSKEY 256 3 8 AwEAAcwr3HJLNN3VbCTteoumZ88ZZJXorOnS1t+pNsn/y55xu7c0Es9sPNM/c4/oVehikNmhnoZ0DGR3igjBQn6/ZysvnKV7hGWndtRwM/7ttBR9blFZLs/Cq1AiudV7UBJyKVPdU/YOwye1We9dFikMaRSTIxc1VWyUF2+nYszUNDHh|]\n"),
            ],
            configuration: null);
    }

    [Fact]
    public void A_zone_signed_with_algorithm_13_only_passes()
    {
        RuleVerifier<EA7902ResultsZoneNotSignedWithAlgorithm13>.Verify(
            [new FixtureFile("election.yml", Descriptor), new FixtureFile("overheid.example.zone", ZoneHead + Algorithm13Key)],
            configuration: null);
    }

    [Fact]
    public void A_zone_without_results_hosts_is_not_judged()
    {
        RuleVerifier<EA7902ResultsZoneNotSignedWithAlgorithm13>.Verify(
            [new FixtureFile("election.yml", Descriptor.Replace("role: results", "role: info", StringComparison.Ordinal)), new FixtureFile("overheid.example.zone", ZoneHead)],
            configuration: null);
    }
}
