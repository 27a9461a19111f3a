"""Atomic output: write a file completely or not at all.

Stage: output (used by the CLI, the renderers, series and batch). Data goes to a temporary file in
the target's directory, is flushed and fsynced, then renamed over the target with ``os.replace``; on
any error the temporary file is removed and an OutputError names the path, so no reader ever sees a
half-written output. The file gets the usual mode (an existing file's, else 0666 minus the umask).
"""

from __future__ import annotations

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


def _file_mode(target: Path) -> int:
    """The existing file's mode, else 0666 minus the umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file + rename)."""
    target = check_writable(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise OutputError(f"{target}: cannot write: {error.strerror or error}") from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _file_mode(target))  # mkstemp makes 0600
        os.replace(tmp, target)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write: {error.strerror or error}") from error
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    write_bytes(path, text.encode("utf-8"))
