"""Walks of the reader's and writer's tables: every codec and every content model in use."""

from __future__ import annotations

from typing import Iterator

from ecrislib.xml import codec as xml_codec
from ecrislib.xml.binding import Choice, Codec, Complex, Content, Typed
from ecrislib.xml.codec import MESSAGE_DATA, METADATA


def _walk(codec: Codec, seen: set[int]) -> Iterator[Codec]:
    if id(codec) in seen:
        return
    seen.add(id(codec))
    yield codec
    if isinstance(codec, Complex):
        for spec in codec.children:
            yield from _walk(spec.codec, seen)
    elif isinstance(codec, Typed):
        for inner in codec.by_type.values():
            yield from _walk(inner, seen)
    elif isinstance(codec, Choice):
        for child, _wrap, _unwrap in codec.options:
            yield from _walk(child.codec, seen)


def every_codec() -> list[Codec]:
    """Each codec reachable from the message roots, once."""
    seen: set[int] = set()
    found = list(_walk(METADATA, seen))
    for children in MESSAGE_DATA.values():
        for spec in children:
            found += _walk(spec.codec, seen)
    return found


def every_content() -> list[Content]:
    """Each content model the reader uses: of the complex codecs, of each message's data, and
    of the root."""
    found = {id(codec.content): codec.content for codec in every_codec() if isinstance(codec, Complex)}
    for content in [*(data.content for data in xml_codec._DATA.values()), xml_codec._ROOT_CONTENT]:
        found[id(content)] = content
    return list(found.values())
