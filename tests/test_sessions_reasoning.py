"""Session logs, progress, review and export cover proof and derivation boxes: the class
report gives their first-try rate, the most common wrong orders and first failing lines; an
export shows a derivation line by line and a proof's blocks with their texts."""

from __future__ import annotations

from pathlib import Path

import shipped_content
from cli_helpers import run_cli

from tutor.sessions import latex, markdown
from tutor.sessions.classsummary import reasoning_key, review_sources
from tutor.sessions.log import SessionLog
from tutor.sessions.logreader import read_session
from tutor.sessions.progress import load_progress
from tutor.sessions.sources import collect
from tutor.sessions.trace import build_trace

DERIVATION_WRONG = "20*20 + 10*10 = 10 t\n400 = 10 t\nt = 40"
DERIVATION_RIGHT = "20*20 + 10*10 = 10 t\n500 = 10 t\nt = 50"
# what the checker logs as read (``interpreted``): the steps, apart by " | "
READ_WRONG = "20·20 + 10·10 = 10·t | 400 = 10·t | t = 40"
READ_RIGHT = "20·20 + 10·10 = 10·t | 500 = 10·t | t = 50"


def learner(directory: Path, attempts: list[tuple[str, str, str, str, str]]) -> Path:
    log = SessionLog.start(directory, "h")
    log.part_opened("1b")
    for box, raw, verdict, note, interpreted in attempts:
        log.attempt(box, raw, verdict, note, 2.0, feedback="f", interpreted=interpreted)
    log.end()
    return log.path


def class_logs(root: Path) -> Path:
    """Three students: two misplace the same block, one picks a distractor; two break the
    same derivation line."""
    wrong_order = ("1b.proof", "r m e v k s", "partial", "misplaced:r", "r → m → e → v → k → s")
    distractor = ("1b.proof", "m r i s", "incorrect", "distractor:i", "m → r → i → s")
    right = ("1b.proof", "m r e v k s", "correct", "correct", "m → r → e → v → k → s")
    broken = ("5c.derive", DERIVATION_WRONG, "incorrect", "step:2", READ_WRONG)
    fixed = ("5c.derive", DERIVATION_RIGHT, "correct", "correct", READ_RIGHT)
    learner(root / "ann", [wrong_order, right, broken, fixed])
    learner(root / "bob", [wrong_order, distractor, broken])
    learner(root / "cy", [right, fixed])
    return root


def test_the_class_report_lists_wrong_orders_and_first_failing_lines(tmp_path, capsys):
    root = class_logs(tmp_path)
    summary = review_sources(collect([root])).summary
    proof = summary.boxes["1b.proof"]
    assert (proof.learners, proof.first_try) == (3, 1)
    assert proof.wrong_orders == (("r → m → e → v → k → s", 2), ("m → r → i → s", 1))
    derive = summary.boxes["5c.derive"]
    assert (derive.learners, derive.first_try, derive.solved) == (3, 1, 2)
    assert derive.failing_lines == (("2: 400 = 10·t", 2),)
    code, out, _ = run_cli(["review", str(root), "--sort", "box"], capsys)
    assert code == 0
    assert 'wrong orders: "r → m → e → v → k → s" ×2, "m → r → i → s" ×1' in out
    assert 'first failing lines: line 2 "400 = 10·t" ×2' in out
    data = summary.to_json()
    assert data["boxes"]["5c.derive"]["failing_lines"] == {"2: 400 = 10·t": 2}
    assert data["boxes"]["1b.proof"]["wrong_orders"]["m → r → i → s"] == 1


def test_a_derivation_whose_steps_follow_is_grouped_by_its_last_line():
    key = reasoning_key("final:mistake:drops-loadmem", {"raw": "400 = 10 t\n\nt = 40"})
    assert key == "#2: t = 40"
    assert reasoning_key("start", {"raw": "t = 50\nt = 50"}) == "#1: t = 50"
    assert reasoning_key("mistake:x", {"raw": "t = 50"}) is None


def test_progress_refills_a_derivation_with_its_lines(tmp_path):
    learner(tmp_path, [("5c.derive", DERIVATION_WRONG, "incorrect", "step:2", "")])
    progress = load_progress(tmp_path)
    box = progress.boxes["5c.derive"]
    assert box.latest_raw == DERIVATION_WRONG
    assert (box.best, box.attempts, box.latest_note) == ("incorrect", 1, "step:2")


def test_the_export_shows_a_derivation_line_by_line_and_a_proofs_blocks(tmp_path):
    path = learner(
        tmp_path,
        [
            ("5c.derive", DERIVATION_WRONG, "incorrect", "step:2", ""),
            ("1b.proof", "m r i s", "incorrect", "distractor:i", "m → r → i → s"),
        ],
    )
    content = shipped_content.templates()
    trace = build_trace(read_session(path), content=content)
    md = markdown.to_markdown(trace)
    assert "```\n  20*20 + 10*10 = 10 t\n  400 = 10 t\n  t = 40\n  ```" in md
    assert "**5c.derive**: (the lines below)" in md
    assert "  3. (i) The input is independent of the update" in md
    tex = latex.to_latex(trace)
    assert r"\texttt{400 = 10 t} \newline \texttt{t = 40}" in tex
    assert r"\begin{enumerate}" in tex and "(i) The input is independent" in tex


def test_a_failing_step_is_found_among_the_steps_read_not_the_lines_typed():
    # blank lines, a heading and a step label are no steps: the note's step 2 is the checker's
    raw = "### Working\n\n**Step 1:** 20*20 + 10*10 = 10 t\n\n**Step 2:** 400 = 10 t\nt = 40"
    data = {"raw": raw, "interpreted": "20·20 + 10·10 = 10·t | 400 = 10·t | t = 40"}
    assert reasoning_key("step:2", data) == "#2: 400 = 10·t"


def test_a_failing_step_is_named_by_its_line_on_the_part_screen():
    """Trial tui3 T13: review said "step 2" of the step the part screen called line 1.2."""
    raw = "c^2 d1 = 1 so c = 2\nc = 1/sqrt(d1)"
    data = {
        "raw": raw,
        "interpreted": "c²·d₁ = 1 | c = 2 | c = 1/√d₁",
        "feedback": "Line 1.2 does not follow from line 1.1: …\nLines: 1.1 ✓  1.2 ✗",
    }
    assert reasoning_key("step:2", data) == "#1.2: c = 2"
    assert reasoning_key("step:2", {**data, "feedback": "no marks"}) == "#2: c = 2"
