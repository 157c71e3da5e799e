using System.IO.Compression;

namespace ElectionAudit.Cli;

/// <summary>
/// Whether a SARIF file fits GitHub code scanning's upload limit: the upload action gzips the file (Node's
/// <c>zlib.gzipSync</c>, level 6) and GitHub rejects the upload when that is over 10 MB (GitHub's SARIF support
/// documentation; ../shared/SARIF.md "Limits"). The writer already keeps a run within 25,000 results and a result within
/// 1,000 related locations; long messages could still pass the size limit.
/// </summary>
internal static class SarifUploadSize
{
    /// <summary>10 MB, read as 10,000,000 bytes: the smaller reading of GitHub's "10 MB", so a warning errs early.</summary>
    public const long GitHubMaxGzippedBytes = 10_000_000;

    /// <summary>
    /// The gzipped length of the file at <paramref name="path"/> when it is over <paramref name="limit"/>, else
    /// <see langword="null"/>. A file no longer than the limit is not read: it is JSON text, which gzip shrinks several
    /// times over. A longer one is compressed at the fastest level first, whose output is longer than level 6's, and
    /// only when that is over the limit at the level the upload uses.
    /// </summary>
    public static long? GzippedLengthIfOver(string path, long limit)
    {
        if (new FileInfo(path).Length <= limit)
        {
            return null;
        }

        if (GzippedLength(path, CompressionLevel.Fastest) <= limit)
        {
            return null;
        }

        var length = GzippedLength(path, CompressionLevel.Optimal);
        return length > limit ? length : null;
    }

    private static long GzippedLength(string path, CompressionLevel level)
    {
        var counter = new CountingStream();
        using (var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        using (var gzip = new GZipStream(counter, level, leaveOpen: true))
        {
            input.CopyTo(gzip, 1 << 16);
        }

        return counter.Length;
    }

    /// <summary>A stream that keeps nothing and counts what is written to it.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
