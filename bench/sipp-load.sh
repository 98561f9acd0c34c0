#!/usr/bin/env bash
# SIPp load through relaybridge, all on this machine (loopback only, bounded in calls and time).
#   mvn -B -q -DskipTests clean package && bench/sipp-load.sh [calls-per-second] [calls] [hold-ms]
# Starts target/relaybridge-microbundle.jar with the shipped configuration, except a nurse queue with one
# target and no OPTIONS pings (SIPp's built-in uas does not answer them); SIPp's built-in uas plays the
# queue on 127.0.0.1:5070, its built-in uac the texttelefoni trunk from 127.0.0.11. Prints the relay side's
# successful/failed calls and its call set-up times (INVITE sent -> 200 received, through relaybridge and
# the queue), then stops everything it started.
set -euo pipefail
rate=${1:-200}
calls=${2:-6000}
hold=${3:-1000}
root=$(pwd)
. "$root/bench/lib.sh"
out=$root/target/bench
config=$root/target/bench-config
rm -rf "$out"
mkdir -p "$out"
bench_config "$config"
cat > "$config/sip-config/queues.json" <<'JSON'
{ "defaultQueue": "nurse", "ping": { "intervalSeconds": 0 },
  "queues": [ { "id": "nurse", "name": "bench queue", "targets": ["sip:1177@127.0.0.1:5070"] } ] }
JSON

relaybridge=
queue=
trap 'kill ${relaybridge:-} ${queue:-} 2>/dev/null || true' EXIT
start_relaybridge "$config" "$out"

cd "$out"
sipp -sn uas -i 127.0.0.1 -p 5070 -bind_local -nostdin -timeout 600s \
  -trace_screen -screen_file queue-screen.log >/dev/null 2>&1 &
queue=$!
sleep 1

# a short warm-up so the JIT has compiled the hot paths before anything is measured
sipp -sn uac -i 127.0.0.11 -bind_local -p 5081 -s 1177 -r 100 -m 1000 -d 100 -nostdin -timeout 120s \
  127.0.0.1:5060 >/dev/null 2>&1 || true

start=$(date +%s.%N)
sipp -sn uac -i 127.0.0.11 -bind_local -p 5082 -s 1177 -r "$rate" -m "$calls" -d "$hold" -l 10000 \
  -nostdin -timeout 600s -max_retrans 5 -trace_screen -screen_file relay-screen.log \
  -trace_rtt -rtt_freq 1 -trace_err -error_file relay-errors.log \
  127.0.0.1:5060 >/dev/null 2>&1 || true
end=$(date +%s.%N)

echo "offered: $rate calls/s, $calls calls, hold $hold ms; took $(echo "$end - $start" | bc) s"
grep -E "Successful call|Failed call" relay-screen.log | tail -2
print_percentiles "call set-up INVITE->200"
