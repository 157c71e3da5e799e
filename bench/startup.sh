#!/usr/bin/env bash
# Start-up figures for both builds of the electionaudit command, as hyperfine medians of repeated runs, with `cat` of the
# same input as the in-run floor: `--version`, a scan of a one-file repository (the samples' descriptor alone) and a scan
# of samples/. Builds (bench/README.md, start-up):
#   jit     the framework-dependent ReadyToRun publish (what `dotnet publish -r linux-x64` and the .NET tool give)
#   native  the Native AOT publish (`dotnet publish -r linux-x64 -p:PublishAot=true`)
# Usage: bash bench/startup.sh [RUNS] [--no-publish]   (--no-publish measures what bench/out/startup-* already holds)
# Needs hyperfine (Debian package). The native publish takes a few minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=21 ; publish=1
for argument in "$@"; do
  case "$argument" in
    --no-publish) publish=0 ;;
    *) runs=$argument ;;
  esac
done
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install hyperfine)" >&2; exit 2; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rid=linux-x64
case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; esac
jit=bench/out/startup-jit ; native=bench/out/startup-native
if [ "$publish" = 1 ]; then
  dotnet publish src/ElectionAudit.Cli -c Release -r "$rid" --self-contained false -o "$jit" -nologo -clp:ErrorsOnly -v quiet >/dev/null
  dotnet publish src/ElectionAudit.Cli -c Release -r "$rid" -p:PublishAot=true -o "$native" -nologo -clp:ErrorsOnly -v quiet >/dev/null
fi
tiny=$(mktemp -d)
trap 'rm -rf "$tiny"' EXIT
cp samples/election-infrastructure.yml "$tiny/"
samples=$(find samples -type f | sort | tr '\n' ' ')
json=$(mktemp)
scan="scan --fail-on none --as-of 2027-03-01"
# The current directory is the repository; the one-file repository lies outside it, so it is its own scan root.
hyperfine -N --warmup 3 --runs "$runs" --export-json "$json" \
  "cat $tiny/election-infrastructure.yml" \
  "$jit/electionaudit --version" \
  "$native/electionaudit --version" \
  "$jit/electionaudit $scan $tiny" \
  "$native/electionaudit $scan $tiny" \
  "cat $samples" \
  "$jit/electionaudit $scan samples" \
  "$native/electionaudit $scan samples" >/dev/null
python3 - "$json" "$jit" "$native" "$tiny" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
jit, native, tiny = sys.argv[2], sys.argv[3], sys.argv[4]
def label(command):
    build = "jit (ReadyToRun)" if command.startswith(jit) else "native (AOT)" if command.startswith(native) else ""
    what = command.split(" ", 1)[1] if build else command.split(" ", 1)[0] + " (floor)"
    what = what.replace(tiny, "one-file repository").replace("scan --fail-on none --as-of 2027-03-01 ", "scan ")
    if what.startswith("cat"):
        what = "cat of the one-file repository (floor)" if tiny in command else "cat of samples/ (floor)"
    return f"{build}: {what}" if build else what
print("| command | median wall ms | mean CPU ms (user + system) | min wall ms | runs |")
print("|---|---:|---:|---:|---:|")
for r in results:
    print(f"| {label(r['command'])} | {r['median'] * 1000:.1f} | {(r['user'] + r['system']) * 1000:.1f} | {r['min'] * 1000:.1f} | {len(r['times'])} |")
PY
