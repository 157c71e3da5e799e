using System.Diagnostics;

namespace ElectionAudit.Core.Tests.Support;

/// <summary>
/// Differential tests run the real programs (nginx, apache2, named-checkzone, openssl).
/// Locally a missing program skips the test with a visible reason; under CI=true it fails, never skips.
/// </summary>
internal static class ExternalProgram
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the full path of <paramref name="name"/> on PATH (or in /usr/sbin), or skips/fails the test.</summary>
    public static string Require(string name)
    {
        var path = Find(name);
        if (path is not null)
        {
            return path;
        }

        var reason = $"'{name}' is not installed (install the Debian package that provides it; .ci/run does)";
        if (IsCi)
        {
            Assert.Fail(reason + " — under CI=true differential tests must run");
        }

        Assert.Skip(reason);
        return null!;
    }

    public static string? Find(string name)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/local/sbin"]);
        return dirs.Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>Runs a program with a time limit and returns its exit code and output.</summary>
    public static (int ExitCode, string StdOut, string StdErr) Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, int timeoutMilliseconds = 30_000)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish within {timeoutMilliseconds} ms");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
