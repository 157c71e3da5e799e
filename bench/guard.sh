#!/usr/bin/env bash
# Performance regression guard (CI runs it from .ci/run): ratios of median CPU times against baselines measured in the
# same run, compared with bench/baseline.json; exit 1 when one is more than 30% worse. It measures the Debug build that
# CI has just built (baseline.json was recorded from the same kind of build), so it adds no build time.
#   bash bench/guard.sh            # check
#   bash bench/guard.sh --record   # re-record bench/baseline.json after an intended change; commit it
set -euo pipefail
cd "$(dirname "$0")/.."
tool=src/ElectionAudit.Cli/bin/Debug/net10.0/electionaudit
[ -x "$tool" ] || dotnet build src/ElectionAudit.Cli -nologo -clp:ErrorsOnly >/dev/null
python3 bench/guard.py --tool "$PWD/$tool" "$@"
