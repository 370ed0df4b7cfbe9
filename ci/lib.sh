#!/usr/bin/env bash
# Shared by the ci/ stage scripts: strict mode, the repo root as working directory, and Maven
# flags every stage uses. Source it; do not run it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
MVN=(mvn -B)
# Extra Maven flags for every stage, e.g. CI_MVN_FLAGS="-o" to build offline.
# shellcheck disable=SC2206
MVN+=(${CI_MVN_FLAGS:-})

# A failsafe run of only the integration tests matching $1 (surefire's unit tests skipped);
# further arguments go to Maven.
run_its() {
  local pattern=$1
  shift
  "${MVN[@]}" verify -Dspotless.check.skip \
    -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test="$pattern" -Dfailsafe.failIfNoSpecifiedTests=false "$@"
}
