#!/usr/bin/env bash
# Consumer test: what a package user gets. Packs the packages into a local folder feed, then, outside the solution:
#  1. a fresh console project referencing ElectionAudit.Core and ElectionAudit.Rules from that feed only (third-party
#     dependencies from the normal registry) compiles the README's "Use from C#" and "Write your own rule" snippets,
#     runs an audit from code and asserts on its findings;
#  2. the .NET tool installs from the feed (tool path) and scans samples/;
#  3. a project using ElectionAudit.Build over a bad nginx config fails its build with the expected diagnostic, and
#     an audit that passed is skipped on the next build (incremental).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A version no earlier run used, so the global packages folder can never serve a stale copy.
version="0.0.0-consumer.$(date +%s)"
feed="$work/feed"
step() { printf '\n-- consumer test: %s\n' "$1"; }
fail() { echo "consumer test FAILED: $1" >&2; exit 1; }

step "pack $version to $feed"
for project in Core Rules Testing Cli Build; do
  dotnet pack "$repo/src/ElectionAudit.$project" -c Release -o "$feed" -nologo -v:q -clp:ErrorsOnly \
    -p:MinVerVersionOverride="$version" || fail "dotnet pack src/ElectionAudit.$project"
done
ls -l "$feed"
for id in Core Rules Testing Cli Build; do
  [ -f "$feed/ElectionAudit.$id.$version.nupkg" ] || fail "no package ElectionAudit.$id"
  [ -f "$feed/ElectionAudit.$id.$version.snupkg" ] || fail "no symbol package ElectionAudit.$id"
done

# ElectionAudit.* only from the local feed; everything else from the normal registry.
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="ElectionAudit.*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
XML
# Keep the repository's Directory.Build.props, Directory.Packages.props and global.json out: the consumer is a stranger.
printf '<Project />\n' > "$work/Directory.Build.props"
printf '<Project />\n' > "$work/Directory.Build.targets"
printf '<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>\n' > "$work/Directory.Packages.props"

step "audit from code (README snippets compiled)"
mkdir -p "$work/consumer"
cat > "$work/consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="ElectionAudit.Core" Version="$version" />
    <PackageReference Include="ElectionAudit.Rules" Version="$version" />
    <PackageReference Include="ElectionAudit.Testing" Version="$version" />
  </ItemGroup>
</Project>
XML
python3 "$repo/eng/readme-snippets.py" "$repo/README.md" "$work/consumer"
cat > "$work/consumer/Program.cs" <<'CS'
using ElectionAudit.Engine;
using ElectionAudit.Rules;

var root = Path.Combine(Path.GetTempPath(), "electionaudit-consumer-" + Environment.ProcessId);
Directory.CreateDirectory(root);
File.WriteAllText(Path.Combine(root, "nginx.conf"), "http {\n    server {\n        listen 443 ssl;\n        server_name results.example.nl;\n        ssl_protocols TLSv1 TLSv1.2;\n    }\n}\n");
File.WriteAllText(Path.Combine(root, "election.yml"), "version: 1\nelection:\n  name: E\n  date: 2027-03-17\nsites:\n  - name: results\n    role: results\n    hosts: [uitslagen.example.org]\n");
try
{
    // The "Use from C#" snippet.
    var findings = ElectionInfrastructureAudit.Audit(root);
    var legacy = findings.Where(f => f.RuleId == "EA2001").ToList();
    if (legacy.Count == 0 || !legacy.Any(f => f.Location.Path == "nginx.conf" && f.Location.StartLine == 5))
    {
        Console.Error.WriteLine("expected EA2001 at nginx.conf line 5; got: " + string.Join("; ", findings));
        return 1;
    }

    // The "Write your own rule" snippet, run through the engine beside the built-in rules.
    var engine = new AuditEngine([.. BuiltInRules.All, new ResultsHostNotUnderGovernmentDomain()]);
    var result = engine.Scan(new ScanRequest(root));
    var custom = result.Findings.Where(f => f.RuleId == "EA7950").ToList();
    if (custom.Count != 1 || custom[0].Location.Path != "election.yml" || custom[0].Location.StartLine != 8)
    {
        Console.Error.WriteLine("expected one EA7950 at election.yml line 8; got: " + string.Join("; ", custom));
        return 1;
    }

    // The testing-kit snippet: passes when the rule reports exactly the marked span.
    ResultsHostRuleTests.Results_host_outside_the_domain_is_reported();

    Console.WriteLine($"consumer: {legacy.Count} EA2001 and {custom.Count} EA7950 findings as expected");
    return 0;
}
finally
{
    Directory.Delete(root, recursive: true);
}
CS
(cd "$work/consumer" && dotnet run -nologo -v:q) || fail "audit from code"

step "the .NET tool from the feed scans samples/"
dotnet tool install ElectionAudit.Cli --version "$version" --tool-path "$work/tool" --configfile "$work/nuget.config" >/dev/null
set +e
"$work/tool/electionaudit" scan "$repo/samples" --root "$repo" --format json --output "$work/samples.json"
scan=$?
set -e
[ "$scan" -eq 1 ] || fail "electionaudit scan samples exited $scan, expected 1 (the samples have findings at their fail level)"
grep -q '"ruleId": "EA2001"' "$work/samples.json" || fail "the samples scan reported no EA2001"
"$work/tool/electionaudit" --version | grep -q "^$version" || fail "the tool does not report version $version"

step "ElectionAudit.Build fails a build over a bad config"
mkdir -p "$work/infra-project/infra"
cat > "$work/infra-project/Infra.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ElectionAuditFailOn>error</ElectionAuditFailOn>
    <ElectionAuditAsOf>2026-06-01</ElectionAuditAsOf>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="ElectionAudit.Build" Version="$version" PrivateAssets="all" />
    <ElectionAuditInput Include="infra/**" />
  </ItemGroup>
</Project>
XML
printf 'http {\n    server {\n        listen 443 ssl;\n        server_name results.example.nl;\n        ssl_protocols TLSv1 TLSv1.2;\n    }\n}\n' > "$work/infra-project/infra/nginx.conf"
set +e
(cd "$work/infra-project" && dotnet build -nologo -clp:NoSummary) > "$work/build.log" 2>&1
status=$?
set -e
[ "$status" -ne 0 ] || { cat "$work/build.log"; fail "the build over a legacy-TLS config passed"; }
grep -E "infra/nginx.conf\(5,23\): error EA2001: " "$work/build.log" || { cat "$work/build.log"; fail "no 'infra/nginx.conf(5,23): error EA2001:' diagnostic"; }

step "ElectionAudit.Build passes a fixed config and skips the audit when nothing changed"
printf 'http {\n    server {\n        listen 443 ssl;\n        server_name results.example.nl;\n        ssl_protocols TLSv1.2 TLSv1.3;\n    }\n}\n' > "$work/infra-project/infra/nginx.conf"
(cd "$work/infra-project" && dotnet build -nologo -p:ElectionAuditFailOn=error) > "$work/build.log" 2>&1 || { cat "$work/build.log"; fail "the build over a fixed config failed"; }
(cd "$work/infra-project" && dotnet build -nologo -v:d) > "$work/build.log" 2>&1 || { cat "$work/build.log"; fail "the second build failed"; }
grep -q 'Skipping target "ElectionAudit" because all output files are up-to-date' "$work/build.log" || fail "the audit ran again although no input changed"

echo "consumer test passed: audit from code, the tool from the feed, ElectionAudit.Build (failing, passing and incremental builds)"
