#!/usr/bin/env bash
# Records the current public API of every shipped project in its PublicAPI.Unshipped.txt, so that a build with
# RS0016 (public API not declared) / RS0017 (declared API removed) errors passes again after an intended change.
# It builds once with those two diagnostics as plain warnings, takes each symbol from the analyzer's message (which
# quotes the exact PublicAPI.txt line), adds RS0016 symbols to PublicAPI.Unshipped.txt, drops RS0017 ones from it,
# and sorts the file so that concurrent branches merge line by line. Review the diff: every line is a promise to
# package users; move lines to PublicAPI.Shipped.txt when a release ships them.
#   eng/update-public-api.sh            the whole solution
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# --no-incremental: analyzers report only on compile. -p:WarningsNotAsErrors keeps RS0016/RS0017 from stopping the build before every project has reported them.
dotnet build ElectionAudit.sln --no-incremental -nologo -p:WarningsNotAsErrors=RS0016%3BRS0017 -p:TreatWarningsAsErrors=false >"$log" 2>&1 || true
python3 - "$log" <<'PY'
import collections, os, re, sys
pattern = re.compile(r"(?:warning|error) (RS001[67]): Symbol '(.+?)' is (?:not part of the declared public API|part of the declared (?:public )?API, but is either not public or could not be found).*\[(.+?\.csproj)\]")
changes = collections.defaultdict(lambda: (set(), set()))
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    match = pattern.search(line)
    if match:
        rule, symbol, project = match.groups()
        changes[project][0 if rule == "RS0016" else 1].add(symbol)
for project, (added, removed) in sorted(changes.items()):
    path = os.path.join(os.path.dirname(project), "PublicAPI.Unshipped.txt")
    lines = set()
    if os.path.exists(path):
        lines = {l.rstrip("\n") for l in open(path, encoding="utf-8")} - {"#nullable enable", ""}
    lines = (lines | added) - removed
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("#nullable enable\n" + "".join(l + "\n" for l in sorted(lines)))
    print(f"{os.path.relpath(path)}: +{len(added)} -{len(removed)}")
if not changes:
    print("public API files are up to date")
PY
if grep -q "error CS" "$log"; then
  echo "the build has compile errors besides public API ones:" >&2
  grep "error CS" "$log" | sort -u | head -20 >&2
  exit 1
fi
