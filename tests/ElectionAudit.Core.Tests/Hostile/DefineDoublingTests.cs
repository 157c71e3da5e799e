using ElectionAudit.Engine;
using ElectionAudit.Syntax.Apache;

namespace ElectionAudit.Core.Tests.Hostile;

/// <summary>
/// Apache Defines that each repeat the one before: forty of them stand for a value of 16 x 2^40 characters. httpd aborts on
/// such a file ("Memory allocation failed", apache2 2.4 -t), and the loader ran out of memory (an internal error, exit 3).
/// </summary>
public class DefineDoublingTests
{
    [Fact]
    public void Defines_that_double_one_another_stop_at_a_bound_with_EA0002_where_it_is_passed()
    {
        var lines = new List<string> { "ServerRoot /etc/apache2", "Listen 80", "Define D0 xxxxxxxxxxxxxxxx" };
        lines.AddRange(Enumerable.Range(1, 40).Select(i => $"Define D{i} ${{D{i - 1}}}${{D{i - 1}}}"));
        lines.Add("ServerName ${D40}");
        var files = new InMemoryFileSystem().Add("apache2/apache2.conf", string.Join('\n', lines) + "\n");

        var configuration = ApacheConfigurationLoader.Load(files, "apache2/apache2.conf");

        // D16 is 16 x 2^16 = 1,048,576 characters, the most an argument may be; D17 would be twice that, so its argument is
        // read as written ("${D16}${D16}", 12 characters), which D18 to D33 double again as text until D34 would pass it.
        configuration.Diagnostics.Select(d => $"{d.RuleId} {d.Location.StartLine}:{d.Location.StartColumn}").ShouldBe(["EA0002 20:12", "EA0002 37:12"]);
        configuration.Diagnostics[0].Message.ShouldBe(
            "substituting the Defines in '${D16}${D16}' makes an argument of more than 1,048,576 characters (Defines that each repeat the one before); httpd runs out of memory reading it (\"Memory allocation failed\"), and the argument is read as written");
        var arguments = configuration.Walk().Where(n => n.Name == "Define").Select(n => n.Arguments[1].Length).ToList();
        arguments[16].ShouldBe(1 << 20);
        arguments[17].ShouldBe("${D16}${D16}".Length);
        arguments[33].ShouldBe(12 << 16);
        arguments[34].ShouldBe("${D33}${D33}".Length);
        arguments.ShouldAllBe(length => length <= ApacheDefines.MaxSubstitutedLength);
    }
}
