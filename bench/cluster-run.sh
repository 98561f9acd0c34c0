#!/usr/bin/env bash
# The replication bench of issue 14 (docs/cluster.md, "Measured"): the same SIPp load through the cluster's front
# (cluster/start.sh: Kamailio on 127.0.0.1:5060, the records on PostgreSQL) with one node behind it and with two,
# back to back in one run. The difference is what keeping each call in the other node's data grid costs (the
# replica, the shared board, the trunk counts); the front and the database are the same in both.
#   mvn -B -q -o -DskipTests package
#   bench/cluster-run.sh [calls/s] [seconds] [hold-ms] [one|two|both]
# Defaults: 100 calls/s, 30 s, 1000 ms hold, both. WARMUP_SECONDS (15) at WARMUP_RATE (50 calls/s) before the
# measured load. One SIPp uac (the relay trunk, 127.0.0.11:42300) and one uas (the nurse queue, 127.0.0.1:42200)
# per 800 calls/s (one SIPp process tops out near 1,000 calls/s); their scenarios are the cluster test's
# (src/test/sipp/cluster), which follow the front's Record-Route. Per setup: successful and failed calls,
# retransmissions, CPU seconds of each node, of Kamailio and of SIPp, the kernel's UDP receive errors
# (netstat -su) and the nodes' GC pauses (-Xlog:gc). Raw files stay in target/cluster-bench/<setup>/.
set -euo pipefail
rate=${1:-100}
duration=${2:-30}
hold=${3:-1000}
which=${4:-both}
warmup=${WARMUP_SECONDS:-15}
warmup_rate=${WARMUP_RATE:-50}
pairs=$(( (rate + 799) / 800 ))
case "$which" in one) setups=(one) ;; two) setups=(two) ;; both) setups=(one two) ;;
  *) echo "setup must be one, two or both, not '$which'" >&2; exit 2 ;; esac
root=$(pwd)
[ -f "$root/target/relaybridge-microbundle.jar" ] || { echo "build it first: mvn -B -q -o -DskipTests package" >&2; exit 2; }
out=$root/target/cluster-bench
rm -rf "$out"
mkdir -p "$out"

# the shipped configuration with the trunk's own limits lifted, and one nurse queue per SIPp uas, without pings
overlay=$out/overlay
mkdir -p "$overlay/sip-config" "$overlay/relay-profiles"
sed -E 's/"maxConcurrentCalls": *[0-9]+/"maxConcurrentCalls": null/; s/"maxCallsPerSecond": *[0-9]+/"maxCallsPerSecond": null/' \
  "$root/relay-profiles/texttelefoni.json" > "$overlay/relay-profiles/texttelefoni.json"
targets=$(for i in $(seq 0 $((pairs - 1))); do printf '%s"sip:1177@127.0.0.1:%d"' "$([ "$i" -gt 0 ] && echo ,)" $((42200 + i)); done)
cat > "$overlay/sip-config/queues.json" <<JSON
{ "defaultQueue": "nurse", "setupTimeoutSeconds": 8, "ping": { "intervalSeconds": 0, "timeoutSeconds": 1 },
  "queues": [ { "id": "nurse", "name": "bench queue", "targets": [$targets] } ] }
JSON
scenario() { # $1 scenario file, $2 output
  sed -e "s/@HOLD_MS@/$hold/" -e "s/@WAIT_MS@/60000/" -e "s/@PAI@/+46812345678/" \
    "$root/src/test/sipp/cluster/$1" > "$2"
}

cluster=
sipps=()
cleanup() {
  for p in "${sipps[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -n "$cluster" ]; then kill -TERM "$cluster" 2>/dev/null || true; wait "$cluster" 2>/dev/null || true; fi
}
trap cleanup EXIT

udp_errors() { netstat -su 2>/dev/null | awk '/receive errors/ { s += $1 } END { print s + 0 }'; }
# CPU seconds (user + system) of a process and its threads so far
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0; }

summary=$out/summary.txt
printf '%-5s %8s %8s %8s %8s %10s %10s %9s %9s %9s %10s %10s\n' setup offered ok failed retrans "cpu-node-a" "cpu-node-b" \
  "cpu-kam" "cpu-uas" "udp-err" "gc-max-ms" "gc-sum-ms" > "$summary"
for setup in "${setups[@]}"; do
  dir=$out/$setup
  mkdir -p "$dir"
  nodes="a"; [ "$setup" = two ] && nodes="a b"
  RELAYBRIDGE_CLUSTER_NODES="$nodes" RELAYBRIDGE_CLUSTER_RUN="$dir/run" RELAYBRIDGE_CLUSTER_CONFIG="$overlay" \
    JAVA_OPTS="-Xlog:gc:file=$dir/gc-%p.log" "$root/cluster/start.sh" > "$dir/cluster.log" 2>&1 &
  cluster=$!
  for _ in $(seq 1 600); do
    grep -q "relaybridge cluster ready" "$dir/cluster.log" && break
    kill -0 "$cluster" 2>/dev/null || { echo "the cluster did not start: $dir/cluster.log" >&2; exit 1; }
    sleep 0.5
  done
  sleep 3 # the front's probes find the nodes up
  sipps=()
  for i in $(seq 0 $((pairs - 1))); do
    scenario queue_uas_waits_for_bye.xml "$dir/uas.xml"
    (cd "$dir" && exec sipp -sf uas.xml -i 127.0.0.1 -p $((42200 + i)) -bind_local -nostdin -timeout 900s \
      -cp $((42500 + i)) -mp $((42600 + 4 * i)) -trace_screen -screen_file "uas-$i-screen.log" >/dev/null 2>&1) &
    sipps+=($!)
  done
  scenario relay_uac_hangs_up.xml "$dir/uac.xml"
  sleep 1
  # warm-up: the JIT compiles the hot paths of every node before anything is measured
  (cd "$dir" && sipp -sf uac.xml -i 127.0.0.11 -p 42300 -bind_local -nostdin -timeout 120s -cp 42550 -mp 42700 \
    -r "$warmup_rate" -m $((warmup_rate * warmup)) -l 100000 -max_retrans 5 \
    -trace_screen -screen_file warmup-screen.log 127.0.0.1:5060 >/dev/null 2>&1) || true

  pids_a=$(cat "$dir/run/node-a.pid"); pids_b=$(cat "$dir/run/node-b.pid" 2>/dev/null || echo)
  kam=$(pgrep -f "kamailio -f $root/cluster/kamailio.cfg" | tr '\n' ' ')
  a0=$(cpu_seconds "$pids_a"); b0=$([ -n "$pids_b" ] && cpu_seconds "$pids_b" || echo 0)
  k0=0; for k in $kam; do k0=$(echo "$k0 + $(cpu_seconds "$k")" | bc); done
  u0=$(udp_errors)
  per=$(( rate / pairs ))
  uacs=()
  for i in $(seq 0 $((pairs - 1))); do
    (cd "$dir" && exec sipp -sf uac.xml -i 127.0.0.11 -p $((42310 + i)) -bind_local -nostdin -timeout $((duration + 120))s \
      -cp $((42560 + i)) -mp $((42720 + 4 * i)) -r "$per" -m $((per * duration)) -l 100000 -max_retrans 5 \
      -trace_screen -screen_file "uac-$i-screen.log" -trace_err -error_file "uac-$i-errors.log" \
      127.0.0.1:5060 >/dev/null 2>&1) &
    uacs+=($!)
  done
  sipp_cpu=0
  for p in "${uacs[@]}"; do wait "$p" || true; done
  a1=$(cpu_seconds "$pids_a"); b1=$([ -n "$pids_b" ] && cpu_seconds "$pids_b" || echo 0)
  k1=0; for k in $kam; do k1=$(echo "$k1 + $(cpu_seconds "$k")" | bc); done
  u1=$(udp_errors)
  for p in "${sipps[@]}"; do sipp_cpu=$(echo "$sipp_cpu + $(cpu_seconds "$p")" | bc); done
  read -r ok failed retrans < <(python3 - "$dir" <<'PY'
import glob, re, sys
ok = failed = retrans = 0
for f in glob.glob(sys.argv[1] + "/uac-*-screen.log"):
    text = open(f).read()
    pick = lambda label: ([int(x) for x in re.findall(label + r"\s*\|\s*\d+\s*\|\s*(\d+)", text)] or [0])[-1]
    ok += pick("Successful call"); failed += pick("Failed call")
    # the last screen's message rows: "INVITE ---------->  <messages> <retrans> <timeout> [<unexpected>]"
    last = text.split("Messages  Retrans")[-1]
    for line in last.splitlines():
        if "---------->" in line or "<----------" in line:
            numbers = [int(t) for t in re.split(r"-+>|<-+", line, maxsplit=1)[1].split() if t.isdigit()]
            retrans += numbers[1] if len(numbers) > 1 else 0
print(ok, failed, retrans)
PY
)
  read -r gc_max gc_sum < <(python3 - "$dir" <<'PY'
import glob, re, sys
pauses = [float(x) for f in glob.glob(sys.argv[1] + "/gc-*.log") for x in re.findall(r"Pause.* (\d+\.\d+)ms", open(f).read())]
print(f"{max(pauses or [0]):.1f} {sum(pauses):.1f}")
PY
)
  printf '%-5s %8s %8s %8s %8s %10s %10s %9s %9s %9s %10s %10s\n' "$setup" $((per * pairs * duration)) "$ok" "$failed" \
    "$retrans" "$(echo "$a1 - $a0" | bc)" "$(echo "$b1 - $b0" | bc)" "$(echo "$k1 - $k0" | bc)" "$sipp_cpu" \
    $((u1 - u0)) "$gc_max" "$gc_sum" >> "$summary"
  for p in "${sipps[@]}"; do kill "$p" 2>/dev/null || true; done
  sipps=()
  kill -TERM "$cluster" 2>/dev/null || true
  wait "$cluster" 2>/dev/null || true
  cluster=
done
echo "$rate calls/s for $duration s, $hold ms hold, $pairs SIPp pair(s), through the front (127.0.0.1:5060):"
cat "$summary"
