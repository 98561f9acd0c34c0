#!/usr/bin/env python3
"""The summary table of bench/load-run.sh, from the files it left in target/load-run/<target>/ (docs/load-bench.md).

  load_summary.py <out-dir> <rate> <seconds> <hold-ms> <pairs> <warm-up s> <warm-up rate>
"""
import csv
import glob
import json
import os
import re
import sys

out, rate, seconds, hold, pairs, warmup, warmup_rate = sys.argv[1], *map(int, sys.argv[2:8])
TARGETS = [t for t in ("relaybridge", "kamailio") if os.path.isdir(os.path.join(out, t))]


def facts(d):
    f = {}
    with open(os.path.join(d, "facts")) as fh:
        for line in fh:
            k, _, v = line.strip().partition("=")
            f[k] = v
    return f


def last_stat_row(path):
    """The last row of a SIPp -trace_stat file (its (C) columns are cumulative)."""
    rows = list(csv.reader(open(path), delimiter=";"))
    if len(rows) < 2:
        return {}
    return dict(zip(rows[0], rows[-1]))


def num(row, key):
    try:
        return int(float(row.get(key, 0) or 0))
    except ValueError:
        return 0


def percentile(values, q):
    return values[min(len(values) - 1, int(q * len(values)))] if values else None


def gc_pauses(path, start, end):
    """Stop-the-world pauses (G1 Young/Mixed/Remark/Cleanup/Full) in the window [start, end] of JVM uptime, seconds:
    their durations in ms and the heap after each, MB."""
    pattern = re.compile(r"^\[(\d+\.\d+)s\]\[info\]\[gc\s*\] GC\(\d+\) (Pause .*?)\s+(\d+)M->(\d+)M\((\d+)M\) (\d+\.\d+)ms")
    pauses, full = [], 0
    if not os.path.exists(path):
        return None
    for line in open(path, errors="replace"):
        m = pattern.match(line)
        if not m:
            continue
        at = float(m.group(1))
        if start <= at <= end:
            pauses.append((float(m.group(6)), int(m.group(4)), m.group(2)))
            full += m.group(2).startswith("Pause Full")
    return pauses, full


def kamcmd_stats(path):
    stats = {}
    if os.path.exists(path):
        for line in open(path):
            m = re.match(r"\s*([\w:]+)\s*=\s*(\d+)", line)
            if m:
                stats[m.group(1)] = int(m.group(2))
    return stats


def histogram(path, name):
    """The cumulative bucket counts of a Prometheus histogram in a /metrics text: {le: count}."""
    buckets = {}
    if not os.path.exists(path):
        return buckets
    for line in open(path):
        if line.startswith(name + "_bucket{"):
            le = re.search(r'le="([^"]+)"', line).group(1)
            buckets[float("inf") if le == "+Inf" else float(le)] = float(line.rsplit(" ", 1)[1])
    return buckets


def forward_quantiles(before_path, after_path):
    """relaybridge's own INVITE in -> INVITE out over the measured window: count, p50, p99 in ms (as Prometheus'
    histogram_quantile interpolates within a bucket), or None without the metric."""
    before, after = histogram(before_path, "relaybridge_invite_forward_seconds"), histogram(after_path, "relaybridge_invite_forward_seconds")
    if not after:
        return None
    bounds = sorted(after)
    counts = [after[b] - before.get(b, 0) for b in bounds]
    total = counts[-1]
    if total <= 0:
        return None
    def q(x):
        rank, lower, below = x * total, 0.0, 0.0
        for b, c in zip(bounds, counts):
            if c >= rank:
                if b == float("inf"):
                    return lower * 1000
                return 1000 * (lower + (b - lower) * (rank - below) / max(c - below, 1e-9))
            lower, below = b, c
        return lower * 1000
    return {"count": int(total), "p50": q(0.5), "p99": q(0.99)}


NORMAL_PING_MS = 50  # "back to normal": every later OPTIONS answered within this, the refusals' own p99 goal


def after_phase(d):
    """The calls of the phase after the burst (AFTER_SECONDS), from its uac stat and rtt files, or None."""
    path = os.path.join(d, "after")
    rows = [last_stat_row(p) for p in sorted(glob.glob(os.path.join(path, "uac-*-stat.csv")))]
    if not rows:
        return None
    setup, refused = [], 0
    for p in glob.glob(os.path.join(path, "*_rtt.csv")):
        for rec in csv.reader(open(p), delimiter=";"):
            if len(rec) >= 3 and rec[2] == "setup":
                try:
                    setup.append(float(rec[1]))
                except ValueError:
                    pass
            elif len(rec) >= 3 and rec[2] in ("refused", "refused_bare"):
                refused += 1
    setup.sort()
    successful = sum(num(x, "SuccessfulCall(C)") for x in rows)
    return {"offered": sum(num(x, "OutgoingCall(C)") for x in rows), "ok": successful - refused, "refused": refused,
            "failed": sum(num(x, "FailedCall(C)") for x in rows), "setup": setup}


def back_to_normal(pings, burst_seconds):
    """Seconds from the end of the burst's offering until the node answers as it does at the clean rate: from then on
    the median of every second of pings (10 in a row) is within NORMAL_PING_MS, from the pinger's timeline; a single
    slow ping (a GC pause at the clean rate) does not count, a backlog does. None when that never happened."""
    later = [(t, ms if ms is not None else float("inf")) for t, ms in pings.get("timeline", []) if t >= burst_seconds]
    def median(window):
        return sorted(ms for _, ms in window)[len(window) // 2]
    for k in range(len(later)):
        if all(median(later[j:j + 10]) <= NORMAL_PING_MS for j in range(k, max(k + 1, len(later) - 9))):
            return max(0.0, later[k][0] - burst_seconds)
    return None


def window_pings(pings, burst_seconds):
    """The pinger's totals for the pings sent during the burst only (the timeline holds the after phase too)."""
    during = [ms for t, ms in pings["timeline"] if t < burst_seconds]
    times = sorted(ms for ms in during if ms is not None)
    pick = lambda q: round(times[min(len(times) - 1, int(q * len(times)))], 2) if times else None
    return {"sent": len(during), "answered": len(times), "statuses": {"any": len(times)},
            "timeouts": len(during) - len(times), "late_answers": 0, "timeout_s": pings["timeout_s"],
            "p50_ms": pick(0.5), "p99_ms": pick(0.99)}


def measure(target):
    d = os.path.join(out, target)
    f = facts(d)
    clk = int(f.get("clk_tck", 100))
    r = {"target": target}
    load = os.path.join(d, "load")
    uac_rows = [last_stat_row(p) for p in sorted(glob.glob(os.path.join(load, "uac-*-stat.csv")))]
    r["offered"] = sum(num(x, "OutgoingCall(C)") for x in uac_rows)
    successful = sum(num(x, "SuccessfulCall(C)") for x in uac_rows)
    r["failed"] = sum(num(x, "FailedCall(C)") for x in uac_rows)
    causes = {}
    for x in uac_rows:
        for k, v in x.items():
            if k.startswith("Failed") and k.endswith("(C)") and k != "FailedCall(C)" and num(x, k):
                causes[k[6:-3]] = causes.get(k[6:-3], 0) + num(x, k)
    r["fail_causes"] = causes
    codes = {}
    for p in glob.glob(os.path.join(load, "*error_codes*")):
        for line in open(p, errors="replace"):
            for code in re.findall(r"\b([3-6]\d\d)\b", line.split(";")[-1] if ";" in line else line):
                codes[code] = codes.get(code, 0) + 1
    r["unexpected_codes"] = codes
    r["uac_retrans"] = sum(num(x, "Retransmissions(C)") for x in uac_rows)
    times = {"setup": [], "refused": [], "refused_bare": []}
    for p in glob.glob(os.path.join(load, "*_rtt.csv")):
        for row in csv.reader(open(p), delimiter=";"):
            if len(row) >= 3 and row[2] in times:
                try:
                    times[row[2]].append(float(row[1]))
                except ValueError:
                    pass
    for v in times.values():
        v.sort()
    r["times"] = times
    r["refused"] = len(times["refused"])
    r["refused_bare"] = len(times["refused_bare"])
    r["ok"] = successful - r["refused"] - r["refused_bare"]
    queue_rows = [last_stat_row(p) for p in sorted(glob.glob(os.path.join(d, "queue-*-stat.csv")))]
    r["uas_retrans"] = sum(num(x, "Retransmissions(C)") for x in queue_rows)
    r["uas_failed"] = sum(num(x, "FailedCall(C)") for x in queue_rows)
    r["uas_calls"] = [num(x, "IncomingCall(C)") for x in queue_rows]
    r["window"] = float(f.get("measure_seconds", seconds))
    r["cpu_node"] = (int(f["cpu_after_node"]) - int(f["cpu_before_node"])) / clk
    r["cpu_uas"] = sum(int(f[f"cpu_after_queue_{i}"]) - int(f[f"cpu_before_queue_{i}"]) for i in range(pairs)) / clk
    r["cpu_uac"] = sum(int(open(p).read().strip() or 0) for p in glob.glob(os.path.join(load, "uac-*.cpu"))) / clk
    r["udp_rcvbuf"] = int(f["udp_after_receive_buffer_errors"] or 0) - int(f["udp_before_receive_buffer_errors"] or 0)
    r["udp_inerr"] = int(f["udp_after_packet_receive_errors"] or 0) - int(f["udp_before_packet_receive_errors"] or 0)
    r["socket_drops"] = int(f["drops_after_node"]) - int(f["drops_before_node"])
    r["uas_drops"] = sum(int(f.get(f"drops_after_queue_{i}", 0)) - int(f.get(f"drops_before_queue_{i}", 0)) for i in range(pairs))
    r["rss_mb"] = int(f.get("rss_node_kb", 0) or 0) / 1024
    r["ready_s"] = float(f.get("ready_seconds", 0))
    pings = os.path.join(d, "pings.json")
    r["pings"] = json.load(open(pings)) if os.path.exists(pings) else None
    r["after"] = after_phase(d)
    if r["after"] and r["pings"] and "timeline" in r["pings"]:
        r["recovery_s"] = back_to_normal(r["pings"], seconds)
        r["pings"] = window_pings(r["pings"], seconds)
    gc = gc_pauses(os.path.join(d, "gc.log"), float(f.get("measure_start_uptime", 0)), float(f.get("measure_end_uptime", 1e9)) + 2)
    r["gc"] = gc
    r["forward"] = forward_quantiles(os.path.join(d, "metrics-before.txt"), os.path.join(d, "metrics-after.txt"))
    r["dialogs"] = kamcmd_stats(os.path.join(d, "kamailio-dialog-stats.txt"))
    r["shmem"] = kamcmd_stats(os.path.join(d, "kamailio-shmem-stats.txt"))
    return r


def ms(v):
    if v is None:
        return "-"
    return "<1" if v < 1 else f"{v:,.0f}"


def lat(values):
    if not values:
        return "-"
    return f"{ms(percentile(values, 0.5))} / {ms(percentile(values, 0.99))} / {ms(values[-1])}"


def ratio(a, b):
    return f"{a / b:.2f}" if a is not None and b else "-"


results = [measure(t) for t in TARGETS]
by = {r["target"]: r for r in results}
rows = []


def row(label, fn, ratio_of=None):
    cells = [fn(by[t]) if t in by else "-" for t in ("relaybridge", "kamailio")]
    rat = "-"
    if ratio_of and "relaybridge" in by and "kamailio" in by:
        rat = ratio(ratio_of(by["relaybridge"]), ratio_of(by["kamailio"]))
    rows.append((label, *cells, rat))


def retrans_pct(r):
    return f"{r['uac_retrans']:,} / {r['uas_retrans']:,} ({100 * (r['uac_retrans'] + r['uas_retrans']) / max(1, r['offered']):.2f} % of calls)"


def gc_text(r):
    if not r["gc"]:
        return "-"
    pauses, full = r["gc"]
    if not pauses:
        return "0 pauses"
    d = sorted(p[0] for p in pauses)
    return f"{len(d)} (full {full}), max {d[-1]:.1f} ms, total {sum(d):.0f} ms"


def heap_text(r):
    if not r["gc"] or not r["gc"][0]:
        return "-"
    after = [p[1] for p in r["gc"][0]]
    return f"max {max(after)} MB, last {after[-1]} MB"


def pings_text(r):
    p = r["pings"]
    if not p:
        return "-"
    if not p["answered"]:
        return f"0/{p['sent']}; {p['timeouts']} timeouts >{p['timeout_s']:g} s, {p['late_answers']} answered late"
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(p["statuses"].items()))
    return (f"{p['answered']}/{p['sent']} ({statuses}); {p['timeouts']} timeouts >{p['timeout_s']:g} s"
            f" ({p['late_answers']} answered late); p99 {p['p99_ms']:.1f} ms")


def failed_text(r):
    causes = ", ".join(f"{k} {v}" for k, v in sorted(r["fail_causes"].items()))
    codes = ", ".join(f"{k}: {v}" for k, v in sorted(r["unexpected_codes"].items()))
    return f"{r['failed']:,}" + (f" ({causes})" if causes else "") + (f" [answers: {codes}]" if codes else "")


row("calls offered (uac)", lambda r: f"{r['offered']:,}")
row("calls ok (answered, held, hung up)", lambda r: f"{r['ok']:,} ({100 * r['ok'] / max(1, r['offered']):.2f} %)", lambda r: r["ok"])
row("calls failed", failed_text)
row("refused 503 with Retry-After", lambda r: f"{r['refused']:,}, p99 {ms(percentile(r['times']['refused'], 0.99))} ms" if r["refused"] else "0")
row("refused 503 without Retry-After", lambda r: f"{r['refused_bare']:,}" + (f", p99 {ms(percentile(r['times']['refused_bare'], 0.99))} ms" if r['refused_bare'] else ""))
row("calls at each queue uas (incl. pings, warm-up)", lambda r: " + ".join(f"{c:,}" for c in r["uas_calls"]) + (f"; {r['uas_failed']:,} failed" if r["uas_failed"] else ""))
row("retransmissions uac / uas", retrans_pct, lambda r: r["uac_retrans"] + r["uas_retrans"])
row("set-up INVITE->200 p50/p99/max ms", lambda r: lat(r["times"]["setup"]), lambda r: percentile(r["times"]["setup"], 0.99))
row("INVITE in -> INVITE out p50/p99 ms (relaybridge's histogram)", lambda r: f"{r['forward']['p50']:.2f} / {r['forward']['p99']:.2f} ({r['forward']['count']:,} calls)" if r.get("forward") else "-")
row("CPU s: node (% of one core)", lambda r: f"{r['cpu_node']:.1f} ({100 * r['cpu_node'] / r['window']:.0f} %)", lambda r: r["cpu_node"])
row("CPU ms per ok call: node", lambda r: f"{1000 * r['cpu_node'] / max(1, r['ok']):.2f}", lambda r: r["cpu_node"] / max(1, r["ok"]))
row(f"CPU s: {pairs} uac SIPp / {pairs} uas SIPp", lambda r: f"{r['cpu_uac']:.1f} / {r['cpu_uas']:.1f}")
row("kernel UDP rcvbuf errors / in errors (host)", lambda r: f"{r['udp_rcvbuf']:,} / {r['udp_inerr']:,}")
row("UDP drops: node's SIP socket / uas sockets", lambda r: f"{r['socket_drops']:,} / {r['uas_drops']:,}")
row("GC pauses in the window", gc_text)
row("heap after GC in the window", heap_text)
row("peak RSS of the node", lambda r: f"{r['rss_mb']:,.0f} MB")
row("OPTIONS every 100 ms answered", pings_text)
row("dialogs tracked (Kamailio, incl. warm-up)", lambda r: f"{r['dialogs'].get('dialog:processed_dialogs', '-'):,} processed, {r['dialogs'].get('dialog:failed_dialogs', '-'):,} failed" if r["dialogs"] else "-")
row("shared memory max used (Kamailio)", lambda r: f"{r['shmem']['shmem:max_used_size'] / 2**20:,.0f} MB" if "shmem:max_used_size" in r["shmem"] else "-")
row("start to ready", lambda r: f"{r['ready_s']:.1f} s")
if any(r.get("after") for r in results):
    row("after the burst: calls ok / refused / failed",
        lambda r: f"{r['after']['ok']:,} / {r['after']['refused']:,} / {r['after']['failed']:,} of {r['after']['offered']:,}, set-up {lat(r['after']['setup'])} ms" if r.get("after") else "-")
    row(f"after the burst: back to normal (OPTIONS median per second within {NORMAL_PING_MS} ms from then on)",
        lambda r: ("never" if r.get("recovery_s") is None else f"{r['recovery_s']:.1f} s after the burst's last offer") if r.get("after") else "-")

head = (f"load run: {rate} calls/s for {seconds} s, hold {hold} ms, {pairs} SIPp pair(s) of {-(-rate // pairs)} calls/s, "
        f"after {warmup} s at {warmup_rate} calls/s of warm-up; measured window: "
        + ", ".join(f"{r['target']} {r['window']:.0f} s" for r in results))
widths = [max(len(str(x[i])) for x in rows + [("", "relaybridge", "Kamailio", "ratio rb/kam")]) for i in range(4)]
lines = [head, ""]
fmt = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
lines.append(fmt(("", "relaybridge", "Kamailio", "ratio rb/kam")))
lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
lines += [fmt(r) for r in rows]
print("\n".join(lines))
