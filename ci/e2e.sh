#!/usr/bin/env bash
# Stage 5, end to end: ./ballast demo on a fresh lakehouse, then its gates and outputs checked with
# ./ballast sql: the injected quality incident fails its gate on exactly that day, the feature
# tables hold one row per transaction, the model is registered, the last day ran the whole daily
# graph through the local runner.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
lh="$(pwd)/target/ci-e2e-lakehouse"
rm -rf "$lh"
mkdir -p target
# The demo as a user first runs it: no size flags (30,000 rows over 14 days after 40 warm-up
# days). It exits 4 when one of its own expectations (its verdict table) is not met. The ITs copy
# this lakehouse, or run the same demo when run alone (DemoLakehouse.DEMO): keep them alike.
# shellcheck disable=SC2086
./ballast --lakehouse "$lh" demo ${CI_E2E_ROWS:+--rows $CI_E2E_ROWS} | tee target/ci-e2e-demo.log

failures=0
# Drift detection must be at least this good on the demo, in percent (measured 2026-12-06 at
# 30,000 rows, 14 days, 40 warm-up days: precision 84, recall 78, since p-values decide only where
# both sides hold at most drift.pvalue_max_rows rows (now: the effective sample size R T / (R + T),
# about 1,750 against the baseline there, so the same decisions; not re-measured); before that rule: precision 78, recall 85,
# the extra false positives being day-of-week effects that KS flags at a few thousand rows a day).
E2E_MIN_PRECISION=70
E2E_MIN_RECALL=75
# expect NAME VALUE EXPECTATION: VALUE must be an integer satisfying the test expression
# EXPECTATION on it (e.g. '-gt 0').
expect() {
  local name=$1 v=$2 expectation=$3
  # shellcheck disable=SC2086
  if [[ "$v" =~ ^-?[0-9]+$ ]] && [ "$v" $expectation ]; then
    echo "e2e ok:     $name ($v)"
  else
    echo "e2e FAILED: $name: got '$v', expected $expectation"
    failures=$((failures + 1))
  fi
}
# check NAME SQL EXPECTATION: queues a check whose SQL gives one integer; run_checks then asks
# every queued query in one `ballast sql` (one JVM and Spark session, not one a check) and tests
# each value as expect does.
names=()
queries=()
expectations=()
check() {
  names+=("$1")
  queries+=("$2")
  expectations+=("$3")
}
run_checks() {
  local select="SELECT" i
  if ((${#queries[@]} == 0)); then
    echo "e2e FAILED: no checks queued"
    failures=$((failures + 1))
    return
  fi
  for i in "${!queries[@]}"; do
    ((i > 0)) && select+=","
    select+=$'\n'"  (${queries[$i]}) AS c$i"
  done
  local values
  values="$(./ballast --lakehouse "$lh" sql "$select" --format csv | tail -n 1 || true)"
  IFS=, read -r -a got <<<"$values"
  for i in "${!queries[@]}"; do
    expect "${names[$i]}" "${got[$i]:-}" "${expectations[$i]}"
  done
}

check "the quality incident day failed the transactions gate" \
  "SELECT count(*) FROM ballast.quality_results r JOIN ballast.injected_faults f
     ON r.ds = f.first_day AND r.table_name = f.table_name
   WHERE f.fault = 'quality_incident' AND r.status = 'failed' AND lower(r.severity) = 'error'" '-gt 0'
check "no other transactions day failed an error check" \
  "SELECT count(*) FROM ballast.quality_results
   WHERE table_name = 'transactions' AND status = 'failed' AND lower(severity) = 'error'
     AND ds NOT IN (SELECT first_day FROM ballast.injected_faults WHERE fault = 'quality_incident')" '-eq 0'
check "customer_features holds one row per transaction (warm-up days included)" \
  "SELECT (SELECT count(*) FROM ballast.transactions) - (SELECT count(*) FROM ballast.customer_features)" '-eq 0'
check "merchant_features holds rows for every day (14 demo days and 40 warm-up days)" \
  "SELECT count(DISTINCT ds) FROM ballast.merchant_features" '-eq 54'
check "fraud_model is registered with an alias" \
  "SELECT count(*) FROM ballast.model_aliases WHERE model_name = 'fraud_model'" '-gt 0'
check "the training run recorded its parameters" \
  "SELECT count(*) FROM ballast.run_params" '-gt 0'
check "the first model was validated and promoted to champion" \
  "SELECT count(*) FROM ballast.model_aliases WHERE model_name = 'fraud_model' AND alias = 'champion'" '-eq 1'
check "the retrain after the concept drift was promoted: version 2 champion, version 1 previous" \
  "SELECT count(*) FROM ballast.model_aliases WHERE model_name = 'fraud_model'
     AND ((alias = 'champion' AND version = 2) OR (alias = 'previous' AND version = 1))" '-eq 2'
check "the retrain trained on the labels from the concept drift's first day on" \
  "SELECT count(*) FROM ballast.run_params p JOIN ballast.injected_faults f
     ON f.fault = 'concept_drift' AND p.value LIKE concat(f.first_day, '..%')
   WHERE p.key = 'train_window'" '-eq 1'
check "every day after training was scored, one prediction per payment" \
  "SELECT (SELECT count(*) FROM ballast.transactions WHERE ds > '2026-01-07')
        - (SELECT count(*) FROM ballast.card_fraud_predictions WHERE NOT shadow)" '-eq 0'
check "drift flags merchant_category from the distribution shift's day" \
  "SELECT count(*) FROM ballast.drift d JOIN ballast.injected_faults f
     ON f.fault = 'distribution_shift' AND d.ds >= f.first_day
   WHERE d.feature = 'merchant_category' AND d.drifted AND d.comparison = 'baseline'
     AND d.slice = 'all'" '-gt 0'
check "the last day ran the whole daily graph (10 tasks) through the local runner" \
  "SELECT count(DISTINCT task) FROM ballast.pipeline_task_runs
   WHERE status = 'SUCCESS' AND ds = (SELECT max(ds) FROM ballast.transactions)" '-eq 10'
check "the last day's drift came from the daily graph's drift task" \
  "SELECT count(*) FROM ballast.drift WHERE ds = (SELECT max(ds) FROM ballast.transactions)" '-gt 0'
run_checks
# The demo prints how well drift flagged the injected faults over (day, feature) pairs.
detection=$(grep -o 'precision [0-9.]*, recall [0-9.]*' target/ci-e2e-demo.log | head -n 1 || true)
percent() { awk -v x="$1" 'BEGIN { if (x == "") print "none"; else printf "%d", x * 100 + 0.5 }'; }
expect "drift detection precision vs the injected faults, % ($detection)" \
  "$(percent "$(echo "$detection" | awk '{print $2}' | tr -d ,)")" "-ge $E2E_MIN_PRECISION"
expect "drift detection recall vs the injected faults, %" \
  "$(percent "$(echo "$detection" | awk '{print $4}')")" "-ge $E2E_MIN_RECALL"
expect "the report was written" "$(test -s "$lh/report.html" && echo 1 || echo 0)" '-eq 1'

if ((failures)); then
  echo "e2e: $failures check(s) failed; the lakehouse is kept at $lh"
  exit 1
fi
echo "e2e: all checks passed"
