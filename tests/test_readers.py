"""Tests of the input readers (reportdiff.readers): encodings, HTML extraction, every bad input."""

from __future__ import annotations

import codecs
import html
import importlib.util
import io
import os
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reportdiff.errors import InputError, OptionError
from reportdiff.readers import Source, read_source, source_from_string
from reportdiff.readers.html import html_to_text, is_widget_text, looks_like_html, sniff_charset
from reportdiff.readers.text import MAX_BYTES, MAX_CHARS, count_cjk

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus"
BAD = DATA / "bad"
HTML_DIR = DATA / "html"
REPORTS = ["national/guowuyuan-2024", "province/sichuan-2023", "city/guangan-2023"]


def _report(name: str) -> str:
    return (CORPUS / f"{name}.txt").read_text(encoding="utf-8")


def _one_line_error(error: pytest.ExceptionInfo[InputError], label: str) -> str:
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith(f"{label}: ")
    return message


# --- encodings ------------------------------------------------------------------------------------

Encode = Callable[[str], bytes]
ENCODINGS: list[tuple[str, Encode, str]] = [
    ("utf-8", lambda t: t.encode("utf-8"), "utf-8"),
    ("utf-8 BOM", lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
    ("gb18030", lambda t: t.encode("gb18030"), "gb18030"),
    ("gbk", lambda t: t.encode("gbk"), "gb18030"),
    ("utf-16 native BOM", lambda t: t.encode("utf-16"), "utf-16"),
    ("utf-16-le BOM", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16"),
    ("utf-16-be BOM", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16"),
    ("utf-8 CRLF", lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ("utf-8 CR", lambda t: t.replace("\n", "\r").encode("utf-8"), "utf-8"),
    ("utf-8 BOM CRLF", lambda t: codecs.BOM_UTF8 + t.replace("\n", "\r\n").encode("utf-8"), "utf-8-sig"),
    ("gbk CRLF", lambda t: t.replace("\n", "\r\n").encode("gbk"), "gb18030"),
    ("utf-16-be BOM CRLF", lambda t: codecs.BOM_UTF16_BE + t.replace("\n", "\r\n").encode("utf-16-be"), "utf-16"),
]


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize(("label", "encode", "encoding"), ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_encodings_of_real_reports(tmp_path: Path, report: str, label: str, encode: Encode, encoding: str) -> None:
    text = _report(report)
    path = tmp_path / "report.txt"
    path.write_bytes(encode(text))
    source = read_source(path)
    assert source == Source(text, str(path), "text", encoding)
    assert read_source(data=encode(text)) == Source(text, None, "text", encoding)


def test_the_seed_reads_unchanged() -> None:
    source = read_source(DATA / "seed.txt")
    assert source.text == (DATA / "seed.txt").read_text(encoding="utf-8")
    assert (source.format, source.encoding, source.hints, source.warnings) == ("text", "utf-8", (), ())


@pytest.mark.parametrize(
    "tail", ["中".encode()[:1], "中".encode()[:2], "𠀀".encode()[:3]], ids=["1 byte", "2 bytes", "3 bytes"]
)
def test_truncated_utf8_tail_is_dropped_with_a_warning(tail: bytes) -> None:
    text = _report("city/guangan-2023")
    source = read_source(data=text.encode() + tail, name="cut.txt")
    assert source.text == text
    assert source.encoding == "utf-8"
    assert len(source.warnings) == 1
    assert source.warnings[0].startswith("cut.txt: ") and "truncated" in source.warnings[0]


def test_a_bad_byte_before_the_tail_is_not_a_truncation() -> None:
    text = _report("city/guangan-2023")
    with pytest.raises(InputError) as error:
        read_source(data=text.encode() + b"\xc3\x28" + "中".encode()[:2], name="bad.txt")
    assert "neither UTF-8 nor GB18030" in _one_line_error(error, "bad.txt")


CJK_TEXT = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=20)
# documented: C0 controls other than tab/newline are refused, form feeds and vertical tabs become newlines
ANY_TEXT = st.text(alphabet=st.characters(exclude_characters="\r\x00\ufffe\uffff" + "".join(
    chr(c) for c in range(1, 32) if chr(c) not in "\t\n"), exclude_categories=["Cs"]))


@settings(max_examples=150, deadline=None)
@given(ANY_TEXT, CJK_TEXT, ANY_TEXT)
def test_any_chinese_utf8_text_survives_unchanged(before: str, cjk: str, after: str) -> None:
    text = before + cjk + after
    # documented exceptions: a leading BOM is removed, a leading binary signature is refused
    assume(not text.startswith(("\ufeff", "%PDF-", "GIF87a", "GIF89a", "PK\x03\x04", "Rar!\x1a\x07")))
    source = read_source(data=text.encode("utf-8"), format="text")
    assert source.text == text
    assert source.encoding == "utf-8"
    assert source_from_string(text).text == text


# --- format detection -----------------------------------------------------------------------------

PAGE = "<html><body><div class='content'><p>各位代表：现在，我代表市人民政府，向大会报告工作，请予审议。</p></div></body></html>"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("<!DOCTYPE html><html>", True),
        ("<!doctype HTML PUBLIC '-//W3C//DTD XHTML 1.0'>", True),
        ("\n  \t<html lang='zh-CN'>", True),
        ("\ufeff<html>", True),
        ("<?xml version='1.0' encoding='utf-8'?>\n<html>", True),
        ("<!-- saved from url=(0044)http://www.gov.cn/ -->\n<html>", True),
        ("<head><meta charset='utf-8'>", True),
        ("政府工作报告\n<html>", False),
        ("<p>各位代表</p>", False),
        ("## 一、2023年工作回顾", False),
        ("", False),
    ],
)
def test_html_sniffing(head: str, expected: bool) -> None:
    assert looks_like_html(head.encode("utf-8")) is expected


@pytest.mark.parametrize(
    ("filename", "content", "expected"),
    [
        ("report.html", PAGE, "html"),
        ("REPORT.HTM", PAGE, "html"),
        ("content_12345.shtml", PAGE, "html"),
        ("report", PAGE, "html"),
        ("index.jsp", PAGE, "html"),
        ("report.txt", PAGE, "text"),
        ("report.md", PAGE, "text"),
        ("report", "各位代表：现在，我代表市人民政府，向大会报告工作，请予审议。", "text"),
    ],
)
def test_format_by_suffix_then_content(tmp_path: Path, filename: str, content: str, expected: str) -> None:
    path = tmp_path / filename
    path.write_text(content, encoding="utf-8")
    assert read_source(path).format == expected
    assert read_source(data=content.encode(), name=filename).format == expected


def test_explicit_format_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    assert read_source(path, format="html").text == "各位代表：现在，我代表市人民政府，向大会报告工作，请予审议。\n"
    assert read_source(path).text == PAGE


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<meta charset="gb2312">', "gb18030"),
        (b"<meta charset=GBK>", "gb18030"),
        (b"<META http-equiv='Content-Type' content='text/html; charset=gb2312'>", "gb18030"),
        (b"<meta charset='x-gbk'>", "gb18030"),
        (b'<meta charset="utf-8">', "utf-8"),
        (b'<meta charset="UTF8">', "utf-8"),
        (b'<meta charset="big5">', "big5"),
        (b'<?xml version="1.0" encoding="GB18030"?><html>', "gb18030"),
        (b'<meta charset="no-such-charset">', None),
        (b'<meta charset="utf-16">', None),
        (b"<html><head><title>t</title></head>", None),
    ],
)
def test_charset_sniffing(head: bytes, expected: str | None) -> None:
    assert sniff_charset(head) == expected


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _report("city/guangan-2023")

    class Stdin:
        buffer = io.BytesIO(text.encode("gb18030"))

    monkeypatch.setattr(sys, "stdin", Stdin())
    assert read_source("-") == Source(text, None, "text", "gb18030")


def test_source_from_string() -> None:
    text = _report("city/guangan-2023")
    source = source_from_string("\ufeff" + text.replace("\n", "\r\n"), name="pasted")
    assert source == Source(text, None, "text", "unicode")
    with pytest.raises(InputError) as error:
        source_from_string("Report on the Work of the Government", name="pasted")
    assert "does not look like a Chinese report" in _one_line_error(error, "pasted")


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: read_source(), "give a path"),
        (lambda: read_source("x.txt", data=b"x"), "not both"),
        (lambda: read_source(data=b"x", format="pdf"), "format='pdf'"),  # type: ignore[arg-type]
        (lambda: read_source(data="各位代表"), "must be bytes"),  # type: ignore[arg-type]
        (lambda: source_from_string(b"x"), "must be str"),  # type: ignore[arg-type]
    ],
)
def test_option_errors(call: Callable[[], object], fragment: str) -> None:
    with pytest.raises(OptionError, match=fragment):
        call()


def test_readers_import_no_heavy_dependency() -> None:
    code = "import sys, reportdiff.readers; print(sorted(m for m in ('lxml', 'jieba', 'weasyprint') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- bad inputs -----------------------------------------------------------------------------------

BAD_FILES = [
    ("empty.txt", "the file is empty; give a government work report as UTF-8 or GB18030 text, or an HTML page"),
    ("whitespace.txt", "contains only whitespace"),
    ("english.txt", "does not look like a Chinese report (only 0 Chinese characters)"),
    ("image.png", "a PNG image"),
    ("photo.jpg", "a JPEG image"),
    ("anim.gif", "a GIF image"),
    ("report.docx", "save a Word document as plain text"),
    ("report.txt.gz", "gzip-compressed"),
    ("report.pdf", "PDF input is not supported yet; convert it with `pdftotext -layout"),
    ("nul.txt", "contains NUL bytes"),
    ("undecodable.txt", "neither UTF-8 nor GB18030/GBK; first invalid UTF-8: byte 0xC3 at offset 110 (line 3)"),
    ("utf32.txt", "UTF-32"),
    ("utf16-nobom.txt", "UTF-16 text without a byte-order mark"),
    ("no-article.html", "the article text found in the HTML page does not look like a Chinese report"),
]


@pytest.mark.parametrize(("filename", "fragment"), BAD_FILES)
def test_bad_files(filename: str, fragment: str) -> None:
    path = str(BAD / filename)
    with pytest.raises(InputError) as error:
        read_source(path)
    assert fragment in _one_line_error(error, path)
    with pytest.raises(InputError) as error:
        read_source(data=(BAD / filename).read_bytes(), name=filename)
    assert fragment in _one_line_error(error, filename)


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
    ],
    ids=["missing", "directory"],
)
def test_bad_paths(tmp_path: Path, make: Callable[[Path], Path], fragment: str) -> None:
    path = make(tmp_path)
    with pytest.raises(InputError) as error:
        read_source(path)
    assert fragment in _one_line_error(error, str(path))


def test_unreadable_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    path = tmp_path / "secret.txt"
    path.write_text(_report("city/guangan-2023"), encoding="utf-8")
    path.chmod(0)
    with pytest.raises(InputError) as error:
        read_source(path)
    assert "cannot read the file" in _one_line_error(error, str(path))


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_file_over_64_mb_is_refused_on_its_size(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"huge{suffix}"
    with open(path, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: a read would return NUL bytes, the size check comes first
    with pytest.raises(InputError) as error:
        read_source(path)
    assert "more than the 64 MB reportdiff reads" in _one_line_error(error, str(path))


def test_50_mb_text_is_refused_without_reading_it(tmp_path: Path) -> None:
    chunk = _report("province/sichuan-2023").encode("utf-8")
    path = tmp_path / "fifty.txt"
    with open(path, "wb") as handle:
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(chunk)
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as error:
            read_source(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "more than the 2,000,000 characters reportdiff reads" in _one_line_error(error, str(path))
    assert peak < 1024 * 1024  # nothing of the 50 MB was read into memory


def test_too_many_characters() -> None:
    ok = "政" * MAX_CHARS
    assert len(read_source(data=ok.encode(), name="max.txt").text) == MAX_CHARS
    with pytest.raises(InputError) as error:
        read_source(data=(ok + "府").encode(), name="long.txt")
    assert "2,000,001 characters, more than the 2,000,000" in _one_line_error(error, "long.txt")


def test_stdin_over_64_mb(monkeypatch: pytest.MonkeyPatch) -> None:
    class Endless:
        def read(self, size: int = -1) -> bytes:
            return "政".encode() * (size // 3 + 1)

    class Stdin:
        buffer = Endless()

    monkeypatch.setattr(sys, "stdin", Stdin())
    with pytest.raises(InputError) as error:
        read_source("-")
    assert "more than 64 MB" in _one_line_error(error, "<stdin>")


def test_few_chinese_characters() -> None:
    text = "二十个汉字以下的文本" + " lorem ipsum" * 100
    assert count_cjk(text) == 10
    with pytest.raises(InputError) as error:
        read_source(data=text.encode(), name="short.txt")
    assert "only 10 Chinese characters" in _one_line_error(error, "short.txt")


def test_implausible_gb18030_is_refused() -> None:
    # valid GB18030 bytes, but they decode to private-use characters: not a document
    data = "各位代表：现在，我代表市人民政府向大会报告工作".encode("gb18030") + "\ue000\ue001".encode("gb18030")
    with pytest.raises(InputError) as error:
        read_source(data=data, name="odd.txt")
    assert "neither UTF-8 nor GB18030" in _one_line_error(error, "odd.txt")


@pytest.mark.parametrize("depth", [5_000, 50_000])
def test_deeply_nested_html_raises_input_error(depth: int) -> None:
    page = "<html><body>" + "<div>" * depth + "<p>" + "政府工作报告" * 10 + "</p>" + "</div>" * depth + "</body></html>"
    with pytest.raises(InputError) as error:
        read_source(data=page.encode(), name="deep.html")
    assert "nested more than 2,048 elements deep" in _one_line_error(error, "deep.html")


def test_nested_html_within_the_limit_reads() -> None:
    page = "<html><body>" + "<div>" * 1500 + "<p>" + "政府工作报告" * 10 + "</p>" + "</div>" * 1500 + "</body></html>"
    assert read_source(data=page.encode(), name="deep.html").text == "政府工作报告" * 10 + "\n"


# --- HTML extraction ------------------------------------------------------------------------------

def _bold_spans(lines: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The text the reader should extract from `**bold**`-marked lines, and the bold ranges in it."""
    spans: list[tuple[int, int]] = []
    pos = 0
    out: list[str] = []
    for line in lines:
        for k, part in enumerate(line.split("**")):
            if k % 2:
                spans.append((pos, pos + len(part)))
            pos += len(part)
        out.append(line.replace("**", ""))
        pos += 2
    return "\n\n".join(out) + "\n", spans


def test_sichuan_2023_page_gives_the_report_text_and_bold_hints() -> None:
    lines = [line for line in _report("province/sichuan-2023").splitlines() if line.strip()]
    expected_text, expected_hints = _bold_spans(lines)
    source = read_source(HTML_DIR / "sichuan-2023.html")
    assert (source.format, source.encoding, source.warnings) == ("html", "utf-8", ())
    assert source.text == expected_text
    assert list(source.hints) == expected_hints
    assert len(expected_hints) == 92
    for chrome in ("网站标识码", "ICP", "当前位置", "分享到", "打印本页", "关闭窗口", "【", "欢迎访问", "相关链接",
                   "来源：", "政务公开", "浏览器", "微信"):
        assert chrome not in source.text


def test_sichuan_2023_fixture_is_what_the_builder_makes() -> None:
    spec = importlib.util.spec_from_file_location("build_sichuan_2023", HTML_DIR / "build_sichuan_2023.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == (HTML_DIR / "sichuan-2023.html").read_text(encoding="utf-8")


def test_hand_written_gbk_page_with_headings_and_line_breaks() -> None:
    source = read_source(HTML_DIR / "county-gb2312.html")
    assert (source.format, source.encoding, source.warnings) == ("html", "gb18030", ())
    assert source.text == (
        "政府工作报告\n\n"
        "——2024年1月8日在某县第十八届人民代表大会第四次会议上\n\n"
        "县长　张三\n\n"
        "各位代表：\n\n"
        "现在，我代表县人民政府，向大会报告工作，请予审议。\n\n"
        "一、2023年工作回顾\n\n"
        "过去一年，全县地区生产总值增长6.5%，一般公共预算收入增长8%。\n"
        "新建高标准农田2万亩，新增城镇就业3000人。\n\n"
        "二、2024年工作安排\n\n"
        "主要预期目标是：地区生产总值增长6%左右，城镇调查失业率控制在5.5%以内。\n\n"
        "（一）做强主导产业。实施工业强县行动，力争规上工业企业突破100家。\n\n"
        "序号 项目名称\n\n"
        "1 县人民医院新院区\n\n"
        "各位代表，让我们团结奋斗，\n\n"
        "奋力谱写高质量发展新篇章！\n"
    )
    assert [source.text[a:b] for a, b in source.hints] == [
        "政府工作报告", "各位代表：", "一、2023年工作回顾", "6.5%", "二、2024年工作安排", "（一）做强主导产业。",
    ]


PARAGRAPH = "各位代表：现在，我代表市人民政府，向大会报告工作，请予审议。"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (f"<p>&nbsp;&nbsp;{PARAGRAPH}</p>", f"{PARAGRAPH}\n"),
        (f"<p>\u3000\u3000{PARAGRAPH}&nbsp;</p><p>&nbsp;</p><p></p><p>{PARAGRAPH}</p>", f"{PARAGRAPH}\n\n{PARAGRAPH}\n"),
        (f"<p>{PARAGRAPH}<br>{PARAGRAPH}</p>", f"{PARAGRAPH}\n{PARAGRAPH}\n"),
        (f"<p>{PARAGRAPH}<br/><br/>\u3000<br>{PARAGRAPH}</p>", f"{PARAGRAPH}\n\n{PARAGRAPH}\n"),
        (f"<div>{PARAGRAPH}<div>{PARAGRAPH}</div>年</div>", f"{PARAGRAPH}\n\n{PARAGRAPH}\n\n年\n"),
        ("<p>地区生产总值\n   增长7%左右</p>" + f"<p>{PARAGRAPH}</p>", f"地区生产总值增长7%左右\n\n{PARAGRAPH}\n"),
        ("<p>增长 7%\n左右，2023\n年</p>" + f"<p>{PARAGRAPH}</p>", f"增长 7% 左右，2023 年\n\n{PARAGRAPH}\n"),
        ("<pre>\n第一行　文字\n第二行\n\n  第三段</pre>", "第一行　文字\n第二行\n\n第三段\n"),
        (f"<ul><li>{PARAGRAPH}</li><li>{PARAGRAPH}</li></ul>", f"{PARAGRAPH}\n\n{PARAGRAPH}\n"),
        (f"<p>{PARAGRAPH}<script>var x='脚本中文';</script><style>p{{}}</style></p>", f"{PARAGRAPH}\n"),
        (f"<p>{PARAGRAPH}</p><p hidden>隐藏的段落</p><div style='visibility: hidden'>隐藏</div>", f"{PARAGRAPH}\n"),
        (f"<p>{PARAGRAPH}</p><p>【打印本页】【关闭窗口】</p><div>字号：[大] [中] [小]</div>", f"{PARAGRAPH}\n"),
        (f"<p>{PARAGRAPH}</p><p>中</p><p>&gt;</p><p>【】</p>", f"{PARAGRAPH}\n\n中\n\n>\n\n【】\n"),
        (f"<p>{PARAGRAPH}</p><p>【<a href='javascript:window.print()'>打印</a>】</p>", f"{PARAGRAPH}\n"),
        (f"<p>{PARAGRAPH}</p><p><span>关闭</span>落后产能。</p>", f"{PARAGRAPH}\n\n关闭落后产能。\n"),
        (f"<p>{PARAGRAPH}&lt;注&gt;&amp;</p>", f"{PARAGRAPH}<注>&\n"),
        (f"<p>{PARAGRAPH}<img src='http://example.invalid/a.png' alt='图片说明'></p>", f"{PARAGRAPH}\n"),
    ],
)
def test_html_text_rules(body: str, expected: str) -> None:
    assert html_to_text(f"<html><body>{body}</body></html>").text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("【打印本页】【关闭窗口】", True),
        ("[打印] [关闭]", True),
        ("字号：大 中 小", True),
        ("分享到：微信 微博 QQ空间", True),
        ("返回顶部", True),
        ("大 中 小", False),
        ("中", False),
        ("关闭落后产能", False),
        ("【】", False),
        ("", False),
    ],
)
def test_widget_text(text: str, expected: bool) -> None:
    assert is_widget_text(text) is expected


@pytest.mark.parametrize(
    ("body", "bold"),
    [
        ("<p><strong>一、总体要求</strong></p>", ["一、总体要求"]),
        ("<p>\u3000\u3000<b> 一、总体要求 </b>正文。</p>", ["一、总体要求"]),
        ("<h2>一、<strong>总体</strong>要求</h2>", ["一、总体要求"]),
        ("<p><strong>（一）</strong> <strong>稳增长。</strong>正文。</p>", ["（一） 稳增长。"]),
        ("<h3>第一行<br>第二行</h3>", ["第一行", "第二行"]),
        ("<p><strong>甲</strong>乙<strong>丙</strong></p>", ["甲", "丙"]),
        ("<p><span style='font-weight:700'>加粗</span>正文</p>", ["加粗"]),
        ("<p><strong>&nbsp;</strong>正文</p>", []),
    ],
)
def test_html_bold_hints(body: str, bold: list[str]) -> None:
    result = html_to_text(f"<html><body>{body}</body></html>")
    assert [result.text[a:b] for a, b in result.hints] == bold


def test_container_choice_prefers_the_article_over_chrome() -> None:
    article = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(5))
    page = (
        "<html><body><div class='list-content'><a>县政府召开常务会议研究部署近期重点工作安排</a></div>"
        "<div class='wrap'><h1>某县政府工作报告标题</h1>"
        f"<div class='article'><div class='TRS_Editor'>{article}</div></div></div>"
        "<div>版权所有：某县人民政府办公室</div></body></html>"
    )
    assert html_to_text(page).text == "\n\n".join([PARAGRAPH] * 5) + "\n"


def test_paragraphs_left_outside_the_article_body_are_warned_about() -> None:
    article = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(30))
    page = (
        "<html><body><div class='content'><p>政府工作报告的开头一段在正文容器之外</p>"
        f"<div class='TRS_Editor'>{article}</div></div></body></html>"
    )
    result = html_to_text(page, name="split.html")
    assert result.text == "\n\n".join([PARAGRAPH] * 30) + "\n"
    assert result.warnings == (
        "split.html: 1 paragraph outside the article body was left out (the first begins “政府工作报告的开头一段在正文容器之外”); "
        "if it belongs to the report, save the report's text as a .txt file",
    )


def test_a_widget_sounding_class_does_not_drop_the_article() -> None:
    article = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(10))
    page = f"<html><body><div class='print-area'>{article}</div><div class='print'>【打印】</div></body></html>"
    assert html_to_text(page).text == "\n\n".join([PARAGRAPH] * 10) + "\n"


def test_container_fallback_is_the_element_with_most_paragraph_text() -> None:
    article = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(5))
    page = f"<html><body><div>导航栏文字很多很多很多</div><div class='main'>{article}</div><div>页脚的文字</div></body></html>"
    assert html_to_text(page).text == "\n\n".join([PARAGRAPH] * 5) + "\n"


LINE = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.sampled_from(list("，。、；：“”（）《》%.0123456789abcXYZ<>&")),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(LINE, st.booleans(), st.sampled_from(["", "&nbsp;&nbsp;", "\u3000\u3000", " \n "])),
                min_size=1, max_size=12))
def test_paragraphs_and_bold_round_trip(paragraphs: list[tuple[str, bool, str]]) -> None:
    assume(not any(is_widget_text(line) for line, _, _ in paragraphs))  # documented: widgets are dropped
    body = "".join(
        f"<p>{indent}{'<strong>' if bold else ''}{html.escape(line)}{'</strong>' if bold else ''}</p>"
        for line, bold, indent in paragraphs
    )
    result = html_to_text(f"<!DOCTYPE html><html><body><div class='content'>{body}</div></body></html>")
    assert result.text == "\n\n".join(line for line, _, _ in paragraphs) + "\n"
    assert [result.text[a:b] for a, b in result.hints] == [line for line, bold, _ in paragraphs if bold]


def test_no_external_entity_or_file_is_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT", encoding="utf-8")
    page = (
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<html xmlns:xi="http://www.w3.org/2001/XInclude"><body>'
        f'<p>{PARAGRAPH}&xxe;</p><xi:include href="file://{secret}"/>'
        f'<iframe src="file://{secret}"></iframe><img src="file://{secret}">'
        f'<link rel="stylesheet" href="file://{secret}"></body></html>'
    )
    source = read_source(data=page.encode(), name="xxe.html")
    assert "SECRET" not in source.text
    assert f"{PARAGRAPH}&xxe;" in source.text  # the HTML parser leaves an undeclared entity as text


@pytest.mark.parametrize(
    ("declared", "encoding", "expected", "warned"),
    [
        ("gb2312", "gbk", "gb18030", False),
        ("utf-8", "gbk", "gb18030", True),
        ("gb2312", "utf-8", "utf-8", True),
        (None, "gbk", "gb18030", False),
        (None, "utf-8", "utf-8", False),
        ("iso-8859-1", "utf-8", "utf-8", True),
        ("windows-1252", "gbk", "gb18030", True),
    ],
)
def test_html_charsets(declared: str | None, encoding: str, expected: str, warned: bool) -> None:
    meta = f'<meta charset="{declared}">' if declared else ""
    page = f"<html><head>{meta}</head><body><p>{PARAGRAPH}——“十四五”</p></body></html>"
    source = read_source(data=page.encode(encoding), name="page.html")
    assert source.text == f"{PARAGRAPH}——“十四五”\n"
    assert source.encoding == expected
    assert bool(source.warnings) is warned


def test_declared_big5_page() -> None:
    text = "各位代表：現在，我代表市人民政府，向大會報告工作，請予審議。"
    page = f"<html><head><meta charset='big5'></head><body><p>{text}</p></body></html>"
    source = read_source(data=page.encode("big5"), name="tw.html")
    assert (source.text, source.encoding, source.warnings) == (text + "\n", "big5", ())


@pytest.mark.parametrize(("raw", "expected"), [("\f", "\n"), ("\v", "\n"), ("\r\n\f", "\n\n")])
def test_page_breaks_become_line_breaks(raw: str, expected: str) -> None:
    """pdftotext puts a form feed at every page break; lxml refuses it in HTML/PDF output (review)."""
    text = _report("city/guangan-2023")
    source = read_source(data=(text[:500] + raw + text[500:]).encode("utf-8"), format="text")
    assert source.text == text[:500] + expected + text[500:]


@pytest.mark.parametrize("char", ["\x01", "\x1b", "\ufffe"])
def test_other_control_characters_are_refused_in_one_line(char: str) -> None:
    text = _report("city/guangan-2023")
    with pytest.raises(InputError) as error:
        read_source(data=(text[:500] + char + text[500:]).encode("utf-8"), name="ctl.txt", format="text")
    assert "control character" in _one_line_error(error, "ctl.txt")
