#!/usr/bin/env python3
"""CPU of a process's threads between two moments, grouped by thread name (digits folded: "sip-call-7" and
"sip-call-12" are one group). Used by bench/load-run.sh (THREADS=1):
  thread_cpu.py snap <pid> <file>          the utime + stime of every thread now, in clock ticks
  thread_cpu.py diff <before> <after> <s>  the ticks spent in between, per group, as seconds and % of one core"""
import os, re, sys


def snap(pid, path):
    with open(path, "w") as out:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                stat = open(f"/proc/{pid}/task/{tid}/stat").read()
                name = open(f"/proc/{pid}/task/{tid}/comm").read().strip()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            out.write(f"{tid}\t{int(fields[11]) + int(fields[12])}\t{name}\n")


def read(path):
    rows = {}
    for line in open(path):
        tid, ticks, name = line.rstrip("\n").split("\t", 2)
        rows[tid] = (int(ticks), name)
    return rows


def diff(before, after, seconds):
    a, b = read(before), read(after)
    clk = os.sysconf("SC_CLK_TCK")
    groups = {}
    for tid, (ticks, name) in b.items():
        spent = ticks - a.get(tid, (0, name))[0]
        key = re.sub(r"\d+", "#", name)
        groups[key] = groups.get(key, 0) + spent
    total = sum(groups.values())
    print(f"threads: {total / clk:.1f} CPU s in {seconds:.0f} s ({100 * total / clk / seconds:.0f} % of a core)")
    for key, ticks in sorted(groups.items(), key=lambda kv: -kv[1]):
        if ticks > 0:
            print(f"  {key:<16} {ticks / clk:7.1f} s  {100 * ticks / max(total, 1):5.1f} %")


if __name__ == "__main__":
    if sys.argv[1] == "snap":
        snap(sys.argv[2], sys.argv[3])
    else:
        diff(sys.argv[2], sys.argv[3], float(sys.argv[4]))
