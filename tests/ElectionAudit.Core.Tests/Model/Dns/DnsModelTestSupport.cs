using ElectionAudit.Engine;
using ElectionAudit.Model.Dns;

namespace ElectionAudit.Core.Tests.Model.Dns;

internal static class DnsModelTestSupport
{
    /// <summary>Runs the real engine (loaders and binder, no rules) over in-memory files and returns the DNS model.</summary>
    public static DnsModel Build(params (string Path, string Text)[] files)
    {
        var fileSystem = new InMemoryFileSystem();
        foreach (var (path, text) in files)
        {
            fileSystem.Add(path, text);
        }

        var result = new AuditEngine([]).Analyze(fileSystem, [.. fileSystem.Paths], maxDegreeOfParallelism: 1);
        result.Findings.ShouldBeEmpty();
        return result.Model.Dns;
    }
}
