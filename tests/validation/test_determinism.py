"""Reports are the same under every hash seed: issues on one line come in document order."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REQUEST = Path(__file__).resolve().parents[1] / "data" / "valid" / "request.xml"
CODES = ["CO-00-999-XQA", "CO-00-999-XQB", "CO-00-999-XQC", "CO-00-999-XQD", "CO-00-999-XQE", "CO-00-999-XQF"]
LANGUAGES = ["qa", "qb", "qc", "qd"]

# Six aliases with six unknown nationality codes and names in four unknown languages, all on
# one line: the report sorts by line, so their order is the order the check found them in.
_SCRIPT = r"""
import json, sys
from pathlib import Path
import ecrislib
text = Path(sys.argv[1]).read_text(encoding="utf-8")
codes, languages = json.loads(sys.argv[2]), json.loads(sys.argv[3])
alias = ("<dm:PersonAlias><dm:PersonName><dm:Forename languageCode='{lang}'>x</dm:Forename>"
         "<dm:Surname>y</dm:Surname></dm:PersonName>"
         "<dm:PersonNationalityReference>{code}</dm:PersonNationalityReference></dm:PersonAlias>")
line = "".join(alias.format(code=c, lang=languages[n % len(languages)]) for n, c in enumerate(codes))
end = text.index("</msg:MessageDataPerson>")
at = text.rindex("</dm:PersonAlias>", 0, end) + len("</dm:PersonAlias>")
data = (text[:at] + line + text[at:]).encode()
report = ecrislib.validate(data, ecrislib.ValidationOptions(reveal_values=True))
print(report.to_json())
"""


def _report(seed: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(REQUEST), json.dumps(CODES), json.dumps(LANGUAGES)],
        capture_output=True, text=True, timeout=120, check=True,
        env={**os.environ, "PYTHONHASHSEED": seed},
    )  # fmt: skip
    return result.stdout


def test_report_is_byte_identical_across_hash_seeds() -> None:
    reports = {seed: _report(seed) for seed in ("0", "1", "2", "3", "4")}
    assert len(set(reports.values())) == 1, "the report depends on the hash seed"
    issues = json.loads(reports["0"])["issues"]
    unknown = [issue["value"] for issue in issues if issue["rule_id"] == "ECRIS-C-001"]
    # Nationality codes in document order, then each unknown language at each of its elements.
    assert unknown == CODES + ["qa", "qa", "qb", "qb", "qc", "qd"]


DATA = Path(__file__).resolve().parents[1] / "data"


def _cli_json(jobs: str, seed: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", "ecrislib", "validate", "--format", "json", "--jobs", jobs, str(DATA / "valid"), str(DATA / "invalid")],
        capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "PYTHONHASHSEED": seed},
    )  # fmt: skip
    assert result.returncode in (1, 3), result.stderr  # the invalid corpus has errors and warnings
    return sorted(result.stdout.splitlines())


def test_cli_json_is_the_same_for_any_jobs_and_hash_seed() -> None:
    """The golden and invalid corpora give the same JSON lines (sorted by file) with --jobs 1, 2
    and 4 and under two hash seeds: parallel workers report exactly what one process does."""
    runs = {(jobs, seed): _cli_json(jobs, seed) for jobs, seed in (("1", "0"), ("2", "1"), ("4", "2"))}
    first = runs[("1", "0")]
    files = len(list((DATA / "valid").glob("*.xml"))) + len(list((DATA / "invalid").glob("*.xml")))
    assert len(first) == files + 1  # one line per file, and the summary
    assert all(lines == first for lines in runs.values())
