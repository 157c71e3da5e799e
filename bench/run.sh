#!/usr/bin/env bash
# The whole-process benchmark: builds the electionaudit command as it ships (Release publish for this machine)
# and prints a Markdown table of wall time, CPU time, peak memory and throughput against in-run baselines.
#   bash bench/run.sh                      # this working tree
#   bash bench/run.sh --before REF         # also REF (e.g. main~3), measured in the same run, interleaved
#   bash bench/run.sh --quick              # the short version (CI's regression guard uses it)
# Writes bench/out/results.md and bench/out/results.json. Needs python3; named-checkzone (bind9-utils) and
# nginx for the baselines they provide (rows are left out when absent).
set -euo pipefail
cd "$(dirname "$0")/.."
before="" ; extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --before) before="$2"; shift 2 ;;
    *) extra+=("$1"); shift ;;
  esac
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rid=linux-x64
case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; esac
publish() { # publish SOURCE_DIRECTORY OUTPUT_DIRECTORY
  dotnet publish "$1/src/ElectionAudit.Cli" -c Release -r "$rid" --self-contained false -o "$2" -nologo -clp:ErrorsOnly -v quiet >/dev/null
}
mkdir -p bench/out
echo "building this tree into bench/out/after" >&2
publish . bench/out/after
tools=(--tool "after=$PWD/bench/out/after/electionaudit")
if [ -n "$before" ]; then
  echo "building $before into bench/out/before" >&2
  source_dir=$(mktemp -d)
  git archive "$before" | tar -x -C "$source_dir"
  publish "$source_dir" bench/out/before
  rm -rf "$source_dir"
  tools=(--tool "before=$PWD/bench/out/before/electionaudit" "${tools[@]}")
fi
python3 bench/run.py "${tools[@]}" --json bench/out/results.json "${extra[@]}" | tee bench/out/results.md
