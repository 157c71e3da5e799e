#!/usr/bin/env bash
# Writes four repositories of files that include each other many times over, one per format whose server reads a file
# again at each include of it: each of f0 to f(N-1) includes the next file three times, so the main file stands for 3^N
# readings of the last one. Before session 26 a scan of any of them never ended; now each is cut at the bound on reading
# again (rules-docs/EA0003.md). Usage: bash bench/include-diamonds.sh OUT [N]   (N = 20 by default)
#   then: /usr/bin/time -f '%e s %M KB' electionaudit scan OUT/nginx --fail-on none   (and OUT/apache, OUT/zone, OUT/named)
set -euo pipefail
out=${1:?usage: include-diamonds.sh OUT [N]}
n=${2:-20}
mkdir -p "$out/nginx" "$out/apache" "$out/zone" "$out/named"

chain() { # folder extension line-format leaf
  local folder=$1 extension=$2 format=$3 leaf=$4 i
  for ((i = 0; i < n; i++)); do
    printf "$format$format$format" $((i + 1)) $((i + 1)) $((i + 1)) > "$folder/f$i.$extension"
  done
  printf '%s\n' "$leaf" > "$folder/f$n.$extension"
}

printf 'events {}\nhttp {\n    include f0.conf;\n}\n' > "$out/nginx/nginx.conf"
chain "$out/nginx" conf 'include f%d.conf;\n' 'server_tokens off;'

printf 'ServerRoot "/etc/apache2"\nListen 80\nInclude f0.conf\n' > "$out/apache/apache2.conf"
chain "$out/apache" conf 'Include f%d.conf\n' 'ServerTokens Prod'

printf '$ORIGIN example.org.\n$TTL 3600\n@ IN SOA ns1 host 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.1\n$INCLUDE f0.inc\n' > "$out/zone/db.example.org"
chain "$out/zone" inc '$INCLUDE f%d.inc\n' 'www IN A 192.0.2.2'

printf 'options { directory "/var/cache/bind"; };\ninclude "f0.conf";\n' > "$out/named/named.conf"
chain "$out/named" conf 'include "f%d.conf";\n' 'acl internal { 10.0.0.0/8; };'
