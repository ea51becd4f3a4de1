"""Requests with many schema errors, for the tests of capped reports and the CLI's output.

The documents are a valid request with ``n`` extra ``PersonAlias`` elements whose birth year is
``19x0`` (one XSD-TYPE error each). The request's own aliases are the first two, so the k-th
extra alias is ``PersonAlias[k + 2]``, on line ``ALIAS_LINE + k - 1`` (one alias per line).
"""

from __future__ import annotations

from pathlib import Path

REQUEST = (Path(__file__).resolve().parents[1] / "data" / "valid" / "request.xml").read_text(encoding="utf-8")
BAD_ALIAS = (
    "<dm:PersonAlias><dm:PersonName><dm:Forename>x</dm:Forename><dm:Surname>y</dm:Surname></dm:PersonName>"
    "<dm:PersonBirthDate><c:DateYear>19x0</c:DateYear></dm:PersonBirthDate></dm:PersonAlias>\n"
)
#: Where the extra aliases go: right after the request's last alias.
AFTER_ALIASES = REQUEST.rindex("</dm:PersonAlias>", 0, REQUEST.index("</msg:MessageDataPerson>")) + len("</dm:PersonAlias>")
ALIAS_LINE = REQUEST.count("\n", 0, AFTER_ALIASES) + 1  # the first extra alias starts on the line of that end tag
PERSON = "/RequestMessage/MessageData/MessageDataPerson"
#: The request alone reports four ECRIS-C-003 infos (empty tables in the bundled data).
BASE_INFOS = 4


def aliases(n: int, *, default_namespace: bool = False) -> bytes:
    text = REQUEST[:AFTER_ALIASES] + BAD_ALIAS * n + REQUEST[AFTER_ALIASES:]
    if default_namespace:  # the dm: elements unprefixed: libxml2 then writes '*' steps
        text = text.replace("xmlns:dm=", "xmlns=").replace("<dm:", "<").replace("</dm:", "</")
    return text.encode()
