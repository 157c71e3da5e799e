using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Engine;
using ElectionAudit.Syntax.Nginx;

namespace ElectionAudit.Core.Tests.Syntax.Nginx;

public class NginxCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_corpus_file_loads_without_an_exception()
    {
        var corpus = CorpusPaths.RequireCorpus();
        var root = Path.Combine(corpus, "nginx");
        var fileSystem = new DiskFileSystem(root);
        var kinds = File.ReadLines(Path.Combine(corpus, "MANIFEST.tsv")).Skip(1)
            .Select(line => line.Split('\t'))
            .Where(fields => fields[0].StartsWith("nginx/", StringComparison.Ordinal))
            .ToDictionary(fields => fields[0]["nginx/".Length..], fields => fields[^1], StringComparer.Ordinal);

        int files = 0, withSyntaxErrors = 0, withUnresolvedIncludes = 0;
        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            var configuration = NginxConfigurationLoader.Load(fileSystem, relative);
            files++;
            bool syntaxError = configuration.MainTree.Diagnostics.Any(d => d.RuleId == "EA0002");
            withSyntaxErrors += syntaxError ? 1 : 0;
            withUnresolvedIncludes += configuration.Diagnostics.Any(d => d.RuleId == "EA0003") ? 1 : 0;
            if (syntaxError)
            {
                output.WriteLine($"EA0002 {kinds.GetValueOrDefault(relative, "?")}: {configuration.MainTree.Diagnostics.First(d => d.RuleId == "EA0002")}");
            }

            if (kinds.GetValueOrDefault(relative) == "nginx/parser-test-broken")
            {
                // Of crossplane's four broken files only the missing-semicolon ones are syntax errors;
                // "user;" (bad-args) and "proxy_passs" (spelling-mistake) are for nginx's directive handlers.
                syntaxError.ShouldBe(relative.Contains("/missing-semicolon/", StringComparison.Ordinal), relative);
            }
        }

        output.WriteLine($"{files} nginx corpus files loaded; {withSyntaxErrors} have EA0002 in the file itself; {withUnresolvedIncludes} have EA0003 (loaded as their own main file)");
        files.ShouldBe(kinds.Count);
    }
}
