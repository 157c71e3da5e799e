using ElectionAudit.Engine;
using ElectionAudit.Text;

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

    [Fact]
    public void Folder_listings_and_link_resolution_are_read_once_per_instance_so_a_scan_sees_one_tree()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("symbolic links need privileges on Windows");
            return;
        }

        var root = Directory.CreateDirectory(Path.Combine(_temp, "repo")).FullName;
        Directory.CreateDirectory(Path.Combine(root, "sites"));
        File.WriteAllText(Path.Combine(root, "sites", "a.conf"), "server {}\n");
        var outside = Directory.CreateDirectory(Path.Combine(_temp, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "b.conf"), "server {}\n");

        var fileSystem = new DiskFileSystem(root);
        fileSystem.Glob("sites/*.conf").ShouldBe(["sites/a.conf"]);
        fileSystem.Glob("missing/*/*.conf").ShouldBeEmpty();
        fileSystem.ToFullPath("sites/a.conf").ShouldBe(Path.Combine(root, "sites", "a.conf"));

        // Changes after the first look are not seen by this instance: a file added to a listed folder, a folder that
        // appears, a file replaced by a link out of the root.
        File.WriteAllText(Path.Combine(root, "sites", "c.conf"), "server {}\n");
        Directory.CreateDirectory(Path.Combine(root, "missing", "x"));
        File.WriteAllText(Path.Combine(root, "missing", "x", "d.conf"), "server {}\n");
        File.Delete(Path.Combine(root, "sites", "a.conf"));
        File.CreateSymbolicLink(Path.Combine(root, "sites", "a.conf"), Path.Combine(outside, "b.conf"));
        fileSystem.Glob("sites/*.conf").ShouldBe(["sites/a.conf"]);
        fileSystem.Glob("missing/*/*.conf").ShouldBeEmpty();
        fileSystem.ToFullPath("sites/a.conf").ShouldBe(Path.Combine(root, "sites", "a.conf"));

        // A new instance (the next scan) sees the tree as it is now, and refuses the link.
        var next = new DiskFileSystem(root);
        next.Glob("sites/*.conf").ShouldBe(["sites/c.conf"]);
        next.Glob("missing/*/*.conf").ShouldBe(["missing/x/d.conf"]);
        next.ToFullPath("sites/a.conf").ShouldBeNull();
        next.ReadProblems.Select(p => p.RuleId).ShouldBe(["EA0003"]);
    }

    [Fact]
    public void Folders_that_do_not_exist_are_answered_from_their_parents_lists_and_not_remembered_one_by_one()
    {
        var root = Directory.CreateDirectory(Path.Combine(_temp, "scan")).FullName;
        Directory.CreateDirectory(Path.Combine(root, "web", "srv", "site1", "public"));
        File.WriteAllText(Path.Combine(root, "web", "srv", "site1", "public", "index.html"), "<p>results</p>\n");
        IDirectoryProbe fileSystem = new DiskFileSystem(root);

        fileSystem.DirectoryExists("web/srv/site1/public").ShouldBeTrue();
        fileSystem.DirectoryExists("web/srv/site2/public").ShouldBeFalse();
        int remembered = ((DiskFileSystem)fileSystem).RememberedFolderAnswers;
        int lists = ((DiskFileSystem)fileSystem).RememberedFolderLists;

        // Candidate document roots under a folder that does not exist, and as missing folders of folders that do, as a
        // site's root is probed under every folder.
        for (int i = 0; i < 100; i++)
        {
            fileSystem.DirectoryExists($"srv/site{i}/public").ShouldBeFalse();
            fileSystem.DirectoryExists($"web/site{i}").ShouldBeFalse();
            fileSystem.DirectoryExists($"web/srv/site{i + 2}").ShouldBeFalse();
        }

        ((DiskFileSystem)fileSystem).RememberedFolderAnswers.ShouldBe(remembered);
        ((DiskFileSystem)fileSystem).RememberedFolderLists.ShouldBe(lists);

        // A name the list holds in another case is asked of the operating system (a file system may ignore case), and so
        // is a name that is not ASCII (it may compare Unicode forms); each such answer is remembered.
        fileSystem.DirectoryExists("web/SRV").ShouldBe(Directory.Exists(Path.Combine(root, "web", "SRV")));
        fileSystem.DirectoryExists("web/srv-é").ShouldBeFalse();
        ((DiskFileSystem)fileSystem).RememberedFolderAnswers.ShouldBe(remembered + 2);

        // What was read stands for the rest of the scan: a folder made since is still missing, a removed one still there.
        Directory.CreateDirectory(Path.Combine(root, "srv", "site5", "public"));
        Directory.CreateDirectory(Path.Combine(root, "web", "site7"));
        Directory.Delete(Path.Combine(root, "web", "srv", "site1"), recursive: true);
        fileSystem.DirectoryExists("srv/site5/public").ShouldBeFalse();
        fileSystem.DirectoryExists("web/site7").ShouldBeFalse();
        fileSystem.DirectoryExists("web/srv/site1/public").ShouldBeTrue();
    }

    [Fact]
    public void A_folder_that_cannot_be_listed_has_each_path_under_it_asked_of_the_system()
    {
        var root = Directory.CreateDirectory(Path.Combine(_temp, "scan")).FullName;
        Directory.CreateDirectory(Path.Combine(root, "web", "srv", "site1", "public"));
        var unlistable = Path.Combine(root, "web", "srv");
        var fileSystem = new DiskFileSystem(root)
        {
            // As the system answers a user who may search the folder but not read it (mode 711); root reads any folder.
            EnumerateSubfolders = path => path == unlistable ? throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.") : Directory.EnumerateDirectories(path),
        };
        IDirectoryProbe probe = fileSystem;

        probe.DirectoryExists("web/srv").ShouldBeTrue();
        int remembered = fileSystem.RememberedFolderAnswers;
        probe.DirectoryExists("web/srv/site1").ShouldBeTrue();
        probe.DirectoryExists("web/srv/site2").ShouldBeFalse();
        probe.DirectoryExists("web/srv/site1/public").ShouldBeTrue();
        probe.DirectoryExists("web/srv/site2/public").ShouldBeFalse();

        // Without a list, each name under the folder was asked of the system and its answer remembered; a missing parent
        // still answers for the paths below it without being asked again.
        fileSystem.RememberedFolderAnswers.ShouldBe(remembered + 3);
        probe.DirectoryExists("web/srv/site2/public/deeper").ShouldBeFalse();
        fileSystem.RememberedFolderAnswers.ShouldBe(remembered + 3);
    }

    [Fact]
    public void Folder_answers_from_lists_agree_with_the_disk_for_links_files_hidden_folders_and_odd_names()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("symbolic links need privileges on Windows");
            return;
        }

        var root = Directory.CreateDirectory(Path.Combine(_temp, "scan")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(_temp, "outside")).FullName;
        var web = Directory.CreateDirectory(Path.Combine(root, "web")).FullName;
        Directory.CreateDirectory(Path.Combine(web, "public"));
        Directory.CreateDirectory(Path.Combine(web, ".well-known"));
        Directory.CreateDirectory(Path.Combine(web, "Mixed Case"));
        Directory.CreateDirectory(Path.Combine(web, "café"));
        Directory.CreateDirectory(Path.Combine(web, "public", "css"));
        File.WriteAllText(Path.Combine(web, "index.html"), "<p>results</p>\n");
        Directory.CreateSymbolicLink(Path.Combine(web, "to-folder"), Path.Combine(web, "public"));
        Directory.CreateSymbolicLink(Path.Combine(web, "to-outside"), outside);
        File.CreateSymbolicLink(Path.Combine(web, "to-file"), Path.Combine(web, "index.html"));
        File.CreateSymbolicLink(Path.Combine(web, "dangling"), Path.Combine(web, "gone"));
        string[] asked =
        [
            "web/public", "web/.well-known", "web/Mixed Case", "web/mixed case", "web/public/css", "web/to-folder",
            "web/to-folder/css", "web/to-outside", "web/to-file", "web/dangling", "web/index.html", "web/gone",
            "web/public/", "web/pub", "web/publicx", "web/public/css/none", "web/.", "web/public/..",
            "web/PUBLIC", "web/café", "web/cafe", "web/CAFÉ", "web/café/x",
        ];
        IDirectoryProbe fileSystem = new DiskFileSystem(root);

        foreach (var path in asked)
        {
            fileSystem.DirectoryExists(path).ShouldBe(Directory.Exists(Path.Combine(root, path)), path);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Folder_answers_agree_with_the_disk_for_short_long_and_unnormalised_paths(bool trailingSlashOnRoot)
    {
        // Paths are put together in a buffer up to a length, and as strings beyond it: both give the disk's answer.
        var root = Directory.CreateDirectory(Path.Combine(_temp, "scan")).FullName;
        var deep = Path.Combine([.. Enumerable.Repeat("segment-of-some-length", 30)]);
        Directory.CreateDirectory(Path.Combine(root, "web", deep));
        File.WriteAllText(Path.Combine(root, "web", "file.txt"), "x\n");
        File.WriteAllText(Path.Combine(root, "web", "segment-of-some-length", "a.conf"), "x\n");
        IDirectoryProbe fileSystem = new DiskFileSystem(trailingSlashOnRoot ? root + "/" : root);

        fileSystem.DirectoryExists("web").ShouldBeTrue();
        fileSystem.DirectoryExists("web/").ShouldBeTrue();
        fileSystem.DirectoryExists("./web//segment-of-some-length").ShouldBeTrue();
        fileSystem.DirectoryExists("web/file.txt").ShouldBeFalse();
        fileSystem.DirectoryExists("web/" + deep.Replace('\\', '/')).ShouldBeTrue();
        fileSystem.DirectoryExists("web/" + deep.Replace('\\', '/') + "/missing").ShouldBeFalse();
        fileSystem.DirectoryExists("web/missing/" + deep.Replace('\\', '/')).ShouldBeFalse();
        fileSystem.DirectoryExists(string.Empty).ShouldBeTrue();
        ((IScanFileSystem)fileSystem).Glob("web/*/a.conf").ShouldBe(["web/segment-of-some-length/a.conf"]);
        ((IScanFileSystem)fileSystem).Glob("web/segment-of-some-length/*").ShouldBe(["web/segment-of-some-length/a.conf"]);
        ((IScanFileSystem)fileSystem).Glob("web/missing/*").ShouldBeEmpty();
        ((IScanFileSystem)fileSystem).Glob("web/*.txt").ShouldBe(["web/file.txt"]);
    }

    [Fact]
    public void A_file_is_read_into_an_array_of_its_size_that_its_text_keeps_and_one_that_changed_is_read_as_it_is_now()
    {
        var path = Path.Combine(_temp, "site.conf");
        File.WriteAllText(path, "listen 80;\n");

        var exact = DiskFileSystem.ReadAtMost(path, 11, 1001);
        (exact.Offset, exact.Count, exact.Array!.Length).ShouldBe((0, 11, 11));
        new DiskFileSystem(_temp).TryRead("site.conf")!.IsCompact.ShouldBeTrue();

        // Checked shorter than it is (it grew): read on, up to the limit; checked longer (it shrank): what is there.
        DiskFileSystem.ReadAtMost(path, 4, 1001).ShouldBe(System.Text.Encoding.ASCII.GetBytes("listen 80;\n"));
        DiskFileSystem.ReadAtMost(path, 0, 1001).Count.ShouldBe(11);
        DiskFileSystem.ReadAtMost(path, 4, 8).Count.ShouldBe(8);
        DiskFileSystem.ReadAtMost(path, 11, 8).Count.ShouldBe(9);
        var shrunk = DiskFileSystem.ReadAtMost(path, 20, 1001);
        (shrunk.Count, shrunk.Array!.Length).ShouldBe((11, 20));
    }

    [Fact]
    public void A_large_binary_is_read_no_further_than_its_head_and_gives_the_text_the_whole_file_would()
    {
        // 300,000 bytes: an ELF header's NUL at byte 7, a euro sign straddling the 64 KiB cut; a text file of the same
        // size; and a file whose first NUL is past the head, which is read whole.
        var binary = new byte[300_000];
        for (int i = 0; i < binary.Length; i++)
        {
            binary[i] = (byte)(i % 50 == 49 ? '\n' : 'a' + (i % 26));
        }

        "\u007fELF\u0002\u0001\u0001\0"u8.CopyTo(binary);
        "\u20ac"u8.CopyTo(binary.AsSpan(65_535));
        var text = binary.ToArray();
        text[7] = (byte)'x';
        var late = text.ToArray();
        late[200_000] = 0;
        File.WriteAllBytes(Path.Combine(_temp, "module.so"), binary);
        File.WriteAllBytes(Path.Combine(_temp, "notes.txt"), text);
        File.WriteAllBytes(Path.Combine(_temp, "late.bin"), late);

        DiskFileSystem.ReadAtMost(Path.Combine(_temp, "module.so"), binary.Length, 1_000_000).Count.ShouldBe(65_540);
        DiskFileSystem.ReadAtMost(Path.Combine(_temp, "notes.txt"), text.Length, 1_000_000).Count.ShouldBe(300_000);
        DiskFileSystem.ReadAtMost(Path.Combine(_temp, "late.bin"), late.Length, 1_000_000).Count.ShouldBe(300_000);

        var fileSystem = new DiskFileSystem(_temp);
        var head = fileSystem.TryRead("module.so")!;
        head.Text.ShouldBe(SourceText.FromBytes("module.so", binary.AsSpan(0, 65_535)).Text);
        head.Text.ShouldBe(SourceText.FromOwnedBytes("module.so", binary.ToArray()).Text);
        fileSystem.TryRead("late.bin")!.Length.ShouldBe(200_001 - 2); // through its NUL; the euro sign is three bytes, one character
        fileSystem.TryRead("notes.txt")!.Length.ShouldBe(300_000 - 2);
    }
}
