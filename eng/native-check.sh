#!/usr/bin/env bash
# The native (Native AOT) build of the electionaudit command: publish it, and check that it reports exactly what the JIT
# build reports. CI runs it from .ci/run after the JIT scan of samples/ (README, install; bench/README.md, start-up).
#   bash eng/native-check.sh [JIT_COMMAND]
#   NATIVE=bench/out/startup-native/electionaudit bash eng/native-check.sh   # compare an executable already published
# JIT_COMMAND defaults to the Debug build CI has just built. The samples are scanned by both builds to SARIF, JSON and text
# with the same options; the files must be byte for byte the same. Then a plugin must be refused with exit code 2 and a
# message naming the JIT build. The publish needs clang and zlib1g-dev (Debian) and takes a few minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rid=linux-x64
case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; esac
jit=${1:-src/ElectionAudit.Cli/bin/Debug/net10.0/electionaudit}
[ -x "$jit" ] || dotnet build src/ElectionAudit.Cli -nologo -clp:ErrorsOnly >/dev/null
out=out/native
rm -rf "$out" && mkdir -p "$out"
native=${NATIVE:-}
if [ -z "$native" ]; then
  start=$SECONDS
  dotnet publish src/ElectionAudit.Cli -c Release -r "$rid" -p:PublishAot=true -o "$out/bin" -nologo -clp:ErrorsOnly -warnaserror >/dev/null
  echo "native publish: $((SECONDS - start)) s, $(du -k "$out/bin/electionaudit" | cut -f1) kB"
  native=$out/bin/electionaudit
fi

status=0
# --as-of fixes the date that date-relative rules judge by, so the two runs cannot straddle midnight.
scan() { # scan COMMAND NAME: the samples in three formats, into out/native/NAME.*
  set +e
  "$1" scan samples --as-of 2027-03-01 --format "sarif=$out/$2.sarif" --format "json=$out/$2.json" --format "text=$out/$2.txt" 2>"$out/$2.stderr"
  echo $? >"$out/$2.exit"
  set -e
}
scan "$jit" jit
scan "$native" native
for file in sarif json txt stderr exit; do
  if ! cmp -s "$out/jit.$file" "$out/native.$file"; then
    echo "the native build's $file output differs from the JIT build's:"
    diff "$out/jit.$file" "$out/native.$file" | head -20 || true
    status=1
  fi
done
[ "$(cat "$out/jit.exit")" -le 1 ] || { echo "the JIT scan failed with exit code $(cat "$out/jit.exit")"; status=1; }
[ "$status" -ne 0 ] || echo "native and JIT builds: identical SARIF, JSON, text and exit code ($(cat "$out/jit.exit")) for samples/"

set +e
message=$("$native" scan samples --plugin plugins/NationalRules.dll 2>&1 >/dev/null)
code=$?
set -e
if [ "$code" -ne 2 ] || [[ "$message" != *"native (ahead-of-time compiled) build, which cannot load rule plugins"*"dotnet tool install --global ElectionAudit.Cli"* ]]; then
  echo "the native build should refuse a plugin with exit code 2 and name the JIT build; it exited $code with: $message"
  status=1
else
  echo "native build refuses a plugin: exit code 2"
fi
exit "$status"
