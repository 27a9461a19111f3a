"""CJK fonts for PDF output: find one through fontconfig, and cache a compact TrueType subset of it.

Stage: rendering (PDF). WeasyPrint spends almost all of a Chinese PDF's time subsetting the
20–30 MB CFF-flavoured Noto/Source Han collection with fontTools (about 6 s for 20 pages here).
So once per font we build a compact *TrueType* (``glyf``) font holding the common characters —
every character encodable in GB2312 (a proxy for the 6,763 common characters of the 通用规范汉字表),
ASCII, Latin-1, the punctuation, arrow, number-form and full-width blocks, and the few rarer
characters of our corpus — and cache it in the user cache dir. WeasyPrint subsets a glyf font
about three times faster than a CFF one, and it is a tenth of the size. Characters outside the
subset are served by a small per-document supplement built from the full font, and the full
system font stays last in the CSS font stack. ``docs/rendering.md`` has the measurements.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportdiff.errors import FontError

#: Bump when the subset recipe changes: it is part of the cache key.
RECIPE_VERSION = 2  # 2: the subset carries the system font's dates, not its build time

#: Families tried in this order (fontconfig names). Serif first: it reads like the printed report.
PREFERRED_FAMILIES: tuple[str, ...] = (
    "Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "Noto Sans CJK SC",
    "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
    "AR PL UMing CN", "AR PL SungtiL GB", "Droid Sans Fallback", "SimSun", "Songti SC",
)

INSTALL_HINT = (
    "no Chinese (CJK) font found: install one (e.g. `apt-get install fonts-noto-cjk`) "
    "or pass a font file with --font PATH"
)

# Characters of tests/data/corpus that GB2312 lacks (found by encoding every corpus character).
_CORPUS_EXTRA = "勠囍圌濛炘瞭荄賨郪"

_FONT_MAGICS = (b"\x00\x01\x00\x00", b"OTTO", b"ttcf", b"true")

_FONT_DIRS = (
    "/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
    "/Library/Fonts", "/System/Library/Fonts", "~/Library/Fonts", "C:/Windows/Fonts",
)
_KNOWN_FILES = (
    "NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular.otf", "SourceHanSerifSC-Regular.otf",
    "NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "SourceHanSansSC-Regular.otf",
    "wqy-zenhei.ttc", "wqy-microhei.ttc", "uming.ttc", "DroidSansFallbackFull.ttf", "simsun.ttc",
)


@lru_cache(maxsize=1)
def subset_charset() -> frozenset[str]:
    """The characters of the cached subset: GB2312, ASCII/Latin-1, common symbol blocks, corpus extras."""
    chars: set[str] = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    blocks = (
        (0x20, 0x7F), (0xA0, 0x100),          # ASCII, Latin-1
        (0x2000, 0x2070), (0x2150, 0x2200),   # general punctuation; number forms and arrows
        (0x2460, 0x2500), (0x25A0, 0x2600),   # enclosed numbers; geometric shapes
        (0x3000, 0x3040), (0xFF00, 0xFFF0),   # CJK symbols and punctuation; full-width forms
    )
    for low, high in blocks:
        chars.update(chr(code) for code in range(low, high))
    chars.update(_CORPUS_EXTRA)
    chars.update("℃×÷±≤≥≈≠√∞‰")
    return frozenset(chars)


def cache_dir() -> Path:
    """Where cached subsets live: ``$REPORTDIFF_CACHE_DIR``, else ``$XDG_CACHE_HOME/reportdiff``,
    else ``~/.cache/reportdiff``."""
    explicit = os.environ.get("REPORTDIFF_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "reportdiff"


def _is_font_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) in _FONT_MAGICS
    except OSError:
        return False


def _fc_list() -> list[tuple[str, str, str]]:
    """(family, file, style) of every Chinese font fontconfig knows, or [] without fontconfig."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        out = subprocess.run(
            [fc_list, ":lang=zh", "--format", "%{family}\t%{file}\t%{style}\n"],
            capture_output=True, text=True, timeout=20, check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    rows = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) == 3:
            rows.append((parts[0], parts[1], parts[2]))
    return sorted(rows)


def _regular(style: str) -> bool:
    styles = {s.strip().lower() for s in style.split(",")}
    return bool(styles & {"regular", "book", "normal", "medium", "r"})


def find_cjk_font(explicit: str | None = None) -> Path:
    """The CJK font file to render with: ``explicit`` when given (checked), else the first of
    PREFERRED_FAMILIES that fontconfig lists (regular weight), else any font fontconfig lists for
    Chinese, else a known file in the usual font directories. Raises FontError when none."""
    if explicit is not None:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise FontError(f"font file {explicit!r} does not exist; pass an existing .ttf/.otf/.ttc with --font")
        if not _is_font_file(path):
            raise FontError(f"{explicit!r} is not a TrueType/OpenType font file; pass a .ttf/.otf/.ttc with --font")
        return path
    rows = [(fam, Path(file), style) for fam, file, style in _fc_list() if Path(file).is_file()]
    for wanted in PREFERRED_FAMILIES:
        matches = [(file, style) for fams, file, style in rows if wanted in [f.strip() for f in fams.split(",")]]
        if matches:
            return min(matches, key=lambda m: (not _regular(m[1]), str(m[0])))[0]
    regular = sorted(file for _, file, style in rows if _regular(style))
    if regular:
        return regular[0]
    for directory in _FONT_DIRS:
        root = Path(directory).expanduser()
        if not root.is_dir():
            continue
        for name in _KNOWN_FILES:
            for hit in sorted(root.rglob(name)):
                return hit
    raise FontError(INSTALL_HINT)


@lru_cache(maxsize=16)
def _face_index_cached(path: str, size: int, mtime: int) -> int:
    from fontTools.ttLib import TTCollection, TTFont

    with Path(path).open("rb") as handle:
        if handle.read(4) != b"ttcf":
            return 0
    collection = TTCollection(path, lazy=True)
    names: list[str] = []
    for font in collection.fonts:
        assert isinstance(font, TTFont)
        names.append(" ".join(str(font["name"].getDebugName(i) or "") for i in (1, 4, 16)))
    collection.close()
    for token in (" SC", "CN", "GB", "Simplified", "简"):
        for index, name in enumerate(names):
            if token in name:
                return index
    return 0


def face_index(font: Path) -> int:
    """The face of a collection (.ttc) to use: the Simplified Chinese one (SC/CN/GB), else 0."""
    stat = font.stat()
    return _face_index_cached(str(font.resolve()), stat.st_size, stat.st_mtime_ns)


@dataclass(frozen=True)
class _Source:
    """An opened source font: glyph set, cmap, metrics (fontTools objects)."""

    font: Any
    cmap: dict[int, str]


@lru_cache(maxsize=2)
def _open_source(path: str, index: int, size: int, mtime: int) -> _Source:
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=index, lazy=True)
    return _Source(font=font, cmap=dict(font.getBestCmap()))


def _source(font: Path) -> _Source:
    stat = font.stat()
    return _open_source(str(font.resolve()), face_index(font), stat.st_size, stat.st_mtime_ns)


def build_ttf(font: Path, chars: Iterable[str], *, family: str = "reportdiff CJK") -> bytes:
    """A TrueType font with the glyphs of ``chars`` (those the font has) drawn from ``font``: CFF
    cubic outlines are converted to quadratic ones (error ≤ 1 unit of 1000), metrics copied."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.recordingPen import DecomposingRecordingPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    src = _source(font)
    ttfont = src.font
    codes = sorted({ord(c) for c in chars} & src.cmap.keys())
    order = ttfont.getGlyphOrder()
    gid = {name: i for i, name in enumerate(order)}
    names = [order[0]] + sorted({src.cmap[c] for c in codes} - {order[0]}, key=gid.__getitem__)
    glyph_set = ttfont.getGlyphSet()
    hmtx = ttfont["hmtx"]
    upem = ttfont["head"].unitsPerEm
    glyphs = {}
    metrics = {}
    cff = "CFF " in ttfont
    for name in names:
        pen = TTGlyphPen(None)
        target = Cu2QuPen(pen, max_err=upem / 1000, reverse_direction=cff)
        if cff:
            glyph_set[name].draw(target)
        else:  # a glyf source: flatten composite glyphs, their components are not copied
            recording = DecomposingRecordingPen(glyph_set)
            glyph_set[name].draw(recording)
            recording.replay(target)
        glyphs[name] = pen.glyph()
        metrics[name] = hmtx[name]
    builder = FontBuilder(upem, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({c: src.cmap[c] for c in codes})
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics(metrics)
    hhea = ttfont["hhea"]
    builder.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent, lineGap=hhea.lineGap)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    os2 = ttfont["OS/2"]
    builder.setupOS2(
        sTypoAscender=os2.sTypoAscender, sTypoDescender=os2.sTypoDescender,
        sTypoLineGap=os2.sTypoLineGap, usWinAscent=os2.usWinAscent, usWinDescent=os2.usWinDescent,
        usWeightClass=os2.usWeightClass, fsType=0, achVendID=os2.achVendID,
    )
    builder.setupPost()
    head = builder.font["head"]
    head.created = head.modified = ttfont["head"].created  # the system font's date, not the build time
    builder.font.recalcTimestamp = False
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def _cache_key(font: Path) -> str:
    stat = font.stat()
    raw = f"{font.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{face_index(font)}|{RECIPE_VERSION}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def _writable_cache_dir() -> Path:
    directory = cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, delete=True):
            pass
        return directory
    except OSError:
        fallback = Path(tempfile.gettempdir()) / f"reportdiff-cache-{os.getuid() if hasattr(os, 'getuid') else 0}"
        fallback.mkdir(parents=True, exist_ok=True)
        return fallback


def cached_subset(font: Path) -> Path:
    """The compact TrueType subset of ``font`` (see module doc), built once and cached under
    cache_dir(), keyed by the font's path, size, mtime, face and the recipe version. The file is
    written to a temporary name and renamed, so concurrent builders never see half a font."""
    font = Path(font)
    name = f"cjk-{font.stem}-{_cache_key(font)}.ttf"
    for directory in (cache_dir(),):
        hit = directory / name
        if hit.is_file() and hit.stat().st_size > 0:
            return hit
    directory = _writable_cache_dir()
    target = directory / name
    if target.is_file() and target.stat().st_size > 0:
        return target
    data = build_ttf(font, subset_charset())
    fd, tmp = tempfile.mkstemp(prefix=".subset-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


@dataclass(frozen=True)
class _Cached:
    """The cached subset opened once per process: cmap, raw glyph records, metrics, header tables."""

    font: Any
    cmap: dict[int, str]
    raw: bytes
    loca: tuple[int, ...]
    gid: dict[str, int]
    order: tuple[str, ...]

    def record(self, name: str) -> bytes:
        """The raw ``glyf`` record of a glyph."""
        index = self.gid[name]
        return self.raw[self.loca[index]:self.loca[index + 1]]


@lru_cache(maxsize=2)
def _open_cached(path: str, size: int, mtime: int) -> _Cached:
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    order = tuple(font.getGlyphOrder())
    return _Cached(
        font=font, cmap=dict(font.getBestCmap()), raw=bytes(font.reader["glyf"]), loca=tuple(font["loca"]),
        gid={name: i for i, name in enumerate(order)}, order=order,
    )


def document_font(font: Path, chars: Iterable[str], *, family: str = "reportdiff CJK") -> bytes:
    """A TrueType font with exactly the glyphs of ``chars``: glyph records are copied byte for byte
    from the cached subset (no outline work), characters it lacks are drawn from ``font`` itself.
    Embedded whole, it spares WeasyPrint its own subsetting pass (which recompiles every glyph)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.ttLib import newTable
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    path = cached_subset(font)
    stat = path.stat()
    cached = _open_cached(str(path), stat.st_size, stat.st_mtime_ns)
    codes = {ord(c) for c in chars}
    common = sorted(codes & cached.cmap.keys())
    rare_chars = "".join(sorted(chr(c) for c in codes - cached.cmap.keys()))
    rare_codes = sorted(ord(c) for c in font_covers(font, rare_chars)) if rare_chars else []
    notdef = cached.order[0]
    glyphs: dict[str, Any] = {notdef: Glyph(cached.record(notdef))}
    cmap: dict[int, str] = {}
    hmtx = cached.font["hmtx"]
    metrics: dict[str, tuple[int, int]] = {notdef: hmtx[notdef]}
    for code in common:
        name = cached.cmap[code]
        cmap[code] = name
        if name not in glyphs:
            glyphs[name] = Glyph(cached.record(name))
            metrics[name] = hmtx[name]
    if rare_codes:
        extra = _draw_glyphs(font, rare_codes)
        for code, (glyph, metric) in extra.items():
            name = f"u{code:04X}"
            glyphs[name] = glyph
            metrics[name] = metric
            cmap[code] = name
    order = list(glyphs)
    builder = FontBuilder(cached.font["head"].unitsPerEm, isTTF=True)
    builder.font.recalcBBoxes = False  # keep glyph records as they are: no recompilation
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(cmap)
    builder.font["loca"] = newTable("loca")  # setupGlyf would inspect (decompile) every glyph
    glyf = builder.font["glyf"] = newTable("glyf")
    glyf.glyphs = glyphs
    glyf.glyphOrder = order
    builder.setupHorizontalMetrics(metrics)
    src_head, src_hhea, os2 = cached.font["head"], cached.font["hhea"], cached.font["OS/2"]
    builder.setupHorizontalHeader(
        ascent=src_hhea.ascent, descent=src_hhea.descent, lineGap=src_hhea.lineGap,
        advanceWidthMax=src_hhea.advanceWidthMax, minLeftSideBearing=src_hhea.minLeftSideBearing,
        minRightSideBearing=src_hhea.minRightSideBearing, xMaxExtent=src_hhea.xMaxExtent,
    )
    head = builder.font["head"]
    for key in ("xMin", "yMin", "xMax", "yMax", "created", "modified"):  # fixed dates: same PDF bytes every run
        setattr(head, key, getattr(src_head, key))
    builder.font.recalcTimestamp = False
    maxp = builder.font["maxp"]
    for key in ("maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours", "maxZones",
                "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, key, max(getattr(cached.font["maxp"], key, 0), 1 if key == "maxZones" else 0))
    if rare_codes:  # drawn glyphs may exceed the cached font's maxima
        maxp.maxPoints = max(maxp.maxPoints, *(len(g.coordinates) for g in glyphs.values() if hasattr(g, "coordinates")))
        maxp.maxContours = max(maxp.maxContours, *(g.numberOfContours for g in glyphs.values() if hasattr(g, "coordinates")))
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2(
        sTypoAscender=os2.sTypoAscender, sTypoDescender=os2.sTypoDescender, sTypoLineGap=os2.sTypoLineGap,
        usWinAscent=os2.usWinAscent, usWinDescent=os2.usWinDescent, usWeightClass=os2.usWeightClass,
        fsType=0, achVendID=os2.achVendID,
    )
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def _draw_glyphs(font: Path, codes: Iterable[int]) -> dict[int, tuple[Any, tuple[int, int]]]:
    """TrueType glyphs (with bounds) and metrics of ``codes`` drawn from ``font``."""
    from fontTools.ttLib import TTFont

    data = build_ttf(font, "".join(chr(c) for c in codes), family="reportdiff CJK extra")
    drawn = TTFont(io.BytesIO(data))
    cmap = drawn.getBestCmap()
    result = {}
    for code in codes:
        name = cmap.get(code)
        if name is not None:
            glyph = drawn["glyf"][name]
            glyph.recalcBounds(drawn["glyf"])
            result[code] = (glyph, drawn["hmtx"][name])
    return result


def font_covers(font: Path, chars: Iterable[str]) -> frozenset[str]:
    """The characters among ``chars`` that ``font`` has a glyph for."""
    cmap = _source(font).cmap
    return frozenset(c for c in chars if ord(c) in cmap)


def supplement_chars(text: str) -> str:
    """The characters of ``text`` that the cached subset lacks (sorted; controls and spaces skipped)."""
    common = subset_charset()
    return "".join(sorted({c for c in text if c not in common and c.isprintable() and not c.isspace()}))
