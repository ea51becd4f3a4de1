"""Read functions generated per content model: the reader's fast path.

:class:`~ecrislib.xml.binding.Content` reads any sequence of child elements with one generic
loop (a dictionary look-up, a plan entry and a method call per element). Most messages are
plain: children in schema order, no comment, no stray text. For those, the function generated
here does the same work in straight-line code: one string comparison per candidate tag, the
text of a simple element read and parsed inline (without a call to its leaf), the values
stored under constant names.

It handles only that happy path. At the first thing it does not expect (an unknown or
out-of-order element, a comment, text between elements, a mandatory element missing), it
forgets what it read (and the identifiers it noted) and hands the element to the generic loop,
which reads it again and accepts or refuses it exactly as it always has. So both paths agree
by construction: a value is either read by the same leaf parse function, or by the generic
loop itself.
"""

from __future__ import annotations

from typing import Any, Callable, Final, NamedTuple, Sequence

__all__ = ["InlineLeaf", "Slot", "reader"]


class InlineLeaf(NamedTuple):
    """What a plain leaf's read does with a non-empty text: strip it or not, look it up in
    its cache (``cache_get``), parse it, and for an xsd:ID or IDREF note its text in the
    context's ``ids`` or ``refs`` (``note``); any other case goes to the leaf's own read."""

    parse: Callable[[str], Any]
    strip: bool
    cache_get: Callable[[str], Any] | None
    errors: tuple[type[BaseException], ...]
    note: str | None = None


class Slot(NamedTuple):
    """One child element of the content model, in schema order."""

    tag: str
    field: str
    read: Callable[[Any, Any], Any]
    many: bool
    required: bool
    leaf: InlineLeaf | None


def reader(slots: Sequence[Slot], generic: Callable[[Any, Any], dict[str, Any]], indents: frozenset[str], space: str) -> Callable[[Any, Any], dict[str, Any]]:
    """The read function of a content model: ``{field: value}`` of an element's children
    (lists for repeated ones), as ``generic`` returns it, which it calls for anything unusual."""
    namespace: dict[str, Any] = {"_generic": generic, "_indents": indents, "_space": space}
    lines = [
        "def read(element, ctx):",
        "    ids = ctx.ids; refs = ctx.refs; noted = (len(ids), len(refs))",
        "    values = {}",
        "    position = 0",
        "    for node in element:",
        "        tail = node.tail",
        "        if tail and tail not in _indents and tail.strip(_space):",
        "            break",
        "        tag = node.tag",
    ]
    for position, slot in enumerate(slots):
        namespace[f"T{position}"] = slot.tag
        namespace[f"R{position}"] = slot.read
        keyword = "if" if position == 0 else "elif"
        lines.append(f"        {keyword} tag == T{position} and position <= {position}:")
        skipped = [earlier for earlier in range(position) if slots[earlier].required]
        if skipped:  # a mandatory element jumped over: the generic loop names it
            test = " or ".join(f"(position <= {earlier} and {slots[earlier].field!r} not in values)" for earlier in skipped)
            lines += [f"            if position < {position} and ({test}):", "                break"]
        lines += _value_lines(slot, position, namespace)
        field = repr(slot.field)
        if slot.many:
            lines += [
                f"            found = values.get({field})",
                "            if found is None:",
                f"                values[{field}] = [value]",
                "            else:",
                "                found.append(value)",
                f"            position = {position}",
            ]
        else:
            lines += [f"            values[{field}] = value", f"            position = {position + 1}"]
    lines += ["        else:", "            break", "    else:"]
    required = [slot.field for slot in slots if slot.required]
    if required:
        test = " and ".join(f"{field!r} in values" for field in required)
        lines += [f"        if {test}:", "            return values"]
    else:
        lines.append("        return values")
    lines += [
        "    del ids[noted[0]:]",  # the generic loop notes them again
        "    del refs[noted[1]:]",
        "    return _generic(element, ctx)",
    ]
    exec(compile("\n".join(lines), "<ecrislib content reader>", "exec"), namespace)  # noqa: S102
    return namespace["read"]  # type: ignore[no-any-return]


def _value_lines(slot: Slot, position: int, namespace: dict[str, Any]) -> list[str]:
    """Code that sets ``value`` to the child's value, as ``slot.read(node, ctx)`` would."""
    leaf = slot.leaf
    if leaf is None:
        return [f"            value = R{position}(node, ctx)"]
    namespace[f"P{position}"] = leaf.parse
    namespace[f"E{position}"] = leaf.errors
    lines = [
        "            text = node.text",
        "            if not text or len(node) or node.keys():",  # empty (a default?), or not plain
        f"                value = R{position}(node, ctx)",
        "            else:",
    ]
    if leaf.strip:
        lines.append("                text = text.strip(_space)")
    # The leaf's own read notes an identifier itself; the inline path notes it as that does.
    note = [] if leaf.note is None else [f"{leaf.note}.append((text, node))"]
    if leaf.cache_get is not None:
        namespace[f"C{position}"] = leaf.cache_get
        lines += [
            f"                value = C{position}(text)",
            "                if value is None:",
            f"                    value = R{position}(node, ctx)",  # parses and fills the cache
        ]
    else:
        lines += [
            "                try:",
            f"                    value = P{position}(text)",
            f"                except E{position}:",
            f"                    value = R{position}(node, ctx)",  # raises the located error
        ]
    if note:  # the else of the if or of the try above: the value was read inline
        lines += ["                else:", *["                    " + line for line in note]]
    return lines


#: Pieces a repeated element's values may leave in ``out`` before they are joined into one:
#: a response with a thousand convictions would otherwise hold some 50,000 small strings at once,
#: and each piece written would miss the cache (the time per conviction grew by half from ten to
#: a thousand convictions); joined as it goes, the memory of the pieces is reused while warm.
_PIECES_PER_CHUNK: Final = 1024
_COLLAPSE: Final = (
    f"            if len(out) - base > {_PIECES_PER_CHUNK}:",
    "                out[base:] = [''.join(out[base:])]",
    "                base += 1",
)


def writer(plan: Sequence[tuple[str, bool, Any, str, str, Any, bool, Any]], escape: Callable[[str], str]) -> Callable[[list[str], Any], None]:
    """The write function of a content model's :data:`~ecrislib.xml.binding.EmitPlan`: the
    children of a value as XML pieces appended to ``out``, in schema order, each field read
    as an attribute (not by ``getattr``) and each plain leaf written inline, escaped only
    where its text may need it (``escape`` is :func:`~ecrislib.xml.binding.escape_text`)."""
    namespace: dict[str, Any] = {"_escape": escape}
    lines = ["def write(out, value):", "    append = out.append"]
    for position, (field, many, emit, name, end, format, escaped, nested) in enumerate(plan):
        lines += [f"    item = value.{field}", "    if item is not None:"]
        if nested is not None:  # a complex child without attributes: its tags here, its children by its writer
            namespace.update({f"O{position}": f"<{name}>", f"V{position}": f"<{name}/>", f"E{position}": f"</{name}>", f"K{position}": nested})
            body = [
                "start = len(out)",
                f"append(O{position})",
                f"K{position}.write_children(out, each)",
                "if len(out) == start + 1:",
                f"    out[start] = V{position}",
                "else:",
                f"    append(E{position})",
            ]
            lines += ["        base = len(out)", "        for each in item:", *["            " + line for line in body], *_COLLAPSE] if many else ["        each = item", *["        " + line for line in body]]
        elif emit is None:  # a plain leaf: start tag, text (escaped if it may need it), end tag
            namespace.update({f"S{position}": name, f"E{position}": end, f"F{position}": format})
            text = f"_escape(F{position}(each))" if escaped else f"F{position}(each)"
            piece = f"S{position} + {text} + E{position}"
            lines += ["        for each in item:", f"            append({piece})"] if many else [f"        each = item", f"        append({piece})"]
        else:
            namespace.update({f"W{position}": emit, f"N{position}": name})
            lines += ["        base = len(out)", "        for each in item:", f"            W{position}(out, N{position}, each)", *_COLLAPSE] if many else [f"        W{position}(out, N{position}, item)"]
    if not plan:
        lines.append("    pass")
    exec(compile("\n".join(lines), "<ecrislib content writer>", "exec"), namespace)  # noqa: S102
    return namespace["write"]  # type: ignore[no-any-return]
