"""Input readers: a file, stdin, bytes or a string → one :class:`Source` (decoded text + hints).

Stage: input, the first stage (file → reader → parser). ``read_source`` refuses what is not a
report before decoding it: a missing path or a directory, a file over 64 MB (checked on its size,
before reading), a text file too big to hold at most 2,000,000 characters (any accepted encoding
spends at most 4 bytes a character, so such a file is refused on its size too), known binary formats
(PDF, PNG, JPEG, GIF, zip/docx, gzip, …) and NUL bytes. It then picks the format (``.html``/``.htm``/
``.shtml``/``.xhtml`` → HTML, ``.txt``/``.md`` → text, any other or no suffix → HTML if the bytes start
like a page, else text), decodes (:mod:`reportdiff.readers.text`) and, for HTML, extracts the
article (:mod:`reportdiff.readers.html`). Every offset later stages report indexes ``Source.text``:
the decoded, BOM-less, line-end-normalized text (for HTML the extracted article text). Every
refusal is an :class:`~reportdiff.errors.InputError` of one line naming the file and the fix.
lxml is imported only when an HTML page is read.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from typing import BinaryIO, Literal

from reportdiff.errors import InputError, OptionError
from reportdiff.readers.text import (
    MAX_BYTES,
    MAX_BYTES_PER_CHAR,
    MAX_CHARS,
    check_binary,
    check_text,
    decode_bytes,
    normalize_newlines,
    read_text_bytes,
)

__all__ = ["Source", "read_source", "source_from_string"]

Format = Literal["text", "html"]
_HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml"})
_TEXT_SUFFIXES = frozenset({".txt", ".md", ".text", ".markdown"})
# the largest text file that can still decode to at most MAX_CHARS characters (plus a 3-byte BOM)
_MAX_TEXT_BYTES = MAX_CHARS * MAX_BYTES_PER_CHAR + 3
_FIX = "give a government work report as UTF-8 or GB18030 text, or an HTML page"


@dataclass(frozen=True)
class Source:
    """A decoded input: the text every offset indexes, where it came from and how it was read."""

    text: str
    path: str | None
    format: Format
    encoding: str
    hints: tuple[tuple[int, int], ...] = ()
    warnings: tuple[str, ...] = ()


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _too_big(label: str, size: int) -> InputError:
    return InputError(
        f"{label}: the file is {_mb(size)}, more than the {MAX_BYTES // (1024 * 1024)} MB reportdiff reads; "
        "give one report (a report is usually well under 1 MB)"
    )


def _too_long(label: str, size: int) -> InputError:
    return InputError(
        f"{label}: the text file is {_mb(size)}, which is more than the {MAX_CHARS:,} characters "
        "reportdiff reads; give one report (a report is about 20,000-100,000 characters)"
    )


def _format_by_suffix(label: str | None) -> Format | None:
    if not label:
        return None
    suffix = os.path.splitext(label)[1].lower()
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _TEXT_SUFFIXES:
        return "text"
    return None


def _sniff(head: bytes) -> Format:
    from reportdiff.readers.html import looks_like_html

    return "html" if looks_like_html(head) else "text"


def _read_stream(stream: BinaryIO, label: str) -> bytes:
    """Read at most MAX_BYTES (+1 to notice more) from a stream, in chunks."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_BYTES:
        chunk = stream.read(min(1 << 20, MAX_BYTES + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > MAX_BYTES:
        raise InputError(
            f"{label}: the input is more than {MAX_BYTES // (1024 * 1024)} MB, the most reportdiff reads; "
            "give one report (a report is usually well under 1 MB)"
        )
    return b"".join(chunks)


def _read_file(path: str, label: str, fmt: Literal["auto", "text", "html"]) -> tuple[bytes, Format]:
    """Check the path and size before reading; pick the format (sniffing the head when needed)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{label}: no such file; check the path, or give '-' to read standard input") from None
    except OSError as error:
        raise InputError(f"{label}: cannot read the file ({error.strerror}); check the path") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{label}: is a directory, not a file; give the path of one report file")
    regular = stat.S_ISREG(info.st_mode)
    if regular and info.st_size > MAX_BYTES:
        raise _too_big(label, info.st_size)
    try:
        with open(path, "rb") as handle:
            chosen: Format | None = fmt if fmt != "auto" else _format_by_suffix(path)
            if chosen is None:
                head = handle.read(4096)
                chosen = _sniff(head)
                handle.seek(0)
            if chosen == "text" and regular and info.st_size > _MAX_TEXT_BYTES:
                raise _too_long(label, info.st_size)
            data = handle.read() if regular else _read_stream(handle, label)
    except OSError as error:
        raise InputError(f"{label}: cannot read the file ({error.strerror}); check its permissions") from None
    return data, chosen


def _build(data: bytes, *, label: str, path: str | None, fmt: Format) -> Source:
    if fmt == "text" and len(data) > _MAX_TEXT_BYTES:
        raise _too_long(label, len(data))
    if not data:
        check_text("", name=label, what="file")
    check_binary(data, name=label)
    if fmt == "text":
        decoded = read_text_bytes(data, name=label)
        return Source(decoded.text, path, "text", decoded.encoding, (), decoded.warnings)
    from reportdiff.readers.html import html_to_text, sniff_charset

    decoded = decode_bytes(data, name=label, declared=sniff_charset(data), lenient=True)
    markup = normalize_newlines(decoded.text)
    if not markup.strip():
        check_text(markup, name=label, what="file")
    extracted = html_to_text(markup, name=label)
    check_text(extracted.text, name=label, what="article text found in the HTML page")
    return Source(
        extracted.text, path, "html", decoded.encoding, extracted.hints, decoded.warnings + extracted.warnings,
    )


def read_source(
    path: str | os.PathLike[str] | None = None,
    *,
    data: bytes | None = None,
    name: str | None = None,
    format: Literal["auto", "text", "html"] = "auto",
) -> Source:
    """Read one report from a path (``"-"`` is stdin) or from ``data`` bytes.

    ``name`` labels the input in messages and, for ``data``/stdin, lends its suffix to format
    detection. ``format="auto"`` goes by suffix, then by content. Raises InputError (bad input) or
    OptionError (bad arguments).
    """
    if format not in ("auto", "text", "html"):
        raise OptionError(f"format={format!r} is not allowed; use 'auto', 'text' or 'html'")
    if path is not None and data is not None:
        raise OptionError("give either a path or data=, not both (use name= to label data)")
    if data is not None:
        if not isinstance(data, bytes | bytearray | memoryview):
            raise OptionError(f"data= must be bytes, not {type(data).__name__}; use source_from_string for str")
        label = name or "<data>"
        raw = bytes(data)
        if len(raw) > MAX_BYTES:
            raise _too_big(label, len(raw))
        src_path = None
    elif path is None:
        raise OptionError("give a path (or '-' for standard input) or data=")
    elif os.fspath(path) == "-":
        label = name or "<stdin>"
        raw = _read_stream(sys.stdin.buffer, label)
        src_path = None
    else:
        src_path = os.fspath(path)
        label = name or src_path
        raw, fmt = _read_file(src_path, label, format)
        return _build(raw, label=label, path=src_path, fmt=fmt)
    chosen = format if format != "auto" else (_format_by_suffix(name) or _sniff(raw[:4096]))
    return _build(raw, label=label, path=src_path, fmt=chosen)


def source_from_string(text: str, *, name: str | None = None) -> Source:
    """A Source for text already in memory (format "text", encoding "unicode"): the BOM is removed,
    line ends normalized and the checks of read_source applied (empty, too long, NUL, not Chinese)."""
    if not isinstance(text, str):
        raise OptionError(f"text must be str, not {type(text).__name__}; use read_source(data=...) for bytes")
    label = name or "<string>"
    normalized = normalize_newlines(text)
    check_text(normalized, name=label, what="text")
    return Source(normalized, None, "text", "unicode")
