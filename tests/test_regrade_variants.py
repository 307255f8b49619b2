"""The regrade judges a practice variant's answer by the box of its own variant (its logged
parameters, or its seed): an altered verdict is corrected by that variant's key (where the
handout's key would say otherwise), in the gradebook, the review and the resume; a variant whose
parameters no longer hold keeps its logged verdict and is reported (issues 10 and 12)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from class_helpers import CONTENT, run_helper
from cli_helpers import run_cli

from tutor.checking.judge import check
from tutor.cli.regrading import class_regrader, variant_boxes
from tutor.sessions.log import SessionLog
from tutor.sessions.logformat import VariantTag
from tutor.sessions.logreader import read_session
from tutor.sessions.progress import load_progress
from tutor.sessions.regrade import regrade_session
from tutor.sessions.regrader import Regrader
from tutor.sessions.resume import regrade_progress
from tutor.variants.engine import instantiate

SEED = 7
VARIANT = instantiate(CONTENT, "5a", seed=SEED)
TAG = VariantTag(VARIANT.seed, VARIANT.params_json())
RIGHT_HERE = VARIANT.boxes["5a.fwd"].answer  # this variant's fwd count


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("HW3_TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HW3_TUTOR_CONFIG_DIR", str(tmp_path / "config"))


def test_the_example_is_right_in_its_variant_and_wrong_for_the_handout():
    assert check(VARIANT.boxes["5a.fwd"], RIGHT_HERE).verdict == "correct"
    assert check(CONTENT.boxes["5a.fwd"], RIGHT_HERE).verdict != "correct"


def altered(folder, tag=TAG, content_hash=None, student="bob"):
    """bob answers 5a.fwd right in variant 7, but the log says it was wrong; he also types the
    handout's answer (20) in the variant, which the log says was right."""
    log = SessionLog.start(folder, content_hash or CONTENT.content_hash, student=student)
    log.attempt("5a.fwd", RIGHT_HERE, "incorrect", "incorrect", 1.0, variant=tag)
    log.attempt("5a.fwd", "20", "correct", "correct", 1.0, variant=tag)
    log.end()
    (path,) = folder.glob("*.jsonl")
    return path


def test_an_altered_variant_verdict_is_corrected_by_that_variants_key(tmp_path):
    session = read_session(altered(tmp_path))
    regraded, changes = regrade_session(session, class_regrader(CONTENT, disk=False), "bob")
    verdicts = [e.data["verdict"] for e in regraded.events if e.type == "attempt"]
    assert verdicts == ["correct", "incorrect"]
    assert [(c.raw, c.logged, c.now, c.variant) for c in changes] == [
        (RIGHT_HERE, "incorrect", "correct", f"seed:{SEED}"),
        ("20", "correct", "incorrect", f"seed:{SEED}"),
    ]
    assert changes[0].to_json()["variant"] == f"seed:{SEED}"


def test_a_variant_is_rebuilt_from_its_logged_parameters_not_its_seed(tmp_path):
    """The seed may draw other numbers under other content: the numbers the student saw win."""
    by_hand = VariantTag(None, VARIANT.params_json())
    session = read_session(altered(tmp_path, tag=by_hand))
    _, changes = regrade_session(session, class_regrader(CONTENT, disk=False))
    assert [c.now for c in changes] == ["correct", "incorrect"]


def test_judgments_are_cached_per_variant(tmp_path):
    """The same answer in the handout and in a variant is two judgments, also from the cache."""
    first = class_regrader(CONTENT)
    here = first.judge("5a.fwd", "20", first_variant := _ref())
    there = first.judge("5a.fwd", "20")
    assert (here.verdict, there.verdict) == ("incorrect", "correct")
    first.close()
    again = Regrader(
        CONTENT,
        lambda box, raw: pytest.fail("judged again"),
        variants=variant_boxes(CONTENT),
        disk=first._path,
    )
    assert again.cached == 2
    assert again.judge("5a.fwd", "20", first_variant).verdict == "incorrect"
    assert again.judge("5a.fwd", "20").verdict == "correct"


def _ref():
    from tutor.sessions.judgments import variant_of

    return variant_of({"seed": SEED, "params": TAG.params})


def test_a_variant_whose_parameters_no_longer_hold_keeps_its_verdict_and_is_reported(tmp_path):
    stale = VariantTag(SEED, {**TAG.params, "every": 13})  # out of today's range
    session = read_session(altered(tmp_path, tag=stale))
    regrader = class_regrader(CONTENT, disk=False)
    regraded, changes = regrade_session(session, regrader)
    assert changes == [] and regraded is session  # kept as logged
    assert regrader.unresolved_answers == 2
    warning = regrader.unresolved_warning()
    assert warning is not None and "5a.fwd [seed:7]" in warning and "every = 13" in warning


def test_the_gradebook_lists_the_corrected_variant_verdicts(tmp_path, capsys):
    altered(tmp_path / "logs")
    code, out, err = run_cli(["gradebook", str(tmp_path / "logs"), "--format", "json"], capsys)
    assert code == 0, err
    changed = json.loads(out)["changed_verdicts"]
    assert [(c["answer"], c["now"], c["variant"]) for c in changed] == [
        (RIGHT_HERE, "correct", f"seed:{SEED}"),
        ("20", "incorrect", f"seed:{SEED}"),
    ]
    assert f"5a.fwd [seed:{SEED}]" in err


def test_the_gradebook_and_review_report_a_variant_that_no_longer_holds(tmp_path, capsys):
    altered(tmp_path / "logs", tag=VariantTag(SEED, {**TAG.params, "every": 13}))
    code, out, err = run_cli(["gradebook", str(tmp_path / "logs"), "--format", "json"], capsys)
    assert code == 0 and json.loads(out)["changed_verdicts"] == []
    assert "kept the logged verdict" in err and "every = 13" in err
    code, out, err = run_cli(["review", "--json", "--class", str(tmp_path / "logs")], capsys)
    assert code == 0
    assert any("kept the logged verdict" in w for w in json.loads(out)["warnings"])


def test_review_regrades_variants_and_still_shows_them_apart(tmp_path, capsys):
    altered(tmp_path / "logs")
    code, out, err = run_cli(["review", "--json", "--class", str(tmp_path / "logs")], capsys)
    assert code == 0, err
    report = json.loads(out)
    assert [c["variant"] for c in report["changed_verdicts"]] == [f"seed:{SEED}"] * 2
    assert report["boxes"]["5a.fwd"]["attempts"] == 2
    code, out, _ = run_cli(
        ["review", "--class", "--by-variant", "--sort", "box", str(tmp_path / "logs")], capsys
    )
    assert code == 0 and f"5a.fwd [seed:{SEED}]" in out
    assert f"5a.fwd [seed:{SEED}]" in out.split("Verdicts changed by the regrade")[1]
    code, out, _ = run_cli(
        ["review", "--json", "--class", "--by-variant", str(tmp_path / "logs")], capsys
    )
    apart = json.loads(out)["boxes"]
    assert apart[f"5a.fwd [seed:{SEED}]"]["solved"] == 1  # regraded: the variant was solved


def test_resume_judges_a_variants_answers_by_its_own_key(tmp_path):
    """A log from other content: the tutor's resume regrade (``tutor.ui.app._regrade``) judges
    the variant's answers by the variant's box, and the handout's boxes stay untried."""
    from tutor.ui.app import _regrade

    altered(tmp_path, content_hash="older-content")
    progress = load_progress(tmp_path)
    key = f"seed:{SEED}"
    assert progress.variant_box(key, "5a.fwd").best == "correct"  # as logged (the forged 20)
    checker = SimpleNamespace(check=check)
    resumed, changes = _regrade(progress, CONTENT, checker)
    box = resumed.variant_box(key, "5a.fwd")
    assert box.best == "correct" and box.latest == "incorrect"  # 20 is wrong here
    assert changes == () and resumed.box("5a.fwd") is None
    plain = regrade_progress(progress, CONTENT, check, disk=False)  # no resolver: as logged
    assert plain.progress.variant_box(key, "5a.fwd").latest == "correct"


def test_a_planted_cache_line_for_a_variant_is_checked_like_any_other(tmp_path):
    """A cache line whose box fingerprint is not one (not a text, too long, not hex) is
    ignored: judged again."""
    first = class_regrader(CONTENT)
    first.judge("5a.fwd", "20", _ref())
    first.close()
    path = first._path
    lines = path.read_text().splitlines()
    planted = json.loads(lines[0])
    assert planted["box"] == "5a.fwd" and len(planted["print"]) == 24
    with path.open("w") as f:
        for bad in (7, [planted["print"]], "x" * 5_000, planted["print"][:-1] + "g"):
            f.write(json.dumps({**planted, "print": bad}) + "\n")
    again = Regrader(CONTENT, variants=None, disk=path)
    assert again.cached == 0


def test_the_gradebook_grades_the_handout_and_counts_practice_apart(tmp_path, capsys):
    """Solving 5a.fwd only in a practice variant earns no handout credit (the tutor's own
    progress keeps variants apart); the attempts are counted as practice, and review shows them."""
    log = SessionLog.start(tmp_path / "logs", CONTENT.content_hash, student="carol")
    log.attempt("5a.fwd", RIGHT_HERE, "correct", "correct", 1.0, variant=TAG)
    log.attempt("5a.fwd", "20", "correct", "correct", 1.0)  # the handout's own answer
    log.attempt("5b.loadmem", "1", "incorrect", "incorrect", 1.0, variant=TAG)
    log.end()
    code, out, err = run_cli(["gradebook", str(tmp_path / "logs"), "--format", "json"], capsys)
    assert code == 0, err
    (row,) = json.loads(out)["students"]
    assert row["boxes"]["5a.fwd"] == "correct" and row["attempts"] == 1
    assert row["boxes"]["5b.loadmem"] == "untried" and row["practice_attempts"] == 2
    code, out, _ = run_cli(["review", "--json", "--class", str(tmp_path / "logs")], capsys)
    assert json.loads(out)["boxes"]["5b.loadmem"]["attempts"] == 1


def test_the_helper_process_judges_variant_answers_by_their_variant(tmp_path):
    """The helper (its entry in tutor.cli.regrading) judges variants' answers by their box."""
    path = altered(tmp_path / "logs")
    here = class_regrader(CONTENT, disk=False)
    helper = run_helper(CONTENT, [path], here)
    assert helper.done and here.helped == 2 and here.checked == 0
    assert here.judge("5a.fwd", RIGHT_HERE, _ref()).verdict == "correct"
    assert here.judge("5a.fwd", "20", _ref()).verdict == "incorrect"
    assert here.checked == 0  # both came from the helper


def test_an_answer_in_variants_that_make_the_same_box_is_judged_once():
    """4c's practice variants make one and the same box (its parameters change nothing in it):
    an answer is judged once for all of them, with the verdict the box gives; 5c's variants make
    other boxes, so the same answer is judged in each."""
    from tutor.cli.regrading import variant_boxes
    from tutor.sessions.judgments import VariantRef

    judged = []

    def judge(box, raw):
        judged.append(box)
        return check(box, raw)

    regrader = Regrader(CONTENT, judge, variants=variant_boxes(CONTENT), disk=False)
    boxes = [instantiate(CONTENT, "4c", seed=s).boxes["4c.gradF"] for s in (1, 2, 3)]
    assert boxes[0] == boxes[1] == boxes[2] != CONTENT.boxes["4c.gradF"]
    for raw in (boxes[0].answer, boxes[0].mistakes[0].answer):
        judged.clear()
        got = [regrader.judge("4c.gradF", raw, VariantRef(f"seed:{s}", s)) for s in (1, 2, 3)]
        fresh = check(boxes[2], raw)
        assert len(judged) == 1 and all(g is not None for g in got)
        assert {(g.verdict, g.note, g.interpreted, g.feedback) for g in got} == {
            (fresh.verdict, fresh.note, fresh.interpreted, fresh.feedback)
        }
    judged.clear()
    other = [instantiate(CONTENT, "5c", seed=s).boxes["5c.loaddisk"] for s in (1, 2)]
    assert other[0] != other[1]
    for s in (1, 2):
        regrader.judge("5c.loaddisk", "12", VariantRef(f"seed:{s}", s))
    assert judged == other


def test_review_of_one_session_counts_the_answers_it_could_not_judge_as_the_gradebook(
    tmp_path, capsys
):
    """One session's timeline reads the session again: its answers are not counted twice."""
    altered(tmp_path / "logs", tag=VariantTag(SEED, {**TAG.params, "every": 13}))
    code, _, err = run_cli(["gradebook", str(tmp_path / "logs"), "-o", "-"], capsys)
    assert code == 0 and "2 answers to practice variants whose parameters do not hold" in err
    code, _, err = run_cli(["review", str(tmp_path / "logs")], capsys)
    assert code == 0 and "2 answers to practice variants whose parameters do not hold" in err
