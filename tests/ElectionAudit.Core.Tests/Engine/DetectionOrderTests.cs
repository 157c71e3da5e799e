using System.Collections.Concurrent;
using ElectionAudit.Engine;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Engine;

/// <summary>
/// A loader whose detection can answer no more than Content for a path (<c>FormatLoader.ContentOnly</c>, nginx's for
/// any file not named as nginx) is asked after the others and only when its answer can still decide: the format each file
/// gets must be the one asking every loader in order gives (the highest answer, ties to the earlier loader).
/// </summary>
public class DetectionOrderTests
{
    // Answers by the file's name: "<answer of loader A>-<answer of loader B>-<answer of loader C>.txt", each n (None),
    // c (Content) or f (FileName). Loader B can answer no more than Content (it never gets an f), so it is the one set aside.
    private static DetectionConfidence AnswerOf(string path, int loader) => Path.GetFileNameWithoutExtension(path).Split('-')[loader] switch
    {
        "c" => DetectionConfidence.Content,
        "f" => DetectionConfidence.FileName,
        _ => DetectionConfidence.None,
    };

    private sealed class NamedLoader(int index, bool contentOnly) : FormatLoader
    {
        public ConcurrentBag<string> Asked { get; } = [];

        public ConcurrentBag<string> Loaded { get; } = [];

        public override InputFormat Format => InputFormat.Configuration;

        public override DetectionConfidence Detect(string path, string text)
        {
            Asked.Add(path);
            return AnswerOf(path, index);
        }

        internal override bool ContentOnly(string path) => contentOnly;

        public override LoadResult Load(IReadOnlyList<string> paths, IScanFileSystem fileSystem, LoadOptions options)
        {
            foreach (var path in paths)
            {
                Loaded.Add(path);
            }

            return new LoadResult([.. paths.Select(path => YamlParser.Parse(fileSystem.TryRead(path)!, InputFormat.Configuration))]);
        }
    }

    [Theory]
    // Loader B (Content at most) is not asked once A has answered Content (a tie would go to A) ...
    [InlineData("c-c-n", "A", false)]
    [InlineData("c-n-c", "A", false)]
    // ... nor when any loader claims the file by name, before it or after it.
    [InlineData("f-c-n", "A", false)]
    [InlineData("n-c-f", "C", false)]
    [InlineData("c-n-f", "C", false)]
    // Asked last, its Content wins over a later loader's Content, as asked in order it would.
    [InlineData("n-c-c", "B", true)]
    [InlineData("n-c-n", "B", true)]
    [InlineData("n-n-c", "C", true)]
    [InlineData("n-n-n", null, true)]
    public void A_content_only_loader_is_asked_only_when_its_answer_can_decide(string name, string? expected, bool bAsked)
    {
        var a = new NamedLoader(0, contentOnly: false);
        var b = new NamedLoader(1, contentOnly: true);
        var c = new NamedLoader(2, contentOnly: false);
        var path = name + ".txt";
        new AuditEngine([], [a, b, c]).Analyze(new InMemoryFileSystem().Add(path, "key: value\n"), [path]);

        var loaders = new Dictionary<string, NamedLoader> { ["A"] = a, ["B"] = b, ["C"] = c };
        loaders.Where(l => l.Value.Loaded.Contains(path)).Select(l => l.Key).SingleOrDefault().ShouldBe(expected);
        b.Asked.Contains(path).ShouldBe(bAsked);
    }

    [Fact]
    public void The_same_loaders_asked_in_order_give_every_file_the_same_format()
    {
        // Every combination of answers (B never FileName), with B set aside and with it asked in its turn.
        var answers = new[] { "n", "c", "f" };
        var names = (from x in answers from y in answers.Take(2) from z in answers select $"{x}-{y}-{z}.txt").ToList();
        var fileSystem = new InMemoryFileSystem();
        foreach (var name in names)
        {
            fileSystem.Add(name, "key: value\n");
        }

        Dictionary<string, int> FormatOf(bool deferB)
        {
            var loaders = new[] { new NamedLoader(0, false), new NamedLoader(1, deferB), new NamedLoader(2, false) };
            new AuditEngine([], loaders).Analyze(fileSystem, names);
            return names.ToDictionary(n => n, n => Array.FindIndex(loaders, l => l.Loaded.Contains(n)));
        }

        var inOrder = FormatOf(deferB: false);
        FormatOf(deferB: true).ShouldBe(inOrder);

        // The expectation itself: the highest answer, ties to the earlier loader.
        foreach (var name in names)
        {
            var confidences = Enumerable.Range(0, 3).Select(i => AnswerOf(name, i)).ToList();
            int expected = confidences.Max() == DetectionConfidence.None ? -1 : confidences.IndexOf(confidences.Max());
            inOrder[name].ShouldBe(expected, name);
        }
    }

    [Theory]
    [InlineData("dns/example.org.zone", true)]
    [InlineData("sites/results.conf", true)]
    [InlineData("nginx.conf", false)]
    [InlineData("deploy/results.nginx", false)]
    [InlineData("etc/nginx/sites-enabled/results", false)]
    public void Nginx_detection_is_set_aside_for_a_file_not_named_as_nginx(string path, bool contentOnly) =>
        new ElectionAudit.Model.Web.NginxFormatLoader().ContentOnly(path).ShouldBe(contentOnly);
}
