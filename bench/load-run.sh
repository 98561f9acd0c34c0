#!/usr/bin/env bash
# The load bench of issue 13 (docs/load-bench.md): the same SIPp load through relaybridge and through Kamailio 5.6 as
# a stateful proxy with dialog tracking (bench/kamailio/proxy.cfg), back to back in one run, on this machine's
# loopback, bounded in calls and time.
#   mvn -B -q -o -DskipTests package
#   flock /tmp/rb-tests.lock bench/load-run.sh [calls/s] [seconds] [hold-ms] [pairs] [relaybridge|kamailio|both]
# Defaults: 500 calls/s, 30 s, 1000 ms hold, pairs = calls/s / 800 rounded up (one SIPp process tops out near
# 1,000-1,250 calls/s), both. Environment: WARMUP_SECONDS (20) and WARMUP_RATE (100 calls/s) before each target's
# measured load; JAVA_OPTS for relaybridge's JVM (none: the README's run command), JAVA the java it runs on (java on
# the PATH); LIVE_HEAP=1: relaybridge's heap after
# a full GC (jcmd GC.run) before the load, once every call is offered, and 10 s after the last ended (target/load-run/
# relaybridge/live-heap.txt, a class histogram at the peak in histogram-peak.txt; use a hold longer than the load so that every call is up at once); THREADS=1: relaybridge's
# CPU per thread group over the measured window (bench/thread_cpu.py; target/load-run/relaybridge/threads.txt);
# SAMPLE_SECONDS=n: the node's thread count and RSS every n s of the window (samples.csv, read by bench/soak_summary.py);
# AFTER_SECONDS=n (0): after the measured load, n s more at AFTER_RATE (WARMUP_RATE), the pinger still running: how
# soon after a burst the node answers as before (the summary's "after the burst" rows; the window's rows exclude it).
# Each pair is a uac SIPp on the texttelefoni trunk's address (127.0.0.11, port 42300+i) placing calls/s / pairs,
# and a uas SIPp (127.0.0.1:42200+i, bench/load_queue_uas.xml) as that pair's nurse queue. Through relaybridge a
# pair's calls carry numbers of the pair's own area code, and routing.json sends that region to the pair's queue;
# through Kamailio the uac's port picks the same uas. relaybridge: SIP 42060, HTTP 42080; Kamailio: SIP 42160; the
# OPTIONS pinger: 127.0.0.11:42400; SIPp control ports 42500-42599, SIPp media ports (bound, unused) 42600-42799.
# Prints one summary table (also target/load-run/summary.txt); each target's raw files stay in target/load-run/<target>/.
set -euo pipefail
rate=${1:-500}
duration=${2:-30}
hold=${3:-1000}
pairs=${4:-$(( (rate + 799) / 800 ))}
which=${5:-both}
warmup=${WARMUP_SECONDS:-20}
warmup_rate=${WARMUP_RATE:-100}
after=${AFTER_SECONDS:-0}
after_rate=${AFTER_RATE:-$warmup_rate}
case "$which" in relaybridge) targets=(relaybridge) ;; kamailio) targets=(kamailio) ;; both) targets=(relaybridge kamailio) ;;
  *) echo "target must be relaybridge, kamailio or both, not '$which'" >&2; exit 2 ;; esac
[ "$pairs" -ge 1 ] || { echo "pairs must be at least 1" >&2; exit 2; }
root=$(pwd)
. "$root/bench/lib.sh"
jar=$root/target/relaybridge-microbundle.jar
[ -f "$jar" ] || { echo "no $jar: build it first (mvn -B -q -o -DskipTests package)" >&2; exit 2; }

rb_sip=42060; rb_http=42080; kam_sip=42160; uas_base=42200; uac_base=42300; pinger=127.0.0.11:42400; cp_base=42500; media_base=42600
trunk_ip=127.0.0.11
out=$root/target/load-run
rm -rf "$out"
mkdir -p "$out"
sed "s/@HOLD@/$hold/" "$root/bench/load_relay_uac.xml" > "$out/load_relay_uac.xml"

# The shipped configuration with the trunk's limits lifted (lib.sh), and one nurse queue per pair: queue 1 is the
# shipped "nurse" (national queue and every region not given to another pair), queue i>1 takes one län's calls.
config=$out/relaybridge-config
bench_config "$config"
PAIRS=$pairs UAS_BASE=$uas_base CONFIG=$config python3 - > "$out/prefixes" <<'PY'
import json, os
n, base, cfg = int(os.environ["PAIRS"]), int(os.environ["UAS_BASE"]), os.environ["CONFIG"] + "/sip-config/"
routing = json.load(open(cfg + "routing.json"))
codes = routing["areaCodes"]
taken = [c["prefix"] for c in codes] + [p["prefix"] for p in routing.get("nonGeographicPrefixes", [])]
lans, prefixes = [], []
for c in sorted(codes, key=lambda c: (c["prefix"] != "+468", c["prefix"])):
    if c["lan"] in lans:
        continue
    # a digit after the prefix that no longer prefix claims, so that the prefix is the longest match
    digit = next((d for d in "123456789" if not any(t.startswith(c["prefix"] + d) for t in taken)), None)
    if digit is None:
        continue
    # "00" then SIPp's call number: at least 7 digits after the "+", as relaybridge asks of a number
    lans.append(c["lan"]); prefixes.append(c["prefix"] + digit + "00")
    if len(lans) == n:
        break
if len(lans) < n:
    raise SystemExit(f"routing.json has only {len(lans)} usable län for {n} pairs")
ids = ["nurse"] + [f"nurse-{i}" for i in range(2, n + 1)]
queues = json.load(open(cfg + "queues.json"))
template = next(q for q in queues["queues"] if q["id"] == "nurse")
queues["queues"] = [dict(template, id=ids[i], name=f"{template.get('name', 'nurse')} (bench pair {i + 1})",
                         targets=[f"sip:1177@127.0.0.1:{base + i}"]) for i in range(n)]
json.dump(queues, open(cfg + "queues.json", "w"), ensure_ascii=False, indent=2)
for i in range(1, n):
    for r in routing["regions"]:
        if r["lan"] == lans[i]:
            r["queue"] = ids[i]
json.dump(routing, open(cfg + "routing.json", "w"), ensure_ascii=False, indent=2)
print("\n".join(prefixes))
PY
mapfile -t prefixes < "$out/prefixes"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

family() { echo "$1"; ps -o pid= --ppid "$1" 2>/dev/null || true; } # a process and its live children (Kamailio's workers)
cpu_ticks() { # utime + stime of a process and its live children, in clock ticks
  local total=0 p t
  for p in $(family "$1"); do
    t=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }')
    total=$((total + ${t:-0}))
  done
  echo "$total"
}
peak_rss_kb() { # VmHWM of a process and its live children, summed
  local total=0 p t
  for p in $(family "$1"); do
    t=$(awk '/^VmHWM/ { print $2 }' "/proc/$p/status" 2>/dev/null)
    total=$((total + ${t:-0}))
  done
  echo "$total"
}
live_heap_kb() { # the node's heap in use right after a full collection (jcmd GC.run), in KiB: what is live
  jcmd "$1" GC.run >/dev/null 2>&1 || true
  jcmd "$1" GC.heap_info 2>/dev/null | awk '/heap/ && /used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); print v; exit } }'
}
active_calls() { # relaybridge's calls up now, as its readiness check tells them
  curl -sf "http://127.0.0.1:$rb_http/health/ready" | python3 -c '
import json, sys
checks = json.load(sys.stdin).get("checks", [])
print(next((c["data"]["activeCalls"] for c in checks if "activeCalls" in c.get("data", {})), -1))' 2>/dev/null || echo -1
}
udp_counter() { netstat -su | awk -v what="$1" 'index($0, what) { print $1; exit }'; }
socket_drops() { # kernel drops on the UDP sockets bound to local port $1 (the last column of /proc/net/udp and udp6:
  # the JVM binds an IPv6 socket even for 127.0.0.1)
  awk -v port="$(printf '%04X' "$1")" 'FNR > 1 { split($2, a, ":"); if (a[2] == port) d += $NF } END { print d + 0 }' \
    /proc/net/udp /proc/net/udp6
}

# N uac SIPps at $1 calls/s in all for $2 s towards $4, their files in folder $3 (SIPp names its rtt and error-code
# files after the scenario and its pid): uac-<i>-stat.csv, -screen.log, and uac-<i>.cpu, the SIPp's CPU ticks (its
# parent shell's cutime + cstime once it has waited for it)
run_uacs() {
  local total=$1 seconds=$2 label=$3 dest=$4 i each calls
  each=$(( (total + pairs - 1) / pairs ))
  calls=$(( each * seconds ))
  local uacs=()
  mkdir -p "$label"
  for i in $(seq 0 $((pairs - 1))); do
    ( cd "$label" && exec bash -c 'timeout -k 5 '"$((seconds + hold / 1000 + 120))"' sipp "$@" >/dev/null 2>&1; echo $? > uac-'"$i"'.exit; sed "s/^.*) //" /proc/$$/stat | awk "{ print \$14 + \$15 }" > uac-'"$i"'.cpu' _ \
      -sf "$out/load_relay_uac.xml" -key number_prefix "${prefixes[$i]}" -i "$trunk_ip" -p $((uac_base + i)) -bind_local \
      -cp $((cp_base + 50 + i)) -mp $((media_base + 100 + 4 * i)) -nostdin -r "$each" -m "$calls" -l "$calls" \
      -timeout "$((seconds + hold / 1000 + 90))s" -recv_timeout 32000 \
      -max_recv_loops 10000 -max_sched_loops 10000 \
      -trace_stat -stf "uac-$i-stat.csv" -fd 1 -trace_rtt -rtt_freq 1 -trace_screen -screen_file "uac-$i-screen.log" \
      -trace_error_codes "$dest" ) &
    uacs+=($!)
  done
  for i in "${uacs[@]}"; do wait "$i" || true; done
}

# the measured window's closing facts: its length, CPU, metrics, threads and drops
close_window() {
  fact measure_seconds "$(echo "$measure_end - $measure_start" | bc)"
  fact measure_end_uptime "$(echo "$measure_end - $launched" | bc)"
  for i in "${!uas[@]}"; do fact "cpu_after_queue_$i" "$(cpu_ticks "${uas[$i]}")"; done
  fact cpu_after_node "$(cpu_ticks "$node")"
  [ "$target" = relaybridge ] && { curl -sf "http://127.0.0.1:$rb_http/metrics" > "$dir/metrics-after.txt" || true; }
  if [ "$target" = relaybridge ] && [ -n "${THREADS:-}" ]; then
    python3 "$root/bench/thread_cpu.py" snap "$node" "$dir/threads-after"
    python3 "$root/bench/thread_cpu.py" diff "$dir/threads-before" "$dir/threads-after" \
      "$(echo "$(date +%s.%N) - $measure_start" | bc)" | tee "$dir/threads.txt"
  fi
  for c in "${udp_drop_counters[@]}"; do fact "udp_after_${c// /_}" "$(udp_counter "$c" || echo 0)"; done
  fact drops_after_node "$(socket_drops "$sip_port")"
  for i in "${!uas[@]}"; do fact "drops_after_queue_$i" "$(socket_drops $((uas_base + i)))"; done
}

clk=$(getconf CLK_TCK)
udp_drop_counters=("receive buffer errors" "packet receive errors")

for target in "${targets[@]}"; do
  dir=$out/$target
  mkdir -p "$dir"
  cd "$dir"
  facts=$dir/facts
  : > "$facts"
  fact() { echo "$1=$2" >> "$facts"; }

  uas=()
  for i in $(seq 0 $((pairs - 1))); do
    sipp -sf "$root/bench/load_queue_uas.xml" -i 127.0.0.1 -p $((uas_base + i)) -bind_local -cp $((cp_base + i)) \
      -mp $((media_base + 4 * i)) -nostdin -recv_timeout 32000 \
      -timeout "$((warmup + duration + hold / 1000 + 900))s" -max_recv_loops 10000 -max_sched_loops 10000 \
      -trace_stat -stf "queue-$i-stat.csv" -fd 1 -trace_screen -screen_file "queue-$i-screen.log" >/dev/null 2>&1 &
    uas+=($!); pids+=($!)
  done

  launched=$(date +%s.%N)
  if [ "$target" = relaybridge ]; then
    # shellcheck disable=SC2086
    "${JAVA:-java}" ${JAVA_OPTS:-} -Xlog:gc*:file="$dir/gc.log":uptime,level,tags -Drelaybridge.config.dir="$config" \
      -Drelaybridge.sip.port=$rb_sip -jar "$jar" --port $rb_http >"$dir/relaybridge.log" 2>&1 &
    node=$!; pids+=($node); sip_port=$rb_sip
    for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$rb_http/health/ready" >/dev/null && break; sleep 0.5; done
    curl -sf "http://127.0.0.1:$rb_http/health/ready" >/dev/null || { echo "relaybridge did not become ready: $dir/relaybridge.log" >&2; exit 1; }
  else
    kamailio -f "$root/bench/kamailio/proxy.cfg" -DD -E -m 1024 -M 16 -l "udp:127.0.0.1:$kam_sip" \
      -A UAC_BASE=$uac_base -A UAS_BASE=$uas_base -A "CTL_SOCKET=\"unix:$dir/kamailio.ctl\"" -P "$dir/kamailio.pid" \
      >"$dir/kamailio.log" 2>&1 &
    node=$!; pids+=($node); sip_port=$kam_sip
    ready=0
    for _ in $(seq 1 40); do
      python3 "$root/bench/options_pinger.py" --target 127.0.0.1:$kam_sip --bind $pinger --once --timeout 0.5 && { ready=1; break; }
      sleep 0.25
    done
    [ "$ready" = 1 ] || { echo "Kamailio did not answer OPTIONS: $dir/kamailio.log" >&2; exit 1; }
  fi
  fact ready_seconds "$(echo "$(date +%s.%N) - $launched" | bc)"

  if [ "$warmup" -gt 0 ]; then
    run_uacs "$warmup_rate" "$warmup" warmup "127.0.0.1:$sip_port"
    sleep 3
  fi

  if [ "$target" = relaybridge ] && [ -n "${LIVE_HEAP:-}" ]; then
    fact live_heap_idle_kb "$(live_heap_kb "$node")"
    # once the uacs have offered every call, all of them are up when the hold outlasts the offering
    ( sleep "$duration"; fact live_heap_calls "$(active_calls)"; fact live_heap_peak_kb "$(live_heap_kb "$node")"
      jcmd "$node" GC.class_histogram > "$dir/histogram-peak.txt" 2>/dev/null || true ) &
    pids+=($!)
  fi

  # the measured window
  for i in "${!uas[@]}"; do fact "cpu_before_queue_$i" "$(cpu_ticks "${uas[$i]}")"; done
  fact cpu_before_node "$(cpu_ticks "$node")"
  [ "$target" = relaybridge ] && [ -n "${THREADS:-}" ] && python3 "$root/bench/thread_cpu.py" snap "$node" "$dir/threads-before"
  [ "$target" = relaybridge ] && { curl -sf "http://127.0.0.1:$rb_http/metrics" > "$dir/metrics-before.txt" || true; }
  for c in "${udp_drop_counters[@]}"; do fact "udp_before_${c// /_}" "$(udp_counter "$c" || echo 0)"; done
  fact drops_before_node "$(socket_drops "$sip_port")"
  for i in "${!uas[@]}"; do fact "drops_before_queue_$i" "$(socket_drops $((uas_base + i)))"; done
  measure_start=$(date +%s.%N)
  fact measure_start_uptime "$(echo "$measure_start - $launched" | bc)"
  python3 "$root/bench/options_pinger.py" --target "127.0.0.1:$sip_port" --bind "$pinger" --seconds "$((duration + after))" \
    --out "$dir/pings.json" >/dev/null &
  ping_pid=$!; pids+=($ping_pid)
  if [ -n "${SAMPLE_SECONDS:-}" ]; then # the soak's samples: seconds into the window, the node's threads, its RSS in KiB
    ( echo "seconds,threads,rss_kb" > "$dir/samples.csv"
      while kill -0 "$node" 2>/dev/null; do
        awk -v t="$(echo "$(date +%s.%N) - $measure_start" | bc)" '/^Threads:/ { n = $2 } /^VmRSS:/ { r = $2 } END { printf "%.0f,%s,%s\n", t, n, r }' \
          "/proc/$node/status" >> "$dir/samples.csv" 2>/dev/null || true
        sleep "$SAMPLE_SECONDS"
      done ) &
    sampler=$!; pids+=($sampler)
  fi
  run_uacs "$rate" "$duration" load "127.0.0.1:$sip_port"
  [ -n "${SAMPLE_SECONDS:-}" ] && kill "$sampler" 2>/dev/null || true
  measure_end=$(date +%s.%N)
  if [ "$after" -gt 0 ]; then
    sleep 2
    close_window
    # the burst is over: the clean rate again, the pinger still running, to see how soon the node is back to normal
    fact after_start_offset "$(echo "$(date +%s.%N) - $measure_start" | bc)"
    run_uacs "$after_rate" "$after" after "127.0.0.1:$sip_port"
    wait "$ping_pid" || true
  else
    wait "$ping_pid" || true
    sleep 2
    close_window
  fi
  fact rss_node_kb "$(peak_rss_kb "$node")"
  if [ "$target" = relaybridge ] && [ -n "${LIVE_HEAP:-}" ]; then
    sleep 8 # with the 2 s above: 10 s after the last call ended
    fact live_heap_after_kb "$(live_heap_kb "$node")"
    awk -F= '{ f[$1] = $2 } END { if (f["live_heap_peak_kb"] != "") printf "live heap after a full GC: idle %.0f MB; with %d calls up %.0f MB, %.1f KiB per call; 10 s after they ended %.0f MB\n", f["live_heap_idle_kb"] / 1024, f["live_heap_calls"], f["live_heap_peak_kb"] / 1024, (f["live_heap_peak_kb"] - f["live_heap_idle_kb"]) / (f["live_heap_calls"] > 0 ? f["live_heap_calls"] : 1), f["live_heap_after_kb"] / 1024 }' "$facts" | tee "$dir/live-heap.txt"
  fi
  if [ "$target" = kamailio ]; then
    kamcmd -s "unix:$dir/kamailio.ctl" stats.get_statistics dialog: > "$dir/kamailio-dialog-stats.txt" 2>&1 || true
    kamcmd -s "unix:$dir/kamailio.ctl" stats.get_statistics shmem: > "$dir/kamailio-shmem-stats.txt" 2>&1 || true
  fi
  kill -TERM "$node" 2>/dev/null || true
  wait "$node" 2>/dev/null || true
  for p in "${uas[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  fact clk_tck "$clk"
  fact pairs "$pairs"
done

cd "$root"
python3 "$root/bench/load_summary.py" "$out" "$rate" "$duration" "$hold" "$pairs" "$warmup" "$warmup_rate" | tee "$out/summary.txt"
