"""The shared progress bar: on a terminal it shows count, total, rate and ETA; elsewhere nothing."""

from __future__ import annotations

import io

from ecrislib.progress import Progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_bar_shows_total_rate_and_eta() -> None:
    stream = _Terminal()
    with Progress(unit="message", stream=stream, min_interval=0) as bar:
        bar.set_total(400)
        for _ in range(4):
            bar.update(100)
    text = stream.getvalue()
    assert "300/400" in text and "message/s" in text and "<" in text  # elapsed<remaining


def test_off_a_terminal_nothing_is_written() -> None:
    stream = io.StringIO()
    with Progress(total=3, stream=stream) as bar:
        bar.update(3)
    assert bar.count == 3 and stream.getvalue() == ""
