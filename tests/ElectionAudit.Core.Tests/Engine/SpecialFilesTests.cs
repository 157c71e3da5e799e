using System.Diagnostics;
using ElectionAudit.Engine;

namespace ElectionAudit.Core.Tests.Engine;

public sealed class SpecialFilesTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("ea-special-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void Regular_files_and_folders_are_not_special_and_fifos_and_devices_are()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("statx(2) and mkfifo(1) are Linux's");
        }

        var file = Path.Combine(_temp, "db.example");
        File.WriteAllText(file, "@ SOA ns1 h 1 2 3 4 5\n");
        // A name past the stack buffer's 1,024 bytes (in UTF-8), in folders with non-ASCII names.
        var deep = Path.Combine(_temp, string.Join('/', Enumerable.Repeat("zöne-ordner-" + new string('x', 40), 20)));
        Directory.CreateDirectory(deep);
        var deepFile = Path.Combine(deep, "db.example");
        File.WriteAllText(deepFile, "x");
        System.Text.Encoding.UTF8.GetByteCount(deepFile).ShouldBeGreaterThan(1024);
        var fifo = Path.Combine(_temp, "pipe.conf");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
        }

        SpecialFiles.IsSpecial(file).ShouldBeFalse();
        SpecialFiles.IsSpecial(_temp).ShouldBeFalse();
        SpecialFiles.IsSpecial(deepFile).ShouldBeFalse();
        SpecialFiles.IsSpecial(fifo).ShouldBeTrue();
        SpecialFiles.IsSpecial("/dev/null").ShouldBeTrue();
        // What does not exist is not special: the read that follows reports it.
        SpecialFiles.IsSpecial(Path.Combine(_temp, "missing")).ShouldBeFalse();
    }
}
