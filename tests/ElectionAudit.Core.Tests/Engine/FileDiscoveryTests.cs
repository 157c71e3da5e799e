using ElectionAudit.Configuration;
using ElectionAudit.Engine;
using Microsoft.Extensions.FileSystemGlobbing;

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

    [Fact]
    public void A_subdirectory_scan_walks_only_that_directory()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("symbolic links need privileges on Windows");
            return;
        }

        // A dangling link beside the scanned directory: walking the whole root would report it.
        File.CreateSymbolicLink(Path.Combine(_root, "dns", "gone.zone"), Path.Combine(_root, "missing.zone"));
        var nginx = FileDiscovery.DiscoverWithProblems(_root, ["nginx"], AuditConfiguration.Default, allowOutsideRoot: false);
        nginx.Files.ShouldBe(["nginx/sites/old.conf.bak", "nginx/sites/results.conf"]);
        nginx.Problems.ShouldBeEmpty();

        var dns = FileDiscovery.DiscoverWithProblems(_root, ["dns"], AuditConfiguration.Default, allowOutsideRoot: false);
        dns.Files.ShouldBe(["dns/db.example"]);
        dns.Problems.Select(p => (p.RuleId, p.Location.Path, p.LogicalKey)).ShouldBe([("EA0003", "dns/gone.zone", "dangling-link|dns/gone.zone")]);
    }

    [Fact]
    public void Directories_given_inside_one_another_list_each_file_and_problem_once()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("symbolic links need privileges on Windows");
            return;
        }

        File.CreateSymbolicLink(Path.Combine(_root, "nginx", "sites", "gone.conf"), Path.Combine(_root, "missing.conf"));
        var result = FileDiscovery.DiscoverWithProblems(_root, ["nginx", "nginx/sites"], AuditConfiguration.Default, allowOutsideRoot: false);
        result.Files.ShouldBe(["nginx/sites/old.conf.bak", "nginx/sites/results.conf"]);
        result.Problems.Select(p => p.Location.Path).ShouldBe(["nginx/sites/gone.conf"]);
    }

    [Fact]
    public void A_directory_given_through_a_link_out_of_the_root_is_not_walked()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("symbolic links need privileges on Windows");
            return;
        }

        var outside = Directory.CreateTempSubdirectory("ea-discovery-outside-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(outside, "secret.conf"), "x");
            Directory.CreateSymbolicLink(Path.Combine(_root, "linked"), outside);
            var refused = FileDiscovery.DiscoverWithProblems(_root, ["linked"], AuditConfiguration.Default, allowOutsideRoot: false);
            refused.Files.ShouldBeEmpty();
            refused.Problems.Select(p => (p.RuleId, p.Location.Path, p.LogicalKey)).ShouldBe([("EA0003", "linked", "outside-root|linked")]);

            var allowed = FileDiscovery.DiscoverWithProblems(_root, ["linked"], AuditConfiguration.Default, allowOutsideRoot: true);
            allowed.Files.ShouldBe(["linked/secret.conf"]);
            allowed.Problems.ShouldBeEmpty();
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public void Each_kind_of_entry_is_listed_skipped_or_reported_as_the_system_sees_it()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("FIFOs are made with mkfifo(1), on Linux");
            return;
        }

        // Discovery reads what each entry is from the folder listing; links are still resolved and checked one by one.
        var tree = Directory.CreateTempSubdirectory("ea-discovery-kinds-").FullName;
        try
        {
            foreach (var path in new[] { "a.conf", ".hidden.conf", ".dot/inner.conf", "sub/b.conf", "sub/deeper/c.conf" })
            {
                var full = Path.Combine(tree, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, "x");
            }

            File.CreateSymbolicLink(Path.Combine(tree, "link-file.conf"), Path.Combine(tree, "sub", "b.conf"));
            Directory.CreateSymbolicLink(Path.Combine(tree, "sub", "deeper", "up"), Path.Combine(tree, "sub"));
            File.CreateSymbolicLink(Path.Combine(tree, "gone.conf"), Path.Combine(tree, "missing.conf"));
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(tree, "sub", "pipe.conf")))
            {
                mkfifo.WaitForExit();
            }

            var result = FileDiscovery.DiscoverWithProblems(tree, [], AuditConfiguration.Default, allowOutsideRoot: false);

            // Hidden files and folders are scanned; a link to a file is listed under its own name; the link back up to
            // sub/ is not walked again; the FIFO is never opened; the dangling link is reported.
            result.Files.ShouldBe([".dot/inner.conf", ".hidden.conf", "a.conf", "link-file.conf", "sub/b.conf", "sub/deeper/c.conf"]);
            result.Skipped.ShouldBe(["sub/pipe.conf"]);
            result.Problems.Select(p => (p.RuleId, p.Location.Path, p.LogicalKey)).ShouldBe([("EA0003", "gone.conf", "dangling-link|gone.conf")]);
        }
        finally
        {
            Directory.Delete(tree, recursive: true);
        }
    }

    [Fact]
    public void A_link_out_of_the_root_that_the_globs_do_not_select_is_not_reported()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("symbolic links need privileges on Windows");
            return;
        }

        var outside = Directory.CreateTempSubdirectory("ea-discovery-outside-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(outside, "python3"), "x");
            Directory.CreateDirectory(Path.Combine(outside, "lib"));

            // A Python virtual environment's interpreter (under the default **/bin/** exclusion), a link under a folder
            // the configuration excludes, a file link the include globs do not select, and one they do.
            foreach (var folder in new[] { ".venv/bin", "vendor", "nginx/sites" })
            {
                Directory.CreateDirectory(Path.Combine(_root, folder));
            }

            File.CreateSymbolicLink(Path.Combine(_root, ".venv", "bin", "python"), Path.Combine(outside, "python3"));
            File.CreateSymbolicLink(Path.Combine(_root, "vendor", "tool.conf"), Path.Combine(outside, "python3"));
            File.CreateSymbolicLink(Path.Combine(_root, "nginx", "sites", "readme.txt"), Path.Combine(outside, "python3"));
            File.CreateSymbolicLink(Path.Combine(_root, "nginx", "sites", "shared.conf"), Path.Combine(outside, "python3"));

            // Folder links: one under an excluded folder, one the include globs might select files under.
            Directory.CreateSymbolicLink(Path.Combine(_root, "vendor", "lib"), Path.Combine(outside, "lib"));
            Directory.CreateSymbolicLink(Path.Combine(_root, "nginx", "conf.d"), Path.Combine(outside, "lib"));

            var config = AuditConfiguration.Default with { Include = ["**/*.conf", "**/*.yml"], Exclude = [.. AuditConfiguration.Default.Exclude, "vendor/**"] };
            var result = FileDiscovery.DiscoverWithProblems(_root, [], config, allowOutsideRoot: false);
            result.Files.ShouldBe(["election.yml", "nginx/sites/results.conf"]);
            result.Problems.Select(p => p.LogicalKey).ShouldBe(["outside-root|nginx/conf.d", "outside-root|nginx/sites/shared.conf"]);

            // With the default globs every link outside the exclusions is reported, the virtual environment's still not.
            FileDiscovery.DiscoverWithProblems(_root, [], AuditConfiguration.Default, allowOutsideRoot: false).Problems.Select(p => p.LogicalKey)
                .ShouldBe(["outside-root|nginx/conf.d", "outside-root|nginx/sites/readme.txt", "outside-root|nginx/sites/shared.conf", "outside-root|vendor/lib", "outside-root|vendor/tool.conf"]);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public void Links_into_the_operating_systems_own_folders_are_skipped_not_reported()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("symbolic links need privileges on Windows");
            return;
        }

        // A repository of a server's /etc (etckeeper): the alternatives system, the CA store, systemd's masked units and
        // /etc/mtab all link into /usr, /lib, /dev or /proc. /usr/local and /opt are the site's own, so links there are
        // still reported, whether or not their targets exist on this machine.
        var etc = Path.Combine(_root, "etc");
        foreach (var folder in new[] { "alternatives", "ssl/certs", "systemd/system", "nginx" })
        {
            Directory.CreateDirectory(Path.Combine(etc, folder));
        }

        File.CreateSymbolicLink(Path.Combine(etc, "alternatives", "env"), "/usr/bin/env");
        Directory.CreateSymbolicLink(Path.Combine(etc, "ssl", "certs", "share"), "/usr/share");
        File.CreateSymbolicLink(Path.Combine(etc, "systemd", "system", "masked.service"), "/dev/null");
        File.CreateSymbolicLink(Path.Combine(etc, "mtab"), "../../../../../../../../proc/self/mounts");
        File.CreateSymbolicLink(Path.Combine(etc, "nginx", "local.conf"), "/usr/local/etc/nginx/electionaudit-test.conf");
        File.CreateSymbolicLink(Path.Combine(etc, "nginx", "opt.conf"), "/opt/electionaudit-test/site.conf");

        var result = FileDiscovery.DiscoverWithProblems(_root, ["etc"], AuditConfiguration.Default, allowOutsideRoot: false);

        result.Skipped.ShouldBe(["etc/alternatives/env", "etc/mtab", "etc/ssl/certs/share", "etc/systemd/system/masked.service"]);
        result.Problems.Select(p => p.LogicalKey).ShouldBe(["outside-root|etc/nginx/local.conf", "outside-root|etc/nginx/opt.conf"]);
        result.Files.ShouldBeEmpty();
    }

    [Fact]
    public void Folders_covered_whole_are_answered_as_the_globbing_library_answers()
    {
        // The common exclusion shapes are answered from the folder's segments; every answer must be the matcher's.
        string[] patterns =
        [
            "**/.git/**", "**/node_modules/**", "**/bin/**", "**/obj/**", "vendor/**", "deploy/old/**", "**/a.b/**",
            "**/x*/**", "a/**/c/**", "./rel/**", "../up/**", "**/{p,q}/**", "[ab]/**", "/abs/**", "**/**",
        ];
        string[] folders =
        [
            ".git", "a/.git", "a/.git/b", ".gitx", "x.git", "node_modules", "src/node_modules/pkg", "bin", "srv/bin/x", "binx",
            "vendor", "vendor/lib", "vendorx", "a/vendor", "deploy", "deploy/old", "deploy/old/x", "deploy/older", "a.b", "aab",
            "xy", "q/xz", "a/b/c", "a/c", "rel", "up", "p", "q", "a", "b", "abs", "obj/Debug",
        ];
        foreach (var pattern in patterns)
        {
            var excluded = new FileDiscovery.ExcludedFolders(_root, [pattern]);
            var matcher = new Matcher(StringComparison.Ordinal);
            matcher.AddInclude(pattern);
            foreach (var folder in folders)
            {
                excluded.CoversAllUnder(folder).ShouldBe(matcher.Match(_root, [folder + "/_"]).HasMatches, $"{pattern} on {folder}");
            }
        }

        // The defaults together, as a scan asks.
        var defaults = new FileDiscovery.ExcludedFolders(_root, AuditConfiguration.Default.Exclude);
        folders.Where(defaults.CoversAllUnder).ShouldBe([".git", "a/.git", "a/.git/b", "node_modules", "src/node_modules/pkg", "bin", "srv/bin/x", "obj/Debug"]);
    }

    [Theory]
    [InlineData("**/node_modules/**", true)]
    [InlineData("node_modules/**", true)]
    [InlineData("**/x/**", true)]
    [InlineData("**/node_modules/*.yml", false)]
    [InlineData("**/other/**", false)]
    public void A_folder_the_exclusions_cover_whole_is_not_listed(string exclude, bool pruned)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("FIFOs are made with mkfifo(1), on Linux");
            return;
        }

        // A FIFO is listed as skipped only when its folder is walked, so it shows whether node_modules/x was listed.
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(_root, "node_modules", "x", "pipe")))
        {
            mkfifo.WaitForExit();
        }

        var config = AuditConfiguration.Default with { Exclude = [exclude] };
        var result = FileDiscovery.DiscoverWithProblems(_root, [], config, allowOutsideRoot: false);
        result.Skipped.ShouldBe(pruned ? [] : ["node_modules/x/pipe"]);
        result.Files.Contains("node_modules/x/election.yml").ShouldBe(!pruned);
    }
}
