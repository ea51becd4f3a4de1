"""Fixtures of the archive tests: one simulated network, its archive as zip, and its index."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.support import archive_kit

#: exchanges in the default run, and with ECRISLIB_SLOW=1 (thousands, with faults)
SIZES = (300, 80) if os.environ.get("ECRISLIB_SLOW") != "1" else (4000, 1000)


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from ecrislib.archive.readers import read_archive
    from ecrislib.archive.run import chunks, index_chunk

    result = archive_kit.simulate(*SIZES)
    messages = archive_kit.delivered(result["network"])
    folder = tmp_path_factory.mktemp("archive")
    archive = archive_kit.write_zip(folder / "exchanges.zip", archive_kit.xml_items(messages))
    index = folder / "index"
    index.mkdir()
    for number, chunk in chunks(read_archive(archive), 250):
        index_chunk(number, chunk, str(index))
    return {**result, "messages": messages, "zip": archive, "index": index}
