"""The generated writers write what the codecs' own ``emit`` methods write: a differential test
against a reference writer that walks the same content models with one call per child (the
writer before leaves and attribute-less complex children were written inline)."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import given, settings

from ecrislib.model import conviction as cv
from ecrislib.model.messages import Message
from ecrislib.testing import factories, strategies
from ecrislib.xml.binding import Child, Codec, Complex, emit_element
from ecrislib.xml.codec import _DATA, METADATA


def _children(children: tuple[Child, ...] | list[Child], out: list[str], value: Any) -> None:
    for spec in children:
        item = getattr(value, spec.field)
        if item is None:
            continue
        for each in item if spec.many else (item,):
            _emit(spec.codec, out, spec.name, each)


def _emit(codec: Codec, out: list[str], name: str, value: Any) -> None:
    if type(codec) is Complex:
        attributes = codec.attribute_text(value) if codec.attributes else ""
        emit_element(out, name, attributes, lambda pieces, item: _children(codec.children, pieces, item), value)
    else:
        codec.emit(out, name, value)


@settings(max_examples=max(1, settings().max_examples // 3))  # a fraction of the profile's (tests/conftest.py)
@given(strategies.messages())
def test_generated_writers_write_what_the_codecs_write(message: Message) -> None:
    generated: list[str] = []
    METADATA.emit(generated, "msg:MessageMetaData", message.metadata)
    emit_element(generated, "msg:MessageData", "", _DATA[type(message)].write_children, message)
    reference: list[str] = []
    _emit(METADATA, reference, "msg:MessageMetaData", message.metadata)
    emit_element(reference, "msg:MessageData", "", lambda pieces, item: _children(_DATA[type(message)].children, pieces, item), message)
    assert "".join(generated) == "".join(reference)


def _both(message: Message) -> tuple[str, str]:
    generated: list[str] = []
    emit_element(generated, "msg:MessageData", "", _DATA[type(message)].write_children, message)
    reference: list[str] = []
    emit_element(reference, "msg:MessageData", "", lambda pieces, item: _children(_DATA[type(message)].children, pieces, item), message)
    return "".join(generated), "".join(reference)


def test_an_empty_complex_child_is_written_as_an_empty_element() -> None:
    """A complex child whose fields are all absent (a sanction's execution period with no
    start, duration or end) is ``<name/>``, as the codec's own emit writes it."""
    notification = factories.notification()
    conviction = notification.conviction
    sanction = attrs.evolve(conviction.sanctions[0], execution_period=cv.Period())
    message = attrs.evolve(notification, conviction=attrs.evolve(conviction, sanctions=(sanction,)))
    generated, reference = _both(message)
    assert "<dm:SanctionExecutionPeriod/>" in reference
    assert generated == reference


def test_a_long_repeated_child_is_written_in_chunks_with_the_same_text() -> None:
    """A response with hundreds of convictions makes the generated writer join its pieces as
    it goes (:data:`ecrislib.xml.compiled._PIECES_PER_CHUNK`): the text is the same."""
    from ecrislib.xml import compiled

    convictions = [factories.conviction(number=n + 1) for n in range(300)]
    message = factories.request_response(convictions=convictions)
    generated, reference = _both(message)
    assert generated == reference
    pieces: list[str] = []
    _DATA[type(message)].write_children(pieces, message)
    # It did join: one piece holds more than a chunk's worth of elements (no element is this long).
    assert max(len(piece) for piece in pieces) > compiled._PIECES_PER_CHUNK * 20
