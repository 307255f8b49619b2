"""hw3-tutor export: Markdown and LaTeX traces, safe whatever the student typed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_helpers import run_cli

from tutor.sessions import latex, markdown
from tutor.sessions.log import SessionLog
from tutor.sessions.trace import build_trace

HOSTILE = r"\end{document} 100% #1 a_b x^2 ~home {oops} $5 & <b>|</b> ``q'' -- \input{/etc/passwd}"
UNICODE = "Θ(d₁) μ ≤ 2·σ² → ∞ 5° 日本 é\x1b[2J"


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    """``hw3-tutor export ARGV``, in-process through the real command line."""
    return run_cli(["export", *argv], capsys)


def make_session(log_dir: Path) -> SessionLog:
    log = SessionLog.start(log_dir, "content-hash-1")
    log.part_opened("5a")
    log.attempt(
        "5a.fwd",
        "45",
        "incorrect",
        "mistake:only-input-stored",
        4.0,
        "Layers 5 and 10 are kept, so the recomputation restarts there.",
        "45",
    )
    log.hint("5a.fwd", 1)
    log.attempt("5a.fwd", HOSTILE, "invalid", "invalid:syntax", 1.0, "Could not read that.", "")
    log.attempt("5a.fwd", "20", "correct", "correct", 2.0, "Right.", "20")
    log.solution("5a")
    log.part_opened("1b")
    log.attempt("1b.var", UNICODE, "incorrect", "incorrect", 3.0, "Not yet.\n\nLook at σ².", "")
    log.self_assessment("1b", [True, False], "# heading?\n- list?\n" + HOSTILE)
    log.reflection("6c.hours", "[about] 6\n\n" + HOSTILE)
    log.end()
    return log


def test_markdown_trace_has_every_part_attempt_hint_and_solution(tmp_path, capsys):
    log = make_session(tmp_path)
    code, out, err = run(["--log-dir", str(tmp_path)], capsys)  # default: latest, md
    assert code == 0 and "torn" not in err and "corrupt" not in err
    assert out.startswith(f"# Session {log.session_id}\n")
    assert out.index("## Part 5a") < out.index("## Part 1b")
    assert "- **5a.fwd**: `45` — *incorrect* (mistake:only\\-input\\-stored)" not in out
    assert "**5a.fwd**: `45` — *incorrect* (mistake:only-input-stored)" in out
    # every answer is judged again (as the gradebook judges it): today's reading and feedback
    assert "read as: `45" in out
    assert "  - feedback: " in out and "Layers 5 and 10 are kept" not in out
    assert "Hint 1 for **5a.fwd** revealed" in out
    assert "Worked solution revealed" in out
    assert "Self-assessment: 1 of 2 points met (met, missed)" in out
    assert "Time: " in out
    # student text cannot make headings or lists, and escapes are made visible
    assert "> \\# heading?" in out
    assert "> \\- list?" in out
    assert "\x1b" not in out and "\\x1b[2J" in out
    # raw input inside a code span, verbatim
    assert f"```{HOSTILE}```" in out  # the input holds ``, so the fence is longer
    assert "\\end{document}" in out


def test_markdown_code_spans_survive_backticks():
    assert markdown.md_code("a`b") == "``a`b``"
    assert markdown.md_code("`x`") == "`` `x` ``"
    assert markdown.md_code("") == "(empty)"


# -- LaTeX --------------------------------------------------------------------

SAFE_COMMANDS = {
    "textbackslash",
    "textasciicircum",
    "textasciitilde",
    "textless",
    "textgreater",
    "textbar",
    "ensuremath",
    "textsuperscript",
    "textsubscript",
    "texttt",
    "textbf",
    "emph",
    "newline",
    "par",
    "item",
    "begin",
    "end",
    "section",
    "subsection",
    "documentclass",
    "usepackage",
    "setlength",
    "parindent",
    "parskip",
    "sloppy",
    "ldots",
    "textendash",
    "textemdash",
    "Theta",
    "mu",
    "le",
    "cdot",
    "sigma",
    "to",
    "infty",
    "circ",
}


def body_of(tex: str) -> str:
    start = tex.index("\\begin{document}") + len("\\begin{document}")
    end = tex.rindex("\\end{document}")
    return tex[start:end]


def test_latex_escapes_every_special_character_in_student_input(tmp_path, capsys):
    make_session(tmp_path)
    code, tex, _ = run(["--log-dir", str(tmp_path), "--format", "tex"], capsys)
    assert code == 0
    assert tex.count("\\begin{document}") == 1 and tex.count("\\end{document}") == 1
    assert tex.rstrip().endswith("\\end{document}")
    body = body_of(tex)
    # only the commands the exporter writes itself appear; none from the input
    commands = set(re.findall(r"\\([A-Za-z]+)", body))
    assert commands <= SAFE_COMMANDS, commands - SAFE_COMMANDS
    assert "input" not in commands
    # with the escapes taken out, no special character is left bare
    stripped = re.sub(r"\\[A-Za-z]+|\\[{}$&#_%]", "", body)
    for ch in "%#$&_^~":
        assert ch not in stripped, f"bare {ch!r} in the LaTeX body"
    # braces balance
    depth = 0
    for ch in stripped:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0
    # environments pair up
    begins = re.findall(r"\\begin\{(\w+)\}", body)
    ends = re.findall(r"\\end\{(\w+)\}", body)
    assert sorted(begins) == sorted(ends)
    # everything that is not plain ASCII has been turned into commands
    assert all(" " <= ch <= "~" or ch == "\n" for ch in tex)
    assert "\\ensuremath{\\Theta}" in body and "\\textless{}U+65E5\\textgreater{}" in body
    assert "\\textbackslash{}end\\{document\\}" in body
    assert "100\\% \\#1 a\\_b x\\textasciicircum{}2 \\textasciitilde{}home" in body


def test_latex_escape_of_single_characters():
    assert latex.tex_escape("\\") == "\\textbackslash{}"
    assert latex.tex_escape("{}") == "\\{\\}"
    assert latex.tex_escape("--") == "-{}-{}"
    assert latex.tex_escape("é") == "e"
    assert latex.tex_escape("a\nb") == "a b"


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_latex_export_compiles_with_pdflatex(tmp_path, capsys):
    logs = tmp_path / "logs"
    make_session(logs)
    out_file = tmp_path / "trace.tex"
    code, _, _ = run(["--log-dir", str(logs), "-o", str(out_file)], capsys)  # .tex -> LaTeX
    assert code == 0
    proc = subprocess.run(
        [
            "pdflatex",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "-no-shell-escape",
            out_file.name,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert (tmp_path / "trace.pdf").stat().st_size > 1000


# -- choosing the session -------------------------------------------------------


def test_session_by_id_prefix_or_path(tmp_path, capsys):
    first = SessionLog.start(tmp_path, "h")
    first.part_opened("2a")
    first.end()
    second = SessionLog.start(tmp_path, "h")
    second.part_opened("3b")
    second.end()
    code, out, _ = run(["--log-dir", str(tmp_path), first.session_id], capsys)
    assert code == 0 and "## Part 2a" in out and "Part 3b" not in out
    code, out, _ = run([str(second.path)], capsys)
    assert code == 0 and "## Part 3b" in out
    code, out, _ = run(["--log-dir", str(tmp_path)], capsys)  # latest
    assert "## Part 3b" in out
    unique = second.session_id.split("-")[-1]  # the random suffix alone is not a prefix
    unique = unique if not first.session_id.startswith(unique) else "f" + unique[1:]
    code, _, err = run(["--log-dir", str(tmp_path), unique], capsys)
    assert code == 2 and "no session file or session id" in err
    common = first.session_id[:4]
    code, _, err = run(["--log-dir", str(tmp_path), common], capsys)
    assert code == 2 and "matches 2 sessions" in err


def test_no_sessions_and_bad_paths_are_clear_errors(tmp_path, capsys):
    code, _, err = run(["--log-dir", str(tmp_path)], capsys)
    assert code == 2 and "no sessions found" in err
    code, _, err = run([str(tmp_path)], capsys)
    assert code == 2 and "is a directory" in err
    junk = tmp_path / "junk.jsonl"
    junk.write_text("hello\n")
    code, _, err = run([str(junk)], capsys)
    assert code == 2 and "not a session log" in err


def test_output_file_is_written(tmp_path, capsys):
    log = make_session(tmp_path / "logs")
    target = tmp_path / "out.md"
    code, out, _ = run([str(log.path), "-o", str(target)], capsys)
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8").startswith("# Session ")


class _Part:
    def __init__(self, title: str):
        self.title = title


class _Box:
    def __init__(self, hints: tuple[str, ...]):
        self.hints = hints


class _Content:
    """Just what the exporter reads from tutor.content.Content."""

    content_hash = "content-hash-1"
    boxes = {"5a.fwd": _Box(("Walk down from layer 10.", "Layers 5 and 10 are stored.", "20"))}

    def part(self, part_id: str):
        return {"5a": _Part("fwd operations in one backward pass")}.get(part_id)


def test_with_the_content_parts_get_titles_and_hints_their_text(tmp_path):
    from tutor.sessions.logreader import read_session

    log = make_session(tmp_path)
    trace = build_trace(read_session(log.path), content=_Content())
    assert not trace.content_changed
    md = markdown.to_markdown(trace)
    assert "## Part 5a: fwd operations in one backward pass" in md
    assert "## Part 1b\n" in md  # no title known: the id alone
    assert "Hint 1 for **5a.fwd** revealed: Walk down from layer 10." in md
    assert "content has changed" not in md
    tex = latex.to_latex(trace)
    assert "\\subsection*{Part 5a: fwd operations in one backward pass}" in tex
    assert "revealed: Walk down from layer 10." in tex

    class Changed(_Content):
        content_hash = "something-else"

    changed = build_trace(read_session(log.path), content=Changed())
    assert changed.content_changed
    assert "content has changed since this session" in markdown.to_markdown(changed)


def test_content_that_does_not_load_only_warns(tmp_path, capsys):
    log = make_session(tmp_path / "logs")
    code, out, err = run([str(log.path), "--content", str(tmp_path / "no-content-here")], capsys)
    assert code == 0
    assert "warning: content in" in err and "hint texts are left out" in err
    assert "Hint 1 for **5a.fwd** revealed\n" in out
