"""What an instructor reads when content was edited between the sessions and the gradebook: a
doctored "correct" stays ``log-altered`` after an edit that does not touch what grades its box
(a hint's wording, points, another box's key); only an edit of the box's own key, readings,
mistakes or parameters makes it ``key-changed``; an older log without box fingerprints says
only that the content changed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from class_helpers import CONTENT, session
from test_gradebook import content_copy, gradebook

from tutor.content.boxprint import box_fingerprint
from tutor.content.model import Reading


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("HW3_TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HW3_TUTOR_CONFIG_DIR", str(tmp_path / "config"))


HINT = "Go layer by layer from {{layers}} down to 1"
KEY = 'prompt = "fwd operations"\nanswer = "{{fwd}}"\n'


def doctored(tmp_path, box_keys=True):
    """45 is a known mistake of 5a.fwd (the handout's key is 20); carol's log says correct."""
    logs = tmp_path / "logs"
    session(
        logs / "carol",
        [("attempt", "5a.fwd", "45", "correct", "correct")],
        student="carol",
        box_keys=box_keys,
    )
    return logs


def reasons(tmp_path, capsys, edits, box_keys=True):
    logs = doctored(tmp_path, box_keys)
    code, book, err = gradebook(
        [str(logs), "--content", str(content_copy(tmp_path, edits))], capsys
    )
    assert code == 0, err
    return {c["reason"] for c in book["changed_verdicts"]}, err


@pytest.mark.parametrize(
    "edits",
    [
        [("p5.toml", HINT, "Walk layer by layer from {{layers}} down to 1")],  # a hint's wording
        [("p5.toml", 'id = "5a"\n', 'id = "5a"\npoints = 3\n')],  # the part's points
        [("p5.toml", 'answer = "{{loadmem}}"', 'answer = "{{loadmem}} + 1"')],  # another box
    ],
    ids=["hint-wording", "points", "other-box-key"],
)
def test_a_doctored_log_stays_log_altered_after_an_unrelated_edit(tmp_path, capsys, edits):
    found, err = reasons(tmp_path, capsys, edits)
    assert found == {"log-altered"}
    assert 'carol 5a.fwd "45": logged correct, now incorrect (log-altered)' in err


def test_an_edit_of_the_box_own_key_is_key_changed(tmp_path, capsys):
    edits = [("p5.toml", KEY, KEY.replace('"{{fwd}}"', '"{{fwd}} + 1"'))]
    found, _ = reasons(tmp_path, capsys, edits)
    assert found == {"key-changed"}


def test_an_older_log_without_box_fingerprints_says_the_content_changed(tmp_path, capsys):
    edits = [("p5.toml", HINT, "Walk layer by layer from {{layers}} down to 1")]
    found, err = reasons(tmp_path, capsys, edits, box_keys=False)
    assert found == {"content-changed"}
    assert "(content-changed)" in err and "key-changed" not in err


def test_the_fingerprint_follows_what_grades_the_box_only():
    loaded = CONTENT.templates  # the boxes as loaded, placeholders unrendered
    box = loaded.boxes["5a.fwd"]
    base = box_fingerprint(CONTENT, "5a.fwd")
    assert box_fingerprint(loaded, "5a.fwd") == base

    def with_box(**fields):
        edited = replace(loaded, boxes={**loaded.boxes, "5a.fwd": replace(box, **fields)})
        return box_fingerprint(edited, "5a.fwd")

    # what only shows: the prompt, hints, feedback, tests, a mistake's feedback
    mistakes = tuple(replace(m, feedback="other words") for m in box.mistakes)
    assert with_box(prompt="x", hints=("h",), feedback="f", tests=(), mistakes=mistakes) == base
    # what grades: the key, a mistake, the kind, the givens, the definitions
    assert with_box(answer="21") != base
    assert with_box(mistakes=(*box.mistakes, Reading("99", "new", "", "incorrect"))) != base
    assert with_box(kind="number") != base
    assert with_box(givens=()) != base
    assert with_box(definitions=(("x", "2"),)) != base
