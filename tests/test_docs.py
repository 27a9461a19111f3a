"""Docs that cannot rot: the examples of README.md and docs/guide.md run as tests, verbatim.

Stage: documentation tests. Each executed document runs in one workspace, a temp folder holding
copies of ``samples/`` and ``seeds/`` and an empty ``out/`` (the examples write only into ``out/``):

- ```` ```python ```` blocks are executed in document order in one namespace per document (like a
  notebook); ```` ```pycon ```` blocks are doctests (``>>>`` lines, ELLIPSIS and NORMALIZE_WHITESPACE)
  in the same namespace, so the shown output is checked. Each document runs in a fresh process, so
  what its examples change (words added to the dictionary) cannot leak into other tests.
- ```` ```console ```` / ```` ```sh ```` blocks: every ``$ `` line must be a ``reportdiff`` command; it
  runs as ``python -m reportdiff ARGS`` in a subprocess (globs expanded like a shell, ``< FILE`` feeds
  stdin) and must exit 0, or N when the line ends with ``# exit N``. The lines shown under it (up to
  the next ``$`` line) must appear, in order and whole (trailing spaces ignored), in the real stdout
  followed by stderr; a line ``...`` skips, and ``...`` inside a line stands for any text. Commands are independent of each other: they run
  concurrently, identical commands once.

Every executed document must contain at least one example. All documents written for users have
their relative links and images checked, and the README's Quick start is exactly two ``make``
targets that exist in the Makefile.
"""

from __future__ import annotations

import doctest
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXECUTED = ("README.md", "docs/guide.md", "docs/faq.md")
LINKED = ("README.md", "docs/guide.md", "docs/faq.md", "docs/index.md", "seeds/README.md", "samples/README.md")
SHELL_LANGS = ("console", "sh", "shell", "bash")

_FENCE = re.compile(r"^(`{3,})([\w+-]*)\s*$")
_EXIT = re.compile(r"\s+#\s*exit\s+(\d+)\s*$")


@dataclass(frozen=True)
class Block:
    """A fenced code block: the document, the line of its opening fence, its language and body."""

    doc: str
    line: int
    lang: str
    body: str


@dataclass(frozen=True)
class Command:
    """A ``$ reportdiff …`` line of a shell block with the output shown under it."""

    doc: str
    line: int
    text: str
    args: tuple[str, ...]
    stdin: str | None
    code: int
    shown: tuple[str, ...]
    quoted: tuple[bool, ...] = ()


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str


def read_doc(doc: str) -> str:
    return (ROOT / doc).read_text(encoding="utf-8")


def fenced_blocks(text: str, doc: str = "<text>") -> list[Block]:
    """The fenced code blocks of a Markdown text, in order (an unclosed fence runs to the end)."""
    out: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, lang, start = m.group(1), m.group(2).lower(), i
        i += 1
        body: list[str] = []
        while i < len(lines) and not (lines[i].startswith(fence) and not lines[i].strip("`").strip()):
            body.append(lines[i])
            i += 1
        out.append(Block(doc, start + 1, lang, "\n".join(body) + "\n"))
        i += 1
    return out


def parse_commands(block: Block) -> list[Command]:
    """The ``$`` lines of a shell block, each with the exit code it documents and the lines shown under it."""
    out: list[Command] = []
    current: dict[str, Any] | None = None
    for k, raw in enumerate(block.body.splitlines()):
        if raw.startswith("$ "):
            if current:
                out.append(Command(**current))
            text = raw[2:].strip()
            m = _EXIT.search(text)
            code = int(m.group(1)) if m else 0
            command = text[:m.start()] if m else text
            lexer = shlex.shlex(command, posix=False)
            lexer.whitespace_split = True
            raw_words = list(lexer)
            stdin = None
            if "<" in raw_words:
                at = raw_words.index("<")
                stdin = shlex.split(raw_words[at + 1])[0]
                raw_words = raw_words[:at] + raw_words[at + 2:]
            words = tuple(shlex.split(w)[0] for w in raw_words)
            quoted = tuple(w[:1] in ("'", '"') for w in raw_words)
            current = {"doc": block.doc, "line": block.line + 1 + k, "text": text, "args": words,
                       "stdin": stdin, "code": code, "shown": (), "quoted": quoted}
        elif current is not None:
            current["shown"] = (*current["shown"], raw.rstrip())
    if current:
        out.append(Command(**current))
    return out


def _line_matcher(want: str) -> re.Pattern[str]:
    """A shown line as a pattern: literal, except that ``...`` inside it stands for any text."""
    return re.compile(".*".join(re.escape(piece) for piece in want.split("...")))


def shown_missing(shown: tuple[str, ...], output: str) -> str | None:
    """The first shown line not found, in order, among the output's lines (None if all are found).

    A blank shown line or one that is only ``...`` skips; ``...`` inside a line matches any text."""
    lines = [line.rstrip() for line in output.splitlines()]
    pos = 0
    for want in (w.rstrip() for w in shown):
        if not want.strip() or want.strip() in ("...", "…"):
            continue
        pattern = _line_matcher(want)
        hit = next((i for i in range(pos, len(lines)) if pattern.fullmatch(lines[i])), None)
        if hit is None:
            return want
        pos = hit + 1
    return None


def expand(args: tuple[str, ...], cwd: Path, quoted: tuple[bool, ...] = ()) -> list[str]:
    """Expand unquoted glob patterns the way a shell does (sorted; a pattern without matches stays)."""
    out: list[str] = []
    for i, arg in enumerate(args):
        if any(c in arg for c in "*?[") and not (i < len(quoted) and quoted[i]):
            hits = sorted(glob.glob(arg, root_dir=cwd))
            out.extend(hits or [arg])
        else:
            out.append(arg)
    return out


def all_commands() -> list[Command]:
    return [c for doc in EXECUTED for b in fenced_blocks(read_doc(doc), doc) if b.lang in SHELL_LANGS
            for c in parse_commands(b)]


def _command_id(c: Command) -> str:
    return f"{c.doc}:{c.line}"


# ---------------------------------------------------------------------------------------------
# The harness itself (small tables, so a broken harness cannot pass every document silently)
# ---------------------------------------------------------------------------------------------

HARNESS_DOC = """intro
```python
x = 1
```
````console
$ reportdiff outline samples/a.txt --depth part
p0  0-10 part [review] 回顾
...
$ reportdiff diff a b --check   # exit 1
$ reportdiff outline - < samples/a.txt
$ reportdiff batch 'samples/*.txt' --out "out/b"
````
```
not code
"""


def test_fenced_blocks_and_commands_are_parsed() -> None:
    blocks = fenced_blocks(HARNESS_DOC)
    assert [(b.line, b.lang) for b in blocks] == [(2, "python"), (5, "console"), (13, "")]
    assert blocks[0].body == "x = 1\n"
    cmds = parse_commands(blocks[1])
    assert [c.args for c in cmds] == [("reportdiff", "outline", "samples/a.txt", "--depth", "part"),
                                      ("reportdiff", "diff", "a", "b", "--check"), ("reportdiff", "outline", "-"),
                                      ("reportdiff", "batch", "samples/*.txt", "--out", "out/b")]
    assert [c.code for c in cmds] == [0, 1, 0, 0]
    assert [c.line for c in cmds] == [6, 9, 10, 11]
    assert cmds[3].quoted == (False, False, True, False, True)
    assert cmds[0].shown == ("p0  0-10 part [review] 回顾", "...")
    assert cmds[2].stdin == "samples/a.txt"


@pytest.mark.parametrize(("shown", "output", "missing"), [
    (("a", "c"), "a\nb\nc\n", None),
    (("c", "a"), "a\nb\nc\n", "a"),               # order matters
    (("b",), "a\nbb\n", "b"),                     # whole lines, not substrings
    (("x  ",), "x\n", None),                      # trailing spaces ignored
    (("...", "", "b"), "a\nb\n", None),           # ... and blank lines skip
    (("a", "a"), "a\n", "a"),                     # each shown line is used once
    (("p1 ... | x",), "p1 renamed 0.68 | x\n", None),  # ... inside a line: any text
    (("p1 ... | x",), "p1 renamed 0.68 | y\n", "p1 ... | x"),
    (("a.c",), "abc\n", "a.c"),                   # otherwise literal
])
def test_shown_lines_match_in_order(shown: tuple[str, ...], output: str, missing: str | None) -> None:
    assert shown_missing(shown, output) == missing


def test_globs_expand_like_a_shell(tmp_path: Path) -> None:
    for name in ("b-2023.txt", "a-2022.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert expand(("series", "*-20??.txt", "none-*.txt"), tmp_path) == ["series", "a-2022.txt", "b-2023.txt",
                                                                      "none-*.txt"]
    assert expand(("batch", "*.txt"), tmp_path, (False, True)) == ["batch", "*.txt"]  # quoted: left to the program


# ---------------------------------------------------------------------------------------------
# The workspace and the runs
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a copy of samples/ and an empty out/, where every example runs."""
    ws = tmp_path_factory.mktemp("docs")
    for folder in ("samples", "seeds"):
        shutil.copytree(ROOT / folder, ws / folder, ignore=shutil.ignore_patterns("*.pdf", "*.html"))
    (ws / "out").mkdir()
    return ws


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env["NO_COLOR"] = "1"
    env.pop("COLUMNS", None)
    return env


def _run(c: Command, cwd: Path) -> Result:
    assert c.args and c.args[0] == "reportdiff", c
    argv = [sys.executable, "-m", "reportdiff", *expand(c.args[1:], cwd, c.quoted[1:])]
    stdin = (cwd / c.stdin).read_bytes() if c.stdin else b""
    done = subprocess.run(argv, cwd=cwd, input=stdin, capture_output=True, env=_env(), timeout=300)
    return Result(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"))


@pytest.fixture(scope="module")
def results(workspace: Path) -> dict[tuple[tuple[str, ...], str | None], Result]:
    """Every documented command run once (identical commands share a run), two at a time."""
    keys = list(dict.fromkeys((c.args, c.stdin) for c in all_commands()))
    by_key = {(c.args, c.stdin): c for c in all_commands()}
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda key: _run(by_key[key], workspace), keys))
    return dict(zip(keys, runs, strict=True))


COMMANDS = all_commands()


@pytest.mark.parametrize("command", COMMANDS, ids=[_command_id(c) for c in COMMANDS])
def test_cli_example(command: Command, results: dict[tuple[tuple[str, ...], str | None], Result]) -> None:
    r = results[(command.args, command.stdin)]
    where = f"{command.doc}:{command.line}: $ {command.text}"
    assert r.code == command.code, f"{where}\nexit {r.code}, documented {command.code}\nstderr: {r.stderr[-2000:]}"
    missing = shown_missing(command.shown, r.stdout + r.stderr)
    assert missing is None, (
        f"{where}\nthis shown line is not in the real output (in order):\n  {missing!r}\n"
        f"real output starts:\n{(r.stdout + r.stderr)[:3000]}")


def test_cli_examples_exist_for_every_subcommand() -> None:
    from reportdiff.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    documented = {c.args[1] for c in COMMANDS if len(c.args) > 1}
    assert set(sub.choices) <= documented, f"subcommands without an example: {set(sub.choices) - documented}"  # type: ignore[arg-type]


def test_every_dollar_line_is_a_reportdiff_command() -> None:
    for doc in EXECUTED:
        for b in fenced_blocks(read_doc(doc), doc):
            if b.lang not in SHELL_LANGS:
                continue
            for c in parse_commands(b):
                assert c.args[:1] == ("reportdiff",), f"{c.doc}:{c.line}: only reportdiff commands run: {c.text}"


def _code_blocks(doc: str) -> Iterator[Block]:
    for b in fenced_blocks(read_doc(doc), doc):
        if b.lang in ("python", "pycon"):
            yield b


MARK = "@@reportdiff-docs@@ "


def run_doc_examples(doc: str) -> dict[str, Any]:
    """Run a document's Python examples here, in document order, in one namespace (called in a child
    process, with the workspace as working directory). Returns the failures (with the block's line)
    and the type name of each name the examples defined."""
    ns: dict[str, Any] = {"__name__": "__docs__"}
    failures: list[str] = []
    parser = doctest.DocTestParser()
    blocks = list(_code_blocks(doc))
    for b in blocks:
        if b.lang == "python":
            try:
                exec(compile(b.body, f"{doc}:{b.line}", "exec"), ns)  # noqa: S102 - running the docs is the test
            except Exception:
                import traceback

                failures.append(f"{doc}:{b.line}: the example raised\n{traceback.format_exc()}")
                break
            continue
        test = doctest.DocTest(parser.get_examples(b.body), ns, f"{doc}:{b.line}", str(ROOT / doc), b.line, b.body)
        if not test.examples:
            failures.append(f"{doc}:{b.line}: a pycon block without >>> lines")
            continue
        report: list[str] = []
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        runner.run(test, out=report.append, clear_globs=False)
        ns.update(test.globs)  # DocTest works on a copy of the namespace: keep what the examples defined
        if runner.failures:
            failures.append(f"{doc}:{b.line}: example output differs\n" + "".join(report))
    types = {k: type(v).__name__ for k, v in ns.items() if not k.startswith("__")}
    return {"blocks": len(blocks), "failures": failures, "types": types}


def _run_doc_in_child(doc: str, cwd: Path) -> dict[str, Any]:
    import json

    code = ("import json, sys\nfrom tests.test_docs import MARK, run_doc_examples\n"
            "print(MARK + json.dumps(run_doc_examples(sys.argv[1])))")
    done = subprocess.run([sys.executable, "-c", code, doc], cwd=cwd, capture_output=True, env=_env(), timeout=600,
                          text=True, encoding="utf-8", errors="replace")
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARK)]
    assert done.returncode == 0 and lines, f"{doc}: the examples' process failed\n{done.stderr[-3000:]}"
    result: dict[str, Any] = json.loads(lines[-1][len(MARK):])
    return result


@pytest.fixture(scope="module")
def python_results(workspace: Path) -> dict[str, dict[str, Any]]:
    """Each executed document's Python examples, run in a fresh process (they may add dictionary words,
    which must not leak into other tests), two documents at a time."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda doc: _run_doc_in_child(doc, workspace), EXECUTED))
    return dict(zip(EXECUTED, runs, strict=True))


@pytest.mark.parametrize("doc", EXECUTED)
def test_python_examples(doc: str, python_results: dict[str, dict[str, Any]]) -> None:
    result = python_results[doc]
    assert result["blocks"] > 0, f"{doc} has no Python example"
    assert not result["failures"], "\n".join(result["failures"])


def test_readme_python_example_writes_the_pdf(python_results: dict[str, dict[str, Any]], workspace: Path) -> None:
    """The README's example, verbatim: it compares the Guang'an samples and writes the one PDF of these tests."""
    assert python_results["README.md"]["types"].get("cmp") == "Comparison"
    pdf = workspace / "out" / "guangan-2022__guangan-2023.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_guide_output_examples_write_their_files(python_results: dict[str, dict[str, Any]], workspace: Path) -> None:
    assert not python_results["docs/guide.md"]["failures"]
    html = (workspace / "out" / "guangan-inline.html").read_text(encoding="utf-8")
    assert "<html" in html.lower() and "广安市" in html
    assert (workspace / "out" / "guangan.md").read_text(encoding="utf-8").startswith("# ")


def test_examples_write_only_into_out(workspace: Path) -> None:
    """Run after the examples above: nothing outside out/ appeared in the workspace."""
    assert sorted(p.name for p in workspace.iterdir()) == ["out", "samples", "seeds"]
    for folder in ("samples", "seeds"):
        extra = sorted(p.name for p in (workspace / folder).iterdir() if not (ROOT / folder / p.name).exists())
        assert extra == [], folder


# ---------------------------------------------------------------------------------------------
# Links, Quick start, the Makefile's demo command
# ---------------------------------------------------------------------------------------------

_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _prose(text: str) -> str:
    """The text outside fenced code blocks."""
    out: list[str] = []
    fence: str | None = None
    for line in text.splitlines():
        m = _FENCE.match(line)
        if m and (fence is None or line.startswith(fence)):
            fence = m.group(1) if fence is None else None
            continue
        if fence is None:
            out.append(line)
    return "\n".join(out)


def _anchors(text: str) -> set[str]:
    """GitHub-style anchors of the headings of a Markdown text."""
    out = set()
    for line in _prose(text).splitlines():
        m = re.match(r"^#{1,6}\s+(.*)$", line)
        if m:
            title = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower())
            out.add(title.replace(" ", "-"))
    return out


@pytest.mark.parametrize("doc", LINKED)
def test_relative_links_resolve(doc: str) -> None:
    text = read_doc(doc)
    base = (ROOT / doc).parent
    links = _LINK.findall(_prose(text))
    assert links, f"{doc} links to nothing"
    for target in links:
        if re.match(r"^[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        file = (base / path).resolve() if path else ROOT / doc
        assert file.exists(), f"{doc}: link to {target} — {file} does not exist"
        if anchor and file.suffix == ".md":
            assert anchor in _anchors(file.read_text(encoding="utf-8")), f"{doc}: no heading #{anchor} in {path or doc}"


def _section(text: str, title: str) -> str:
    m = re.search(rf"^##\s+{re.escape(title)}\s*$(.*?)(?=^##\s|\Z)", text, re.M | re.S)
    assert m, f"no '## {title}' section"
    return m.group(1)


def test_quick_start_is_two_make_targets() -> None:
    quick = _section(read_doc("README.md"), "Quick start")
    blocks = fenced_blocks(quick)
    assert len(blocks) == 1, "Quick start shows one code block"
    lines = [line.split("#")[0].split() for line in blocks[0].body.splitlines()]
    lines = [words for words in lines if words]
    assert len(lines) == 2, lines
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for words in lines:
        line = " ".join(words)
        assert words[0] == "make" and len(words) == 2, line
        assert re.search(rf"^{re.escape(words[1])}:", makefile, re.M), f"no Makefile target {words[1]}"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test\s*$", ci, re.M)


def test_demo_command_parses_and_writes_the_documented_pdf() -> None:
    """The Makefile's demo recipe is a valid CLI call writing the PDF the README and samples/README name."""
    from reportdiff.cli import build_parser

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^demo:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert recipe
    line = next(x for x in recipe.group(1).splitlines() if "reportdiff" in x and not x.strip().startswith("@"))
    words = shlex.split(line.strip())
    args = build_parser().parse_args(words[1:])
    assert args.command == "compare"
    for path in (args.old, args.new):
        assert (ROOT / path).is_file(), path
    assert args.output.endswith(".pdf")
    for doc in ("README.md", "samples/README.md"):
        assert args.output in read_doc(doc) or Path(args.output).name in read_doc(doc), doc


# ---------------------------------------------------------------------------------------------
# seeds/README.md and samples/README.md state facts about files: check them
# ---------------------------------------------------------------------------------------------

def _table_rows(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not re.match(r"^\|[-| ]+\|$", line):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def test_seed_readme_mask_examples_are_in_the_seed_and_its_original() -> None:
    text = read_doc("seeds/README.md")
    seed = (ROOT / "seeds" / "000_e26626740c0d97a8.txt").read_text(encoding="utf-8")
    original = (ROOT / "samples" / "guangan-2023.txt").read_text(encoding="utf-8")
    pairs = [(a.strip("`"), b.strip("`").lstrip("…")) for a, b, *_ in _table_rows(text)[1:]]
    assert len(pairs) >= 5
    for masked, plain in pairs:
        assert masked in seed, masked
        assert plain in original, plain
        assert "*" in masked and "*" not in plain
    assert (ROOT / "seeds" / "000_e26626740c0d97a8.txt").read_bytes() == (ROOT / "tests" / "data" / "seed.txt").read_bytes()
    for quoted in re.findall(r"^- .*?`([^`]+)`", text, re.M):
        assert quoted.replace("…", "") in seed.replace("\n", ""), quoted


def test_samples_readme_lists_every_sample_with_its_size() -> None:
    rows = {r[0].split("]")[0].strip("[`"): r for r in _table_rows(read_doc("samples/README.md")) if ".txt" in r[0]}
    files = sorted(p.name for p in (ROOT / "samples").glob("*.txt"))
    assert sorted(rows) == files
    for name in files:
        chars = len((ROOT / "samples" / name).read_text(encoding="utf-8"))
        assert rows[name][2] == f"{chars:,}", name
        manifest = (ROOT / "tests" / "data" / "corpus" / "MANIFEST.tsv").read_text(encoding="utf-8")
        assert re.search(rf"^\w+/{re.escape(name)}\t", manifest, re.M), name
