#!/usr/bin/env bash
# Runs every test: unit tests (surefire, *Test) and integration tests (failsafe, *IT: a real
# S3 server process, CLI processes sharing one lakehouse), plus the formatting check.
# Installs what the tests need from Debian's packages when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
start=$(date +%s)

need_apt=()
command -v python3 >/dev/null || need_apt+=(python3)
# The report's browser check (headless Chromium) and the notebooks' nbformat validation.
command -v chromium >/dev/null || need_apt+=(chromium)
/usr/bin/python3 -c 'import nbformat' 2>/dev/null || need_apt+=(python3-nbformat)
# drift statistics are checked against scipy's (scoring DriftStatisticsTest)
python3 -c "import scipy" 2>/dev/null || need_apt+=(python3-scipy)
if ((${#need_apt[@]})); then
  echo "ci: installing ${need_apt[*]} from Debian's packages"
  if [[ $(id -u) == 0 ]]; then apt-get update -qq && apt-get install -y -qq "${need_apt[@]}"; else
    sudo apt-get update -qq && sudo apt-get install -y -qq "${need_apt[@]}"; fi
fi

mvn -B verify "$@"
echo "ci: all tests passed in $(( $(date +%s) - start )) s"
