"""Latency samples per step, percentiles, and the server's memory read from /proc."""

from __future__ import annotations

import contextlib
import os
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary_ms(values: list[float]) -> dict[str, float | int]:
    return {
        "count": len(values),
        "p50_ms": round(percentile(values, 0.50) * 1000, 2),
        "p95_ms": round(percentile(values, 0.95) * 1000, 2),
        "p99_ms": round(percentile(values, 0.99) * 1000, 2),
        "max_ms": round(max(values) * 1000, 2) if values else float("nan"),
    }


@dataclass
class Recorder:
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_examples: dict[str, str] = field(default_factory=dict)
    event_times: list[float] = field(default_factory=list)  # when each event was answered
    event_latencies: list[float] = field(default_factory=list)  # and how long it took
    journeys: int = 0
    failed_journeys: int = 0
    live_updates: int = 0  # board updates pushed by the server, unasked
    # Connection drops (a server stopping), with clients that reconnect like the browser:
    # the step in flight at each drop, then whether the server had finished it (its result
    # is there after the reconnect) or the client sent it again.
    interrupted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    finished_by_server: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    retried: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    reconnects: int = 0
    reconnect_attempts: int = 0

    def add(self, step: str, seconds: float) -> None:
        self.samples[step].append(seconds)
        if step not in ("connect", "echo"):
            self.event_times.append(time.perf_counter())
            self.event_latencies.append(seconds)

    def events_between(self, start: float, end: float) -> int:
        """Events answered inside [start, end] (perf_counter): the steady-state window."""
        return sum(start <= at <= end for at in self.event_times)

    def timeline(self, start: float, bucket: float = 10.0) -> list[dict[str, float | int]]:
        """Latency per `bucket` seconds since `start` (perf_counter): shows whether the tail
        comes from the ramp (connections arriving) or from the steady state."""
        buckets: dict[int, list[float]] = defaultdict(list)
        for at, seconds in zip(self.event_times, self.event_latencies, strict=True):
            buckets[int((at - start) // bucket)].append(seconds)
        return [{"from_s": int(k * bucket), **summary_ms(v)} for k, v in sorted(buckets.items())]

    def error(self, step: str, exc: BaseException) -> None:
        key = f"{step}: {type(exc).__name__}"
        self.errors[key] += 1
        self.error_examples.setdefault(key, str(exc)[:200])

    def all_events(self) -> list[float]:
        """Every event round trip except connection set-up and the echo baseline."""
        return [
            v
            for step, values in self.samples.items()
            if step not in ("connect", "echo")
            for v in values
        ]


# --- server memory ------------------------------------------------------------------------
def _listening_inodes(port: int) -> set[str]:
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            local, state, inode = parts[1], parts[3], parts[9]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                inodes.add(inode)
    return inodes


def _socket_owners(inodes: set[str]) -> set[int]:
    owners: set[int] = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                link = os.readlink(fd)
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    owners.add(int(proc.name))
                    break
        except OSError:
            continue
    return owners


def connection_owner(server_port: int, client_port: int) -> int | None:
    """The server process holding the accepted end of the client's TCP connection: with
    several workers, which one serves this websocket."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            local, remote, state, inode = parts[1], parts[2], parts[3], parts[9]
            if (
                state == "01"  # established
                and int(local.rsplit(":", 1)[1], 16) == server_port
                and int(remote.rsplit(":", 1)[1], 16) == client_port
            ):
                inodes.add(inode)
    owners = _socket_owners(inodes)
    return min(owners) if len(owners) == 1 else None


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def server_pids(port: int) -> list[int]:
    """Processes holding the listening socket of `port`, and all their descendants."""
    roots = _socket_owners(_listening_inodes(port))
    pids, todo = set(), list(roots)
    while todo:
        pid = todo.pop()
        if pid not in pids:
            pids.add(pid)
            todo += _children(pid)
    return sorted(pids)


def rss_mb(pids: list[int]) -> dict[str, float]:
    per: dict[str, float] = {}
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    per[str(pid)] = round(int(line.split()[1]) / 1024, 1)
        except OSError:
            pass
    return {"total_mb": round(sum(per.values()), 1), **per}


def _stat_fields(path: Path) -> list[str] | None:
    """The fields of a /proc stat file after the command name (which may hold spaces)."""
    try:
        return path.read_text().rsplit(")", 1)[1].split()
    except OSError:  # the process or thread has ended
        return None


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time used so far by `pids` (and their waited-for children)."""
    total = 0
    for pid in pids:
        if (fields := _stat_fields(Path(f"/proc/{pid}/stat"))) is not None:
            total += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    return total / os.sysconf("SC_CLK_TCK")


ThreadKey = tuple[str, int, int]  # (kind, process id, thread id)


def thread_cpu(pids: list[int]) -> dict[ThreadKey, float]:
    """CPU seconds used so far by each thread of `pids`, with what the thread is: the event
    loop (a process's first thread: Reflex runs the synchronous event handlers there),
    Granian's Rust threads, and the other Python threads (`asyncio.to_thread`, the upload
    threads). Keyed by thread, so two readings can be subtracted; a thread that ended
    between them is not counted (the server's threads are pools that stay)."""
    tick = os.sysconf("SC_CLK_TCK")
    found: dict[ThreadKey, float] = {}
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").glob("*"):
            fields = _stat_fields(task / "stat")
            try:
                comm = (task / "comm").read_text().strip()
            except OSError:
                continue
            if fields is not None:
                tid = int(task.name)
                kind = _thread_kind(tid == pid, comm)
                found[(kind, pid, tid)] = sum(int(v) for v in fields[11:13]) / tick  # utime stime
    return found


def _thread_kind(first: bool, comm: str) -> str:
    if first:
        return "boucle d'événements"
    return "Granian (Rust)" if comm.startswith("tokio") else "autres fils Python"


def thread_cpu_used(
    before: dict[ThreadKey, float], after: dict[ThreadKey, float]
) -> dict[str, float]:
    """CPU seconds per kind of thread between two `thread_cpu` readings."""
    used: dict[str, float] = {}
    for key, seconds in after.items():
        used[key[0]] = used.get(key[0], 0.0) + seconds - before.get(key, 0.0)
    return {kind: round(seconds, 1) for kind, seconds in sorted(used.items())}
