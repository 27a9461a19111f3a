"""Text reader: bytes of a plain-text report → one decoded, line-end-normalized string.

Stage: input (file → reader → text). Accepted encodings: UTF-8 with or without a byte-order mark,
GB18030 (and therefore GBK/GB2312, its subsets), UTF-16 LE/BE with a byte-order mark. Strict UTF-8
is tried first; when it fails GB18030 is tried and kept only if the result is plausible (mostly
CJK/ASCII, no control or private-use characters). CRLF and lone CR line ends become ``"\\n"`` and the
byte-order mark is removed. **Every offset the library reports indexes this decoded,
line-end-normalized text** (``Source.text``), which is what the user sees in an editor, never the
raw bytes. A UTF-8 file whose last 1-3 bytes are an incomplete sequence (a truncated download) is
read without them and ``Source.warnings`` says so. Everything else that cannot be read raises
:class:`reportdiff.errors.InputError` with one line naming the file and the fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportdiff.errors import InputError

MAX_BYTES = 64 * 1024 * 1024
"""The largest input file read at all (checked on the size, before reading)."""
MAX_CHARS = 2_000_000
"""The largest decoded text accepted (one report is 20,000-100,000 characters)."""
MAX_BYTES_PER_CHAR = 4
"""No accepted encoding spends more than 4 bytes on one character (CRLF spends fewer per "\\n")."""
MIN_CJK = 20
"""Fewer Chinese characters than this and the input is not a Chinese report."""

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8-sig"),
    (b"\xff\xfe", "utf-16", "utf-16"),
    (b"\xfe\xff", "utf-16", "utf-16"),
)
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")

# (magic bytes, what the file is, what to do)
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "a PDF file",
     "PDF input is not supported yet; convert it with `pdftotext -layout FILE.pdf FILE.txt` and give the .txt"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "give the report as text or an HTML page, not an image"),
    (b"\xff\xd8\xff", "a JPEG image", "give the report as text or an HTML page, not an image"),
    (b"GIF87a", "a GIF image", "give the report as text or an HTML page, not an image"),
    (b"GIF89a", "a GIF image", "give the report as text or an HTML page, not an image"),
    (b"PK\x03\x04", "a zip archive (a .docx/.xlsx/.zip file)",
     "save a Word document as plain text (UTF-8) first, or unpack the archive and give one report"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word/Excel (.doc/.xls) file",
     "save it as plain text (UTF-8) first"),
    (b"\x1f\x8b", "a gzip-compressed file", "decompress it first (gunzip FILE.gz)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "unpack it and give one report"),
    (b"Rar!\x1a\x07", "a RAR archive", "unpack it and give one report"),
)

_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# characters a decoded GB18030 report may contain besides ideographs: ASCII, Latin-1, general
# punctuation (“”—…), letterlike/number forms (Ⅱ), enclosed numbers (①), shapes (■●), CJK
# punctuation and symbols, compatibility units (㎡), fullwidth forms
_COMMON = re.compile(
    "[\t\n\f\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2100-\u218f\u2460-\u24ff\u25a0-\u25ff"
    "\u3000-\u303f\u3200-\u33ff\uff00-\uffef\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")
_NEWLINES = re.compile("\r\n?")
# C0 controls other than tab and line ends, and the two non-characters XML refuses: such a text
# could not even be written as HTML or PDF
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Decoded:
    """The result of decoding: the text (BOM removed, line ends NOT yet normalized) and how."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def count_cjk(text: str) -> int:
    """How many CJK ideographs (Chinese characters) the text holds."""
    return len(_CJK.findall(text))


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become ``"\\n"``, so do form feeds and vertical tabs (``pdftotext`` puts a form
    feed at every page break); a leading U+FEFF (byte-order mark) is removed."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\f" in text or "\v" in text:
        text = text.replace("\f", "\n").replace("\v", "\n")
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def check_binary(data: bytes, *, name: str) -> None:
    """Raise InputError when the bytes are a known binary format or hold NUL bytes (and are not UTF-16)."""
    for magic, what, fix in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name}: this is {what}, not a text or HTML report; {fix}")
    if data.startswith(_UTF32_BOMS):
        raise InputError(f"{name}: the file is UTF-32 encoded, which is not supported; save it as UTF-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    if b"\x00" in data:
        if _utf16_without_bom(data):
            raise InputError(
                f"{name}: the file looks like UTF-16 text without a byte-order mark; "
                "save it as UTF-8 (or UTF-16 with a byte-order mark)"
            )
        raise InputError(
            f"{name}: the file contains NUL bytes, so it is binary, not text; give a government work "
            "report as UTF-8 or GB18030 text, or an HTML page"
        )


def _utf16_without_bom(data: bytes) -> bool:
    head = data[: 1 << 16]
    head = head[: len(head) - len(head) % 2]
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = head.decode(codec)
        except UnicodeDecodeError:
            continue
        if text and "\x00" not in text and _plausible(text):
            return True
    return False


def _plausible(text: str) -> bool:
    """True when decoded text looks like a real document: no control/private-use characters, mostly
    CJK, ASCII and CJK punctuation."""
    if _BAD_CHARS.search(text):
        return False
    visible = len(text) - sum(1 for c in text if c.isspace())
    if visible == 0:
        return True
    common = len(_COMMON.findall(text)) - (len(text) - visible)
    return common >= 0.95 * visible


def _truncated_tail(data: bytes, error: UnicodeDecodeError) -> bool:
    """True when the only UTF-8 problem is an incomplete multi-byte sequence in the last 1-3 bytes."""
    return error.end == len(data) and len(data) - error.start <= 3 and error.reason == "unexpected end of data"


def _first_bad_byte(data: bytes, error: UnicodeDecodeError) -> str:
    line = data.count(b"\n", 0, error.start) + 1
    return f"byte 0x{data[error.start]:02X} at offset {error.start} (line {line})"


def _try_decode(data: bytes, codec: str, *, name: str, trusted: bool) -> Decoded | UnicodeDecodeError | None:
    """One strict attempt: UTF-8 (a truncated last sequence is dropped with a warning), GB18030
    (kept only when plausible, unless the page declared it) or a declared codec. On failure the
    UTF-8 error (for the message) or None."""
    if codec == "utf-8":
        try:
            return Decoded(normalize_bom(data.decode("utf-8")), "utf-8")
        except UnicodeDecodeError as error:
            if not _truncated_tail(data, error):
                return error
            try:
                text = data[: error.start].decode("utf-8")
            except UnicodeDecodeError:
                return error
            dropped = len(data) - error.start
            return Decoded(normalize_bom(text), "utf-8", (
                f"{name}: the last {dropped} byte{'s' if dropped > 1 else ''} are an incomplete UTF-8 "
                "character (the file looks truncated) and were dropped",
            ))
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if codec == "gb18030" and not trusted and not _plausible(text):
        return None
    return Decoded(normalize_bom(text), codec)


def decode_bytes(data: bytes, *, name: str, declared: str | None = None, lenient: bool = False) -> Decoded:
    """Decode report bytes: byte-order mark, then ``declared`` (an HTML charset), then strict UTF-8
    (a truncated last sequence is dropped with a warning), then plausible GB18030.

    With ``lenient`` (HTML, as browsers do) bytes that fit no encoding become U+FFFD with a warning;
    otherwise they raise InputError.
    """
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as error:
                if not lenient:
                    raise InputError(
                        f"{name}: the file starts with a {label} byte-order mark but is not valid {label} "
                        f"({_first_bad_byte(data, error)}); re-save it as UTF-8"
                    ) from None
                text = data.decode(codec, errors="replace")
                return Decoded(normalize_bom(text), label, (f"{name}: bytes that are not valid {label} "
                                                            "were replaced by U+FFFD",))
            return Decoded(normalize_bom(text), label)

    warnings: list[str] = []
    order = [codec for codec in ("utf-8", "gb18030") if codec != declared]
    if declared is not None:
        # a declared single-byte charset (latin-1, windows-1252) decodes anything: on a Chinese page
        # it is a wrong declaration, so it comes last; any other declaration is trusted first
        single_byte = len(b"\xe4\xb8\xad".decode(declared, errors="replace")) == 3
        order.insert(len(order) if single_byte else 0, declared)
    utf8_error: UnicodeDecodeError | None = None
    for codec in order:
        decoded = _try_decode(data, codec, name=name, trusted=codec == declared)
        if isinstance(decoded, UnicodeDecodeError):
            utf8_error = decoded if codec == "utf-8" else utf8_error
            continue
        if decoded is None:
            continue
        if declared is not None and codec != declared:
            warnings.append(f"{name}: the page declares charset {declared} but its bytes are {codec}")
        return Decoded(decoded.text, decoded.encoding, tuple(warnings) + decoded.warnings)
    if lenient:
        codec = declared or "utf-8"
        text = data.decode(codec, errors="replace")
        warnings.append(f"{name}: bytes that are not valid {codec} were replaced by U+FFFD")
        return Decoded(normalize_bom(text), codec, tuple(warnings))
    where = f"; first invalid UTF-8: {_first_bad_byte(data, utf8_error)}" if utf8_error is not None else ""
    raise InputError(
        f"{name}: the text is neither UTF-8 nor GB18030/GBK{where}; re-save the file as UTF-8"
    )


def normalize_bom(text: str) -> str:
    """Remove one leading U+FEFF (a byte-order mark that survived decoding)."""
    return text[1:] if text.startswith("\ufeff") else text


def check_text(text: str, *, name: str, what: str = "text") -> None:
    """Raise InputError when decoded text is empty, whitespace only, too long, holds NUL characters,
    or has fewer than ``MIN_CJK`` Chinese characters."""
    if not text:
        raise InputError(
            f"{name}: the {what} is empty; give a government work report as UTF-8 or GB18030 text, "
            "or an HTML page"
        )
    if not text.strip():
        raise InputError(
            f"{name}: the {what} contains only whitespace; give a government work report as UTF-8 or "
            "GB18030 text, or an HTML page"
        )
    if len(text) > MAX_CHARS:
        raise InputError(
            f"{name}: the {what} has {len(text):,} characters, more than the {MAX_CHARS:,} reportdiff "
            "reads; give one report (a report is about 20,000-100,000 characters)"
        )
    control = _CONTROL.search(text)
    if control and "\x00" not in text:
        line = text.count("\n", 0, control.start()) + 1
        raise InputError(
            f"{name}: the {what} contains the control character U+{ord(control.group()):04X} (line {line}), "
            "which no report holds; remove it or convert the file to plain UTF-8 text"
        )
    if "\x00" in text:
        raise InputError(
            f"{name}: the {what} contains NUL characters, so it is binary, not text; give a government "
            "work report as UTF-8 or GB18030 text, or an HTML page"
        )
    cjk = count_cjk(text)
    if cjk < MIN_CJK:
        raise InputError(
            f"{name}: the {what} does not look like a Chinese report (only {cjk} Chinese characters); "
            "give a government work report (政府工作报告) in Chinese"
        )


def read_text_bytes(data: bytes, *, name: str) -> Decoded:
    """Decode a plain-text report and normalize its line ends; the checks of :func:`check_text` apply."""
    if not data:
        check_text("", name=name, what="file")
    decoded = decode_bytes(data, name=name)
    text = normalize_newlines(decoded.text)
    check_text(text, name=name, what="file" if not text.strip() else "text")
    return Decoded(text, decoded.encoding, decoded.warnings)
