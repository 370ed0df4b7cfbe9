#!/usr/bin/env bash
# The slowest test classes of the last runs, from surefire's and failsafe's XML reports
# (*/target/{surefire,failsafe}-reports/TEST-*.xml): seconds, stage, class. Default: ten.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
n=${1:-10}
shopt -s nullglob
for f in */target/surefire-reports/TEST-*.xml */target/failsafe-reports/TEST-*.xml; do
  kind=unit
  [[ $f == */failsafe-reports/* ]] && kind=integration
  # the <testsuite ...> element's name and time attributes
  head -n 2 "$f" | tr ' ' '\n' | awk -v kind="$kind" -F'"' '
    $1 == "name=" && !name { name = $2 }
    $1 == "time=" && !time { time = $2 }
    END { if (name != "") printf "%8.1f s  %-11s %s\n", time, kind, name }'
done | sort -rn | head -n "$n"
