using ElectionAudit.Engine;

namespace ElectionAudit.Core.Tests.Engine;

/// <summary>A scan root that is itself reached through a symbolic link (a checkout or corpus under a linked folder).</summary>
public sealed class DiskFileSystemLinkTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("ea-disk-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void Files_under_a_linked_root_are_inside_it_and_links_out_of_it_are_still_refused()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("symbolic links need privileges on Windows");
            return;
        }

        var real = Directory.CreateDirectory(Path.Combine(_temp, "real")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(_temp, "outside")).FullName;
        File.WriteAllText(Path.Combine(real, "nginx.conf"), "events {}\n");
        File.WriteAllText(Path.Combine(outside, "secret.conf"), "secret\n");
        File.CreateSymbolicLink(Path.Combine(real, "escape.conf"), Path.Combine(outside, "secret.conf"));
        var linkedRoot = Path.Combine(_temp, "checkout");
        Directory.CreateSymbolicLink(linkedRoot, real);

        var fileSystem = new DiskFileSystem(linkedRoot);
        fileSystem.TryRead("nginx.conf")!.Text.ShouldBe("events {}\n");
        fileSystem.TryRead("escape.conf").ShouldBeNull();
        fileSystem.ReadProblems.Select(p => p.RuleId).ShouldBe(["EA0003"]);
    }
}
