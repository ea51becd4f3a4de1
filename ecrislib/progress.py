"""The progress bar of long-running commands: total, rate and ETA on stderr, on a terminal only.

One small wrapper around tqdm (from the ``archive`` extra) so that every command shows the same
bar and none mixes it into its results: the bar writes to stderr, and only when stderr is a
terminal; in a pipe, a file or CI it is silent. Without tqdm installed, there is no bar.

>>> import io
>>> with Progress(total=3, unit="message", stream=io.StringIO()) as bar:
...     bar.update(2)
...     bar.update(1)
...     bar.count
3
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any, TextIO

__all__ = ["Progress"]


class Progress:
    """Counts work done; draws a tqdm bar when ``stream`` is a terminal and tqdm is installed.

    ``total`` may be ``None`` when the amount of work is not known in advance (a tar stream):
    the bar then shows the count and the rate without an ETA.
    """

    def __init__(self, total: int | None = None, *, unit: str = "item", description: str | None = None,
                 stream: TextIO | None = None, enabled: bool | None = None, min_interval: float = 0.1) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.count = 0
        show = self.stream.isatty() if enabled is None else enabled
        self._bar: Any = None
        if show:
            try:
                from tqdm import tqdm
            except ImportError:  # cosmetic: no bar without the extra
                pass
            else:
                self._bar = tqdm(total=total, unit=unit, desc=description, file=self.stream,
                                 dynamic_ncols=True, leave=False, smoothing=0.1, mininterval=min_interval)

    def update(self, n: int = 1) -> None:
        self.count += n
        if self._bar is not None:
            self._bar.update(n)

    @property
    def drawing(self) -> bool:
        """Whether a bar is drawn (worth counting the work in advance for its total and ETA)."""
        return self._bar is not None

    def write(self, text: str, out: TextIO) -> None:
        """Write results to ``out``; on the bar's terminal the bar is cleared first and drawn
        again after, so that a result line never carries a piece of the bar."""
        bar = self._bar
        if bar is None or not out.isatty():
            out.write(text)
            return
        bar.clear()
        out.write(text)
        out.flush()
        bar.refresh()

    def set_total(self, total: int) -> None:
        """The amount of work, once it is known (after an archive's directory is read)."""
        if self._bar is not None:
            self._bar.total = total
            self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
