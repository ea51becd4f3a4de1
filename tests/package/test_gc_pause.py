"""The collector pause around validation: off inside the block in a single-threaded process,
the caller's state back afterwards (also after an error), and no effect with other threads.

The single-threaded cases run in a fresh interpreter: the suite's own process may hold threads
left by other tests (servers, pools)."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading

from ecrislib._gc import collector_paused

SINGLE_THREADED = """
import gc
from ecrislib._gc import collector_paused
gc.enable()
try:
    with collector_paused():
        assert not gc.isenabled(), "not paused inside"
        raise RuntimeError("boom")
except RuntimeError:
    pass
assert gc.isenabled(), "not restored after an error"
gc.disable()
with collector_paused():
    assert not gc.isenabled()
assert not gc.isenabled(), "the caller's off was not kept"
print("ok")
"""


def test_paused_in_a_single_threaded_process_and_restored() -> None:
    done = subprocess.run([sys.executable, "-c", SINGLE_THREADED], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "ok", done.stderr


def test_no_pause_while_another_thread_runs() -> None:
    was = gc.isenabled()
    gc.enable()
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        with collector_paused():
            assert gc.isenabled()
    finally:
        release.set()
        other.join()
        if not was:
            gc.disable()
