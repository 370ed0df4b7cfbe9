#!/usr/bin/env bash
# The project's CI (the README's test command; .ci/run execs it): installs what tests need from
# Debian's packages when missing, checks formatting, then runs every stage in order and prints
# each stage's time. Each stage is also runnable alone: ci/build.sh, ci/unit.sh,
# ci/integration.sh, ci/cluster.sh, ci/e2e.sh (see ci/README.md).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
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

times=()
# Each stage's time and the slowest test classes, printed at the end, also when a stage fails:
# the budget stays visible to whoever adds the next test (CI stops at 90 minutes; aim at 40).
summary() {
  local rc=$?
  echo "== ci: stage times"
  printf '%s\n' "${times[@]}"
  echo "== ci: the ten slowest test classes"
  ./ci/slowest.sh 10 || true
  if ((rc == 0)); then
    echo "ci: all stages passed in $(($(date +%s) - start)) s"
  else
    echo "ci: FAILED (exit $rc) after $(($(date +%s) - start)) s"
  fi
}
trap summary EXIT
stage() {
  local name=$1 t0
  t0=$(date +%s)
  echo "== ci: $name"
  "./ci/$name.sh"
  times+=("$(printf '%-12s %5d s' "$name" $(($(date +%s) - t0)))")
}

t0=$(date +%s)
echo "== ci: format"
"${MVN[@]}" -q spotless:check
times+=("$(printf '%-12s %5d s' format $(($(date +%s) - t0)))")
# e2e before integration: the ITs that query a finished demo (notebooks, SQL server, the crash
# and concurrent-writer tests) work on copies of the e2e stage's lakehouse, checked by then,
# instead of running a demo of their own (one demo per CI run; jobs/.../it/DemoLakehouse.java).
for s in build unit e2e; do
  stage "$s"
done
export BALLAST_IT_DEMO_LAKEHOUSE="$PWD/target/ci-e2e-lakehouse"
for s in integration cluster; do
  stage "$s"
done
