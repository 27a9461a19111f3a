"""Robustness: a catalogue of bad inputs end to end through the CLI, and fuzzing of every stage.

Catalogue: each input gets either exit 2 with exactly one line on stderr and no output file (not even a
temporary one), or a documented graceful result (exit 0 and a valid output; see docs/batch.md). Fuzzing
(hypothesis) adds what tests/test_parse.py, test_tokenize.py, test_diff.py and test_goals.py do not
already cover: mutations of real reports through the parser, tokenizer cuts anywhere in real text,
compare() end to end on mutated real excerpts, and the headline goal grammar. Example counts are a few
hundred by default and twenty times more with ``REPORTDIFF_SLOW=1``.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportdiff.cli import main

from .conftest import DATA, corpus
from .test_parse import check_invariants

SLOW = bool(os.environ.get("REPORTDIFF_SLOW"))
ROOT = Path(__file__).resolve().parent.parent


def examples(n: int) -> int:
    """``n`` hypothesis examples by default, 20 × n behind REPORTDIFF_SLOW=1."""
    return n * 20 if SLOW else n


GUANGAN = corpus("guangan-2023").read_text(encoding="utf-8")
OLDER = str(corpus("guangan-2022"))

# simplified → traditional for the characters of the test text that differ (enough to make every
# paragraph traditional-looking; the reader does no conversion, see docs/batch.md)
_S2T = str.maketrans(
    "发经济长国区业产设会实现进为们东广个体总务环农万亿报开关时动对还这说过来与专项质条规划资费场乡镇县级综"
    "标准护卫医疗险养学创优营兴强产决统级积极场",
    "發經濟長國區業產設會實現進為們東廣個體總務環農萬億報開關時動對還這說過來與專項質條規劃資費場鄉鎮縣級綜"
    "標準護衛醫療險養學創優營興強產決統級積極場",
)


# ---------------------------------------------------------------- the catalogue


def _write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _truncated_utf8() -> bytes:
    raw = GUANGAN.encode("utf-8")
    cut = len(raw) // 2
    while raw[cut] < 0x80 or (raw[cut] & 0xC0) == 0x80:  # move to the lead byte of a multi-byte character
        cut += 1
    return raw[:cut + 1]  # the lead byte without its continuation bytes


def _html_page(body: str) -> str:
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>广安市政府工作报告</title>"
            "<script>document.write('<p>脚本写入的文字</p>'); fetch('http://example.invalid/x')</script>"
            "<link rel=\"stylesheet\" href=\"http://example.invalid/s.css\">"
            "<style>@import url(http://example.invalid/i.css); body{background:url(http://example.invalid/bg.png)}"
            "</style></head><body><div class=\"nav\"><a href=\"/\">首页</a></div>"
            "<iframe src=\"http://example.invalid/frame.html\"></iframe>"
            f"<div class=\"article\"><img src=\"http://example.invalid/a.png\">{body}"
            "<img src=\"https://example.invalid/b.jpg\"><object data=\"http://example.invalid/o.swf\"></object></div>"
            "<script src=\"http://example.invalid/app.js\"></script></body></html>")


def _paragraphs_html() -> str:
    return "".join(f"<p>{line}</p>\n" for line in GUANGAN.splitlines() if line.strip())


def _nested(depth: int) -> str:
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>" + "<div>" * depth
            + _paragraphs_html() + "</div>" * depth + "</body></html>")


def _no_headings() -> str:
    """The report's sentences as one run of paragraphs: no title, date, numbered or bold heading."""
    lines = [ln.replace("**", "") for ln in GUANGAN.splitlines()[8:] if ln.strip()]
    lines = [ln.split("、", 1)[-1] if ln[:1] in "一二三四五六七八九十" else ln for ln in lines]
    return "\n".join(ln for ln in lines if len(ln) > 40)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Any attempt to open a network connection is recorded and refused."""
    attempts: list[object] = []

    def refuse(*args: object, **_kw: object) -> None:
        attempts.append(args)
        raise OSError("network access is not allowed in this test")

    monkeypatch.setattr(socket.socket, "connect", lambda self, addr: refuse(addr))
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().err


def _assert_error(code: int, err: str, out_dir: Path, *fragments: str) -> None:
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("reportdiff: error: "), err
    assert "Traceback" not in err
    for f in fragments:
        assert f in err, err
    assert sorted(p.name for p in out_dir.iterdir()) == [], "nothing may be written, not even a temporary file"


# (name, file name, content, words expected in the one-line error)
ERRORS: list[tuple[str, str, object, tuple[str, ...]]] = [
    ("empty", "empty.txt", b"", ("empty.txt", "empty")),
    ("whitespace", "blank.txt", " \n\t\u3000\n  \r\n", ("blank.txt", "whitespace")),
    ("binary-png", "scan.txt", (DATA / "bad" / "image.png").read_bytes(), ("scan.txt", "PNG")),
    ("undecodable", "mixed.txt", GUANGAN[:2000].encode("utf-8") + b"\xff\xfe\xfa" + GUANGAN[2000:4000].encode("gbk"),
     ("mixed.txt",)),
    ("html-too-deep", "deep.html", _nested(5000), ("deep.html", "nested")),
    ("not-a-report", "english.txt", "This is an English text about nothing in particular.\n" * 40, ("english.txt",)),
]


@pytest.mark.parametrize(("name", "filename", "content", "fragments"), ERRORS, ids=[e[0] for e in ERRORS])
@pytest.mark.parametrize("command", ["outline", "compare"])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                                          filename: str, content: bytes | str, fragments: tuple[str, ...],
                                          command: str) -> None:
    src = _write(tmp_path / filename, content)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = str(out_dir / "result.json")
    argv = (["outline", str(src), "--json", "-o", out] if command == "outline"
            else ["compare", OLDER, str(src), "-o", out])
    _assert_error(*_run(argv, capsys), out_dir, *fragments)


def test_fifty_megabyte_text_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        chunk = GUANGAN.encode("utf-8")
        while fh.tell() < 50 * 2**20:
            fh.write(chunk)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    _assert_error(*_run(["compare", OLDER, str(big), "-o", str(out_dir / "r.json")], capsys), out_dir, "huge.txt", "MB")


def test_directory_given_as_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (tmp_path / "reports").mkdir()
    code, err = _run(["compare", str(tmp_path / "reports"), OLDER, "-o", str(out_dir / "r.json")], capsys)
    _assert_error(code, err, out_dir, "directory")


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    _assert_error(*_run(["outline", str(tmp_path / "nope.txt"), "-o", str(out_dir / "r.txt")], capsys), out_dir,
                  "nope.txt")


@pytest.mark.parametrize("target", [
    "{tmp}/no/such/folder/r.json",
    "/proc/reportdiff-test.json",  # exists and is "writable" for root, but refuses new files
    "{tmp}",
])
def test_unwritable_output_path(tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str) -> None:
    out = target.replace("{tmp}", str(tmp_path))
    code, err = _run(["outline", OLDER, "--json", "-o", out], capsys)
    assert code == 2 and err.count("\n") == 1 and err.startswith("reportdiff: error: "), err
    assert out in err or os.path.dirname(out) in err
    assert not os.path.isfile(out)


def test_unwritable_batch_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(["batch", str(tmp_path), "--out", "/proc/reportdiff-batch", "--workers", "0"], capsys)
    assert code == 2 and err.count("\n") == 1 and "/proc/reportdiff-batch" in err


def test_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    bad = _write(tmp_path / "scan.txt", (DATA / "bad" / "image.png").read_bytes())
    proc = subprocess.run([sys.executable, "-m", "reportdiff", "compare", OLDER, str(bad), "-o",
                           str(tmp_path / "r.json")], cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "scan.txt" in proc.stderr
    assert not (tmp_path / "r.json").exists()


# graceful: (name, file name, content, what the outline must show)
GRACEFUL: list[tuple[str, str, object]] = [
    ("gbk", "gbk.txt", GUANGAN.encode("gbk")),
    ("utf16-bom", "utf16.txt", GUANGAN.encode("utf-16")),
    ("utf8-bom-crlf", "bom.txt", b"\xef\xbb\xbf" + GUANGAN.replace("\n", "\r\n").encode("utf-8")),
    ("truncated-utf8", "cut.txt", _truncated_utf8()),
    ("traditional", "traditional.txt", GUANGAN.translate(_S2T)),
    ("no-headings", "flat-2023.txt", _no_headings()),
    ("html-scripts-iframes-images", "page.html", _html_page(_paragraphs_html())),
    ("html-nested-300", "nested.html", _nested(300)),
]


@pytest.mark.parametrize(("name", "filename", "content"), GRACEFUL, ids=[g[0] for g in GRACEFUL])
def test_graceful_inputs_give_a_valid_outline(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              no_network: list[object], name: str, filename: str,
                                              content: bytes | str) -> None:
    from reportdiff.render.json import validate

    src = _write(tmp_path / filename, content)
    out = tmp_path / "outline.json"
    code, err = _run(["outline", str(src), "--json", "-o", str(out)], capsys)
    assert code == 0, err
    assert "Traceback" not in err
    doc = json.loads(out.read_text(encoding="utf-8"))
    validate(doc, "outline")
    sentences = [n for n in _walk(doc["root"]) if n["kind"] == "sentence"]
    assert len(sentences) > 100
    if name != "no-headings":
        assert sum(n["kind"] == "section" for n in _walk(doc["root"])) >= 5
        assert doc["meta"]["year"] == 2023
    else:  # no part headings, no date line: one body part (a few run-in lead sentences may head sections)
        assert [n["role"] for n in _walk(doc["root"]) if n["kind"] == "part"][0] == "other"
        assert doc["meta"]["year"] is None
    if name == "html-scripts-iframes-images":
        assert "脚本写入" not in json.dumps(doc, ensure_ascii=False) and "首页" not in _text_of(doc)
    assert no_network == []


def _walk(node: dict[str, object]) -> Iterator[dict[str, object]]:
    yield node
    children = node.get("children", [])
    assert isinstance(children, list)
    for child in children:
        yield from _walk(child)


def _text_of(doc: dict[str, object]) -> str:
    return "".join(str(n.get("title") or "") for n in _walk(doc["root"]))  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "fmt"), [("html-scripts-iframes-images", "html"), ("traditional", "json"),
                                           ("gbk", "json")])
def test_graceful_inputs_compare(tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: list[object],
                                 name: str, fmt: str) -> None:
    filename, content = next((f, c) for n, f, c in GRACEFUL if n == name)
    src = _write(tmp_path / filename, content)  # type: ignore[arg-type]
    out = tmp_path / f"r.{fmt}"
    code, err = _run(["compare", OLDER, str(src), "-o", str(out)], capsys)
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert "example.invalid" not in text  # no external resource reaches the output
    if fmt == "json":
        from reportdiff.render.json import validate

        doc = json.loads(text)
        validate(doc, "comparison")
        assert doc["summary"]["substantive"] > 0
    else:
        assert text.rstrip().endswith("</html>") and "<script" not in text and "<iframe" not in text
    assert no_network == []


def test_batch_over_the_catalogue_records_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every catalogue file is a row: bad ones with their error, readable ones kept or marked duplicate."""
    import csv

    folder = tmp_path / "in"
    folder.mkdir()
    for _, filename, content, _f in ERRORS:
        _write(folder / filename, content)  # type: ignore[arg-type]
    for _, filename, content in GRACEFUL:
        _write(folder / filename, content)  # type: ignore[arg-type]
    code, err = _run(["batch", str(folder), "--out", str(tmp_path / "out"), "--workers", "0"], capsys)
    assert code == 0 and err.count("\n") == 1, err
    with open(tmp_path / "out" / "summary.csv", encoding="utf-8", newline="") as fh:
        rows = {os.path.basename(r["old_file"]): r for r in csv.DictReader(fh)}
    assert set(rows) == {f for _, f, _c, _x in ERRORS} | {f for _, f, _c in GRACEFUL}
    for _, filename, _c, _x in ERRORS:
        assert rows[filename]["status"] == "bad_file" and rows[filename]["error"], filename
    statuses = sorted(rows[f]["status"] for _, f, _c in GRACEFUL)
    # the same report eight ways: one is used, the rest are duplicates of 广安市 2023 (the flat text has
    # no date line: its year comes from its file name, its place from the other reports of its folder)
    assert statuses == ["duplicate"] * (len(GRACEFUL) - 1) + ["unpaired"]
    assert rows["flat-2023.txt"]["note"].startswith("same place and year (广安市 2023)")
    assert "year from the file name" in rows["flat-2023.txt"]["note"]


# ---------------------------------------------------------------- fuzzing

REAL = [corpus(n).read_text(encoding="utf-8") for n in ("guangan-2023", "sichuan-2023", "guowuyuan-2024")]
GLUE = ["一、", "（二）", "**", "## ", "\n", "\n\n", "。", "各位代表：", "2024年工作安排", "政府自身建设", "名词解释",
        "**一年来，我们", "一是", "壮大主导产业。", "**.*", "\ufeff", "\u200b", "\u3000", "附件", "地区生产总值增长6%左右"]


@st.composite
def mutated_report(draw: st.DrawFn, max_lines: int = 60) -> str:
    """Up to ``max_lines`` lines of a real report, some dropped, duplicated, swapped, glued together,
    cut short or spliced with heading-like fragments."""
    text = draw(st.sampled_from(REAL))
    lines = text.split("\n")
    start = draw(st.integers(0, max(len(lines) - 1, 0)))
    lines = lines[start:start + draw(st.integers(1, max_lines))]
    for _ in range(draw(st.integers(0, 10))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "dup", "swap", "glue", "splice", "cut"]))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "glue" and i + 1 < len(lines):
            lines[i:i + 2] = [lines[i] + lines[i + 1]]
        elif op == "splice":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(GLUE)) + lines[i][at:]
        elif op == "cut":
            lines[i] = lines[i][:draw(st.integers(0, len(lines[i])))]
    return "\n".join(lines)


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_report())
def test_parser_on_mutated_real_reports(text: str) -> None:
    from reportdiff.parse import parse

    check_invariants(parse(text))


@settings(max_examples=examples(300), deadline=None)
@given(st.sampled_from(REAL), st.data())
def test_tokens_tile_real_text_cut_anywhere(text: str, data: st.DataObject) -> None:
    from reportdiff.tokenize import tokenize

    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 1500)))
    toks = tokenize(text, start=start, end=end)
    assert "".join(t.text for t in toks) == text[start:end]
    assert all(text[t.start:t.end] == t.text and t.end > t.start for t in toks)


@st.composite
def excerpt_pair(draw: st.DrawFn) -> tuple[str, str]:
    """A real excerpt (a few paragraphs under a heading) and a mutation of it."""
    old = draw(mutated_report(max_lines=16))
    new_lines = old.split("\n")
    for _ in range(draw(st.integers(0, 6))):
        if not new_lines:
            break
        i = draw(st.integers(0, len(new_lines) - 1))
        op = draw(st.sampled_from(["drop", "reword", "number", "move"]))
        line = new_lines[i]
        if op == "drop":
            del new_lines[i]
        elif op == "reword" and line:
            at = draw(st.integers(0, len(line)))
            new_lines[i] = line[:at] + draw(st.sampled_from(["加快", "全面", "，", "新建学校12所", "深入推进"])) + line[at:]
        elif op == "number":
            new_lines[i] = "".join(str((int(c) + 1) % 10) if c.isdigit() else c for c in line)
        elif op == "move":
            new_lines.append(new_lines.pop(i))
    return old, "\n".join(new_lines)


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(excerpt_pair())
def test_compare_on_mutated_excerpts(pair: tuple[str, str]) -> None:
    from reportdiff.compare import compare
    from reportdiff.parse import parse
    from reportdiff.render.json import validate

    old_text, new_text = pair
    old, new = parse(old_text), parse(new_text)
    cmp = compare(old, new)
    for e in cmp.edits:
        assert 0 <= e.old_start <= e.old_end <= len(old_text) and 0 <= e.new_start <= e.new_end <= len(new_text)
        assert 0 <= e.link < len(cmp.links)
        if e.op == "insert":
            assert e.old_start == e.old_end
        if e.op == "delete":
            assert e.new_start == e.new_end
    shares = cmp.summary["shares"]
    assert isinstance(shares, dict) and all(0.0 <= v <= 1.0 for v in shares.values())
    doc = cmp.to_json()
    validate(json.loads(doc), "comparison")
    assert compare(parse(old_text), parse(new_text)).to_json() == doc  # deterministic
    if old_text == new_text:
        assert cmp.summary["substantive"] == 0


@pytest.mark.parametrize("text", [
    "推进改革。", "一、发展经济\n推进改革。", "各位代表：\n推进改革，加快发展。", "推进改革。\n\n3.5%\n\n加快发展。",
    "2023年", "GDP", "——", "2", "**.*", "一、发展\n2\n推进改革。",
])
def test_identical_texts_have_no_substantive_change(text: str) -> None:
    """Found by the fuzzing below: paragraphs without Chinese words were aligned as dropped + new."""
    from reportdiff.compare import compare
    from reportdiff.parse import parse

    assert compare(parse(text), parse(text)).summary["substantive"] == 0


METRICS = [("地区生产总值", "gdp"), ("规模以上工业增加值", "industrial_value_added"),
           ("社会消费品零售总额", "retail_sales"), ("城镇居民人均可支配收入", "urban_income"),
           ("一般公共预算收入", "public_budget_revenue"), ("全社会固定资产投资", "fixed_asset_investment")]


@st.composite
def headline(draw: st.DrawFn) -> tuple[str, list[tuple[str, float, float, str | None, str | None, int]]]:
    """A 主要预期目标 sentence of 1-4 clauses: [strength] metric 增长 value[-value]% [qualifier]."""
    picked = draw(st.lists(st.sampled_from(METRICS), min_size=1, max_size=4, unique=True))
    clauses, expected = [], []
    pos = draw(st.sampled_from(["", "今年主要预期目标是：", "全年"]))
    text = pos
    for metric, key in picked:
        strength = draw(st.sampled_from([None, "力争", "确保"]))
        low = draw(st.integers(1, 200)) / 10
        high = low + draw(st.sampled_from([0, 0, 0.5, 1]))
        qual = draw(st.sampled_from([None, "左右", "以上"]))
        value = f"{low:g}%" if high == low else f"{low:g}%-{high:g}%"
        clause = f"{strength or ''}{metric}增长{value}{qual or ''}"
        expected.append((key, low, high, qual, strength, len(text) + len(strength or "")))
        clauses.append(clause)
        text += clause + "，"
    return text[:-1] + "。", expected


@settings(max_examples=examples(300), deadline=None)
@given(headline())
def test_goal_grammar_reads_generated_headlines(case: tuple[str, list[tuple[str, float, float, str | None,
                                                                            str | None, int]]]) -> None:
    from reportdiff.goals import scan_text

    text, expected = case
    goals = scan_text(text, kind="target", year=2024)
    got = [(g.metric, g.low, g.high, g.qualifier, g.start) for g in goals]
    assert got == [(k, lo, hi, q, at) for k, lo, hi, q, _s, at in expected]
    for g, (*_rest, strength, _at) in zip(goals, expected, strict=True):
        assert text[g.start:g.end].startswith(g.metric_text)
        if strength is not None:
            assert g.strength == strength


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["增长", "%", "％", "左右", "以上", "亿元", "万人", "、", "，", "。", "**",
                                           "*.*", "分别", "力争", "确保", "下降", "控制在", "以内", "-", "至", "年均"]),
                          st.sampled_from([m for m, _ in METRICS]), st.decimals(0, 1000, places=1).map(str),
                          st.text(max_size=4)), max_size=40).map("".join))
def test_goal_grammar_never_raises(text: str) -> None:
    from reportdiff.goals import scan_text

    for kind in ("target", "actual", "commitment"):
        for g in scan_text(text, kind=kind):
            assert 0 <= g.start < g.end <= len(text)
            assert g.low is None or g.high is None or g.low <= g.high
            assert g.masked or g.low is not None or g.direction
