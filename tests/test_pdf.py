"""PDF tests: a few real renders (each costs seconds), read back with pypdf.

Uses the user's font cache (``cached_subset``): the first run on a machine builds it (~5 s)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from reportdiff.errors import FontError, OutputError
from reportdiff.render import fonts

from .conftest import corpus
from .test_render import HOSTILE, small_comparison

pypdf = pytest.importorskip("pypdf")


def _require_font() -> None:
    try:
        fonts.find_cjk_font()
    except FontError:
        pytest.skip("no CJK font installed")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _outline(reader: object) -> list[tuple[int, str]]:
    entries: list[tuple[int, str]] = []

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                entries.append((depth, str(item.title)))  # type: ignore[attr-defined]

    walk(reader.outline, 1)  # type: ignore[attr-defined]
    return entries


def _fonts(reader: object) -> list[tuple[str, bool]]:
    """(BaseFont, embedded) of every font used on any page."""
    found = {}
    for page in reader.pages:  # type: ignore[attr-defined]
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return sorted(found.items())


@pytest.fixture(scope="module")
def real_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    _require_font()
    from reportdiff.compare import compare
    from reportdiff.parse import parse
    from reportdiff.render.pdf import render_pdf

    old = parse(corpus("guangan-2022").read_text(encoding="utf-8"), source="guangan-2022.txt")
    new = parse(corpus("guangan-2023").read_text(encoding="utf-8"), source="guangan-2023.txt")
    cmp = compare(old, new)
    path = tmp_path_factory.mktemp("pdf") / "out.pdf"
    render_pdf(cmp, path)
    assert not [p for p in path.parent.iterdir() if p.name != "out.pdf"]  # no temp file left behind
    return cmp, pypdf.PdfReader(path)


def test_real_pdf_text_outline_fonts_metadata(real_pdf: tuple[object, object]) -> None:
    from reportdiff.model import Comparison
    from reportdiff.render.layout import pairs

    cmp, reader = real_pdf
    assert isinstance(cmp, Comparison)
    pages = [page.extract_text() for page in reader.pages]  # type: ignore[attr-defined]
    text = _flat("".join(pages))
    # every section title (new sections, and old sections that were dropped) and every changed number
    for section in cmp.new.sections:
        assert _flat(section.title or "") in text, section.title
    dropped = [u for p in pairs(cmp) if not p.new for u in p.old if u.node.kind == "section"]
    for unit in dropped:
        assert _flat(unit.node.title or "") in text, unit.node.title
    numbers = [e for e in cmp.edits if e.cls == "number" and e.op != "equal"]
    assert numbers
    for edit in numbers:
        assert _flat(cmp.old.text[edit.old_start:edit.old_end]) in text
        assert _flat(cmp.new.text[edit.new_start:edit.new_end]) in text
    # page numbers and running headers
    assert "第1页/共" in _flat(pages[0]) and f"共{len(pages)}页" in _flat(pages[-1])
    assert "广安市2022年政府工作报告" in _flat(pages[1]) and "广安市2023年政府工作报告" in _flat(pages[1])
    # outline: one section-level entry per new section and per dropped old section
    outline = _outline(reader)
    sections = [title for depth, title in outline if depth == 3]
    assert len(sections) == len(cmp.new.sections) + len(dropped)
    assert [t for d, t in outline if d == 1][:3] == ["摘要", "目标对照表", "逐节对比"]
    # fonts: all embedded, all ours (nothing fell back to another font or to .notdef boxes)
    used = _fonts(reader)
    assert used and all(embedded for _, embedded in used)
    assert all("reportdiff-CJK" in name for name, _ in used), used
    meta = reader.metadata  # type: ignore[attr-defined]
    assert meta.title == "广安市2022年政府工作报告 → 广安市2023年政府工作报告"
    assert "政府工作报告对比" in (meta.subject or "")
    assert (meta.creator or "").startswith("reportdiff ")


def test_hostile_text_renders_as_text_and_fetches_nothing() -> None:
    _require_font()
    from reportdiff.render.html import _serialize, build_document
    from reportdiff.render.pdf import html_to_pdf

    html = _serialize(build_document(small_comparison(), css=False), doctype=True)
    fetchers: list[object] = []
    data = html_to_pdf(html, _fetcher_out=fetchers)
    text = _flat("".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages))
    assert _flat(HOSTILE) in text
    (fetcher,) = fetchers
    requested = fetcher.requested  # type: ignore[attr-defined]
    assert requested == ["reportdiff-font:document.ttf"]
    assert not fetcher.refused  # type: ignore[attr-defined]


def test_fetcher_refuses_files_and_network(tmp_path: Path) -> None:
    _require_font()
    from reportdiff.render.pdf import html_to_pdf

    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
                      '<text x="0" y="20">SECRETXYZ</text></svg>', encoding="utf-8")
    sheet = tmp_path / "evil.css"
    sheet.write_text("body { background: red }", encoding="utf-8")
    raw = (f'<html><head><link rel="stylesheet" href="{sheet.as_uri()}"></head><body>'
           f'<p>正文</p><img src="{secret.as_uri()}"><img src="http://127.0.0.1:9/x.png">'
           f'<p style="background: url(file:///etc/passwd)">尾</p></body></html>')
    fetchers: list[object] = []
    data = html_to_pdf(raw, _fetcher_out=fetchers)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "正文" in text and "SECRETXYZ" not in text
    refused = fetchers[0].refused  # type: ignore[attr-defined]
    assert secret.as_uri() in refused and "http://127.0.0.1:9/x.png" in refused
    assert sheet.as_uri() in refused and "file:///etc/passwd" in refused


def test_prebuilt_tree_and_lean_user_agent_sheet_change_no_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    """render_pdf skips re-parsing its own HTML and drops the user-agent rules that give every element
    ::marker/footnote pseudo-element styles: the PDF must come out byte for byte the same."""
    _require_font()
    from reportdiff.render import pdf
    from reportdiff.render.html import _serialize, build_document, to_etree

    document = build_document(small_comparison(), css=False)
    html = _serialize(document, doctype=True)
    assert pdf._lean_ok(html) and pdf._html_class(True) is not pdf._html_class(False)
    fast = pdf.html_to_pdf(html, _tree=to_etree(document))
    assert pdf.html_to_pdf(html) == fast
    monkeypatch.setattr(pdf, "_lean_ok", lambda *sources: False)
    assert pdf.html_to_pdf(html) == fast


def test_footnotes_keep_the_full_user_agent_sheet() -> None:
    """Documents that can make footnotes get WeasyPrint's own user-agent sheet (the lean one lacks the
    footnote call/marker rules and would crash on them)."""
    _require_font()
    from reportdiff.render.pdf import _lean_ok, html_to_pdf

    raw = ('<html><head><style>.fn { float: footnote }</style></head>'
           '<body><p>正文<span class="fn">脚注文字</span>结束</p></body></html>')
    assert not _lean_ok(raw)
    text = _flat(pypdf.PdfReader(io.BytesIO(html_to_pdf(raw))).pages[0].extract_text())
    assert "正文1结束" in text and "1.脚注文字" in text


def test_render_pdf_is_atomic(tmp_path: Path) -> None:
    from reportdiff.render.pdf import render_pdf

    cmp = small_comparison()
    with pytest.raises(OutputError, match="does not exist"):
        render_pdf(cmp, tmp_path / "no-such-dir" / "out.pdf")
    target = tmp_path / "out.pdf"
    target.write_bytes(b"previous")
    with pytest.raises(FontError):
        render_pdf(cmp, target, font=str(tmp_path / "missing.otf"))
    assert target.read_bytes() == b"previous" and [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_document_font_bytes_do_not_depend_on_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: the per-document font carried its build time in the head table, so two renders
    of one comparison in two processes gave different PDF bytes (`make demo` rewrote the committed
    sample every run). WeasyPrint reuses a font within one process, hence the check on the font."""
    import time

    _require_font()
    full = fonts.find_cjk_font()
    first = fonts.document_font(full, "政府工作报告增长7%左右")
    monkeypatch.setattr(time, "time", lambda: 2.0e9)
    assert fonts.document_font(full, "政府工作报告增长7%左右") == first


def test_cached_subset_bytes_do_not_depend_on_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: the cached subset carried its build time, and the per-document font copies the
    subset's dates, so a PDF depended on when the cache was built."""
    import time

    _require_font()
    full = fonts.find_cjk_font()
    first = fonts.build_ttf(full, "政府工作报告增长7%左右")
    monkeypatch.setattr(time, "time", lambda: 2.0e9)
    assert fonts.build_ttf(full, "政府工作报告增长7%左右") == first
