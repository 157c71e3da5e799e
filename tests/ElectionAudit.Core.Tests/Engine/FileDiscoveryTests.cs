using ElectionAudit.Configuration;
using ElectionAudit.Engine;

namespace ElectionAudit.Core.Tests.Engine;

public sealed class FileDiscoveryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ea-discovery-").FullName;

    public FileDiscoveryTests()
    {
        foreach (var path in new[] { "election.yml", "nginx/sites/results.conf", "nginx/sites/old.conf.bak", ".git/config", "node_modules/x/election.yml", "dns/db.example" })
        {
            var full = Path.Combine(_root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, "x");
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Default_globs_skip_vcs_and_dependency_folders_and_order_ordinally()
    {
        FileDiscovery.Discover(_root, [], AuditConfiguration.Default).ShouldBe(["dns/db.example", "election.yml", "nginx/sites/old.conf.bak", "nginx/sites/results.conf"]);
    }

    [Fact]
    public void Include_and_exclude_globs_are_relative_to_the_root_even_when_a_subdirectory_is_scanned()
    {
        var config = AuditConfiguration.Default with { Include = ["nginx/**/*.conf", "election.yml"], Exclude = [.. AuditConfiguration.Default.Exclude, "**/old*"] };
        FileDiscovery.Discover(_root, [], config).ShouldBe(["election.yml", "nginx/sites/results.conf"]);
        FileDiscovery.Discover(_root, ["nginx"], config).ShouldBe(["nginx/sites/results.conf"]);
    }

    [Fact]
    public void Paths_outside_the_root_or_missing_are_configuration_errors()
    {
        Should.Throw<ConfigurationException>(() => FileDiscovery.Discover(_root, [".."], AuditConfiguration.Default)).Message.ShouldContain("outside the scan root");
        Should.Throw<ConfigurationException>(() => FileDiscovery.Discover(_root, ["nope"], AuditConfiguration.Default)).Message.ShouldBe("'nope' does not exist.");
    }
}
