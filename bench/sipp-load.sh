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
out=$root/target/bench
config=$root/target/bench-config
rm -rf "$out" "$config"
mkdir -p "$out" "$config"
cp -r "$root/sip-config" "$root/relay-profiles" "$config/"
# the trunk's own limits (60 calls, 5 calls/s) would refuse the load with 503: the bench measures relaybridge
sed -i -E 's/"maxConcurrentCalls": *[0-9]+/"maxConcurrentCalls": null/; s/"maxCallsPerSecond": *[0-9]+/"maxCallsPerSecond": null/' \
  "$config/relay-profiles/texttelefoni.json"
cat > "$config/sip-config/queues.json" <<'JSON'
{ "defaultQueue": "nurse", "ping": { "intervalSeconds": 0 },
  "queues": [ { "id": "nurse", "name": "bench queue", "targets": ["sip:1177@127.0.0.1:5070"] } ] }
JSON

java -Drelaybridge.config.dir="$config" -jar "$root/target/relaybridge-microbundle.jar" >"$out/relaybridge.log" 2>&1 &
relaybridge=$!
queue=
trap 'kill $relaybridge ${queue:-} 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf http://127.0.0.1:8080/health/ready >/dev/null && break
  sleep 0.5
done

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
python3 - <<'PY'
import csv, glob
rows = []
for f in glob.glob("*rtt*.csv"):
    with open(f) as fh:
        for r in csv.reader(fh, delimiter=';'):
            try:
                rows.append(float(r[1]))
            except (IndexError, ValueError):
                pass
if rows:
    rows.sort()
    pick = lambda q: rows[min(len(rows) - 1, int(q * len(rows)))]
    print(f"call set-up INVITE->200 ms: p50 {pick(0.5):.2f}  p99 {pick(0.99):.2f}  max {rows[-1]:.2f}  (n={len(rows)})")
PY
