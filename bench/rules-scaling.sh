#!/usr/bin/env bash
# Rules: µs per decision in RulePack.evaluate (JMH 1.37, RulesBenchmark) for the shipped pack, the empty
# pack (one trivial rule) and generated packs of 30, 300 and 3,000 rules (GeneratedPack: shipped style,
# @family and parameters), all on the same realistic facts built through the real scoring path. Then the
# service's closed-loop throughput (32 connections, varied.lua) with the shipped pack and with 3,000
# generated rules (scenario gate off for the generated pack: its answers are not the shipped ones).
# JMH and the service are pinned to core 1, wrk to core 0.
# Usage: bench/rules-scaling.sh [http seconds=20]   -> bench/results/rules.json
# JMH_OPTS overrides the JMH run's options (default: 1 fork, 3 x 3 s warm-up, 5 x 3 s measured).
source "$(dirname "$0")/lib.sh"
secs=${1:-20}
jmh_opts=${JMH_OPTS:--f 1 -wi 3 -w 3s -i 5 -r 3s}
ensure_tools; build_jars
work=$(mktemp -d)
trap 'stop_pid "${SERVICE_PID:-}"; rm -rf "$work"' EXIT
packs=bench/out/packs
for n in 0 30 300 3000; do
  java -cp "$BENCH_CP" dev.riskgate.bench.GeneratedPack "$n" "$packs/gen-$n" rules
done

echo "JMH: shipped, empty, 30, 300, 3000 rules" >&2
before=$(loadavg)
sample_foreign_cpu 60 "$work/foreign"
# shellcheck disable=SC2086
taskset -c "$SERVICE_CPU" java -Xmx2g -cp "$BENCH_CP" org.openjdk.jmh.Main RulesBenchmark $jmh_opts \
  -p pack=rules,$packs/gen-0,$packs/gen-30,$packs/gen-300,$packs/gen-3000 -rf json -rff "$work/jmh.json" \
  >bench/out/jmh.log 2>&1
wait "$FOREIGN_PID"
facts=$(grep -m1 -o 'facts per decision: [0-9.]*' bench/out/jmh.log | grep -o '[0-9.]*$' || echo null)
jmh_meta=$(meta_json "$before" "$(cat "$work/foreign" 2>/dev/null || echo null)")
shipped_rules=$(cat rules/*.drl | grep -c '^rule ')
jmh=$(jq --argjson shipped "$shipped_rules" '[.[] | {pack: .params.pack,
        rules: (if .params.pack == "rules" then $shipped else (.params.pack | capture("gen-(?<n>[0-9]+)").n | tonumber | if . == 0 then 1 else . end) end),
        label: (if .params.pack == "rules" then "shipped" elif (.params.pack | endswith("gen-0")) then "empty (one trivial rule)" else "generated" end),
        us_per_decision: (.primaryMetric.score * 100 | round / 100),
        error_us: (.primaryMetric.scoreError | if type == "number" then (. * 100 | round / 100) else null end)}]' "$work/jmh.json")

http_run() {  # label rules-dir cases-dir
  local before foreign res
  RISKGATE_CASES_DIR=$3 start_riskgate 18184 "$work/data-$1" "$2"
  wait_healthy 18184 "" "$SERVICE_PID" >/dev/null
  echo "service with $1: warm-up 10 s, then ${secs} s at 32 connections" >&2
  wrk_json http://127.0.0.1:18184 10 32 >/dev/null
  before=$(loadavg)
  sample_foreign_cpu $((secs / 2)) "$work/foreign" "$SERVICE_PID"
  res=$(wrk_json http://127.0.0.1:18184 "$secs" 32)
  wait "$FOREIGN_PID"
  stop_pid "$SERVICE_PID"; SERVICE_PID=
  echo "$res" | jq --arg name "$1" --argjson meta "$(meta_json "$before" "$(cat "$work/foreign" 2>/dev/null || echo null)")" \
    '{label: $name} + . + $meta'
}
shipped_http=$(http_run shipped rules test-cases)
gen_http=$(http_run "3000 generated rules" "$packs/gen-3000" none)

jq -n --argjson jmh "$jmh" --argjson meta "$jmh_meta" --argjson facts "${facts:-null}" --arg opts "$jmh_opts" --argjson a "$shipped_http" --argjson b "$gen_http" \
  '{figure: "rules", jmh_options: $opts, facts_per_decision: $facts, jmh: $jmh, jmh_meta: $meta, http: [$a, $b],
    ratio_3000_to_shipped_rps: (($b.ok_rps / $a.ok_rps) * 1000 | round / 1000)}' | tee "$RESULTS/rules.json"
