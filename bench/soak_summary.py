#!/usr/bin/env python3
"""The soak rows of issue 13's acceptance 5 for one load-run directory (docs/load-bench.md, "The soak"): the heap
after the collections of each time slice of the measured window (its lowest) and its drift from the first slice,
the live heap before the load, at its end and after it when LIVE_HEAP=1 measured it (the figure to judge growth by), the JVM's thread count over the window, the
pauses longer than a limit, and the kernel drops on the node's socket.
    bench/soak_summary.py target/load-run/relaybridge [slice-seconds] [pause-limit-ms]
"""
import os
import re
import sys

d = sys.argv[1]
slice_s = float(sys.argv[2]) if len(sys.argv) > 2 else 300
limit_ms = float(sys.argv[3]) if len(sys.argv) > 3 else 50
facts = dict(line.strip().split("=", 1) for line in open(os.path.join(d, "facts")) if "=" in line)
start, end = float(facts["measure_start_uptime"]), float(facts["measure_end_uptime"])
pause = re.compile(r"^\[(\d+\.\d+)s\]\[info\]\[gc\s*\] GC\(\d+\) (Pause .*?)\s+(\d+)M->(\d+)M\((\d+)M\) (\d+\.\d+)ms")
slices, long_pauses, pauses = {}, [], 0
for line in open(os.path.join(d, "gc.log"), errors="replace"):
    m = pause.match(line)
    if not m or not start <= float(m.group(1)) <= end:
        continue
    at, after, ms = float(m.group(1)), int(m.group(4)), float(m.group(6))
    pauses += 1
    k = int((at - start) // slice_s)
    slices[k] = min(slices.get(k, after), after)
    if ms > limit_ms:
        long_pauses.append((round(at - start), m.group(2), ms))
# the last slice is cut short by the end of the window and by the calls draining: it is left out
full = [slices[k] for k in sorted(slices) if (k + 1) * slice_s <= end - start]
print(f"soak window {end - start:.0f} s, {pauses} pauses")
if full:
    base = full[0]
    drift = [100.0 * (v - base) / base for v in full]
    print(f"heap after the young collections, lowest per {slice_s:.0f} s: " + ", ".join(f"{v} MB" for v in full)
          + f"; drift from the first slice {min(drift):+.1f} % .. {max(drift):+.1f} % (old garbage included until"
          " G1's next marking and mixed collections: not the live set)")
if facts.get("live_heap_peak_kb"):
    print(f"live heap after a full GC (LIVE_HEAP=1): before the load {int(facts['live_heap_idle_kb']) / 1024:.0f} MB,"
          f" at its end {int(facts['live_heap_peak_kb']) / 1024:.0f} MB,"
          f" 10 s after {int(facts.get('live_heap_after_kb') or 0) / 1024:.0f} MB")
threads = []
samples = os.path.join(d, "samples.csv")
if os.path.exists(samples):
    for line in open(samples):
        parts = line.strip().split(",")
        if len(parts) >= 3 and parts[0] != "seconds":
            threads.append(int(parts[1]))
if threads:
    print(f"JVM threads over the window: min {min(threads)}, max {max(threads)} ({len(threads)} samples)")
print(f"pauses over {limit_ms:.0f} ms: {len(long_pauses)}"
      + (": " + "; ".join(f"{t} s {kind} {ms:.0f} ms" for t, kind, ms in long_pauses[:10]) if long_pauses else ""))
drops = int(facts.get("drops_after_node", 0)) - int(facts.get("drops_before_node", 0))
host = int(facts.get("udp_after_receive_buffer_errors", 0)) - int(facts.get("udp_before_receive_buffer_errors", 0))
print(f"kernel UDP drops: node's socket {drops}, host receive buffer errors {host}")
