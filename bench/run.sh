#!/usr/bin/env bash
# The whole-process benchmark: builds the electionaudit command as it ships (Release publishes for this machine) and prints a
# Markdown table of wall time, CPU time, peak memory and throughput against in-run baselines. This tree is measured in both
# builds (bench/README.md, start-up): "after (native)" is the Native AOT executable, "after (jit)" the framework-dependent
# ReadyToRun publish that the .NET tool matches.
#   bash bench/run.sh                      # this working tree
#   bash bench/run.sh --before REF         # also REF (e.g. main~3) in its JIT build, measured in the same run, interleaved
#   bash bench/run.sh --quick              # the short version
#   bash bench/run.sh --no-native          # leave the native build out (its publish takes a few minutes on two cores)
# Writes bench/out/results.md and bench/out/results.json. Needs python3; named-checkzone (bind9-utils) and
# nginx for the baselines they provide (rows are left out when absent).
set -euo pipefail
cd "$(dirname "$0")/.."
before="" ; native=1 ; extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --before) before="$2"; shift 2 ;;
    --no-native) native=0; shift ;;
    *) extra+=("$1"); shift ;;
  esac
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rid=linux-x64
case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; esac
publish() { # publish SOURCE_DIRECTORY OUTPUT_DIRECTORY
  dotnet publish "$1/src/ElectionAudit.Cli" -c Release -r "$rid" --self-contained false -o "$2" -nologo -clp:ErrorsOnly -v quiet >/dev/null
}
publish_native() { # publish_native SOURCE_DIRECTORY OUTPUT_DIRECTORY
  dotnet publish "$1/src/ElectionAudit.Cli" -c Release -r "$rid" -p:PublishAot=true -o "$2" -nologo -clp:ErrorsOnly -v quiet >/dev/null
}
mkdir -p bench/out
echo "building this tree into bench/out/after (JIT, ReadyToRun)" >&2
publish . bench/out/after
tools=(--tool "after (jit)=$PWD/bench/out/after/electionaudit")
if [ "$native" = 1 ]; then
  echo "building this tree into bench/out/after-native (Native AOT)" >&2
  publish_native . bench/out/after-native
  tools+=(--tool "after (native)=$PWD/bench/out/after-native/electionaudit")
fi
if [ -n "$before" ]; then
  echo "building $before into bench/out/before" >&2
  source_dir=$(mktemp -d)
  git archive "$before" | tar -x -C "$source_dir"
  publish "$source_dir" bench/out/before
  rm -rf "$source_dir"
  tools=(--tool "before=$PWD/bench/out/before/electionaudit" "${tools[@]}")
fi
python3 bench/run.py "${tools[@]}" --json bench/out/results.json "${extra[@]}" | tee bench/out/results.md
