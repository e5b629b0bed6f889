#!/usr/bin/env bash
# The collector, chosen by measurement (issue 16): the same service, the same load, one collector and heap
# shape at a time. Per configuration: a fresh embedded store, riskgate pinned to SERVICE_CPU (one core),
# a closed-loop wrk run (32 connections, 10 s warm-up, SECONDS measured) and an open-loop run at RATE req/s
# (OpenLoop: latency from the intended send time, 10 s warm-up, SECONDS measured), then the stop-the-world
# pauses over the whole life of the process, from the safepoint log (the same measure for every collector:
# ZGC's pauses are safepoint operations too): count, total and longest. ZGC runs on the Temurin 25 JDK when it
# is installed (generational ZGC is its only mode there); the others on the default java.
# ZGC runs on JDK 17 too (single-generation ZGC there), since moving the service to 25 has a price of its own.
# G1's young pauses are split into their phases from its log: "object copy" (evacuating what survives) and
# "heap roots" (scanning old regions' references into the young ones), summed over the process's life.
# Usage: bench/collectors.sh [seconds=20] [rate=2000]   -> bench/results/collectors.json
#        COLLECTORS="serial g1" bench/collectors.sh   runs only the named configurations, replacing their
#                                                     rows in the result file and keeping the others
#        BENCH_SERVICE_CPU=0,1 bench/collectors.sh    the service on both cores (the load generators share
#                                                     them)  -> bench/results/collectors-2cores.json
source "$(dirname "$0")/lib.sh"
secs=${1:-20}; rate=${2:-2000}
ensure_tools; build_jars
work=$(mktemp -d); port=18184
out=collectors.json; [[ $SERVICE_CPU == *[,-]* ]] && out=collectors-2cores.json
trap 'stop_pid "${SERVICE_PID:-}"; rm -rf "$work"' EXIT
jdk25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java

configs=(
  "serial|java|-XX:+UseSerialGC"
  "serial-young-64m|java|-XX:+UseSerialGC -Xmn64m"
  "parallel-young-64m|java|-XX:+UseParallelGC -Xmn64m"
  "g1|java|-XX:+UseG1GC"
  "g1-pause-5ms|java|-XX:+UseG1GC -XX:MaxGCPauseMillis=5"
  "g1-pause-5ms-tenure-1|java|-XX:+UseG1GC -XX:MaxGCPauseMillis=5 -XX:MaxTenuringThreshold=1"
  "g1-young-128m|java|-XX:+UseG1GC -XX:MaxGCPauseMillis=5 -Xmn128m"
  "zgc-jdk17|java|-XX:+UseZGC"
)
[ -x "$jdk25" ] && configs+=("zgc-jdk25|$jdk25|-XX:+UseZGC")

# Stop-the-world pauses from a -Xlog:safepoint log ("Safepoint "X", ..., Total: N ns"): count, total ms,
# longest ms; GC pauses are the safepoints whose operation names a collection.
gc_pauses() {
  grep -o 'Safepoint "[A-Za-z0-9_]*".*Total: [0-9]* ns' "$1" | sed -E 's/Safepoint "([A-Za-z0-9_]*)".*Total: ([0-9]*) ns/\1 \2/' |
    awk '{ ms = $2 / 1e6; n++; t += ms; if (ms > m) m = ms
           if ($1 ~ /GC|Collect|^Z|G1|Young|Full/) { g++; gt += ms; if (ms > gm) gm = ms } }
         END { printf "{\"safepoints\":%d,\"stopped_total_ms\":%.1f,\"stopped_max_ms\":%.2f,\"gc_pauses\":%d,\"gc_pause_total_ms\":%.1f,\"gc_pause_max_ms\":%.2f}", n, t, m, g, gt, gm }'
}

# G1's phase totals (ms) from a -Xlog:gc+phases=debug log; zeros for the other collectors.
g1_phases() {
  awk '/Object Copy \(ms\)/ { for (i = 1; i <= NF; i++) if ($i == "Sum:") c += $(i + 1) }
       /Scan Heap Roots \(ms\)/ { for (i = 1; i <= NF; i++) if ($i == "Sum:") r += $(i + 1) }
       END { printf "{\"object_copy_ms\":%.1f,\"heap_roots_ms\":%.1f}", c, r }' "$1"
}

runs=()
for c in "${configs[@]}"; do
  IFS='|' read -r name javabin opts <<<"$c"
  if [ -n "${COLLECTORS:-}" ] && [[ " $COLLECTORS " != *" $name "* ]]; then continue; fi
  echo "collector $name: $opts" >&2
  rm -rf "$work/data"; mkdir -p "$work/data"
  SERVICE_JAVA=$javabin SERVICE_JVM_OPTS="$opts -Xlog:safepoint:file=$work/gc.log -Xlog:gc+phases=debug:file=$work/phases.log" start_riskgate $port "$work/data" rules
  wait_healthy $port "" "$SERVICE_PID" >/dev/null
  before=$(loadavg)
  wrk_json "http://127.0.0.1:$port" 10 32 >/dev/null
  closed=$(wrk_json "http://127.0.0.1:$port" "$secs" 32)
  open=$(taskset -c "$LOAD_CPU" java -Xmx512m -cp "$BENCH_CP" dev.riskgate.bench.OpenLoop \
        "http://127.0.0.1:$port" "$rate" "$secs" 10 64 10 50000 2>>bench/out/collectors.err)
  rss=$(rss_kib "$SERVICE_PID")
  stop_pid "$SERVICE_PID"; SERVICE_PID=
  runs+=("$(jq -n -c --arg name "$name" --arg opts "$opts" --argjson closed "${closed:-null}" --argjson open "${open:-null}" \
      --argjson gc "$(gc_pauses "$work/gc.log")" --argjson phases "$(g1_phases "$work/phases.log")" --argjson rss "$rss" --argjson meta "$(meta_json "$before")" \
      '{name: $name, jvm_opts: $opts, closed_loop: $closed, open_loop: $open, gc: ($gc + $phases), rss_kib: $rss} + $meta')")
done
# A partial run (COLLECTORS) replaces its configurations' rows and keeps the rest, in the order above.
earlier='[]'
if [ -n "${COLLECTORS:-}" ] && [ -f "$RESULTS/$out" ]; then earlier=$(jq -c '.runs' "$RESULTS/$out"); fi
order=$(printf '%s\n' "${configs[@]}" | cut -d'|' -f1 | jq -R . | jq -s -c .)
printf '%s\n' "${runs[@]}" | jq -s --argjson secs "$secs" --argjson rate "$rate" --arg cpus "$SERVICE_CPU" \
  --argjson earlier "$earlier" --argjson order "$order" \
  '. as $new | ($new | map(.name)) as $names
   | ($earlier | map(select(.name as $n | $names | index($n) | not))) + $new
   | sort_by(.name as $n | $order | index($n) // 99)
   | {figure: "collectors", seconds: $secs, open_loop_rate: $rate, connections: 32, service_cpus: $cpus, runs: .}' | tee "$RESULTS/$out"
