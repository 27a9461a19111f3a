"""HTML reader: a government web page → the report's article text plus bold/heading hints.

Stage: input (file → reader → text). The page is parsed with lxml's HTML parser configured never to
touch the network or the file system (``no_network=True``; the HTML parser loads no DTD and expands
no external entities; images, iframes, stylesheets and scripts are never fetched, nothing here opens
a URL). The article body is the deepest element that holds nearly all of the page's Chinese text
among the usual containers of Chinese government sites (id/class containing ``zoom``, ``content``,
``article``, ``TRS_Editor``, ``Custom_UnionStyle``, ``pages_content``, ``view``) and the element whose
direct ``<p>`` children hold the most Chinese characters. Navigation, headers, footers, scripts,
forms, hidden elements and share/print/close widgets are dropped (an element whose id/class merely
sounds like a widget but holds half the page's Chinese text, 200 characters or more, is kept). Every block element (``p``,
``div``, ``h1``-``h6``, ``li``, ``tr``, …) starts a paragraph; paragraphs are separated by one blank
line (``"\\n\\n"``); ``<br>`` and a line break inside ``<pre>`` give a single ``"\\n"``. HTML
whitespace collapses to one space (to nothing where a source line break falls between two CJK
characters, as CSS does), each line's indent of spaces, ``&nbsp;`` and U+3000 is stripped, blank
lines collapse, and the text ends with ``"\\n"``. ``hints`` are ``[start, end)`` ranges of that
output text that were ``<strong>``/``<b>``/``<h1>``-``<h6>`` (or
``font-weight: bold``), one or more per line, whitespace trimmed. The tree is walked iteratively
(``lxml.etree.iterwalk``), so deep nesting cannot raise RecursionError; a page nested deeper than
the parser's limit (2,048 elements) raises InputError instead of silently losing text.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportdiff.errors import InputError

if TYPE_CHECKING:
    from lxml.etree import _Element

MAX_DEPTH = 2048
"""libxml2's nesting limit with ``huge_tree``: deeper pages are rejected, not silently cut."""

_BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "caption", "center", "dd", "details", "dialog", "dir", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "hr",
    "li", "listing", "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot",
    "thead", "tr", "ul", "xmp", "body", "html",
})
_CELL_TAGS = frozenset({"td", "th"})
_PRE_TAGS = frozenset({"pre", "listing", "xmp", "plaintext"})
_DROP_TAGS = frozenset({
    "nav", "header", "footer", "aside", "script", "style", "iframe", "frame", "frameset", "noscript",
    "form", "button", "input", "select", "option", "textarea", "label", "object", "embed", "applet",
    "svg", "math", "canvas", "template", "audio", "video", "source", "track", "map", "area", "head",
    "title", "meta", "link", "base", "img", "picture",
})
_BOLD_TAGS = frozenset({"strong", "b", "h1", "h2", "h3", "h4", "h5", "h6"})
_CONTAINER_KEYS = ("zoom", "content", "article", "trs_editor", "custom_unionstyle", "pages_content", "view")
_WIDGET_KEYS = (
    "share", "bdshare", "jiathis", "fenxiang", "print", "dayin", "close", "guanbi", "toolbar",
    "fontsize", "font-size", "font_size", "zihao", "qrcode", "erweima", "breadcrumb", "crumb",
    "position", "location", "nav", "menu", "footer", "header", "sidebar", "related", "xgwz", "xglj",
)
_WIDGET_ANCHORS = "打印本页|打印本文|打印文章|打印|关闭本页|关闭窗口|关闭|分享到|分享|收藏本页|收藏|返回顶部|返回|字号|字体|扫一扫"
_WIDGET_WORDS = f"{_WIDGET_ANCHORS}|默认|微信|微博|QQ空间|大|中|小"
_WIDGET_PUNCT = r"[\s【】\[\]（）()：:|｜/、>＞]*"
# the whole text of the element is widget words and brackets, with at least one anchor word
# (打印, 关闭, 字号, …: a paragraph reading just 中 stays)
_WIDGET_TEXT = re.compile(rf"^{_WIDGET_PUNCT}(?:(?:{_WIDGET_WORDS}){_WIDGET_PUNCT})*$")
_WIDGET_ANCHOR = re.compile(_WIDGET_ANCHORS)
# what is left of 【打印本页】 once its javascript: link is dropped
_WIDGET_SHELL = re.compile(r"^[\s【】\[\]|｜/、]*$")
_WIDGET_MAX_CHARS = 60
_KEEP_CJK = 200
_WIDGET_HREF = re.compile(r"\s*javascript:.*(?:print|close|share|font|zoom|size|favorite)", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b", re.I)
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_WIDE = re.compile("[\u2010-\u206f\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
                   "\U00020000-\U0003134f]")
_HTML_WS = re.compile("[ \t\n\r\f]+")
_NEWLINE = re.compile("\r\n?|\n")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_LEAD = re.compile("^[\\s\u200b\ufeff]+")
_TRAIL = re.compile("[\\s\u200b\ufeff]+$")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_BLOCK, _BR = "\x1e", "\x1f"
_SENTINELS = re.compile("[\x1e\x1f]")
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)|<\?xml[^>]*encoding\s*=\s*["']([-\w.:]+)""",
                      re.I)
_GB_NAMES = frozenset({"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "gb_2312-80", "csgb2312", "chinese",
                       "euc-cn", "euc_cn"})
_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)\b",
                         re.I | re.S)


@dataclass(frozen=True)
class Extracted:
    """The article text of a page, its bold/heading ranges and any warnings."""

    text: str
    hints: tuple[tuple[int, int], ...] = ()
    warnings: tuple[str, ...] = ()


def sniff_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta charset>`` / ``http-equiv`` / an XML declaration, as a
    Python codec name (GB2312/GBK become GB18030, their superset), or None."""
    match = _CHARSET.search(data[:4096])
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii", "replace").lower()
    if label in _GB_NAMES:
        return "gb18030"
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    if codec in ("gb2312", "gbk", "gb18030"):
        return "gb18030"
    if codec.startswith(("utf-16", "utf-32")):
        return None  # a page that is really UTF-16 has a BOM; without one the declaration is wrong
    return codec


def looks_like_html(data: bytes) -> bool:
    """True when the bytes start (after whitespace, a BOM, an XML declaration or comments) with a
    doctype or an ``<html>``/``<head>``/``<body>``/``<meta>`` tag."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = data[:4096].decode("utf-16", errors="ignore")
    else:
        head = data[:4096].decode("latin-1")
    return _HTML_START.match(head.lstrip("\ufeff\u00ef\u00bb\u00bf")) is not None


def _classes(el: _Element) -> str:
    return f"{el.get('id') or ''} {el.get('class') or ''}".lower()


def _tag(el: _Element) -> str | None:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else None


def _dropped_by_tag(el: _Element) -> bool:
    """Comments, non-content tags (script, nav, footer, …) and hidden elements."""
    tag = _tag(el)
    if tag is None:
        return True  # comments, processing instructions
    if tag in _DROP_TAGS:
        return True
    if tag in ("html", "body"):
        return False
    return el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or "") is not None


def _widget_class(el: _Element) -> bool:
    """An id/class naming navigation or a widget (share, print, breadcrumb, footer, …) and no container."""
    if _tag(el) in ("html", "body"):
        return False
    names = _classes(el)
    if any(key in names for key in _CONTAINER_KEYS):
        return False
    return any(key in names for key in _WIDGET_KEYS) or el.get("role") == "navigation"


def _count(el: _Element, counts: list[int], position: dict[_Element, int]) -> int:
    """Chinese characters of an element's own text, its children's counts and their tails."""
    count = len(_CJK.findall(el.text or ""))
    for child in el:
        count += counts[position[child]] + len(_CJK.findall(child.tail or ""))
    return count


def _is_bold(el: _Element, tag: str) -> bool:
    return tag in _BOLD_TAGS or _BOLD_STYLE.search(el.get("style") or "") is not None


def _parse(markup: str, *, name: str) -> _Element:
    import lxml.html
    from lxml import etree

    markup = _XML_DECL.sub("", markup, count=1)
    parser = lxml.html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, recover=True, huge_tree=True,
    )
    try:
        doc = lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise InputError(
            f"{name}: the HTML page cannot be parsed ({error}); save the report's text as a .txt file"
        ) from None
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in entry.message:
            raise InputError(
                f"{name}: the HTML is nested more than {MAX_DEPTH:,} elements deep, which the HTML parser "
                "cannot read without losing text; save the report's text as a .txt file"
            )
    return doc


@dataclass
class _Index:
    """Per-element facts computed in two linear passes (no recursion)."""

    elements: list[_Element]
    position: dict[_Element, int]
    depth: list[int]
    dropped: list[bool]
    hidden: list[bool]
    cjk: list[int]


def _small_text(el: _Element, small: list[str | None], position: dict[_Element, int]) -> str | None:
    """The kept text of an element when it is at most ``_WIDGET_MAX_CHARS`` long, else None."""
    parts = [el.text or ""]
    size = len(parts[0])
    for child in el:
        inner = small[position[child]]
        if inner is None or size > _WIDGET_MAX_CHARS:
            return None
        parts.extend((inner, child.tail or ""))
        size += len(inner) + len(child.tail or "")
    return "".join(parts) if size <= _WIDGET_MAX_CHARS else None


def is_widget_text(text: str) -> bool:
    """True for the whole text of a share/print/close/font-size widget (【打印本页】【关闭窗口】,
    字号：[大][中][小], 分享到：微信 微博): such block elements and links are dropped from the article."""
    return (
        bool(text.strip()) and _WIDGET_TEXT.match(text) is not None and _WIDGET_ANCHOR.search(text) is not None
    )


def _is_widget(el: _Element, tag: str, text: str | None, lost_child: bool) -> bool:
    """A widget recognized by its link target or its whole text (only block elements and links: a
    ``<span>`` run of a Word-exported paragraph may well read 关闭), or the bracket shell left once
    its widget links were dropped."""
    if tag == "a" and _WIDGET_HREF.match(el.get("href") or ""):
        return True
    if text is None or (tag != "a" and tag not in _BLOCK_TAGS):
        return False
    return is_widget_text(text) or (lost_child and bool(text.strip()) and _WIDGET_SHELL.match(text) is not None)


def _index(root: _Element) -> _Index:
    elements = list(root.iter())
    position = {el: i for i, el in enumerate(elements)}
    n = len(elements)
    by_tag = [_dropped_by_tag(el) and el is not root for el in elements]
    # pass 1: Chinese text without the class rule, so that a class that merely sounds like a widget
    # (id="printArea") cannot drop the article: an element holding at least half of the page's
    # Chinese text, and at least _KEEP_CJK characters of it, is kept whatever its class
    first = [0] * n
    for i in range(n - 1, -1, -1):  # children before parents
        if not by_tag[i]:
            first[i] = _count(elements[i], first, position)
    keep = max(first[0] / 2, _KEEP_CJK)
    dropped = [by_tag[i] or (first[i] < keep and _widget_class(el)) for i, el in enumerate(elements)]
    # pass 2: widgets by their text, final counts
    cjk = [0] * n
    small: list[str | None] = [None] * n
    for i in range(n - 1, -1, -1):
        el = elements[i]
        if dropped[i]:
            small[i] = ""
            continue
        text = _small_text(el, small, position)
        lost_child = any(dropped[position[child]] for child in el)
        if el is not root and _is_widget(el, _tag(el) or "", text, lost_child):
            dropped[i] = True
            small[i] = ""
            continue
        small[i] = text
        cjk[i] = _count(el, cjk, position)
    depth = [0] * n
    hidden = list(dropped)
    for i in range(1, n):  # parents before children
        parent = elements[i].getparent()
        if parent is not None and parent in position:
            p = position[parent]
            depth[i] = depth[p] + 1
            hidden[i] = dropped[i] or hidden[p]
    return _Index(elements, position, depth, dropped, hidden, cjk)


def _container(index: _Index, root: _Element) -> tuple[_Element, list[str]]:
    """The deepest candidate container holding at least 95% of the best candidate's Chinese text,
    and the paragraphs with Chinese text of the best candidate that it leaves out (for a warning:
    chrome such as a page title is seldom a ``<p>``, report lines usually are)."""
    candidates: list[int] = []
    best_p, best_p_count = -1, 0
    for i, el in enumerate(index.elements):
        if index.hidden[i] or _tag(el) is None:
            continue
        if any(key in _classes(el) for key in _CONTAINER_KEYS):
            candidates.append(i)
        p_count = sum(index.cjk[index.position[child]] for child in el if _tag(child) == "p")
        if p_count > best_p_count:
            best_p, best_p_count = i, p_count
    if best_p >= 0:
        candidates.append(best_p)
    best = max((index.cjk[i] for i in candidates), default=0)
    if best == 0:
        return root, []
    good = [i for i in candidates if index.cjk[i] >= 0.95 * best]
    chosen = min(good, key=lambda i: (-index.depth[i], i))
    widest = min((i for i in candidates if index.cjk[i] == best), key=lambda i: (index.depth[i], i))
    inside = {id(p) for p in index.elements[chosen].iter("p")}
    left_out = [
        "".join(str(t) for t in p.itertext()).strip()
        for p in index.elements[widest].iter("p")
        if id(p) not in inside and not index.hidden[index.position[p]] and index.cjk[index.position[p]] > 0
    ]
    return index.elements[chosen], left_out


def _raw_text(container: _Element, index: _Index) -> tuple[str, list[tuple[int, int]]]:
    """Walk the container iteratively: text with block/line sentinels, and bold ranges into it."""
    from lxml import etree

    pieces: list[str] = []
    pos = 0
    bold: list[tuple[int, int]] = []
    bold_open: list[int] = []

    pre = 0  # inside <pre>: source line breaks are line breaks

    def add(text: str | None) -> None:
        nonlocal pos
        if text:
            text = _CONTROL.sub("", text)
            if pre:
                text = _NEWLINE.sub(_BR, text)
            pieces.append(text)
            pos += len(text)

    def mark(sentinel: str) -> None:
        nonlocal pos
        pieces.append(sentinel)
        pos += 1

    walker = etree.iterwalk(container, events=("start", "end"))
    for event, el in walker:
        i = index.position.get(el)
        skip = i is None or (index.dropped[i] and el is not container)
        tag = _tag(el) or ""
        if event == "start":
            if skip:
                walker.skip_subtree()
                continue
            if tag == "br":
                mark(_BR)
            elif tag in _BLOCK_TAGS:
                mark(_BLOCK)
            elif tag in _CELL_TAGS and el.getprevious() is not None:
                add(" ")
            if _is_bold(el, tag):
                bold_open.append(pos)
            if tag in _PRE_TAGS:
                pre += 1
            add(el.text)
        else:
            if el is container:
                break
            if not skip:
                if _is_bold(el, tag):
                    bold.append((bold_open.pop(), pos))
                if tag in _PRE_TAGS:
                    pre -= 1
                if tag in _BLOCK_TAGS:
                    mark(_BLOCK)
            add(el.tail)
    return "".join(pieces), bold


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _collapse(raw: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """Collapse HTML whitespace in one line; return the text and pieces (raw_a, raw_b, out_a, out_len)."""
    out: list[str] = []
    pieces: list[tuple[int, int, int, int]] = []
    last = 0
    size = 0
    for match in _HTML_WS.finditer(raw):
        a, b = match.span()
        if a > last:
            out.append(raw[last:a])
            pieces.append((last, a, size, -1))
            size += a - last
        run = match.group()
        join = (
            ("\n" in run or "\r" in run) and a > 0 and b < len(raw)
            and _WIDE.match(raw[a - 1]) is not None and _WIDE.match(raw[b]) is not None
        )
        replacement = "" if join else " "
        out.append(replacement)
        pieces.append((a, b, size, len(replacement)))
        size += len(replacement)
        last = b
    if last < len(raw):
        out.append(raw[last:])
        pieces.append((last, len(raw), size, -1))
        size += len(raw) - last
    return "".join(out), pieces


def _map(x: int, pieces: list[tuple[int, int, int, int]], starts: list[int], size: int) -> int:
    k = bisect.bisect_right(starts, x) - 1
    if k < 0:
        return 0
    a, b, out_a, out_len = pieces[k]
    if x >= b:
        return size
    if out_len < 0:
        return out_a + (x - a)
    return out_a if x == a else out_a + out_len


def _lines(raw: str, bold: list[tuple[int, int]]) -> Extracted:
    """Split at sentinels, collapse whitespace, strip indents, drop blank lines, map bold ranges."""
    ranges = _merge(bold)
    ends = [end for _, end in ranges]
    out: list[str] = []
    hints: list[tuple[int, int]] = []
    size = 0
    paragraph = False
    line_breaks = 0
    bounds = [(-1, "")] + [(m.start(), m.group()) for m in _SENTINELS.finditer(raw)] + [(len(raw), "")]
    for (a, sentinel), (b, _) in zip(bounds, bounds[1:], strict=False):
        if sentinel == _BLOCK:
            paragraph = True
        elif sentinel == _BR:
            line_breaks += 1
        start = a + 1
        text, pieces = _collapse(raw[start:b])
        lead = len(text) - len(_LEAD.sub("", text))
        line = _TRAIL.sub("", text[lead:])
        if not line:
            continue
        if out:
            sep = "\n\n" if paragraph or line_breaks >= 2 else "\n"
            out.append(sep)
            size += len(sep)
        paragraph, line_breaks = False, 0
        starts = [p[0] for p in pieces]
        k = bisect.bisect_right(ends, start)
        line_hints: list[tuple[int, int]] = []
        while k < len(ranges) and ranges[k][0] < b:
            h0 = _map(max(ranges[k][0], start) - start, pieces, starts, len(text)) - lead
            h1 = _map(min(ranges[k][1], b) - start, pieces, starts, len(text)) - lead
            h0, h1 = max(h0, 0), min(h1, len(line))
            while h0 < h1 and (line[h0].isspace() or line[h0] in "\u200b\ufeff"):
                h0 += 1
            while h1 > h0 and (line[h1 - 1].isspace() or line[h1 - 1] in "\u200b\ufeff"):
                h1 -= 1
            if h0 < h1:
                if line_hints and not line[line_hints[-1][1]:h0].strip():
                    line_hints[-1] = (line_hints[-1][0], h1)
                else:
                    line_hints.append((h0, h1))
            k += 1
        hints.extend((size + h0, size + h1) for h0, h1 in line_hints)
        out.append(line)
        size += len(line)
    if out:
        out.append("\n")
    return Extracted("".join(out), tuple(hints))


def html_to_text(markup: str, *, name: str = "<html>") -> Extracted:
    """The article text of an HTML page (see the module docstring for every rule) and its bold hints.

    Raises InputError when the markup cannot be parsed or is nested too deeply; an empty result is
    returned as ``Extracted("")`` for the caller to report.
    """
    doc = _parse(markup, name=name)
    body = doc.find("body")
    root = body if body is not None else doc
    index = _index(root)
    container, left_out = _container(index, root)
    raw, bold = _raw_text(container, index)
    result = _lines(raw, bold)
    if not left_out:
        return result
    first = left_out[0][:20]
    warning = (
        f"{name}: {len(left_out)} paragraph{'s' if len(left_out) > 1 else ''} outside the article body "
        f"{'were' if len(left_out) > 1 else 'was'} left out (the first begins “{first}”); if it belongs "
        "to the report, save the report's text as a .txt file"
    )
    return Extracted(result.text, result.hints, (warning,))
