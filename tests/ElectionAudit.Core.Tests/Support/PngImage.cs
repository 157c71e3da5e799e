using System.Buffers.Binary;
using System.IO.Compression;

namespace ElectionAudit.Core.Tests.Support;

/// <summary>
/// A minimal PNG decoder for screenshot checks: 8-bit RGB or RGBA, non-interlaced (what headless Chromium writes).
/// Follows the PNG specification (W3C PNG, second edition): chunks, zlib-compressed IDAT, per-row filters 0–4.
/// </summary>
internal sealed class PngImage
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private PngImage(int width, int height, int channels, byte[] pixels)
    {
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public int Channels { get; }

    /// <summary>Unfiltered samples, row by row.</summary>
    public byte[] Pixels { get; }

    /// <summary>The colour at (x, y) as 0xRRGGBB (alpha ignored).</summary>
    public int ColourAt(int x, int y)
    {
        int i = ((y * Width) + x) * Channels;
        return (Pixels[i] << 16) | (Pixels[i + 1] << 8) | Pixels[i + 2];
    }

    public static PngImage Decode(byte[] data)
    {
        if (data.Length < 8 || !data.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw new InvalidDataException("not a PNG file");
        }

        int width = 0, height = 0, channels = 0;
        using var compressed = new MemoryStream();
        for (int offset = 8; offset + 8 <= data.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(data, offset + 4, 4);
            var body = data.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                byte bitDepth = body[8], colourType = body[9], interlace = body[12];
                if (bitDepth != 8 || interlace != 0 || colourType is not (2 or 6))
                {
                    throw new InvalidDataException($"unsupported PNG: bit depth {bitDepth}, colour type {colourType}, interlace {interlace}");
                }

                channels = colourType == 6 ? 4 : 3;
            }
            else if (type == "IDAT")
            {
                compressed.Write(body);
            }
            else if (type == "IEND")
            {
                break;
            }

            offset += 12 + length; // length, type, data, CRC
        }

        compressed.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        int stride = width * channels;
        var pixels = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            byte filter = raw[y * (stride + 1)];
            var source = raw.AsSpan((y * (stride + 1)) + 1, stride);
            var row = pixels.AsSpan(y * stride, stride);
            var previous = y > 0 ? pixels.AsSpan((y - 1) * stride, stride) : new byte[stride];
            for (int i = 0; i < stride; i++)
            {
                int left = i >= channels ? row[i - channels] : 0;
                int up = previous[i];
                int upLeft = i >= channels ? previous[i - channels] : 0;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"unknown PNG filter {filter}"),
                };
                row[i] = (byte)(source[i] + predictor);
            }
        }

        return new PngImage(width, height, channels, pixels);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
