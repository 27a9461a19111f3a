"""Atomic output: write a file completely or not at all.

Stage: output (used by the CLI, the renderers and batch). Data goes to a temporary file in the
target's directory, is flushed and fsynced, then renamed over the target with ``os.replace``; on any
error the temporary file is removed, so no reader ever sees a half-written output.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from reportdiff.errors import OutputError


def check_writable(path: str | os.PathLike[str]) -> Path:
    """The output path, after checking its directory exists and is writable (OutputError otherwise)."""
    p = Path(path)
    parent = p.parent if str(p.parent) else Path(".")
    if p.is_dir():
        raise OutputError(f"{p}: is a directory; give a file name for the output")
    if not parent.is_dir():
        raise OutputError(f"{p}: the folder {parent} does not exist; create it or choose another output path")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"{p}: the folder {parent} is not writable; choose another output path")
    return p


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file + rename)."""
    p = check_writable(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent if str(p.parent) else ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    write_bytes(path, text.encode("utf-8"))
