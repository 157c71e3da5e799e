using ElectionAudit.Plugins;

using static ElectionAudit.Cli.Tests.CliHarness;

namespace ElectionAudit.Cli.Tests;

/// <summary>Runs alone: the feature switch it turns off is process-wide, and the plugin tests must not see it.</summary>
[CollectionDefinition(nameof(PluginSwitchTests), DisableParallelization = true)]
public sealed class PluginSwitchTests
{
}

/// <summary>
/// The native (Native AOT) build turns plugin loading off (PluginLoader.IsSupported is false there). These tests turn the
/// same feature switch off in this JIT process, so the CLI takes the native build's path: a plugin named on the command line
/// or in the configuration is a clear error with exit code 2 that names the build to use instead. .ci/run checks the real
/// native binary the same way.
/// </summary>
[Collection(nameof(PluginSwitchTests))]
public sealed class NativeBuildPluginTests : IDisposable
{
    private static string Expected(string plugin) =>
        $"error: this electionaudit is the native (ahead-of-time compiled) build, which cannot load rule plugins, so '{plugin}' was not loaded. Use the JIT build for plugins: the .NET tool (dotnet tool install --global ElectionAudit.Cli) or the framework-dependent build (dotnet publish src/ElectionAudit.Cli -c Release).";

    private readonly string _temp = Directory.CreateTempSubdirectory("electionaudit-native-").FullName;

    public NativeBuildPluginTests()
    {
        File.WriteAllText(Path.Combine(_temp, "election.yml"), "version: 1\nelection:\n  name: E\n  date: 2027-03-17\n");
        AppContext.SetSwitch(PluginLoader.IsSupportedSwitchName, false);
    }

    public void Dispose()
    {
        AppContext.SetSwitch(PluginLoader.IsSupportedSwitchName, true);
        Directory.Delete(_temp, recursive: true);
    }

    [Fact]
    public void The_switch_turns_plugin_support_off()
    {
        PluginLoader.IsSupported.ShouldBeFalse();
    }

    [Fact]
    public void A_plugin_option_is_an_invocation_error_naming_the_jit_build()
    {
        // The file need not exist: the native build refuses before it looks.
        var plugin = Path.Combine(_temp, "NationalRules.dll");
        var (exit, output, error) = Run("scan", "--root", _temp, _temp, "--plugin", plugin);
        exit.ShouldBe(CommandLine.InvalidInvocation);
        output.ShouldBeEmpty();
        error.Trim().ShouldBe(Expected(plugin));
    }

    [Fact]
    public void A_plugin_in_the_configuration_is_the_same_error()
    {
        File.WriteAllText(Path.Combine(_temp, ".electionaudit.yml"), "version: 1\nplugins:\n  - plugins/NationalRules.dll\n");
        var (exit, _, error) = Run("scan", "--root", _temp, _temp);
        exit.ShouldBe(CommandLine.InvalidInvocation);
        error.Trim().ShouldBe(Expected(Path.Combine(_temp, "plugins", "NationalRules.dll")));
    }

    [Fact]
    public void The_rules_command_refuses_a_plugin_too()
    {
        var plugin = Path.Combine(_temp, "NationalRules.dll");
        var (exit, _, error) = Run("rules", "--plugin", plugin);
        exit.ShouldBe(CommandLine.InvalidInvocation);
        error.Trim().ShouldBe(Expected(plugin));
    }

    [Fact]
    public void Without_plugins_the_native_path_scans_as_usual()
    {
        var (exit, output, error) = Run("scan", "--root", _temp, _temp, "--format", "json", "--fail-on", "none");
        exit.ShouldBe(CommandLine.Success, error);
        output.ShouldContain("\"findings\"");
    }

    [Fact]
    public void The_library_refuses_with_its_own_message()
    {
        var exception = Should.Throw<PluginLoadException>(() => PluginLoader.Load(["/plugins/NationalRules.dll"], []));
        exception.Message.ShouldBe("This process cannot load rule plugins (it runs without a JIT, or was built with plugin loading trimmed out), so '/plugins/NationalRules.dll' was not loaded. Run plugins with a build that has the .NET runtime, such as the .NET tool.");
    }
}
