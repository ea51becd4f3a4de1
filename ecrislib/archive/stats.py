"""Statistics from the message index: the Commission's figures, as pandas DataFrames.

One computation serves both engines: :func:`compute_statistics` takes the index as a pandas
DataFrame (one machine) or a dask DataFrame (a cluster) and uses only operations both have
(filters, merges, group-bys, ``explode``); per-row calendar work goes through
:func:`_map_partitions`. Only the small aggregated tables come back to the caller, normalised
(sorted, plain dtypes), so both engines give equal tables and byte-identical CSV and JSON.

Counting rules (docs/archives.md says the same):
- a message ID counts once, however many copies the archive holds;
- response time: working days from the request's date to the first RRS's date (UTC dates), on
  the requested state's calendar (``ecrislib.transport.workflow.deadlines``);
- the deadline of a request: the latest date announced by an RDL if any, else the legal one
  computed from the request's date and purpose (:data:`~ecrislib.transport.workflow.deadlines.DEFAULT_RULES`);
- an overdue request: no RRS, not ended by a FEM or a CAN, and its deadline before ``as_of``
  (by default the date of the latest message in the index).
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from ..extras import require
from ..transport.workflow.deadlines import DEFAULT_RULES, DeadlineRules, calendar

if TYPE_CHECKING:
    from ..progress import Progress

__all__ = ["Statistics", "compute_statistics", "load_index", "FIGURES"]

#: The figures, in report order: name -> what it counts.
FIGURES: dict[str, str] = {
    "volumes": "messages by month, type, sender and receiver",
    "purposes": "requests by requested state and purpose category",
    "replies": "replies (RRS) by requested state, and how many carry convictions",
    "response_times": "answered requests by requested state and response time in working days",
    "deadlines": "per requested state: requests, answered, answered within the deadline, overdue",
    "additional_information": "per requested state: requests received and RAIs sent",
    "functional_errors": "FEMs by functional error code, and their share of all other messages",
    "notifications": "notifications (NOT) by sender and receiver: total, updates, deletions",
    "validity": "messages by type: total and invalid",
    "error_rules": "invalid messages by broken rule ID",
}


def load_index(folder: str, *, dask: bool = False, progress: Progress | None = None) -> Any:
    """The index in ``folder`` (its ``part-*.parquet`` files) as a pandas DataFrame, or lazily
    as a dask DataFrame with one partition per file. ``progress`` counts the partitions read
    (pandas path; on Dask the reading happens inside the one graph of the statistics)."""
    if dask:
        dd = require("dask", "dask.dataframe", "distributed statistics")
        return dd.read_parquet(f"{folder}/part-*.parquet")
    pq = require("archive", "pyarrow.parquet", "statistics from the index")
    pa = require("archive", "pyarrow", "statistics from the index")
    require("archive", "pandas", "statistics from the index")
    import glob

    files = sorted(glob.glob(f"{folder}/part-*.parquet"))
    if not files:
        raise FileNotFoundError(f"{folder} holds no index (no part-*.parquet file)")
    if progress is not None:
        progress.set_total(len(files))
    tables = []
    for file in files:
        tables.append(pq.read_table(file))
        if progress is not None:
            progress.update()
    return pa.concat_tables(tables).to_pandas()


@attrs.frozen
class Statistics:
    """The figures of one index: ``tables[name]`` is a pandas DataFrame per :data:`FIGURES`."""

    tables: dict[str, Any] = attrs.field(eq=False)
    as_of: _dt.date | None

    def __getitem__(self, name: str) -> Any:
        return self.tables[name]

    def to_frame(self) -> Any:
        """Every figure in one long table: ``figure``, the key columns, ``measure``, ``value``."""
        pd = require("archive", "pandas", "statistics from the index")
        parts = []
        for name in FIGURES:
            table = self.tables[name]
            keys = [c for c in table.columns if c not in _MEASURES]
            long = table.melt(id_vars=keys, value_vars=[c for c in table.columns if c in _MEASURES], var_name="measure", value_name="value")
            long["value"] = long["value"].astype(object)
            long.insert(0, "figure", name)
            parts.append(long)
        frame = pd.concat(parts, ignore_index=True)
        if "working_days" in frame.columns:
            frame["working_days"] = frame["working_days"].astype("Int64")
        order = ["figure", *[c for c in _KEYS if c in frame.columns], "measure", "value"]
        return frame[order]

    def to_csv(self) -> str:
        return str(self.to_frame().to_csv(index=False, lineterminator="\n"))

    def to_json(self) -> str:
        figures = {name: [{k: _plain(v) for k, v in row.items()} for row in self.tables[name].to_dict(orient="records")] for name in FIGURES}
        document = {"as_of": self.as_of.isoformat() if self.as_of else None, "figures": figures}
        return json.dumps(document, indent=1, sort_keys=False, ensure_ascii=False) + "\n"


_KEYS = ("month", "type", "sender", "receiver", "state", "purpose_category", "working_days", "code", "rule")
_MEASURES = ("messages", "requests", "replies", "with_convictions", "share_with_convictions", "answered",
             "within_deadline", "share_within_deadline", "overdue", "rai", "rai_rate", "fems", "fem_rate",
             "notifications", "updates", "deletions", "invalid")


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        return round(value, 6)
    return value


def _compute(lazy: dict[str, Any]) -> dict[str, Any]:
    """Everything at once: one dask graph (shared reads and shuffles), or plain pandas values."""
    if any(hasattr(value, "dask") for value in lazy.values()):
        dask = require("dask", "dask", "distributed statistics")
        return dict(zip(lazy, dask.compute(*lazy.values())))
    return dict(lazy)


def _map_partitions(frame: Any, function: Callable[[Any], Any], meta: Any) -> Any:
    return frame.map_partitions(function, meta=meta) if hasattr(frame, "map_partitions") else function(frame)


def _tidy(table: Any, keys: list[str]) -> Any:
    """Sorted by the keys, a fresh index, object keys and int64/float64 measures: equal tables
    whichever engine computed them."""
    for column in table.columns:
        if column in keys and column != "working_days":
            table[column] = table[column].astype(object)
        elif table[column].dtype.kind in "iub":
            table[column] = table[column].astype("int64")
        elif table[column].dtype.kind == "f":
            table[column] = table[column].astype("float64")
    return table.sort_values(keys, kind="stable").reset_index(drop=True) if keys else table.reset_index(drop=True)


def _counted(series: Any, keys: list[str], name: str) -> Any:
    return _tidy(series.rename(name).reset_index(), keys)


def compute_statistics(index: Any, *, rules: DeadlineRules = DEFAULT_RULES, as_of: _dt.date | None = None) -> Statistics:
    """The figures of :data:`FIGURES` from an index (pandas or dask DataFrame)."""
    pd = require("archive", "pandas", "statistics from the index")
    frame = index[index.message_id.notnull()][[
        "message_id", "type", "sender", "receiver", "timestamp", "response_to", "purpose_category",
        "convictions", "deadline", "is_update", "is_deletion", "fe_codes", "valid", "error_rules",
    ]]  # fmt: skip
    frame = frame.drop_duplicates(subset=["message_id"])
    frame = frame.assign(month=frame.timestamp.dt.strftime("%Y-%m").fillna("unknown"))
    requests = frame[frame.type == "REQ"]
    requests = requests.assign(state=requests.receiver)
    replies = frame[frame.type == "RRS"]
    replies = replies.assign(state=replies.sender, with_convictions=replies.convictions > 0)
    fems = frame[frame.type == "FEM"][["message_id", "fe_codes"]].explode("fe_codes")
    broken = frame[~frame.valid.astype(bool)][["message_id", "error_rules"]].explode("error_rules")
    timed = _timing(frame, requests, rules)
    lazy = {
        "latest": frame.timestamp.max(),
        "volumes": frame.groupby(["month", "type", "sender", "receiver"]).size(),
        "purposes": requests.groupby(["state", "purpose_category"]).size(),
        "replies": replies.groupby("state").with_convictions.agg(["count", "sum"]),
        "received": requests.groupby("state").size(),
        "rai": frame[frame.type == "RAI"].groupby("sender").size(),
        "fems": fems[fems.fe_codes.notnull()].groupby("fe_codes").size(),
        "others": (~frame.type.isin(["FEM", "IAL"])).sum(),
        "notifications": frame[frame.type == "NOT"].groupby(["sender", "receiver"]).agg(
            {"message_id": "count", "is_update": "sum", "is_deletion": "sum"}),
        "validity": frame.assign(invalid=~frame.valid.astype(bool)).groupby("type").invalid.agg(["count", "sum"]),
        "error_rules": broken[broken.error_rules.notnull()].groupby("error_rules").size(),
        "distribution": timed[timed.answered].groupby(["state", "working_days"]).size(),
        "answered": timed.groupby("state").agg({"answered": "sum", "within_deadline": "sum", "working_days": "count"}),
        "open": timed[timed.pending].groupby(["state", "due"]).size(),
    }  # fmt: skip
    got = _compute(lazy)
    if as_of is None:
        as_of = None if pd.isna(got["latest"]) else got["latest"].date()
    tables: dict[str, Any] = {}
    tables["volumes"] = _counted(got["volumes"], ["month", "type", "sender", "receiver"], "messages")
    tables["purposes"] = _counted(got["purposes"], ["state", "purpose_category"], "requests")
    table = got["replies"].reset_index()
    table.columns = ["state", "replies", "with_convictions"]
    table["share_with_convictions"] = table.with_convictions / table.replies
    tables["replies"] = _tidy(table, ["state"])
    tables["response_times"] = _counted(got["distribution"], ["state", "working_days"], "answered")

    table = got["answered"].reset_index()
    table.columns = ["state", "answered", "within_deadline", "requests"]
    waiting = got["open"].rename("open").reset_index()
    late = waiting[waiting.due < pd.Timestamp(as_of)] if as_of is not None else waiting.iloc[0:0]
    overdue = late.groupby("state")["open"].sum()
    table["overdue"] = table.state.map(overdue).fillna(0).astype("int64")
    table = table[["state", "requests", "answered", "within_deadline", "overdue"]]
    table["share_within_deadline"] = (table.within_deadline / table.answered.where(table.answered > 0)).fillna(0.0)
    tables["deadlines"] = _tidy(table, ["state"])

    received = got["received"].rename("requests")
    rai = got["rai"].rename("rai")
    rai.index.name = "state"
    table = pd.concat([received, rai], axis=1).fillna(0).astype("int64").reset_index()
    table["rai_rate"] = (table.rai / table.requests.where(table.requests > 0)).fillna(0.0)
    tables["additional_information"] = _tidy(table, ["state"])

    table = got["fems"].rename("fems").rename_axis("code").reset_index()
    table["fem_rate"] = table.fems / max(int(got["others"]), 1)
    tables["functional_errors"] = _tidy(table, ["code"])
    table = got["notifications"].reset_index()
    table.columns = ["sender", "receiver", "notifications", "updates", "deletions"]
    tables["notifications"] = _tidy(table, ["sender", "receiver"])
    table = got["validity"].reset_index()
    table.columns = ["type", "messages", "invalid"]
    tables["validity"] = _tidy(table, ["type"])
    tables["error_rules"] = _counted(got["error_rules"].rename_axis("rule"), ["rule"], "invalid")
    return Statistics(tables, as_of)


def _timing(frame: Any, requests: Any, rules: DeadlineRules) -> Any:
    """One row per request: its state, whether answered, in how many working days, within the
    deadline or not; and for an open one (no RRS, no FEM or CAN), its due date."""
    pd = require("archive", "pandas", "statistics from the index")
    asked = requests[["message_id", "timestamp", "purpose_category", "state"]].rename(
        columns={"message_id": "request_id", "timestamp": "requested_at"})
    answers = frame[frame.type == "RRS"][["response_to", "timestamp"]].groupby("response_to").agg({"timestamp": "min"})
    answers = answers.reset_index().rename(columns={"response_to": "request_id", "timestamp": "answered_at"})
    announced = frame[frame.type == "RDL"][["response_to", "deadline"]]
    announced = announced.assign(deadline=announced.deadline.astype("datetime64[ms]")).groupby("response_to").agg({"deadline": "max"})
    announced = announced.reset_index().rename(columns={"response_to": "request_id", "deadline": "announced"})
    ended = frame[frame.type.isin(["FEM", "CAN"])][["response_to"]].drop_duplicates(subset=["response_to"])
    ended = ended.rename(columns={"response_to": "request_id"}).assign(ended=True)
    pairs = asked.merge(answers, on="request_id", how="left").merge(announced, on="request_id", how="left")
    pairs = pairs.merge(ended, on="request_id", how="left")

    def timing(part: Any) -> Any:
        rows = []
        for state, purpose, requested_at, answered_at, announced_at, was_ended in zip(
            part.state, part.purpose_category, part.requested_at, part.answered_at, part.announced, part.ended
        ):
            if pd.isna(requested_at) or not isinstance(state, str):
                continue
            days = calendar(state)
            start = requested_at.date()
            due = announced_at.date() if not pd.isna(announced_at) else rules.due(purpose if isinstance(purpose, str) else "", start, days)
            if not pd.isna(answered_at):
                answered = answered_at.date()
                rows.append((state, True, days.working_days_between(start, answered), answered <= due, False, pd.Timestamp(due)))
            else:
                rows.append((state, False, -1, False, was_ended is not True, pd.Timestamp(due)))
        return pd.DataFrame(rows, columns=list(_TIMING_META)).astype(_TIMING_META)

    meta = pd.DataFrame({c: pd.Series(dtype=t) for c, t in _TIMING_META.items()})
    return _map_partitions(pairs, timing, meta)


_TIMING_META = {"state": object, "answered": bool, "working_days": "int64", "within_deadline": bool, "pending": bool, "due": "datetime64[ns]"}
