# Shared by the bench/*.sh figure scripts (sourced, not run). Each figure script builds what it needs,
# starts riskgate pinned to core 1, drives it from core 0 on loopback, and writes one JSON file under
# bench/results/ that bench/report.sh turns into docs/benchmarks.md.
#
# Environment knobs (all optional):
#   BENCH_SERVICE_CPU / BENCH_LOAD_CPU   cores for the service and the load generator (1 and 0)
#   BENCH_HEAP                           service heap (-Xmx, 1g)
#   SERVICE_JAVA / SERVICE_JVM_OPTS      the service's java binary (java) and its JVM flags (the shipped
#                                        collector flags, SHIPPED_JVM_OPTS, unless set; "" for the JVM's own)
#   BENCH_RESULTS                        where result files go (bench/results)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SERVICE_CPU=${BENCH_SERVICE_CPU:-1}
LOAD_CPU=${BENCH_LOAD_CPU:-0}
HEAP=${BENCH_HEAP:-1g}
RESULTS=${BENCH_RESULTS:-bench/results}
# Fixed bench keys: the runs use the service's real key check (RISKGATE_API_KEYS), not RISKGATE_INSECURE,
# so every figure includes what authentication costs. varied.lua and OpenLoop send the API key.
export BENCH_API_KEY=bench-api-key-0123456789
BENCH_ADMIN_KEY=bench-admin-key-0123456789
mkdir -p "$RESULTS" bench/out
# The collector flags riskgate ships with (JvmCollector.SHIPPED, the README, the Dockerfile), chosen by
# bench/collectors.sh; every figure measures the service as shipped, and the bare route on the same flags.
SHIPPED_JVM_OPTS="-XX:+UseG1GC -XX:MaxGCPauseMillis=5 -XX:MaxTenuringThreshold=1"
SERVICE_JVM_OPTS=${SERVICE_JVM_OPTS-$SHIPPED_JVM_OPTS}

need() { command -v "$1" >/dev/null 2>&1; }

ensure_tools() {
  local missing=()
  need wrk || missing+=(wrk)
  need jq || missing+=(jq)
  need taskset || missing+=(util-linux)
  need curl || missing+=(curl)
  { need top && need ps; } || missing+=(procps)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "bench: ${missing[*]} required (apt-get install ${missing[*]})" >&2; exit 1
    fi
  fi
}

# The service's fat jar, and the bench tools compiled against it. Rebuilt when a source is newer.
build_jars() {
  if [ ! -f target/riskgate.jar ] || [ -n "$(find src/main pom.xml -newer target/riskgate.jar -print -quit)" ]; then
    mvn -B -q -ntp package -DskipTests
  fi
  if [ ! -f bench/target/riskgate-bench.jar ] || [ target/riskgate.jar -nt bench/target/riskgate-bench.jar ] \
      || [ -n "$(find bench/src bench/pom.xml -newer bench/target/riskgate-bench.jar -print -quit)" ]; then
    mvn -B -q -ntp -f bench/pom.xml package
  fi
}

# The service jar first: where both hold a class (Drools, which the executable model brings again), the
# service's copy is the one that runs.
BENCH_CP="target/riskgate.jar:bench/target/riskgate-bench.jar"

# 1-minute load average now: other engineers build on this machine, so every result carries it.
loadavg() { cut -d' ' -f1 /proc/loadavg; }

# Starts riskgate pinned to SERVICE_CPU on loopback. Sets SERVICE_PID. Args: port data-dir rules-dir.
# varied.lua's events start an hour back and walk forward, so the live window (RISKGATE_MAX_EVENT_AGE,
# 1h by default) is widened to 2h: at the default, the first events of a run would be refused as too old.
start_riskgate() {
  local port=$1 data=$2 rules=$3
  mkdir -p "$data"
  RISKGATE_MAX_EVENT_AGE=${RISKGATE_MAX_EVENT_AGE:-2h} \
  RISKGATE_API_KEYS=$BENCH_API_KEY RISKGATE_ADMIN_KEYS=$BENCH_ADMIN_KEY \
  RISKGATE_PORT=$port RISKGATE_HOST=127.0.0.1 RISKGATE_DATA_DIR="$data" RISKGATE_RULES_DIR="$rules" \
    taskset -c "$SERVICE_CPU" "${SERVICE_JAVA:-java}" -Xmx"$HEAP" ${SERVICE_JVM_OPTS:-} -jar target/riskgate.jar serve >"$data/service.log" 2>&1 &
  SERVICE_PID=$!
}

# Starts the bare route pinned to SERVICE_CPU. Sets BARE_PID.
start_bare_route() {
  taskset -c "$SERVICE_CPU" java -Xmx"$HEAP" $SHIPPED_JVM_OPTS -cp "$BENCH_CP" dev.riskgate.bench.BareRoute "$1" >bench/out/bare-route.log 2>&1 &
  BARE_PID=$!
}

# Waits until GET /health answers 200 (at most 180 s) and prints the seconds it took since $2 (ns epoch).
wait_healthy() {
  local port=$1 since=${2:-$(date +%s%N)} pid=${3:-}
  for _ in $(seq 1 1800); do
    if curl -fs -o /dev/null "http://127.0.0.1:$port/health"; then
      awk -v a="$(date +%s%N)" -v b="$since" 'BEGIN { printf "%.2f\n", (a - b) / 1e9 }'
      return 0
    fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then echo "bench: process $pid died" >&2; return 1; fi
    sleep 0.1
  done
  echo "bench: nothing healthy on port $port after 180 s" >&2; return 1
}

stop_pid() { [ -n "${1:-}" ] && kill "$1" 2>/dev/null && wait "$1" 2>/dev/null || true; }

rss_kib() { ps -o rss= -p "$1" | tr -d ' '; }

# wrk pinned to LOAD_CPU with varied.lua, one thread (it has one core). Prints its RESULT line's fields
# as JSON. Args: url seconds connections.
wrk_json() {
  local url=$1 secs=$2 conns=$3 out
  out=$(taskset -c "$LOAD_CPU" wrk -t1 -c"$conns" -d"${secs}s" --timeout 10s --latency -s bench/varied.lua "$url" 2>bench/out/wrk.err)
  echo "$out" >>bench/out/wrk.log
  echo "$out" | awk '/^RESULT/ { printf "{"; for (i = 2; i <= NF; i++) { split($i, kv, "="); printf "%s\"%s\":%s", (i > 2 ? "," : ""), kv[1], kv[2] } print "}" }'
}

# CPU that processes other than ours used, in % of one core (0..100 x cores), over one second starting
# after DELAY seconds; runs in the background beside a measurement. Our processes are the given pids, wrk
# and top itself. Args: delay outfile pid...
sample_foreign_cpu() {
  local delay=$1 out=$2; shift 2
  local ours=" $* "
  (sleep "$delay"; top -b -n2 -d1 -w 200 2>/dev/null | awk -v ours="$ours" '
      /^top -/ { frame++ } frame == 2 && $1 ~ /^[0-9]+$/ && NF >= 12 {
        if (index(ours, " " $1 " ") == 0 && $12 != "wrk" && $12 != "top") sum += $9 }
      END { printf "%.0f\n", sum }' >"$out") &
  FOREIGN_PID=$!
}

# Common fields of every result: when, on which commit of the service (the last one that changed src/main,
# the pom or the pack, so harness commits do not count) and pack, the machine and its load. A result is
# marked contended when other processes used more than a tenth of a core while it ran, or the load
# average before it started was above 0.5 (only when there is no such sample: it lags, and counts our own runs).
meta_json() {
  local load_before=$1 foreign=${2:-null}
  jq -n --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg commit "$(git log -1 --format=%h -- src/main pom.xml rules 2>/dev/null || echo unknown)" \
     --arg rules "$(git rev-parse --short HEAD:rules 2>/dev/null || echo unknown)" \
     --arg cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" --argjson cores "$(nproc)" \
     --argjson before "$load_before" --argjson after "$(loadavg)" --argjson foreign "$foreign" \
     '{at: $at, commit: $commit, rules_tree: $rules, cpu: $cpu, cores: $cores,
       loadavg_before: $before, loadavg_after: $after, foreign_cpu_pct: $foreign,
       contended: (if $foreign != null then $foreign > 10 else $before > 0.5 end)}'
}
