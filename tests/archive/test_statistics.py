"""The statistics of an archive of the simulated network equal counts taken from the network's
own record of what it delivered (model objects, never the index), and the authorities' own
deadlines."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest

from ecrislib.archive.stats import compute_statistics, load_index
from ecrislib.model.common import YesNoUnknown
from ecrislib.transport import calendar

UTC = dt.timezone.utc


def _at(message: Any) -> dt.datetime:
    return message.metadata.timestamp.to_datetime().astimezone(UTC)


def _of(messages: list[Any], kind: str) -> list[Any]:
    return [m for m in messages if m.message_id.type.value == kind]


@pytest.fixture(scope="module")
def stats(world: dict[str, Any]) -> Any:
    return compute_statistics(load_index(str(world["index"])), as_of=world["clock"].now().date())


def _table(stats: Any, name: str, keys: list[str], measure: str) -> dict[Any, Any]:
    table = stats[name]
    return {tuple(row[k] for k in keys) if len(keys) > 1 else row[keys[0]]: row[measure] for row in table.to_dict(orient="records")}


def test_volumes_by_month_type_sender_receiver(world: dict[str, Any], stats: Any) -> None:
    expected = Counter((_at(m).strftime("%Y-%m"), m.message_id.type.value, m.sender, m.receiver) for m in world["messages"])
    assert _table(stats, "volumes", ["month", "type", "sender", "receiver"], "messages") == dict(expected)
    assert {"REQ", "RDL", "RRS", "NOT", "NRS", "RAI", "RAR", "FEM"} <= {key[1] for key in expected}  # the test covers them


def test_requests_by_purpose(world: dict[str, Any], stats: Any) -> None:
    expected = Counter((m.receiver, str(m.purpose_category)) for m in _of(world["messages"], "REQ"))
    assert _table(stats, "purposes", ["state", "purpose_category"], "requests") == dict(expected)


def test_share_of_replies_with_convictions(world: dict[str, Any], stats: Any) -> None:
    replies = _of(world["messages"], "RRS")
    total = Counter(m.sender for m in replies)
    with_convictions = Counter(m.sender for m in replies if m.convictions)
    assert _table(stats, "replies", ["state"], "replies") == dict(total)
    assert _table(stats, "replies", ["state"], "with_convictions") == {s: with_convictions.get(s, 0) for s in total}
    shares = _table(stats, "replies", ["state"], "share_with_convictions")
    assert shares == pytest.approx({s: with_convictions.get(s, 0) / total[s] for s in total})
    assert 0 < sum(with_convictions.values()) < len(replies)


def test_response_times_in_working_days_of_the_requested_state(world: dict[str, Any], stats: Any) -> None:
    messages = world["messages"]
    first_answer: dict[str, dt.datetime] = {}
    for reply in _of(messages, "RRS"):
        key = str(reply.metadata.response_to)
        first_answer[key] = min(first_answer.get(key, _at(reply)), _at(reply))
    expected: Counter[tuple[str, int]] = Counter()
    for request in _of(messages, "REQ"):
        answered = first_answer.get(str(request.message_id))
        if answered is not None:
            days = calendar(request.receiver).working_days_between(_at(request).date(), answered.date())
            expected[(request.receiver, days)] += 1
    assert _table(stats, "response_times", ["state", "working_days"], "answered") == dict(expected)
    assert len({days for _state, days in expected}) > 3  # a distribution, not one value


def test_within_deadline_and_overdue_against_the_requesters_own_deadlines(world: dict[str, Any], stats: Any) -> None:
    messages, authorities = world["messages"], world["authorities"]
    as_of = world["clock"].now().date()
    answered = {str(m.metadata.response_to): _at(m).date() for m in sorted(_of(messages, "RRS"), key=_at, reverse=True)}
    ended = {str(m.metadata.response_to) for m in messages if m.message_id.type.value in ("FEM", "CAN")}
    within: Counter[str] = Counter()
    overdue: Counter[str] = Counter()
    requests: Counter[str] = Counter()
    for request in _of(messages, "REQ"):
        key = str(request.message_id)
        requests[request.receiver] += 1
        deadline = authorities[request.sender].exchange(request.message_id).deadline.date  # the requester's record
        if key in answered:
            within[request.receiver] += answered[key] <= deadline
        elif key not in ended and as_of > deadline:
            overdue[request.receiver] += 1
    assert _table(stats, "deadlines", ["state"], "requests") == dict(requests)
    assert _table(stats, "deadlines", ["state"], "within_deadline") == {s: within.get(s, 0) for s in requests}
    assert _table(stats, "deadlines", ["state"], "overdue") == {s: overdue.get(s, 0) for s in requests}
    assert sum(overdue.values()) > 0 and sum(within.values()) > 0
    assert sum(within.values()) < sum(1 for r in _of(messages, "REQ") if str(r.message_id) in answered)  # the late state is late


def test_rai_fem_notification_and_validity_figures(world: dict[str, Any], stats: Any) -> None:
    messages = world["messages"]
    rai = Counter(m.sender for m in _of(messages, "RAI"))
    received = Counter(m.receiver for m in _of(messages, "REQ"))
    assert _table(stats, "additional_information", ["state"], "rai") == {s: rai.get(s, 0) for s in received}
    assert _table(stats, "additional_information", ["state"], "rai_rate") == pytest.approx({s: rai.get(s, 0) / n for s, n in received.items()})

    codes = Counter(str(e.code) for m in _of(messages, "FEM") for e in m.errors)
    others = sum(1 for m in messages if m.message_id.type.value not in ("FEM", "IAL"))
    assert _table(stats, "functional_errors", ["code"], "fems") == dict(codes)
    assert _table(stats, "functional_errors", ["code"], "fem_rate") == pytest.approx({c: n / others for c, n in codes.items()})

    notes = _of(messages, "NOT")
    pairs = Counter((m.sender, m.receiver) for m in notes)
    updates = Counter((m.sender, m.receiver) for m in notes if m.updated_conviction_reference is not None)
    deletions = Counter((m.sender, m.receiver) for m in notes
                        if any(d.delete_from_register is YesNoUnknown.YES for d in m.conviction.decisions))
    assert _table(stats, "notifications", ["sender", "receiver"], "notifications") == dict(pairs)
    assert _table(stats, "notifications", ["sender", "receiver"], "updates") == {k: updates.get(k, 0) for k in pairs}
    assert _table(stats, "notifications", ["sender", "receiver"], "deletions") == {k: deletions.get(k, 0) for k in pairs}
    assert sum(updates.values()) > sum(deletions.values()) > 0

    # The requests about a person born in the future break ECRIS-R-014 (by construction, see
    # archive_kit); nothing else in the archive is invalid.
    future = [m for m in _of(messages, "REQ") if m.person.birth_date.year > 2026]
    assert future
    assert _table(stats, "error_rules", ["rule"], "invalid") == {"ECRIS-R-014": len(future)}
    assert _table(stats, "validity", ["type"], "invalid") == {t: (len(future) if t == "REQ" else 0) for t in {m.message_id.type.value for m in messages}}


def test_a_message_id_counts_once_however_many_copies(world: dict[str, Any], tmp_path: Any) -> None:
    from ecrislib.archive.readers import read_archive
    from ecrislib.archive.run import chunks, index_chunk

    from tests.support import archive_kit

    messages = world["messages"][:40]
    items = archive_kit.xml_items(messages)
    archive = archive_kit.write_zip(tmp_path / "twice.zip", items + [(f"copy/{name}", data) for name, data in items])
    (tmp_path / "index").mkdir()
    for number, chunk in chunks(read_archive(archive), 30):
        index_chunk(number, chunk, str(tmp_path / "index"))
    index = load_index(str(tmp_path / "index"))
    assert len(index) == 80
    volumes = compute_statistics(index)["volumes"]
    assert int(volumes.messages.sum()) == 40
