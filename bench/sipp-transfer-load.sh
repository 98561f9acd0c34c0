#!/usr/bin/env bash
# Transfers under load, all on this machine (loopback only, bounded in calls and time).
#   mvn -B -q -DskipTests clean package && bench/sipp-transfer-load.sh [calls-per-second] [calls] [hold-ms]
# Starts target/relaybridge-microbundle.jar with the shipped configuration, except two queues without OPTIONS pings:
# "nurse" on 127.0.0.1:5070, where SIPp (bench/transfer_nurse_uas.xml) answers every call and at once REFERs it to
# sip:specialist@relaybridge, and "specialist" on 127.0.0.1:5072, SIPp's built-in uas. The texttelefoni trunk
# (bench/transfer_relay_uac.xml from 127.0.0.11) answers relaybridge's re-INVITE and hangs up after the hold time.
# Prints both sides' successful/failed calls and the transfer time as the nurse sees it (REFER sent -> NOTIFY
# "200 OK" received: the specialist called, answered, and the relay re-offered), then stops what it started.
set -euo pipefail
rate=${1:-20}
calls=${2:-600}
hold=${3:-1000}
root=$(pwd)
. "$root/bench/lib.sh"
out=$root/target/bench-transfer
config=$root/target/bench-transfer-config
rm -rf "$out"
mkdir -p "$out"
bench_config "$config"
cat > "$config/sip-config/queues.json" <<'JSON'
{ "defaultQueue": "nurse", "ping": { "intervalSeconds": 0 },
  "queues": [ { "id": "nurse", "name": "bench nurse queue", "targets": ["sip:1177@127.0.0.1:5070"] },
              { "id": "specialist", "name": "bench specialist queue", "targets": ["sip:1177@127.0.0.1:5072"] } ] }
JSON

relaybridge=
nurse=
specialist=
trap 'kill ${relaybridge:-} ${nurse:-} ${specialist:-} 2>/dev/null || true' EXIT
start_relaybridge "$config" "$out"

cd "$out"
sipp -sf "$root/bench/transfer_nurse_uas.xml" -i 127.0.0.1 -p 5070 -bind_local -nostdin -timeout 600s \
  -trace_screen -screen_file nurse-screen.log -trace_rtt -rtt_freq 1 -trace_err -error_file nurse-errors.log \
  >/dev/null 2>&1 &
nurse=$!
sipp -sn uas -i 127.0.0.1 -p 5072 -bind_local -nostdin -timeout 600s \
  -trace_screen -screen_file specialist-screen.log >/dev/null 2>&1 &
specialist=$!
sleep 1

start=$(date +%s.%N)
sipp -sf "$root/bench/transfer_relay_uac.xml" -i 127.0.0.11 -bind_local -p 5083 -s 1177 -r "$rate" -m "$calls" \
  -d "$hold" -l 5000 -nostdin -timeout 600s -max_retrans 5 -trace_screen -screen_file relay-screen.log \
  -trace_err -error_file relay-errors.log 127.0.0.1:5060 >/dev/null 2>&1 || true
end=$(date +%s.%N)
sleep 2
kill -USR1 "$nurse" 2>/dev/null || true
sleep 1

echo "offered: $rate transferred calls/s, $calls calls, hold $hold ms after the transfer; took $(echo "$end - $start" | bc) s"
echo "relay side:"; grep -E "Successful call|Failed call" relay-screen.log | tail -2
print_percentiles "transfer REFER->NOTIFY 200"
