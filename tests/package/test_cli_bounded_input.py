"""Every command that reads a message reads it under the parser's size limit.

An input far over the limit (16 MiB by default) is refused without being read whole: each
command's peak memory stays under 100 MiB above the interpreter's own, measured as the growth
of the peak RSS of a child process. The default run uses a 40 MiB input; ``ECRISLIB_SLOW=1``
the 200 MiB of the issue.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

MiB = 1024 * 1024
SIZE = (200 if os.environ.get("ECRISLIB_SLOW") == "1" else 40) * MiB
REQUEST = (Path(__file__).resolve().parents[1] / "data" / "valid" / "request.xml").read_text(encoding="utf-8")
ALIAS = (
    "<dm:PersonAlias><dm:PersonName><dm:Forename>x</dm:Forename><dm:Surname>y</dm:Surname></dm:PersonName>"
    "<dm:PersonBirthDate><c:DateYear>1970</c:DateYear></dm:PersonBirthDate></dm:PersonAlias>\n"
)

# Runs one command in-process and reports how much the peak RSS grew while it ran.
_MEASURE = textwrap.dedent(
    """
    import contextlib, io, json, resource, sys
    from ecrislib import cli
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = cli.main(json.loads(sys.argv[1]))
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    print(json.dumps({"status": status, "grown_kib": grown, "output": out.getvalue()}))
    """
)


@pytest.fixture(scope="module")
def huge_message(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A well-formed request grown to SIZE bytes with aliases: parsing it whole would take
    several hundred MiB, so only a refusal before parsing stays within the budget."""
    path = tmp_path_factory.mktemp("huge") / "huge.xml"
    at = REQUEST.rindex("</dm:PersonAlias>", 0, REQUEST.index("</msg:MessageDataPerson>")) + len("</dm:PersonAlias>")
    block = (ALIAS * 4096).encode()
    with path.open("wb") as file:
        file.write(REQUEST[:at].encode())
        for _ in range(SIZE // len(block) + 1):
            file.write(block)
        file.write(REQUEST[at:].encode())
    assert path.stat().st_size > SIZE
    return path


def _run(argv: list[str], stdin: Path | None = None) -> dict[str, object]:
    with open(stdin or os.devnull, "rb") as feed:
        result = subprocess.run(
            [sys.executable, "-c", _MEASURE, json.dumps(argv)],
            stdin=feed, capture_output=True, text=True, timeout=300, check=True,
        )  # fmt: skip
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("argv", "from_stdin", "said", "status"),
    [
        (["validate", "{path}"], False, "over the size limit of 16777216 bytes", 1),
        (["validate", "-"], True, "exceeds the size limit of 16777216 bytes", 1),
        (["validate", "--jobs", "2", "-"], True, "exceeds the size limit of 16777216 bytes", 1),
        (["render", "{path}"], False, "over the size limit of 16777216 bytes", 1),
        (["roundtrip", "{path}"], False, "over the size limit of 16777216 bytes", 1),
        (["codes", "import", "{path}"], False, "over the size limit of 16777216 bytes", 1),
        # a member too large is skipped: archive validate's SKIPPED flag (docs/archives.md)
        (["archive", "validate", "{dir}"], False, "over the size limit of 16777216 bytes", 4),
    ],
    ids=["validate-file", "validate-stdin", "validate-stdin-jobs", "render", "roundtrip", "codes-import", "archive-validate"],
)
def test_an_oversized_input_is_refused_within_100_mib(
    huge_message: Path, argv: list[str], from_stdin: bool, said: str, status: int
) -> None:
    result = _run([arg.format(path=huge_message, dir=huge_message.parent) for arg in argv], huge_message if from_stdin else None)
    assert result["status"] == status
    assert said in str(result["output"])
    assert int(result["grown_kib"]) * 1024 < 100 * MiB, f"peak RSS grew by {int(result['grown_kib']) // 1024} MiB"
