"""Files only their owner may read: the journals and registers hold personal data."""

from __future__ import annotations

import os

__all__ = ["create_private_file"]


def create_private_file(path: str | os.PathLike[str]) -> None:
    """Create ``path`` with mode 0o600 before SQLite opens it, or tighten it to 0o600 if it
    exists, so the data is never readable by others, not even for a moment."""
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
