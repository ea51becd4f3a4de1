"""Readable paths drop the namespace prefix of every step: the regex that does it (``/prefix:``
replaced by ``/``, which is cheaper) gives what the plain statement of the rule gives, a prefix
removed wherever it follows a slash."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from ecrislib.validation import schema_errors
from ecrislib.xml import binding

# The rule as first written: a prefix preceded by a slash goes (a look-behind).
_REFERENCE = re.compile(r"(?<=/)[A-Za-z_][A-Za-z0-9_.-]*:")

_PATHS = st.text(alphabet="/:aZ_.-9[]*xé", max_size=30) | st.lists(
    st.tuples(st.sampled_from(["", "svc:", "dm:", "é:", "a.b-c:", "1x:"]), st.sampled_from(["Name", "Name[2]", "*", "x:y"])),
    max_size=6,
).map(lambda steps: "".join(f"/{prefix}{name}" for prefix, name in steps))


@given(_PATHS)
def test_prefixes_are_removed_as_the_rule_says(path: str) -> None:
    expected = _REFERENCE.sub("", path)
    assert binding._PATH_PREFIX.sub("/", path) == expected
    assert schema_errors._fallback_path(path) == (expected if path else None)


def test_a_readable_path_has_no_prefix() -> None:
    from lxml import etree

    root = etree.fromstring(b'<a:R xmlns:a="urn:a" xmlns:b="urn:b"><b:C/><b:C><a:D/></b:C></a:R>')
    assert binding.readable_path(root[1][0]) == "/R/C[2]/D"
