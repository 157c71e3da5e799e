using System.Runtime.InteropServices;

namespace ElectionAudit.Engine;

/// <summary>
/// Tells regular files from device files, FIFOs and sockets, which .NET reports alike (<see cref="FileAttributes.Normal"/>,
/// length 0). Reading one must never be tried: opening a FIFO blocks until a writer appears, and /dev/zero never ends.
/// </summary>
internal static class SpecialFiles
{
    /// <summary>True when <paramref name="fullPath"/> (links followed) exists and is neither a regular file nor a directory.</summary>
    public static bool IsSpecial(string fullPath)
    {
        if (!OperatingSystem.IsLinux())
        {
            // Elsewhere only what .NET itself can see: Windows has no FIFOs or device files in the file tree.
            return false;
        }

        var mode = NativeMethods.FileMode(fullPath);
        return mode is { } m && (m & FileTypeMask) != RegularFile && (m & FileTypeMask) != Directory;
    }

    // S_IFMT, S_IFREG and S_IFDIR from <sys/stat.h> (inode(7)).
    private const int FileTypeMask = 0xF000;
    private const int RegularFile = 0x8000;
    private const int Directory = 0x4000;

    private static class NativeMethods
    {
        // statx(2) rather than stat(2): struct statx has one layout on every Linux architecture (stx_mode, a 16-bit
        // field, is at byte 28), where struct stat differs between x86-64 and arm64.
        private const int CurrentDirectory = -100; // AT_FDCWD
        private const uint StatxType = 0x1; // STATX_TYPE
        private const int StatxModeOffset = 28;

        // Asked twice for every file of a scan (when it is found and when it is read), so the path's bytes and the answer
        // live on the stack: three arrays a call were 20 MB in a scan of 16,000 files.
        private const int StackPathBytes = 1024;

        public static int? FileMode(string path)
        {
            Span<byte> buffer = stackalloc byte[256];
            int length = System.Text.Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
            Span<byte> bytes = length <= StackPathBytes ? stackalloc byte[StackPathBytes] : new byte[length];
            try
            {
                // The path goes as NUL-terminated UTF-8 bytes, the form the kernel takes, with no string marshalling in between.
                int written = System.Text.Encoding.UTF8.GetBytes(path, bytes);
                bytes[written] = 0;
                return Statx(CurrentDirectory, ref bytes[0], 0, StatxType, ref buffer[0]) == 0 ? MemoryMarshal.Read<ushort>(buffer[StatxModeOffset..]) : null;
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
                // A C library without statx (glibc before 2.28, musl before 1.2.5): treat the file as regular, as .NET does.
                return null;
            }
        }

        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int Statx(int directory, ref byte path, int flags, uint mask, ref byte buffer);
    }
}
