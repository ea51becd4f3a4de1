"""The collector pause around validation: off inside the block in a single-threaded process,
the caller's state back afterwards (also after an error), and no effect with other threads."""

from __future__ import annotations

import gc
import threading

import pytest

from ecrislib._gc import collector_paused


@pytest.fixture(autouse=True)
def _collector_on() -> object:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_inside_and_restored_after_an_error() -> None:
    with pytest.raises(RuntimeError):
        with collector_paused():
            assert not gc.isenabled()
            raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_caller_that_turned_the_collector_off_keeps_it_off() -> None:
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()
    gc.enable()


def test_no_pause_while_another_thread_runs() -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        with collector_paused():
            assert gc.isenabled()
    finally:
        release.set()
        other.join()
    assert gc.isenabled()
