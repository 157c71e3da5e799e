using System.Text.Json;
using ElectionAudit.Cli;

using static ElectionAudit.Cli.Tests.CliHarness;

namespace ElectionAudit.Cli.Tests;

public sealed class CoverageCommandTests : IDisposable
{
    private static readonly string Repository = RepositoryRoot;
    private readonly string _temp = Directory.CreateTempSubdirectory("ea-coverage-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void Coverage_of_the_samples_gives_every_recommendation_a_state()
    {
        var (exit, output, _) = Run("coverage", "--root", Repository, Path.Combine(Repository, "samples"), "--format", "json");
        exit.ShouldBe(CommandLine.Success, "coverage reports; it does not gate on findings");
        using var document = JsonDocument.Parse(output);
        document.RootElement.GetProperty("version").GetInt32().ShouldBe(1);
        document.RootElement.GetProperty("asOf").GetString().ShouldBe("2026-11-24", "the samples' configuration fixes the audit date");
        var enisa = document.RootElement.GetProperty("sections")[0].GetProperty("items").EnumerateArray().ToList();
        enisa.Select(i => i.GetProperty("reference").GetString()).ShouldBe(["E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9", "E10", "E11", "E12"]);
        foreach (var item in enisa)
        {
            var reference = item.GetProperty("reference").GetString();
            var status = item.GetProperty("status").GetString();
            if (reference is "E2" or "E9")
            {
                status.ShouldBe("policy", reference);
                item.GetProperty("kind").GetString().ShouldBe("policy");
            }
            else
            {
                // The samples are a complete small infrastructure: every technical recommendation is judged.
                status.ShouldBeOneOf(["passed", "failed"], reference);
            }
        }

        enisa.Single(i => i.GetProperty("reference").GetString() == "E6").GetProperty("status").GetString().ShouldBe("failed", "the samples declare no backup results channel (EA5002)");
    }

    [Fact]
    public void Coverage_writes_markdown_by_default_and_html_to_a_file()
    {
        var (exit, markdown, _) = Run("coverage", "--root", Repository, Path.Combine(Repository, "samples"));
        exit.ShouldBe(CommandLine.Success);
        markdown.ShouldStartWith("## ElectionAudit coverage: ENISA election-cybersecurity recommendations\n\n");
        markdown.ShouldContain("| **E2** Consider EU-level regulation of online platforms against disinformation *(policy)* | policy only: ");

        var page = Path.Combine(_temp, "coverage.html");
        var (htmlExit, htmlOut, htmlErr) = Run("coverage", "--root", Repository, Path.Combine(Repository, "samples"), "--format", "html", "--output", page);
        htmlExit.ShouldBe(CommandLine.Success);
        htmlOut.ShouldBeEmpty();
        htmlErr.ShouldContain("coverage.html: coverage of ");
        File.ReadAllText(page).ShouldContain("<title>ElectionAudit coverage report</title>");
    }

    [Fact]
    public void Coverage_rejects_an_unknown_format()
    {
        Run("coverage", "--format", "pdf").Exit.ShouldBe(CommandLine.InvalidInvocation);
    }
}
