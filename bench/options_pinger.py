#!/usr/bin/env python3
"""OPTIONS every 100 ms (RFC 3261 §11) to one SIP node over UDP, for bench/load-run.sh: how many were answered, with
which status, how fast, and how many went unanswered. Each ping is its own transaction (own Call-ID and branch), sent
once (no retransmission: a keep-alive that needs one is already late). A ping without a response within --timeout
seconds is a timeout; a response after that still counts as late, not as answered. The output's "timeline" lists
every ping: when it was sent (s after the first) and how long its answer took (ms; null for a timeout).

  options_pinger.py --target 127.0.0.1:42060 --bind 127.0.0.11:42400 --seconds 30 --out pings.json
  options_pinger.py --target 127.0.0.1:42160 --bind 127.0.0.11:42400 --once      (exit 0 when answered 200)
"""
import argparse
import json
import os
import select
import socket
import sys
import time


def options(target, local, n, tag):
    branch = f"z9hG4bK-ping-{tag}-{n}"
    return branch, (
        f"OPTIONS sip:{target[0]}:{target[1]} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP {local[0]}:{local[1]};branch={branch}\r\n"
        f"Max-Forwards: 70\r\n"
        f"From: <sip:pinger@{local[0]}>;tag=p{tag}\r\n"
        f"To: <sip:{target[0]}:{target[1]}>\r\n"
        f"Call-ID: ping-{tag}-{n}@{local[0]}\r\n"
        f"CSeq: {n} OPTIONS\r\n"
        f"Accept: application/sdp\r\n"
        f"Content-Length: 0\r\n\r\n").encode()


def parse(data):
    """(status, branch) of a response, or None for anything else."""
    try:
        text = data.decode("utf-8", "replace")
        head, _, _ = text.partition("\r\n\r\n")
        lines = head.split("\r\n")
        if not lines[0].startswith("SIP/2.0 "):
            return None
        status = int(lines[0].split()[1])
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() in ("via", "v") and "branch=" in value:
                return status, value.split("branch=")[1].split(";")[0].split(",")[0].strip()
    except (ValueError, IndexError):
        return None
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", required=True)
    ap.add_argument("--bind", required=True)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--interval", type=float, default=0.1)
    ap.add_argument("--timeout", type=float, default=2.0)
    ap.add_argument("--once", action="store_true")
    ap.add_argument("--out")
    a = ap.parse_args()
    target = (a.target.rsplit(":", 1)[0], int(a.target.rsplit(":", 1)[1]))
    local = (a.bind.rsplit(":", 1)[0], int(a.bind.rsplit(":", 1)[1]))
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(local)
    tag = f"{os.getpid()}x{int(time.time())}"

    if a.once:
        branch, msg = options(target, local, 1, tag)
        s.sendto(msg, target)
        end = time.monotonic() + a.timeout
        while time.monotonic() < end:
            r, _, _ = select.select([s], [], [], max(0, end - time.monotonic()))
            if r:
                got = parse(s.recv(65535))
                if got and got[1] == branch and got[0] >= 200:
                    sys.exit(0 if got[0] == 200 else 1)
        sys.exit(1)

    pending = {}        # branch -> time sent, awaiting an answer within the timeout
    overdue = set()     # branches that timed out: an answer to one of them is late
    statuses = {}       # final status -> count
    times = []          # ms to a final answer within the timeout
    timeline = {}       # ping number -> [s after the start when sent, ms to its answer or None]
    late = timeouts = sent = 0
    start = time.monotonic()
    next_send = start
    stop_sending = start + a.seconds
    while True:
        now = time.monotonic()
        if next_send <= now < stop_sending:
            sent += 1
            branch, msg = options(target, local, sent, tag)
            try:
                s.sendto(msg, target)
            except OSError:
                pass
            pending[branch] = now
            timeline[branch] = [round(now - start, 3), None]
            next_send += a.interval
        for branch, at in list(pending.items()):
            if now - at > a.timeout:
                del pending[branch]
                overdue.add(branch)
                timeouts += 1
        if now >= stop_sending and not pending:
            break
        wait = max(0.0, min(next_send - now, 0.05)) if now < stop_sending else 0.05
        r, _, _ = select.select([s], [], [], wait)
        if not r:
            continue
        got = parse(s.recv(65535))
        if not got or got[0] < 200:
            continue
        status, branch = got
        if branch in pending:
            times.append((time.monotonic() - pending.pop(branch)) * 1000)
            timeline[branch][1] = round(times[-1], 2)
            statuses[str(status)] = statuses.get(str(status), 0) + 1
        elif branch in overdue:
            overdue.discard(branch)
            late += 1
    times.sort()
    pick = lambda q: round(times[min(len(times) - 1, int(q * len(times)))], 2) if times else None
    result = {"sent": sent, "answered": sum(statuses.values()), "statuses": statuses, "timeouts": timeouts,
              "late_answers": late, "timeout_s": a.timeout, "p50_ms": pick(0.5), "p99_ms": pick(0.99),
              "max_ms": round(times[-1], 2) if times else None,
              "timeline": list(timeline.values())}
    text = json.dumps(result)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
