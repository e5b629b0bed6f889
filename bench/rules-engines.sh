#!/usr/bin/env bash
# Drools' executable model (drools-model-codegen: constraints compiled to Java lambdas, ExecModelPack)
# against the mvel engine the service uses: µs per decision in RulesBenchmark, same facts, for the
# shipped pack, the empty pack and 300 generated rules of the shapes the executable model compiles
# (SHAPES=simple: amounts, hour bands, young devices; no accumulate). For each executable-model pack the
# benchmark first compares its answers (score and reasons) with mvel's on all 1,024 fact sets. A pack the
# executable model refuses is reported with its number of compile errors instead of a time.
# Usage: bench/rules-engines.sh   -> bench/results/rules-engines.json
source "$(dirname "$0")/lib.sh"
jmh_opts=${JMH_OPTS:--f 1 -wi 3 -w 3s -i 5 -r 3s}
ensure_tools; build_jars
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
packs=bench/out/packs
java -cp "$BENCH_CP" dev.riskgate.bench.GeneratedPack 0 "$packs/gen-0" rules
java -cp "$BENCH_CP" dev.riskgate.bench.GeneratedPack 300 "$packs/gen-simple-300" rules simple

before=$(loadavg)
sample_foreign_cpu 60 "$work/foreign"
# shellcheck disable=SC2086
taskset -c "$SERVICE_CPU" java -Xmx2g -cp "$BENCH_CP" org.openjdk.jmh.Main RulesBenchmark $jmh_opts \
  -p pack=rules,$packs/gen-0,$packs/gen-simple-300 -p engine=mvel,exec -rf json -rff "$work/jmh.json" \
  >bench/out/jmh-engines.log 2>&1 || true
wait "$FOREIGN_PID"
cp "$work/jmh.json" bench/out/jmh-engines.json 2>/dev/null || true
meta=$(meta_json "$before" "$(cat "$work/foreign" 2>/dev/null || echo null)")
# Per benchmark run (JMH prints "# Parameters: (engine = exec, pack = rules)" before each): did its answers
# match mvel's, and was the pack refused.
notes=$(awk '
  /^# Parameters:/ { if (key) print key "\t" differ "\t" refused; key = $0; sub(/.*\(/, "", key); sub(/\).*/, "", key); differ = "null"; refused = "null" }
  /answers differ from mvel on/ { differ = $(NF - 4) }
  /RulePackRejected: [0-9]+ error/ { refused = $0; sub(/.*RulePackRejected: /, "", refused); sub(/ error.*/, "", refused) }
  END { if (key) print key "\t" differ "\t" refused }' bench/out/jmh-engines.log |
  jq -R -s '[split("\n")[] | select(length > 0) | split("\t") | {key: .[0], differ: (.[1] | fromjson), compile_errors: (.[2] | fromjson)}]')
jq -n --argjson notes "$notes" --argjson meta "$meta" --arg opts "$jmh_opts" --slurpfile jmh "$work/jmh.json" '
  def packname: if . == "rules" then "shipped" elif endswith("gen-0") then "empty (one trivial rule)" else "300 generated, no accumulate" end;
  {figure: "rules-engines", jmh_options: $opts, meta: $meta,
   runs: [$notes[] | (.key | capture("engine = (?<engine>[a-z]+), pack = (?<pack>.+)")) as $k
          | . as $n | ([$jmh[0][] | select(.params.engine == $k.engine and .params.pack == $k.pack)] | first) as $r
          | {pack: ($k.pack | packname), engine: $k.engine,
             us_per_decision: (if $r then ($r.primaryMetric.score * 100 | round / 100) else null end),
             answers_differ_of_1024: $n.differ, compile_errors: $n.compile_errors}]}' | tee "$RESULTS/rules-engines.json"
