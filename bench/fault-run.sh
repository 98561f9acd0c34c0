#!/usr/bin/env bash
# Issue 12 acceptance 5: a mixed fault run against the built microbundle, with a relay trunk placing calls
# throughout. Loopback only, bounded in time.
#   mvn -B -q -DskipTests clean package && bench/fault-run.sh [minutes]   (default 10)
# Ports of its own (SIP 38060, HTTP 38080, queue targets 38070 and 38072), so it can run beside the test suite.
# Faults, each on a cycle of its own while the texttelefoni trunk (127.0.0.11) places 4 calls/s held 1 s:
#   - INVITE floods from a stranger (127.0.0.99, 200 calls/s for 20 s of every minute),
#   - a TCP slowloris (127.0.0.97: 1,000 connections each holding half an INVITE, every 2 minutes),
#   - garbage datagrams (127.0.0.98: 2,000 random datagrams every 30 s),
#   - config edits (a broken queues.json, then a broken relay profile, each put back 10 s later, every 90 s),
#   - the second queue target killed for a third of the run, then revived.
# Then the trunk stops, relaybridge gets SIGTERM, and the run checks: the trunk's failed calls (must be 0), every
# trunk call has a record, no phone number in relaybridge's log. Also printed: CPU seconds of every process, kernel
# UDP receive errors (netstat -su) and relaybridge's longest GC pause.
set -euo pipefail
minutes=${1:-10}
root=$(pwd)
. "$root/bench/lib.sh"
out=$root/target/fault-run
config=$out/config
rm -rf "$out"
mkdir -p "$out"
cp -r "$root/sip-config" "$root/relay-profiles" "$out/" && mkdir -p "$config" && mv "$out/sip-config" "$out/relay-profiles" "$config/"
export SIP_PORT=38060
sip_port=$SIP_PORT; http_port=38080; queue_a_port=38070; queue_b_port=38072
sed -i "s/127.0.0.1:5070/127.0.0.1:$queue_a_port/; s/127.0.0.1:5072/127.0.0.1:$queue_b_port/" "$config/sip-config/queues.json"
good_queues=$(cat "$config/sip-config/queues.json")
good_profile=$(cat "$config/relay-profiles/bildtelefoni.json")
seconds=$((minutes * 60))
rate=4
calls=$((rate * seconds))

pids=()
trap 'for p in "${pids[@]}" ${relaybridge:-}; do kill "$p" 2>/dev/null || true; done' EXIT
udp_errors() { netstat -su | awk '/receive buffer errors/ { print $1; exit }'; }
udp_before=$(udp_errors || echo 0)

cd "$out"
java -Xlog:gc:file="$out/gc.log" -Drelaybridge.config.dir="$config" -Drelaybridge.sip.port=$sip_port \
  -jar "$root/target/relaybridge-microbundle.jar" --port $http_port >"$out/relaybridge.log" 2>&1 &
relaybridge=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$http_port/health/ready" >/dev/null && break; sleep 0.5; done

queue_target() { # $1 port, $2 name
  sipp -sf "$root/bench/fault_queue_uas.xml" -i 127.0.0.1 -p "$1" -bind_local -nostdin -timeout "$((seconds + 120))s" \
    -trace_screen -screen_file "$2-screen.log" >/dev/null 2>&1 &
  echo $!
}
queue_a=$(queue_target $queue_a_port queue-a); pids+=("$queue_a")
queue_b=$(queue_target $queue_b_port queue-b); pids+=("$queue_b")
sleep 2

sipp -sf "$root/src/test/sipp/load/relay_uac_hangs_up.xml" -i 127.0.0.11 -p 5081 -bind_local -nostdin \
  -r "$rate" -m "$calls" -timeout "$((seconds + 120))s" -max_retrans 10 -trace_screen -screen_file trunk-screen.log \
  -trace_err -error_file trunk-errors.log 127.0.0.1:$sip_port >/dev/null 2>&1 &
trunk=$!; pids+=("$trunk")

stranger_flood() {
  cat > "$out/stranger.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<scenario name="stranger flood">
  <send><![CDATA[
INVITE sip:1177@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: "Texttelefon via tolk +46701234567" <sip:+46701234567@[local_ip]>;tag=[call_number]
To: <sip:1177@[remote_ip]>
Call-ID: [call_id]
CSeq: 1 INVITE
Priority: emergency
Contact: <sip:+46701234567@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Length: 0

  ]]></send>
  <recv response="100" optional="true"/>
  <recv response="403" optional="true" next="end"/>
  <recv response="503" optional="true" next="end"/>
  <label id="end"/>
</scenario>
XML
  sipp -sf "$out/stranger.xml" -i 127.0.0.99 -p 5099 -bind_local -nostdin -r 200 -m 4000 -timeout 25s \
    -recv_timeout 1000 "127.0.0.1:$SIP_PORT" >/dev/null 2>&1 || true
}
garbage() {
  python3 - <<'PY'
import os, socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.98", 0))
for i in range(2000):
    s.sendto(os.urandom(1 + i % 1400), ("127.0.0.1", int(os.environ["SIP_PORT"])))
PY
}
slowloris() {
  python3 - <<'PY'
import os, socket, time
held = []
for i in range(1000):
    try:
        c = socket.socket()
        c.bind(("127.0.0.97", 0))
        c.settimeout(2)
        c.connect(("127.0.0.1", int(os.environ["SIP_PORT"])))
        c.send(b"INVITE sip:1177@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.97;branch=z9hG4bK-slow%d\r\n" % i)
        held.append(c)
    except OSError:
        pass
time.sleep(20)
PY
}

start=$(date +%s)
next_flood=10; next_garbage=5; next_slow=20; next_config=30; b_killed=0; b_revived=0
while kill -0 "$trunk" 2>/dev/null; do
  t=$(( $(date +%s) - start ))
  if [ "$t" -ge "$next_flood" ]; then stranger_flood & next_flood=$((next_flood + 60)); fi
  if [ "$t" -ge "$next_garbage" ]; then garbage & next_garbage=$((next_garbage + 30)); fi
  if [ "$t" -ge "$next_slow" ]; then slowloris & next_slow=$((next_slow + 120)); fi
  if [ "$t" -ge "$next_config" ]; then
    ( echo '{ "defaultQueue": "nurse", "queues": [ { "id": "nurse", "targets": [] } ' > "$config/sip-config/queues.json"
      sleep 10; echo "$good_queues" > "$config/sip-config/queues.json"
      echo '{ "id": "bildtelefoni", "service": "fax" }' > "$config/relay-profiles/bildtelefoni.json"
      sleep 10; echo "$good_profile" > "$config/relay-profiles/bildtelefoni.json" ) &
    next_config=$((next_config + 90))
  fi
  if [ "$b_killed" = 0 ] && [ "$t" -ge $((seconds / 3)) ]; then kill "$queue_b" 2>/dev/null || true; b_killed=1; echo "t=${t}s second queue target killed"; fi
  if [ "$b_revived" = 0 ] && [ "$t" -ge $((2 * seconds / 3)) ]; then queue_b=$(queue_target $queue_b_port queue-b2); pids+=("$queue_b"); b_revived=1; echo "t=${t}s second queue target revived"; fi
  sleep 1
done
wait "$trunk" || true
sleep 3
cpu() { awk '{ printf "%.1f", ($14 + $15) / 100 }' "/proc/$1/stat" 2>/dev/null || echo "?"; }
echo "CPU seconds: relaybridge $(cpu "$relaybridge"), queue A $(cpu "$queue_a"), queue B $(cpu "$queue_b")"
kill -TERM "$relaybridge"; wait "$relaybridge" || true
udp_after=$(udp_errors || echo 0)

echo "== fault run: ${minutes} min, trunk ${rate} calls/s"
grep -E "Successful call|Failed call" trunk-screen.log | tail -2
failed=$(grep -E "Failed call" trunk-screen.log | tail -1 | awk -F'|' '{ gsub(/ /, "", $3); print $3 }')
ok=$(grep -E "Successful call" trunk-screen.log | tail -1 | awk -F'|' '{ gsub(/ /, "", $3); print $3 }')
h2=$(find ~/.m2/repository/com/h2database/h2 -name 'h2-2*.jar' | sort | tail -1)
sql() { java -cp "$h2" org.h2.tools.Shell -url "jdbc:h2:file:$out/relaybridge-data/records" -user relaybridge -password '' -sql "$1" | sed -n 2p | tr -d ' '; }
recorded=$(sql "SELECT COUNT(*) FROM call_records WHERE profile_id = 'texttelefoni'")
strangers=$(sql "SELECT COUNT(*) FROM call_records WHERE profile_id IS NULL")
# the numbers this run sends, in any of their written forms (E.164, national, bare)
numbers=$(grep -cE '46812345678|0812345678|812345678|46701234567|0701234567|701234567' "$out/relaybridge.log" || true)
gc_max=$(grep -oE '[0-9]+\.[0-9]+ms' "$out/gc.log" | sed 's/ms//' | sort -n | tail -1)
echo "trunk calls recorded: $recorded (successful at the trunk: $ok); stranger rows: $strangers"
echo "phone numbers in relaybridge's log: $numbers; UDP receive buffer errors: $((udp_after - udp_before)); longest GC pause: ${gc_max:-?} ms"
if [ "${failed:-1}" = 0 ] && [ "$recorded" -ge "${ok:-0}" ] && [ "$numbers" = 0 ]; then
  echo "PASS: 0 admitted calls lost, every call recorded, 0 phone numbers in the log"
else
  echo "FAIL"; exit 1
fi
