#!/usr/bin/env bash
# Builds the SharpFuzz harnesses, instruments ElectionAudit.Core.dll and ElectionAudit.Rules.dll, copies seeds from
# ../shared/corpus and the rule fixtures (never committed), and runs afl-fuzz on each harness for a fixed time. Usage:
#   fuzz/run.sh [SECONDS_PER_HARNESS] [HARNESS...]     (default: 10 seconds, every harness)
# Output per harness in fuzz/out/findings/<harness>/ (AFL++'s own layout: default/crashes, default/hangs, fuzzer_stats).
# Exits non-zero if any harness found a crash or a hang.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-10}"; shift || true
harnesses=("$@")
[ "${#harnesses[@]}" -gt 0 ] || harnesses=(nginx apache zone namedconf descriptor borgmatic resticprofile resticprofile-toml bacula pem scan)
corpus="${ELECTIONAUDIT_CORPUS:-../../shared/corpus}"
fixtures=../tests/ElectionAudit.Rules.Tests/Fixtures
out=out

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++"; exit 2; }
export PATH="$PATH:$HOME/.dotnet/tools"
dotnet tool restore >/dev/null  # finds fuzz/.config/dotnet-tools.json from here
dotnet build ElectionAudit.Fuzz -c Release -o "$out/bin" -nologo -clp:ErrorsOnly
# SharpFuzz rewrites the assemblies in place, adding AFL's edge-coverage calls; only the code under test is instrumented:
# our parsers, binders and rules, and the YAML and TOML libraries the descriptor, borgmatic and resticprofile harnesses
# parse through, so AFL++ also sees new paths inside them.
# In ElectionAudit.Core everything but the engine's rule-worker pool (BudgetedWorkers): its waiting thread runs beside the
# worker that runs the rules, and the edges the two threads made together differed from run to run of one input (the
# list comes from the harness: `ElectionAudit.Fuzz.dll --core-prefixes`, read before the assembly is rewritten).
mapfile -t core_prefixes < <(dotnet "$out/bin/ElectionAudit.Fuzz.dll" --core-prefixes)
dotnet tool run sharpfuzz "$out/bin/ElectionAudit.Core.dll" "${core_prefixes[@]}" >/dev/null
for assembly in ElectionAudit.Rules YamlDotNet Tomlyn; do
  dotnet tool run sharpfuzz "$out/bin/$assembly.dll" >/dev/null
done

# Seeds: the files of each harness's format, small ones only (AFL++ mutates small inputs far faster), 300 at most.
seed() { # harness, find arguments...
  local dir="$out/seeds/$1"; shift
  rm -rf "$dir"; mkdir -p "$dir"
  { [ -d "$corpus" ] && find "$corpus" "$@" -size -8k 2>/dev/null; [ -d "$fixtures" ] && find "$fixtures" "$@" -size -8k; } \
    | sort | awk 'NR <= 100' | while read -r f; do cp "$f" "$dir/$(echo "$f" | md5sum | cut -c1-12)"; done
  [ -n "$(ls -A "$dir")" ] || printf 'x\n' > "$dir/minimal"
}

# Seeds of the scan harness: an input is a selector byte (which file of the harness's repository it replaces, see
# ScanHarness.cs) then that file's bytes. The five fixed files themselves, then up to 12 rule fixtures and 8 corpus files
# per selector, each under 8 KiB, with the selector byte in front.
scan_seeds() {
  local dir="$out/seeds/scan"
  rm -rf "$dir"; mkdir -p "$dir"
  dotnet "$out/bin/ElectionAudit.Fuzz.dll" --scan-seeds "$dir"
  prefixed() { # selector, find arguments...
    local selector="$1"; shift
    { [ -d "$fixtures" ] && find "$fixtures" "$@" -size -8k | sort | awk 'NR <= 12'
      [ -d "$corpus" ] && find "$corpus" "$@" -size -8k 2>/dev/null | sort | awk 'NR <= 8'; true; } \
      | while read -r f; do { printf "\\x0$selector"; cat "$f"; } > "$dir/$selector-$(echo "$f" | md5sum | cut -c1-12)"; done
  }
  prefixed 0 \( -path '*nginx*' -o -name '*.conf' \) ! -path '*apache*' ! -name 'named*' ! -name '*.pem' -type f
  prefixed 1 -path '*apache*' ! -name '*.pem' -type f
  prefixed 2 \( -name '*.zone' -o -name 'db.*' \) -type f
  prefixed 3 -name 'named*.conf*' -type f
  prefixed 4 \( -name 'election.yml' -o -name '*.election.yml' \) -type f
}

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
status=0
for h in "${harnesses[@]}"; do
  case "$h" in
    nginx) seed "$h" -path '*nginx*' -type f ;;
    apache) seed "$h" -path '*apache*' -type f ;;
    zone) seed "$h" \( -path '*/dns/*' -o -name '*.zone' -o -name 'db.*' \) -type f ;;
    namedconf) seed "$h" \( -name 'named*.conf*' -o -path '*/dns/*' \) -type f ;;
    descriptor) seed "$h" \( -name '*.yml' -o -name '*.yaml' \) -path '*Fixtures*' -type f ;;
    borgmatic|resticprofile) seed "$h" \( -path '*borgmatic*' -o -path '*resticprofile*' \) \( -name '*.yml' -o -name '*.yaml' \) -type f ;;
    resticprofile-toml) seed "$h" -path '*resticprofile*' \( -name '*.toml' -o -name '*.conf' \) -type f ;;
    bacula) seed "$h" \( -ipath '*bacula*' -o -name 'bacula-*.conf' \) -type f ;;
    pem) seed "$h" \( -name '*.pem' -o -name '*.crt' \) -type f ;;
    scan) scan_seeds ;;
    *) echo "unknown harness $h"; exit 2 ;;
  esac
  # Template seeds (Jinja2 / Go template actions, one in a comment that runs on past its line): the fixtures and the
  # corpus hold few, and session 19's nginx crash was in the template search.
  case "$h" in
    nginx) printf 'server {\n  listen 80; # {{ managed }}\n  {%% if tls %%}\n  return 301 https://{{ host }}$request_uri;\n  {%% endif %%}\n}#{{ x }}\rx\n' > "$out/seeds/$h/template" ;;
    namedconf) printf 'zone "{{ zone }}" {\n  type master; /* {{ a }}\n  */ file "db.{{ zone }}";\n};\n' > "$out/seeds/$h/template" ;;
    zone) printf '$TTL 3600\n@ IN SOA ns1 hostmaster {{ serial }} 7200 3600 1209600 3600 ; {{ note }}\n{%% for h in hosts %%}\n{{ h.name }} IN A {{ h.ip }}\n{%% endfor %%}\n' > "$out/seeds/$h/template" ;;
    apache) printf '<VirtualHost *:443>\n  ServerName {{ name }}\n  {%% if tls %%}\n  SSLEngine on\n  {%% endif %%}\n</VirtualHost>\n' > "$out/seeds/$h/template" ;;
    scan) printf '\000server {\n  listen 443 ssl; # {{ x }}\n  server_name results.example.nl;\n  {%% if hsts %%}\n  add_header Strict-Transport-Security "max-age={{ age }}";\n  {%% endif %%}\n}\n' > "$out/seeds/$h/0-template" ;;
  esac
  rm -rf "$out/findings/$h"; mkdir -p "$out/findings"
  echo "== $h: $(ls "$out/seeds/$h" | wc -l) seeds, ${seconds}s"
  afl-fuzz -i "$out/seeds/$h" -o "$out/findings/$h" -t 10000 -V "$seconds" -- dotnet "$out/bin/ElectionAudit.Fuzz.dll" "$h" >"$out/findings/$h.log" 2>&1 || true
  stats="$out/findings/$h/default/fuzzer_stats"
  if [ -f "$stats" ]; then
    # since_last_find: seconds between the last new path and the end of the run; a plateau shows as a large share of run_time.
    awk -F' *: *' '/^(execs_done|corpus_count|saved_crashes|saved_hangs|edges_found|run_time|cycles_done)/ { printf "%s=%s ", $1, $2 }
                   /^last_update/ { u = $2 } /^last_find/ { l = $2 } /^start_time/ { s = $2 }
                   END { if (l == 0) l = s; printf "since_last_find=%d\n", u - l }' "$stats"
    crashes=$(awk -F' *: *' '/^saved_crashes/ { print $2 }' "$stats"); hangs=$(awk -F' *: *' '/^saved_hangs/ { print $2 }' "$stats")
    [ "${crashes:-0}" -eq 0 ] && [ "${hangs:-0}" -eq 0 ] || status=1
  else
    echo "afl-fuzz did not start for $h:"; tail -20 "$out/findings/$h.log"; status=1
  fi
done
exit $status
