#!/usr/bin/env bash
# Start-up and small-scan figures for the electionaudit command, as medians of repeated runs (hyperfine),
# with `cat` of the same input as the in-run I/O floor. Usage: bash bench/startup.sh [RUNS]
# Needs hyperfine (Debian package). Builds the CLI in Release into bench/out first.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install hyperfine)" >&2; exit 2; }
dotnet build src/ElectionAudit.Cli -c Release -o bench/out -nologo -clp:ErrorsOnly >/dev/null
files=$(find samples -type f | sort | tr '\n' ' ')
json=$(mktemp)
hyperfine -N --warmup 3 --runs "$runs" --export-json "$json" \
  "cat $files" \
  "dotnet bench/out/electionaudit.dll --version" \
  "dotnet bench/out/electionaudit.dll scan samples --fail-on none" >/dev/null
python3 - "$json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
floor = results[0]["median"]
print("| command | median wall (ms) | mean user+sys CPU (ms) | ratio to cat |")
print("|---|---|---|---|")
for r in results:
    print(f"| `{r['command'][:60]}` | {r['median']*1000:.1f} | {(r['user']+r['system'])*1000:.1f} | {r['median']/floor:.0f}x |")
PY
