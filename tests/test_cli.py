"""CLI acceptance: every subcommand's JSON validates, exit codes, stdin/stdout, colour, errors, help.

Most tests call ``reportdiff.cli.main(argv)`` in process with pytest's capsys; a few run
``python -m reportdiff`` as a real subprocess (stdin pipe, stdout pipe, a pseudo-terminal, exit codes
seen by a shell). Error cases check the contract of the issue: exit 2, exactly one line on stderr
naming the file, nothing on stdout and no output file written.
"""

from __future__ import annotations

import io
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

import reportdiff
from reportdiff.cli import EPILOG, main
from reportdiff.render.json import validate

from .conftest import DATA, SEED, corpus

ROOT = Path(__file__).resolve().parent.parent
OLD = str(corpus("guangan-2022"))
NEW = str(corpus("guangan-2023"))
BAD = DATA / "bad"
ESC = "\x1b["
SUBCOMMANDS = ("outline", "align", "diff", "goals", "compare")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str, *names: str) -> str:
    """The single stderr line of an error; it names every one of ``names``."""
    lines = err.splitlines()
    assert len(lines) == 1 and err.endswith("\n"), err
    assert lines[0].startswith("reportdiff: error: "), lines
    for name in names:
        assert name in lines[0], (name, lines[0])
    return lines[0]


def module(*argv: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "reportdiff", *argv], input=stdin, capture_output=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=120)


# --------------------------------------------------------------------------------------------- JSON


@pytest.mark.parametrize("argv,schema", [
    (["outline", NEW, "--json"], "outline"),
    (["outline", NEW, "--json", "--depth", "section"], "outline"),
    (["align", OLD, NEW, "--json"], "alignment"),
    (["align", OLD, NEW, "--json", "--level", "sentence"], "alignment"),
    (["diff", OLD, NEW, "--json"], "comparison"),
    (["goals", NEW, "--json"], "goals"),
    (["goals", OLD, NEW, "--json"], "goals"),
    (["compare", OLD, NEW, "-o", "-"], "comparison"),
])
def test_json_output_validates(capsys: pytest.CaptureFixture[str], argv: list[str], schema: str) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["schema"] == f"reportdiff.{schema}/1"
    validate(doc, schema)


def test_compare_json_file_validates_and_matches_stdout(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "x.json"
    code, out, err = run(capsys, "compare", OLD, NEW, "-o", str(out_file))
    assert (code, out, err) == (0, "", "")
    written = out_file.read_text(encoding="utf-8")
    doc = json.loads(written)
    validate(doc, "comparison")
    assert doc["summary"]["substantive"] > 0 and doc["goals"]["changes"]
    # the same document on stdout with -o -, and from diff --json into a file
    assert run(capsys, "compare", OLD, NEW, "-o", "-")[1] == written
    diff_file = tmp_path / "diff.json"
    assert run(capsys, "diff", OLD, NEW, "--json", "-o", str(diff_file)) == (0, "", "")
    assert diff_file.read_text(encoding="utf-8") == written


def test_outline_json_mirrors_the_parsed_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "outline", NEW, "--json")
    doc = json.loads(out)
    report = reportdiff.load(NEW)
    ids = [n["id"] for n in _walk(doc["root"])]
    assert ids == [n.id for n in report.root.walk()]
    assert [(n["start"], n["end"]) for n in _walk(doc["root"])] == [(n.start, n.end) for n in report.root.walk()]


def _walk(node: dict[str, object]) -> list[dict[str, object]]:
    children = node["children"]
    assert isinstance(children, list)
    return [node, *(n for c in children for n in _walk(c))]


@pytest.mark.parametrize("fmt,marker", [("md", "#"), ("html", "<html"), ("json", '"schema"')])
def test_compare_format_to_stdout(capsys: pytest.CaptureFixture[str], fmt: str, marker: str) -> None:
    code, out, err = run(capsys, "compare", str(SEED), NEW, "-o", "-", "--format", fmt)
    assert (code, err) == (0, "")
    assert marker in out[:2000]


# --------------------------------------------------------------------------------------------- --check


@pytest.mark.parametrize("command", [["diff"], ["compare", "-o", "-", "--format", "json"]])
def test_check_exit_codes(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    name, *rest = command
    assert run(capsys, name, NEW, NEW, *rest, "--check")[0] == 0
    assert run(capsys, name, OLD, NEW, *rest, "--check")[0] == 1
    # without --check, differences are no error
    assert run(capsys, name, OLD, NEW, *rest)[0] == 0


def test_check_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    code, out, err = run(capsys, "diff", missing, NEW, "--check")
    assert (code, out) == (2, "")
    one_line_error(err, missing)


def test_check_exit_codes_in_a_real_process(tmp_path: Path) -> None:
    same = module("diff", "--check", NEW, NEW)
    assert same.returncode == 0 and same.stderr == b""
    missing = str(tmp_path / "missing.txt")
    proc = module("diff", "--check", missing, NEW)
    assert (proc.returncode, proc.stdout) == (2, b"")
    one_line_error(proc.stderr.decode(), missing)


# --------------------------------------------------------------------------------------------- stdin / stdout


def test_outline_reads_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data = Path(NEW).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, err = run(capsys, "outline", "-", "--json")
    assert (code, err) == (0, "")
    from_stdin = json.loads(out)
    from_file = json.loads(run(capsys, "outline", NEW, "--json")[1])
    validate(from_stdin, "outline")
    assert from_stdin["root"] == from_file["root"]


def test_stdin_and_stdout_in_a_real_process() -> None:
    """``outline - < file`` and ``compare … -o -`` through real pipes."""
    proc = module("outline", "-", "--depth", "part", stdin=Path(NEW).read_bytes())
    assert (proc.returncode, proc.stderr) == (0, b"")
    lines = proc.stdout.decode("utf-8").splitlines()
    assert re.match(r"-: 广安\S* 2023", lines[0]) and any("2022年工作回顾" in line for line in lines)
    proc = module("compare", str(SEED), NEW, "-o", "-")
    assert (proc.returncode, proc.stderr) == (0, b"")
    validate(json.loads(proc.stdout), "comparison")
    # GB18030 bytes on stdin read like the UTF-8 file
    gb = module("outline", "-", "--json", stdin=Path(NEW).read_text(encoding="utf-8").encode("gb18030"))
    assert gb.returncode == 0
    assert json.loads(gb.stdout)["root"] == json.loads(module("outline", NEW, "--json").stdout)["root"]


# --------------------------------------------------------------------------------------------- colour


def test_no_escape_codes_when_not_a_tty(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    code, out, _ = run(capsys, "diff", OLD, NEW)
    assert code == 0 and "{+" in out and "[-" in out
    assert ESC not in out


def test_colour_on_a_tty_unless_no_color(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    coloured = run(capsys, "diff", OLD, NEW)[1]
    assert ESC in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    plain = run(capsys, "diff", OLD, NEW)[1]
    assert ESC not in plain
    assert re.sub(r"\x1b\[\d+m", "", coloured) == plain


def test_diff_to_a_file_has_no_colour(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                      tmp_path: Path) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    out_file = tmp_path / "diff.txt"
    assert run(capsys, "diff", OLD, NEW, "-o", str(out_file)) == (0, "", "")
    text = out_file.read_text(encoding="utf-8")
    assert "{+" in text and ESC not in text


def test_no_color_on_a_real_terminal() -> None:
    """A real pseudo-terminal: colour by default, none with NO_COLOR."""
    outputs = {}
    for no_color in (False, True):
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        if no_color:
            env["NO_COLOR"] = "1"
        leader, follower = pty.openpty()
        proc = subprocess.Popen([sys.executable, "-m", "reportdiff", "diff", str(SEED), NEW], stdout=follower,
                                stderr=subprocess.PIPE, cwd=ROOT, env=env)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        assert proc.wait(timeout=120) == 0
        outputs[no_color] = b"".join(chunks).decode("utf-8")
    assert ESC in outputs[False]
    assert "[~" in outputs[True]  # masked values are shown
    assert ESC not in outputs[True]


# --------------------------------------------------------------------------------------------- help, version


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"reportdiff {reportdiff.__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", reportdiff.__version__)


def test_help_lists_subcommands_and_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for name in SUBCOMMANDS:
        assert re.search(rf"^\s+{name}\s+\S", out, re.M), name
    assert "examples:" in out and "exit codes" in out
    examples = [line.split()[1] for line in EPILOG.splitlines() if line.startswith("  reportdiff ")]
    assert set(examples) >= set(SUBCOMMANDS)
    for line in EPILOG.splitlines():
        if line.startswith("  reportdiff "):
            assert line in out


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_subcommand_help(capsys: pytest.CaptureFixture[str], name: str) -> None:
    with pytest.raises(SystemExit) as exc:
        main([name, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: reportdiff {name}")


def test_help_examples_run(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The --help examples (samples/ swapped for tests/data, out.pdf for out.html) run and exit 0."""
    for line in EPILOG.splitlines():
        if not line.startswith("  reportdiff ") or "|" in line or "OLD" in line:
            continue
        argv = line.split()[1:]
        argv = [str(corpus(Path(a).stem)) if a.startswith("samples/") else a for a in argv]
        argv = [str(tmp_path / "out.html") if a == "out.pdf" else a for a in argv]
        code, out, err = run(capsys, *argv)
        assert (code, err) == (0, ""), line
        assert out or (tmp_path / "out.html").exists()


def test_no_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------- logging


def test_verbose_logs_stages_and_quiet_is_silent(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "align", OLD, NEW, "-v")
    assert code == 0
    assert re.search(r"^reportdiff: read: ", err, re.M) and re.search(r"^reportdiff: align$", err, re.M)
    assert run(capsys, "align", OLD, NEW, "-q")[2] == ""


def test_global_options_before_the_subcommand_work(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Regression: -v, -q and --userdict before the subcommand were overwritten by the subparser's defaults."""
    code, _, err = run(capsys, "-v", "align", OLD, NEW)
    assert code == 0 and "reportdiff: align" in err
    assert run(capsys, "-q", "align", OLD, NEW)[2] == ""
    missing = str(tmp_path / "no-dict.txt")
    code, out, err = run(capsys, "--userdict", missing, "outline", NEW)
    assert (code, out) == (2, "")
    one_line_error(err, missing)


def test_userdict_after_the_subcommand(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = str(tmp_path / "no-dict.txt")
    code, out, err = run(capsys, "outline", NEW, "--userdict", missing)
    assert (code, out) == (2, "")
    one_line_error(err, missing)
    userdict = tmp_path / "words.txt"
    userdict.write_text("同城融圈 100 n\n", encoding="utf-8")
    assert run(capsys, "outline", NEW, "--depth", "part", "--userdict", str(userdict))[0] == 0


# --------------------------------------------------------------------------------------------- errors


def test_unknown_output_suffix(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "x.docx"
    code, out, err = run(capsys, "compare", OLD, NEW, "-o", str(target))
    assert (code, out) == (2, "")
    one_line_error(err, str(target), ".docx")
    assert not target.exists()


def test_pdf_to_stdout_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "compare", OLD, NEW, "-o", "-", "--format", "pdf")
    assert (code, out) == (2, "")
    one_line_error(err, "PDF")


@pytest.mark.parametrize("argv", [
    ["compare", OLD, NEW, "-o", "{dir}/x.json"],
    ["compare", OLD, NEW, "-o", "{dir}/x.html"],
    ["outline", NEW, "--json", "-o", "{dir}/x.json"],
    ["align", OLD, NEW, "-o", "{dir}/x.txt"],
    ["diff", OLD, NEW, "--json", "-o", "{dir}/x.json"],
    ["goals", NEW, "-o", "{dir}/x.txt"],
])
def test_output_in_a_missing_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]) -> None:
    missing = tmp_path / "missing"
    argv = [a.format(dir=missing) for a in argv]
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    one_line_error(err, str(missing))
    assert not missing.exists() and list(tmp_path.iterdir()) == []


BAD_INPUTS = ["empty.txt", "image.png", "english.txt", "whitespace.txt", "photo.jpg", "report.pdf", "nul.txt",
              "undecodable.txt", "report.docx", "report.txt.gz"]


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_outline(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str) -> None:
    path = str(BAD / name)
    out_file = tmp_path / "o.json"
    code, out, err = run(capsys, "outline", path, "--json", "-o", str(out_file))
    assert (code, out) == (2, "")
    one_line_error(err, path)
    assert not out_file.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["empty.txt", "image.png", "english.txt"])
@pytest.mark.parametrize("side", ["old", "new"])
def test_bad_input_in_a_pair_names_that_file(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str,
                                             side: str) -> None:
    bad = str(BAD / name)
    old, new = (bad, NEW) if side == "old" else (NEW, bad)
    out_file = tmp_path / "c.json"
    code, out, err = run(capsys, "compare", old, new, "-o", str(out_file), "--check")
    assert (code, out) == (2, "")
    line = one_line_error(err, bad)
    assert NEW not in line
    assert not out_file.exists()


def test_bad_input_messages_say_what_is_wrong(capsys: pytest.CaptureFixture[str]) -> None:
    messages = {}
    for name in ("empty.txt", "image.png", "english.txt"):
        messages[name] = one_line_error(run(capsys, "outline", str(BAD / name))[2], name)
    assert "empty" in messages["empty.txt"]
    assert "PNG" in messages["image.png"] or "image" in messages["image.png"]
    assert "Chinese" in messages["english.txt"]
    assert len(set(messages.values())) == 3


def test_bad_input_in_a_real_process() -> None:
    proc = module("outline", str(BAD / "image.png"))
    assert (proc.returncode, proc.stdout) == (2, b"")
    one_line_error(proc.stderr.decode(), "image.png")
    assert b"Traceback" not in proc.stderr


def test_existing_output_survives_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Nothing is written half-way: an earlier output stays as it was when a later run fails."""
    target = tmp_path / "x.json"
    target.write_text("earlier\n", encoding="utf-8")
    code, _, err = run(capsys, "compare", OLD, str(BAD / "english.txt"), "-o", str(target))
    assert code == 2
    one_line_error(err, "english.txt")
    assert target.read_text(encoding="utf-8") == "earlier\n"
    assert list(tmp_path.iterdir()) == [target]


def test_word_diff_shows_every_substantive_edit() -> None:
    """Regression (review): edits outside sections (front matter, part intros, closing) were counted
    by --check but never printed by `reportdiff diff`."""
    from reportdiff.compare import compare
    from reportdiff.loading import load
    from reportdiff.render.terminal import word_diff

    cmp = compare(load(OLD), load(NEW), goals=False, terms=False)
    out = word_diff(cmp)
    shown = [e for e in cmp.edits if e.cls in ("text", "number", "wording")]
    assert shown
    for e in shown:
        inserted = cmp.new.text[e.new_start:e.new_end].replace("\n", " ")
        deleted = cmp.old.text[e.old_start:e.old_end].replace("\n", " ")
        assert (inserted or deleted) and (inserted in out if inserted else deleted in out), e


def test_unexpected_error_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug must not print a traceback or exit 1 (which --check means): one line, exit 2."""
    import reportdiff.loading as loading

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(loading, "load", boom)
    code, out, err = run(capsys, "outline", OLD)
    assert code == 2 and out == "" and err.count("\n") == 1 and "internal error: RuntimeError: boom" in err


def test_stdout_is_utf8_whatever_the_locale() -> None:
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    proc = subprocess.run([sys.executable, "-m", "reportdiff", "outline", OLD, "--depth", "part"],
                          capture_output=True, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "工作回顾" in proc.stdout.decode("utf-8")


def test_main_in_process_leaves_logging_as_it_was() -> None:
    """Regression: main() set propagate=False on the reportdiff logger for good, so a later caplog
    (or a notebook's handlers) saw nothing from the library."""
    import logging

    from reportdiff.cli import main

    log = logging.getLogger("reportdiff")
    before = (log.handlers[:], log.level, log.propagate)
    main(["outline", str(corpus("guangan-2023")), "--depth", "part", "-q"])
    assert (log.handlers[:], log.level, log.propagate) == before
