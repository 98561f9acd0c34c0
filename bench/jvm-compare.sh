#!/usr/bin/env bash
# The same load through relaybridge once per JVM option set, back to back in one run (docs/load-bench.md,
# "JVM options"): which collector and heap the node is best run with on this machine. Each variant gets its own
# warm-up (WARMUP_SECONDS, default here 60) before the measured load; the rows compared are the load bench's own.
#   mvn -B -q -o -DskipTests package
#   flock /tmp/rb-tests.lock bench/jvm-compare.sh [calls/s] [seconds] ["opts A" "opts B" ...]
# A word "stack:key=value" in a variant is a JAIN SIP RI property in that variant's stack.properties instead of a JVM
# option, e.g. "-XX:TieredStopAtLevel=1 stack:gov.nist.javax.sip.THREAD_POOL_SIZE=4"; a word "java:PATH" runs that
# variant on another JVM, e.g. "java:/usr/lib/jvm/temurin-25-jdk-amd64/bin/java -XX:+UseZGC".
# Default variants: the JVM's defaults (G1), G1 with a 50 ms pause goal and a 2 GiB heap, Shenandoah, ZGC.
# Output: target/jvm-compare/summary.txt (one block per variant) and each variant's load-run directory beside it.
set -euo pipefail
rate=${1:-500}
duration=${2:-30}
shift $(( $# < 2 ? $# : 2 ))
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=("" "-XX:MaxGCPauseMillis=50 -Xmx2g" "-XX:+UseShenandoahGC -Xmx2g" "-XX:+UseZGC -Xmx2g")
root=$(pwd)
out=$root/target/jvm-compare
rm -rf "$out"; mkdir -p "$out"
export WARMUP_SECONDS=${WARMUP_SECONDS:-60}
i=0
for opts in "${variants[@]}"; do
  i=$((i + 1))
  jvm=""; stack=""; java_bin=java
  for word in $opts; do
    case "$word" in stack:*) stack="$stack ${word#stack:}" ;; java:*) java_bin=${word#java:} ;; *) jvm="$jvm $word" ;; esac
  done
  echo "== variant $i: JAVA=$java_bin JAVA_OPTS='${jvm# }' STACK_PROPERTIES='${stack# }'" | tee -a "$out/summary.txt"
  JAVA="$java_bin" STACK_PROPERTIES="${stack# }" JAVA_OPTS="${jvm# }" "$root/bench/load-run.sh" "$rate" "$duration" 1000 "" relaybridge > "$out/variant-$i.log" 2>&1 \
    || echo "(load run failed: see $out/variant-$i.log)" >> "$out/summary.txt"
  grep -E "calls ok|calls failed|refused 503 with|set-up|INVITE in|CPU s: node|CPU ms per ok|GC pauses|heap after GC|UDP drops|OPTIONS" \
    "$out/variant-$i.log" | tee -a "$out/summary.txt" || true
  cp -r "$root/target/load-run/relaybridge" "$out/variant-$i" 2>/dev/null || true
  # ZGC's pauses are not G1's lines: counted here (the whole run, warm-up included) when the variant ran it
  python3 - "$out/variant-$i/gc.log" <<'PY' | tee -a "$out/summary.txt" || true
import re, sys
try:
    text = open(sys.argv[1]).read()
except OSError:
    sys.exit(0)
pauses = [float(m) for m in re.findall(r"\] GC\(\d+\) (?:[YO]: )?Pause (?:Mark Start|Mark End|Relocate Start)[^\n]*? ([\d.]+)ms", text)]
stalls = len(re.findall(r"Allocation Stall", text.replace("Critical: Allocation Stall", "")))
if pauses:
    print(f"| ZGC pauses (whole run) | {len(pauses)}, max {max(pauses):.2f} ms, total {sum(pauses):.1f} ms; allocation stalls {stalls} |")
PY
done
