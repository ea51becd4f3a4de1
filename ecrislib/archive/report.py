"""The statistics as one self-contained HTML page: tables and matplotlib plots, no external
resource (plots are PNG ``data:`` URIs, the style is inline), so it opens from a mail or an
offline share and loads nothing from anywhere. Deterministic: same statistics, same bytes.
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any

from ..extras import require
from .stats import FIGURES, Statistics

__all__ = ["render_html"]

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.9em;margin:.5em 0}
th,td{border:1px solid #ccc;padding:.2em .6em;text-align:right}th{background:#f3f3f3}
td.key{text-align:left}img{max-width:100%}p.note{color:#555;font-size:.9em}
"""

#: Tables shown in full; the long ones (volumes, response times) are shown as plots.
_TABLES = ("deadlines", "replies", "additional_information", "purposes", "functional_errors", "notifications", "validity", "error_rules")


def _png(figure: Any) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=96, metadata={"Software": None}, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _volume_plot(stats: Statistics) -> str | None:
    plt = _pyplot()
    table = stats["volumes"]
    if table.empty:
        return None
    pivot = table.pivot_table(index="month", columns="type", values="messages", aggfunc="sum", fill_value=0).sort_index()
    figure, axes = plt.subplots(figsize=(9, 3.6))
    bottom = None
    for column in sorted(pivot.columns):
        axes.bar(pivot.index, pivot[column], bottom=bottom, label=column)
        bottom = pivot[column] if bottom is None else bottom + pivot[column]
    axes.set_xlabel("month")
    axes.set_ylabel("messages")
    axes.set_title("Messages per month, by type")
    axes.legend(ncol=5, fontsize="small")
    try:
        return _png(figure)
    finally:
        plt.close(figure)


def _response_plot(stats: Statistics) -> str | None:
    plt = _pyplot()
    table = stats["response_times"]
    if table.empty:
        return None
    states = sorted(table.state.unique())
    samples = []
    for state in states:
        part = table[table.state == state]
        samples.append([days for days, count in zip(part.working_days, part.answered) for _ in range(int(count))])
    figure, axes = plt.subplots(figsize=(9, max(2.5, 0.3 * len(states) + 1)))
    axes.boxplot(samples, orientation="horizontal", tick_labels=states, showfliers=True)
    axes.set_xlabel("working days from request to response (requested state's calendar)")
    axes.set_title("Response times by requested state")
    try:
        return _png(figure)
    finally:
        plt.close(figure)


def _heading(name: str) -> str:
    text = FIGURES[name]
    return text[:1].upper() + text[1:]


def _pyplot() -> Any:
    matplotlib = require("archive", "matplotlib", "the HTML report")
    matplotlib.use("Agg")  # no display needed, and the same pixels everywhere
    return require("archive", "matplotlib.pyplot", "the HTML report")


def _table(frame: Any) -> str:
    if frame.empty:
        return "<p class='note'>none</p>"
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for value in record:
            text = f"{value:.3f}" if isinstance(value, float) else str(value)
            kind = "key" if isinstance(value, str) else ""
            cells.append(f"<td class='{kind}'>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def render_html(stats: Statistics, title: str = "ECRIS message archive: statistics") -> str:
    """The report page as text (UTF-8 when written)."""
    parts = [
        "<!DOCTYPE html>",
        "<html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p class='note'>As of {html.escape(stats.as_of.isoformat() if stats.as_of else 'unknown')}. "
        "Built from the message index, which holds no personal data.</p>",
    ]
    for name, plot in (("volumes", _volume_plot(stats)), ("response_times", _response_plot(stats))):
        parts.append(f"<h2>{html.escape(_heading(name))}</h2>")
        parts.append(f"<img alt='{html.escape(FIGURES[name])}' src='{plot}'>" if plot else "<p class='note'>none</p>")
    for name in _TABLES:
        parts.append(f"<h2>{html.escape(_heading(name))}</h2>")
        parts.append(_table(stats[name]))
    parts.append("</body></html>\n")
    return "\n".join(parts)
