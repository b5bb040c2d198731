"""The load test's CPU per kind of thread (loadtest/stats.py), read from /proc for real."""

from __future__ import annotations

import os
import threading
import time

from loadtest.stats import thread_cpu, thread_cpu_used


def _spin(seconds: float) -> None:
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def _spin_then_wait(seconds: float, spun: threading.Event, read: threading.Event) -> None:
    _spin(seconds)
    spun.set()
    read.wait(10)  # alive at the second reading, as the server's pooled threads are


def test_cpu_is_told_apart_between_the_loop_thread_and_the_others() -> None:
    me = [os.getpid()]
    before = thread_cpu(me)
    spun, read = threading.Event(), threading.Event()
    worker = threading.Thread(target=_spin_then_wait, args=(0.5, spun, read))
    worker.start()
    assert spun.wait(30)
    used = thread_cpu_used(before, thread_cpu(me))
    read.set()
    worker.join()
    assert used["autres fils Python"] >= 0.4
    assert used["boucle d'événements"] < 0.3  # the main thread only waited


def test_a_busy_main_thread_is_counted_as_the_loop() -> None:
    me = [os.getpid()]
    before = thread_cpu(me)
    _spin(0.4)
    used = thread_cpu_used(before, thread_cpu(me))
    assert used["boucle d'événements"] >= 0.3
