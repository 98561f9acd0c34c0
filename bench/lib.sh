# Shared by the bench scripts: sourced, not run.

# A copy of the shipped configuration in $1 with the texttelefoni trunk's own limits (60 calls, 5 calls/s) lifted:
# they would refuse the load with 503, and the bench measures relaybridge. The caller writes queues.json.
bench_config() {
  rm -rf "$1"
  mkdir -p "$1"
  cp -r "$root/sip-config" "$root/relay-profiles" "$1/"
  sed -i -E 's/"maxConcurrentCalls": *[0-9]+/"maxConcurrentCalls": null/; s/"maxCallsPerSecond": *[0-9]+/"maxCallsPerSecond": null/' \
    "$1/relay-profiles/texttelefoni.json"
  # STACK_PROPERTIES: JAIN SIP RI properties that replace the shipped ones for a comparison ("key=value ...")
  local kv
  for kv in ${STACK_PROPERTIES:-}; do
    sed -i "/^${kv%%=*}=/d" "$1/sip-config/stack.properties"
    echo "$kv" >> "$1/sip-config/stack.properties"
  done
}

# Starts the microbundle on configuration $1, logging to $2/relaybridge.log; sets $relaybridge to its pid and
# returns once it is ready.
start_relaybridge() {
  java -Drelaybridge.config.dir="$1" -jar "$root/target/relaybridge-microbundle.jar" >"$2/relaybridge.log" 2>&1 &
  relaybridge=$!
  for _ in $(seq 1 120); do
    curl -sf http://127.0.0.1:8080/health/ready >/dev/null && break
    sleep 0.5
  done
}

# p50/p99/max of the response times SIPp wrote to the *rtt*.csv files in this folder, labelled $1.
print_percentiles() {
  LABEL="$1" python3 - <<'PY'
import csv, glob, os
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
    print(f"{os.environ['LABEL']} ms: p50 {pick(0.5):.2f}  p99 {pick(0.99):.2f}  max {rows[-1]:.2f}  (n={len(rows)})")
else:
    print(f"{os.environ['LABEL']}: no times recorded")
PY
}
