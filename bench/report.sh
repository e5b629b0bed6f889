#!/usr/bin/env bash
# Regenerates docs/benchmarks.md from the result files in bench/results/ (written by the figure scripts).
# Runs nothing else: re-run a figure's script to refresh its numbers, then this.
# Usage: bench/report.sh [results dir=bench/results] [out=docs/benchmarks.md]
set -euo pipefail
cd "$(dirname "$0")/.."
res=${1:-bench/results}; out=${2:-docs/benchmarks.md}
command -v jq >/dev/null || { echo "report.sh: jq required (apt-get install jq)" >&2; exit 1; }

# A figure's section, or a line saying how to produce it. Args: file jq-program.
section() {
  if [ -f "$res/$1" ]; then jq -r "$2" "$res/$1"; else echo "_Not measured yet: run the command above._"; fi
}
# Shared jq helpers: milliseconds from µs, the load note of a run.
defs='def ms: if . >= 1000000 then "\((. / 10000 | round) / 100) s" else "\((. / 10 | round) / 100) ms" end;
      def contended: if .foreign_cpu_pct != null then .foreign_cpu_pct > 10 else .loadavg_before > 0.5 end;
      def load: "load \(.loadavg_before) → \(.loadavg_after), others \(.foreign_cpu_pct // "?")% CPU\(if contended then ", **contended**" else "" end)";
      def num: tostring as $s | if ($s | test("^[0-9]+$")) then ($s | [.[0:(length % 3)], (.[(length % 3):] | scan("..."))] | map(select(length > 0)) | join(",")) else $s end;
      def us: if type == "number" and . >= 1000 then (round | num) else tostring end;
      def hit(ok): if ok then "met" else "**missed**" end;
      def feature_cost: if .feature == null then "_Measured by an older script: re-run the command above._" else
        "| \(.feature) | decisions/s | p99 | open loop at \(.runs[0].open_rate // "–")/s: p50 | p99 | p99.9 | alerts queued | alerts delivered | load before → after |",
        "|---|---|---|---|---|---|---|---|---|",
        (.runs[] | "| \(.state) | \(.ok_rps | round | num) | \(.p99_us | ms) | \(if .open_p50_us then (.open_p50_us | ms) else "–" end) | \(if .open_p99_us then (.open_p99_us | ms) else "–" end) | \(if .open_p999_us then (.open_p999_us | ms) else "–" end) | \(.alerts_queued | num) | \(.alerts_delivered | num) | \(.loadavg_before) → \(.loadavg_after) |"),
        "",
        "Ratio of the means, on ÷ off: **\(.ratio_rps)**; \(.seconds) s measured per run; measured \(.at), commit \(.commit).",
        (if ([.runs[].loadavg_before] | max) > 1 then "\n**Contended**: other processes kept the load average above 1 (up to \([.runs[].loadavg_before, .runs[].loadavg_after] | max)); when runs of the same setting differ by more than the two settings do, the ratio says nothing. Re-run on a quiet machine." else empty end) end;'

{
cat <<'EOF'
# Benchmarks

What one core of riskgate does on this machine, next to the ceiling a bare Vert.x route sets on the same
core. Every figure has one command; each writes a JSON file in `bench/results/`, and `bench/report.sh`
turns those files into this page (do not edit it by hand). Set-up, loopback only, bounded in time:

- The service runs pinned to core 1 (`taskset -c 1`) with `-Xmx1g` on a fresh embedded store (the
  journal store, default durability: each commit written before its answer), the load generator pinned
  to core 0. The service and the bare route run on the shipped collector flags (`-XX:+UseG1GC
  -XX:MaxGCPauseMillis=5 -XX:MaxTenuringThreshold=1`, chosen by the collector table below; figures measured
  before that table ran the JVM's own choice on one core, the serial collector, and figures measured before
  2026-12-07 16:30 UTC ran without the tenuring threshold: each figure's date says which); `SERVICE_JVM_OPTS` replaces the service's JVM options, and `RISKGATE_REDIS_URL` in the environment measures the Redis store. The service checks API keys as in production
  (`RISKGATE_API_KEYS` with a fixed bench key), not `RISKGATE_INSECURE`.
- Load: `bench/varied.lua` (wrk) and `OpenLoop` send varied, never-repeated charges (8%) and purchases
  (food, drinks, household goods, now and then tobacco or a gift card) over 50,000 accounts, each on its
  own phone with a few usual stores; event times move forward.
- The bare route (`bench/src/main/java/dev/riskgate/bench/BareRoute.java`) is the same Vert.x stack
  (one HTTP server, Router, BodyHandler) parsing the same JSON and answering a constant decision.
- The machine has 2 cores shared with other builds. Each run records the 1-minute load average before
  and after it (it lags, and includes the bench's own previous run) and the CPU that other processes
  used in one second sampled mid-run ("others", % of one core); a run is marked **contended** when others
  used more than a tenth of a core then (or, where no sample exists, when the load average was above 0.5
  before it). Numbers taken under contention are lower bounds of what the code can do; re-run them on a
  quiet machine (`bench/all.sh` runs every figure and this report).

The tools (bare route, open-loop generator, JMH benchmark, pack generator) are a Maven project of their
own in `bench/` (`bench/pom.xml`), compiled against `target/riskgate.jar`; the main build and its tests
never touch them. The scripts build both jars when missing and install wrk and jq with apt-get if needed.

| figure | command | result file |
|---|---|---|
| throughput and closed-loop latency vs the bare route | `bench/throughput.sh [seconds=30] [connections=32]` | `throughput.json` |
| open-loop latency at 1,000 / 2,000 / 4,000 req/s | `bench/open-loop.sh [seconds=30] [rates]` | `open-loop.json` |
| rules: µs per decision (JMH) and rule-count scaling | `bench/rules-scaling.sh [http seconds=20]` | `rules.json` |
| rules: Drools executable model vs mvel | `bench/rules-engines.sh` | `rules-engines.json` |
| 1M accounts of state: disk, restart, RSS | `bench/state-1m.sh [accounts=1000000] [seconds=20]` | `state.json` |
| a reload every 5 s under load | `bench/reload-under-load.sh [seconds=60] [every=5]` | `reload.json` |
| bytes allocated per decision | `bench/allocation.sh [warmup=20000] [measured=20000]` | `allocation.json` |
| the garbage collector, by measurement | `[BENCH_SERVICE_CPU=0,1] bench/collectors.sh [seconds=20] [rate=2000]` | `collectors.json`, `collectors-2cores.json` |
| the analyst console's pages over 1M logged decisions | `bench/console.sh [decisions=1000000] [runs=21]` | `console.json` |
| what the console and the alerts cost `/v1/score` | `bench/feature-cost.sh console\|alerts [seconds=20] [rounds=2]` | `console-cost.json`, `alerts-cost.json` |
| this page | `bench/report.sh` | `docs/benchmarks.md` |

## Targets (issue 8)

| target | measured | |
|---|---|---|
EOF
[ -f "$res/throughput.json" ] && jq -r "$defs"'
  "| throughput ≥ 0.3× the bare route in the same run | \((.riskgate.ok_rps // .riskgate.rps) | round | num) vs \((.bare_route.ok_rps // .bare_route.rps) | round | num) req/s: \(.ratio_rps)× | \(hit(.ratio_rps >= 0.3)) |",
  "| closed-loop p99 at 32 connections ≤ 5× the bare route p99 | \(.riskgate.p99_us | ms) vs \(.bare_route.p99_us | ms): \(.ratio_p99)× | \(hit(.ratio_p99 <= 5)) |"' "$res/throughput.json"
[ -f "$res/open-loop.json" ] && jq -r "$defs"'
  .runs[] | select(.rate == 2000) |
  "| open loop at 2,000 req/s: p99 ≤ 2 ms, p99.9 ≤ 10 ms | p99 \(.p99_us | ms), p99.9 \(.p999_us | ms) | \(hit(.p99_us <= 2000 and .p999_us <= 10000 and .unanswered == 0 and .errored == 0)) |"' "$res/open-loop.json"
[ -f "$res/rules.json" ] && jq -r "$defs"'
  "| with 3,000 rules, throughput ≥ 0.5× the shipped pack | \((.http[1].ok_rps // .http[1].rps) | round | num) vs \((.http[0].ok_rps // .http[0].rps) | round | num) req/s: \(.ratio_3000_to_shipped_rps)× | \(hit(.ratio_3000_to_shipped_rps >= 0.5)) |"' "$res/rules.json"
[ -f "$res/allocation.json" ] && jq -r "$defs"'
  "| allocation per decision ≤ 10 KB (issue 16) | \(.runs[0].bytes_per_decision | num) bytes over \(.runs[0].accounts | num) accounts\(if .baseline != null then " (was \(.baseline.runs[0].bytes_per_decision | num) at \(.baseline.commit))" else "" end), \(.runs[1].bytes_per_decision | num) over \(.runs[1].accounts | num) | \(hit(.runs[0].bytes_per_decision <= 10240)) |"' "$res/allocation.json"
[ -f "$res/state.json" ] && jq -r "$defs"'
  "| 1M accounts: RSS ≤ 1 GB, restart to healthy ≤ 10 s | \(.accounts_filled | num) accounts: RSS \(.rss_after_load_mib) MiB after load, restart \(.restart_to_healthy_s) s | \(hit(.accounts_filled >= 1000000 and .rss_after_load_mib <= 1024 and .restart_to_healthy_s <= 10))\(if .accounts_filled < 1000000 then " (store not full)" else "" end) |"' "$res/state.json"
[ -f "$res/console.json" ] && jq -r "$defs"'
  "| console: each page ≤ 200 ms with 1M decisions (issue 18) | slowest median \([.pages[].medianMs] | max) ms, slowest p95 \([.pages[].p95Ms] | max) ms over \(.linesIndexed | num) lines indexed | \(hit(.linesIndexed >= 1000000 and ([.pages[].p95Ms] | max) <= 200)) |"' "$res/console.json"

cat <<'EOF'

## Throughput and closed-loop latency

`bench/throughput.sh`: wrk with one thread and 32 connections; each server gets a 10 s warm-up, then the
measured run. Latency is wrk's (closed loop: it waits for an answer before sending again, so it hides
queueing; the open-loop figure below does not).

EOF
section throughput.json "$defs"'
  "| | decisions/s (200, not degraded) | p50 | p90 | p99 | max | shed (503) | degraded (fail decision) | other errors | RSS | load |",
  "|---|---|---|---|---|---|---|---|---|---|---|",
  (["riskgate `/v1/score`", .riskgate], ["bare Vert.x route, same core", .bare_route] | . as [$n, $r] |
   "| \($n) | \(($r.ok_rps // $r.rps) | round | num) | \($r.p50_us | ms) | \($r.p90_us | ms) | \($r.p99_us | ms) | \($r.max_us | ms) | \($r.shed // 0 | num) | \($r.degraded // 0 | num) | \($r.errors - ($r.shed // 0) - ($r.degraded // 0) + $r.socket_errors | num) | \($r.rss_kib / 1024 | round) MiB | \($r | load) |"),
  "| ratio | **\(.ratio_rps)** | | | \(.ratio_p99)× | | | | | | |",
  "",
  "\(.seconds) s measured per server, \(.connections) connections, \(.accounts | num) accounts; commit \(.riskgate.commit), measured \(.riskgate.at)."'

cat <<'EOF'

## Open-loop latency

`bench/open-loop.sh`: `OpenLoop` (Vert.x HTTP client, up to 64 connections, HdrHistogram 2.2.2) sends at
a constant rate and measures each request from its *intended* send time, so a stall is charged to every
request it held up (no coordinated omission). 10 s warm-up at the rate, then the measured run; answers
still missing 10 s after the last request was due count as unanswered and enter the histogram with the
time they had waited (a lower bound). The percentiles are over every answer, 503s from the service's
load shedding included. "send lag" is how far the generator itself fell behind schedule.

Unanswered requests are named on `bench/out/open-loop.err` with their event, so the service's decision
log can say whether it answered. Runs before 2026-12-07 (commit 0cdc0bd) reported 1–5 per run; they were
the generator's: each had been decided in under 0.2 ms and logged, and the service's counters showed a 200
for every request. `OpenLoop` made its requests from its pacing thread, outside the Vert.x client's event
loop, and lost about 1 answer in 5,000; it now makes them on that loop (three 20 s runs at 1,000 req/s:
0 unanswered). It also keeps idle connections 5 s, under riskgate's `RISKGATE_HEADER_TIMEOUT_S` (10 s,
advertised as `Keep-Alive: timeout=9` on every answer): kept longer, a request can be sent into
riskgate's close and fail with "Connection was closed".

EOF
section open-loop.json "$defs"'
  "| rate | answered/s (200, not degraded) | p50 | p90 | p99 | p99.9 | max | sent | answered (200) | shed (503) | degraded (fail decision) | other errors | unanswered | send lag | load |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  (.runs[] | if .service_stopped then "| \(.rate | num) | the service stopped during this run (bench/out/open-loop-service.log) | | | | | | | | | | | | | |" else "| \(.rate | num) | \(.answered_per_s | round | num) | \(.p50_us | ms) | \(.p90_us | ms) | \(.p99_us | ms) | \(.p999_us | ms) | \(.max_us | ms) | \(.scheduled | num) | \(.answered | num) | \(.shed // 0 | num) | \(.degraded // 0 | num) | \(.errored - (.shed // 0) - (.degraded // 0) | num) | \(.unanswered | num) | \(.max_send_lag_us | ms) | \(. | load) |" end),
  "",
  "\(.runs[0].seconds) s measured per rate, rates in ascending order on one service; commit \(.runs[0].commit), measured \(.runs[0].at)."'

cat <<'EOF'

## Rules: µs per decision and rule-count scaling

`bench/rules-scaling.sh`: JMH 1.37 (`RulesBenchmark`, average time) runs `RulePack.evaluate` on 1,024
fact sets built through the real scoring path: 2,000 accounts get a day of history (30 events each)
scored by `Scorer` into the in-memory store with the shipped pack, then the facts of new events on them
are read. Every pack runs on the same facts. The generated packs (`GeneratedPack`) are in the shipped
style: amount thresholds, velocity counts over windows (`accumulate`), declines at the store, hour bands,
young devices, each rule with `@family` and its numbers in `parameters.properties`. The empty pack is one
trivial rule, so a session still runs. JMH and the service are pinned to core 1.

EOF
section rules.json "$defs"'
  "| pack | rules | µs per decision | ± (99.9%) |",
  "|---|---|---|---|",
  (.jmh[] | "| \(.label) | \(.rules | num) | \(.us_per_decision | us) | \(.error_us // "–" | us) |"),
  "",
  "JMH options `\(.jmh_options)`; \(.jmh_meta | load); measured \(.jmh_meta.at), commit \(.jmh_meta.commit).",
  "",
  "The service with the shipped pack and with 3,000 generated rules (closed loop, 32 connections, scenario gate off for the generated pack):",
  "",
  "| pack | decisions/s (200) | p50 | p99 | errors (503 included) | load |",
  "|---|---|---|---|---|---|",
  (.http[] | "| \(.label) | \((.ok_rps // .rps) | round | num) | \(.p50_us | ms) | \(.p99_us | ms) | \(.errors + .socket_errors) | \(. | load) |"),
  "| ratio | **\(.ratio_3000_to_shipped_rps)** | | | | |"'
cat <<'EOF'

### Drools executable model against the mvel engine

`bench/rules-engines.sh`: the same benchmark with each pack compiled by Drools' executable model
(`drools-model-codegen`, constraints generated as Java lambdas; `ExecModelPack`) and by the mvel engine
the service uses. Before timing, each executable-model pack's answers (score and reasons) are compared
with mvel's on all 1,024 fact sets. The generated pack here has only the shapes the executable model
compiles (no `accumulate`).

EOF
section rules-engines.json "$defs"'
  "| pack | engine | µs per decision | answers differing from mvel | |",
  "|---|---|---|---|---|",
  (.runs[] | "| \(.pack) | \(.engine) | \(.us_per_decision // "–" | us) | \(if .engine == "exec" then (.answers_differ_of_1024 // "–" | tostring) + " of 1,024" else "" end) | \(if .compile_errors then "**refused by the executable model: \(.compile_errors) compile errors**" else "" end) |"),
  "",
  "JMH options `\(.jmh_options)`; \(.meta | load); measured \(.meta.at), commit \(.meta.commit)."'
cat <<'EOF'

## State: 1M accounts

`bench/state-1m.sh`: a fresh embedded store filled through `riskgate import` (each settled event recorded
as an allowed attempt through the same attempt-recording code as `Scorer`), one purchase per account over
the last 7 days, each account on its own phone, 20 accounts per store; the import is bounded in time.
Then `serve` is started on that store: restart to healthy is the launch until `GET /health` answers 200
(JVM start and pack compile included); RSS once healthy and after a closed-loop run over the same accounts.

EOF
section state.json "$defs"'
  "| accounts | events imported | import | store on disk | restart to healthy | RSS healthy | RSS after load | decisions/s under load | p99 |",
  "|---|---|---|---|---|---|---|---|---|",
  "| \(.accounts_filled | num)\(if .import_complete then "" else " (import stopped at its time limit)" end) | \(.events_imported | num) | \(.import_seconds) s (\(.import_events_per_s | num)/s) | \(.db_mib | num) MiB | \(.restart_to_healthy_s) s | \(.rss_healthy_mib) MiB | \(.rss_after_load_mib) MiB | \((.load.ok_rps // .load.rps) | round | num) | \(.load.p99_us | ms) |",
  "",
  (if .restart_empty_store_s then "The same restart on an empty store (JVM start and pack compile alone): \(.restart_empty_store_s) s, RSS \(.rss_empty_store_mib) MiB; loading by the store itself (its log): \(.state_load_ms) ms.\n" else empty end),
  "Service heap `-Xmx\(.service_heap)`. Import: \(.import_meta | load). Load run: \(.load_meta | load). Measured \(.load_meta.at), commit \(.load_meta.commit)."'

cat <<'EOF'

## The analyst console

`bench/console.sh`: a decision log of 1M decisions over 30 days (100,000 accounts; 85% ALLOW, 10% STEP_UP,
5% BLOCK; up to three of eight rules each; 1% of step-ups and blocks labelled) is written as the service
writes it; riskgate is started on it and rebuilds the console index from the log in the background
(docs/console.md). Then each page is fetched 21 times with curl on loopback with an admin key: the whole
HTTP exchange, query and rendering included. The service is pinned to one core.

EOF
section console.json "$defs"'
  "Index rebuilt from the log: \(.linesIndexed | num) lines in \(.rebuildMs / 1000 | round) s; index on disk \(.indexBytes / 1048576 | round) MiB.",
  "",
  "| page | median | p95 | max |",
  "|---|---|---|---|",
  (.pages[] | "| `\(.page)` | \(.medianMs) ms | \(.p95Ms) ms | \(.maxMs) ms |"),
  "",
  "\(.runsPerPage) fetches a page; 1-minute load average \(.loadavg1m) at the end; measured \(.at)."'

cat <<'EOF'

What the console costs `/v1/score`: `bench/feature-cost.sh console` runs closed-loop load (wrk, 32
connections, 20 s after a 10 s warm-up) against the same build with `RISKGATE_CONSOLE=off` and on,
alternating. The index feed takes nothing from the request path but a lock-free queue offer; its
thread's work (the row's JSON, the SQLite writes) shares the one core the service is pinned to, so on one
core it is paced (`IndexPace`: at most a twentieth of the time while scoring is saturated, catching up
after; docs/console.md has the designs tried and their figures).

EOF
section console-cost.json "$defs feature_cost"

cat <<'EOF'

What account-holder alerts cost `/v1/score` (issue 17: at least 0.95× without them):
`bench/feature-cost.sh alerts`, the same alternation, with alerts off (no endpoint: nothing is queued)
and on (`RISKGATE_WEBHOOK_URL` to a receiver on the load generator's core that answers 204, so every alert
the shipped pack raises on the varied events is committed with its decision, claimed and delivered).

EOF
section alerts-cost.json "$defs feature_cost"

cat <<'EOF'

## Allocation per decision

`bench/allocation.sh`: `AllocationPerDecision` starts riskgate inside its own JVM on a fresh embedded
store (API keys checked, no scenario gate), sends the varied events one at a time over a keep-alive
loopback connection (20,000 to warm up, then 20,000 measured), and reads every thread's allocation
counter (`com.sun.management.ThreadMXBean`) before and after; the client's thread is left out. The figure
is what the service's threads allocated, divided by the decisions: event loops (HTTP, routing, body
parsing and validation, sending the answer), scoring workers (state read, facts, rules, journal write,
decision log) and the rest (timers, the journal's flusher). It is a count, not a time, so a busy machine
does not change it. `BASELINE_JAR` measures an older build the same way.

EOF
section allocation.json "$defs"'
  "| build | accounts | bytes per decision | event loops | scoring workers | other threads | decisions measured | degraded (warm-up included) |",
  "|---|---|---|---|---|---|---|---|",
  ((.meta.commit as $c | .runs[] | [$c, .]), (if .baseline != null then (.baseline.commit as $c | .baseline.runs[] | [$c, .]) else empty end) | . as [$c, $r] |
   "| \($c) | \($r.accounts | num) | **\($r.bytes_per_decision | num)** | \($r.bytes_per_decision_by_thread.event_loop | num) | \($r.bytes_per_decision_by_thread.scoring_worker | num) | \($r.bytes_per_decision_by_thread.other | num) | \($r.decisions | num) | \($r.degraded) |"),
  "",
  "Measured \(.meta.at), \(.meta | load)."'
cat <<'EOF'

Where it goes, from JFR allocation profiles of the same harness (`-XX:StartFlightRecording=settings=profile`,
10,000 decisions after 10,000 over 50,000 accounts; samples attributed to the innermost riskgate or library
frame; shares of all bytes, rounded; build of 2026-12-07 after the cuts below). The figure grows with the
history the rules see: over 2,000 accounts the run's later decisions meet ten to twenty earlier events each,
and the rules' share grows with them; `RulesBenchmark.evaluate` under JMH `-prof gc` (facts of accounts with
a day of 30 events) allocates about 35,900 bytes per evaluation (`gc.alloc.rate.norm`): the rules alone are
three times the 10 KB budget.

| share | what | why it stays |
|---|---|---|
| ~30% (~15 KB) | the rules: a pooled Drools session per evaluation; handing it back (`dispose`, then the pool's `reset`) builds its node memories and per-class object stores again (~5 KB), plus fact handles, tuples, agenda items, the consequences' `String.format` | Drools's own; a different evaluation strategy is the only lever |
| ~14% (~7 KB) | the console index's thread: SQLite's UTF-8 copy of every text parameter, the masked event's and the "seen" JSON | off the request path (its own thread, paced on one core); `RISKGATE_CONSOLE=off` removes it |
| ~13% (~6-7 KB) | Vert.x, Netty and micrometer-vertx per request (routing context, header maps, response encoding, meter lookups, the header-timeout timer armed again after each request) | the framework's; the method label's tags are now built once |
| ~4% (~2 KB) | the body: the JSON tree and the validated record | one parse (duplicate keys detected in it); timestamps are read without the JDK's parser (`Iso8601`, same values and errors) |
| ~3% (~1.5 KB) | the store's encode buffers and their copies | one copy each |
| ~2% each | the request hash (one SHA-256 digest per thread now), the decision log line, the answer's JSON | small and needed |

Cut on 2026-12-07 (`bench/allocation.sh`, 50,000 accounts): 58,446 → 50,457 bytes per decision (event loops
15,389 → 11,142, scoring workers 33,772 → 32,017): the console routes matched by prefix instead of three
regular expressions per request; `Iso8601` reading and writing timestamps as the JDK does without its parser
and printers; the body read into a buffer sized from `Content-Length` (capped by the 64 KB limit, and only
after the key check); the method label's tags built once; the key check's callers worked out at start; one
SHA-256 digest per thread; `StateOut.text` writing an ASCII string in place. The rest, above, is the
framework's and Drools's.

EOF

cat <<'EOF'

## The garbage collector

`bench/collectors.sh`: one collector and heap shape at a time, each on a fresh embedded store with
riskgate pinned to one core and `-Xmx1g`: closed-loop wrk (32 connections, 10 s warm-up, then the
measured seconds), then the open-loop generator at a fixed rate (10 s warm-up, then the measured
seconds). Stop-the-world time comes from the safepoint log over the process's whole life (start-up and
warm-ups included), the same measure for every collector. "Shed" counts open-loop requests answered 503
because too many were in progress (a pause piles them up). `zgc-jdk25` runs on the Temurin 25 JDK
(generational ZGC), the rest on the default OpenJDK 17 (`zgc-jdk17` is its single-generation ZGC, whose
RSS counts the heap three times: it maps it thrice).

EOF
collectors_table='
  "| configuration | JVM flags | closed loop decisions/s | closed p99 | open loop at \(.open_loop_rate)/s: p99 | p99.9 | max | shed | unanswered | GC pauses | longest | total stopped | G1 object copy | G1 heap roots | RSS | load |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  (.runs[] | "| \(.name) | `\(.jvm_opts)` | \(.closed_loop.ok_rps | round | num) | \(.closed_loop.p99_us | ms) | \(.open_loop.p99_us | ms) | \(.open_loop.p999_us | ms) | \(.open_loop.max_us | ms) | \(.open_loop.shed) | \(.open_loop.unanswered) | \(.gc.gc_pauses) | \(.gc.gc_pause_max_ms) ms | \(.gc.stopped_total_ms) ms | \(if .gc.object_copy_ms then "\(.gc.object_copy_ms) ms" else "–" end) | \(if .gc.heap_roots_ms then "\(.gc.heap_roots_ms) ms" else "–" end) | \(.rss_kib / 1024 | round) MiB | \(. | load) |"),
  "",
  "\(.seconds) s measured per run; commit \(.runs[0].commit), measured \(.runs[0].at)."'
echo "On one core (\`bench/collectors.sh\`):"
echo
section collectors.json "$defs $collectors_table"
cat <<'EOF'

On two cores (`BENCH_SERVICE_CPU=0,1 bench/collectors.sh`; the load generators share the cores, so
closed-loop figures include their work):

EOF
section collectors-2cores.json "$defs $collectors_table"
cat <<'EOF'

**The choice: `-XX:+UseG1GC -XX:MaxGCPauseMillis=5`**, with `-XX:MaxTenuringThreshold=1` added later (below), now in the README's command, the Dockerfile, the
systemd unit and every figure on this page (`SHIPPED_JVM_OPTS` in `bench/lib.sh`); riskgate logs a WARN
at start on the serial or parallel collector. What decided it is the open loop at 2,000 decisions/s, the
payment path's shape (a gateway does not wait for an answer before sending the next payment): the serial
and parallel collectors, whichever young generation, let p99.9 pass the 100 ms scoring deadline and shed
answers with 503 at under half of one core's capacity, on one core and on two; the G1 runs shed none,
nor did ZGC's but one (`zgc-jdk25` on two cores shed 7,157 and left 38 unanswered while a test suite ran
beside it, load 3.8 → 5.9; not re-run). G1 with a 5 ms goal had the lower p99 of the two G1 shapes in every run (14-18 ms against 25-45),
for at most a tenth of peak throughput. ZGC had the best p99 on one core (5-6 ms) and the least time
stopped, but half of G1's throughput on two cores, three times the memory (on JDK 17), and its
generational mode needs JDK 21 or later, which the service does not require today (and where the
evaluation watchdog's `Thread.stop` is gone). Runs swing: the same configuration's open-loop p99 moved
from 17 ms to 75 ms between two runs of `serial-young-64m`, so the choice rests on what held in every
run, not on one figure.

**What G1's pauses are made of** (the three G1 shapes re-run on a quiet machine, 2026-12-07 15:50 UTC, after
the allocation cuts; the other rows are older): on one core a young pause is mostly copying what survives
(`object copy`) and scanning old regions for references into the young ones (`heap roots`): 2.3 s and 1.6 s
of the 5.8 s stopped in the `g1-pause-5ms` run. What survives a young collection is mostly medium-lived:
the histories of the keys in use, held as objects for 10-20 s after each use (`HeapTable`), and the console
index's queue (entries linger up to 100 ms before a batch is written). Packing idle keys after half a second
instead of ten did not shorten the pauses (one contended run); turning the console off cut GC time by about
two thirds (one contended run). A larger fixed young generation (`g1-young-128m`) makes pauses rarer but
longer (73.8 ms longest) and the tail worse. Promoting after one survival (`g1-pause-5ms-tenure-1`) copied
a third less and did better on every figure in its run (p99 14.6 against 20.4 ms open loop, 5,275 against
4,927 decisions/s), and again in a 4-minute open loop at 2,000/s that lets the old generation fill and be
collected (mixed collections included): p99 16.3 against 18.3 ms, p99.9 31.3 against 32.6, 1.9 s stopped
against 2.6. Measured then on two cores (table above: open-loop p99 9.3 against 11.8 ms,
p99.9 19.3 against 31.5, but 9,884 against 11,341 closed-loop decisions/s with the load generators on the
same cores) and on Redis (one core, AOF everysec: 2,999 against 2,838 decisions/s, closed p99 26.4 against
29.9 ms, open loop at 2,000/s p99 18.0 against 25.1 ms and p99.9 29.9 against 99.4), the tail was lower in
every run, so **`-XX:MaxTenuringThreshold=1` is shipped** with the G1 flags (2026-12-07 16:30 UTC). One run
of each shape per setting: the evidence is that it never lost on the tail, not a figure to quote. None of
these shapes comes near a 2 ms p99 on one core: that needs the medium-lived state out of the young
generation (histories kept packed off the Java heap), not a flag.
EOF
cat <<'EOF'

## A reload every 5 s under load

`bench/reload-under-load.sh`: closed-loop load (32 connections) first without reloads, then with a new
pack version every 5 s (a comment appended to `parameters.properties` changes the content hash;
`POST /admin/rules/reload` compiles it, runs the scenario gate and swaps it in), on a copy of the pack.

EOF
section reload.json "$defs"'
  "| phase | decisions/s (200) | p50 | p99 | max | errors (503 included) | load |",
  "|---|---|---|---|---|---|---|",
  (["without reloads", .baseline], ["reload every \(.reload_every_s) s", .during_reloads] | . as [$n, $r] |
   "| \($n) | \(($r.ok_rps // $r.rps) | round | num) | \($r.p50_us | ms) | \($r.p99_us | ms) | \($r.max_us | ms) | \($r.errors + $r.socket_errors) | \($r | load) |"),
  "| ratio | **\(.rps_ratio_during_to_baseline)** | | | | | |",
  "",
  "\(.reloads) reloads in \(.seconds) s (answers: \(.reload_results | to_entries | map("\(.key) \(.value)") | join(", "))), each taking \(.reload_ms_p50) ms at the median and \(.reload_ms_max) ms at most, load included."'
} >"$out"
echo "wrote $out" >&2
