"""Grading with content that has not passed ``validate``: ``gradebook`` and ``review`` say so
(stderr and JSON) until ``validate`` passes on the very content, with this checker; an edit
afterwards brings the warning back. The packaged content needs no stamp."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from class_helpers import session
from cli_helpers import run_cli

from tutor.authoring import stamp

UI_CONTENT = Path(__file__).parent / "ui_content"
SAYS = "has not passed `hw3-tutor validate` on this machine"


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("HW3_TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HW3_TUTOR_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("HW3_TUTOR_CONTENT", raising=False)


def warned(capsys, *argv: str) -> tuple[bool, bool]:
    """Whether the warning is on stderr, and in the JSON's warnings."""
    code, out, err = run_cli([*argv], capsys)
    assert code == 0, err
    return SAYS in err, any(SAYS in w for w in json.loads(out)["warnings"])


def test_unvalidated_content_is_warned_about_until_validate_passes(tmp_path, capsys):
    content = tmp_path / "mycontent"
    shutil.copytree(UI_CONTENT, content)
    logs = tmp_path / "class" / "alice"
    session(logs, [("attempt", "5a.fwd", "20", "correct", "correct")], student="alice")
    grade = ["gradebook", "--format", "json", "--content", str(content), str(logs)]
    review = ["review", "--json", "--content", str(content), str(logs)]
    assert warned(capsys, *grade) == (True, True)
    assert warned(capsys, *review) == (True, True)
    code, _, err = run_cli(["validate", str(content)], capsys)
    assert code == 0, err
    assert warned(capsys, *grade) == (False, False)
    assert warned(capsys, *review) == (False, False)
    # edited since: another content hash, no stamp
    p1 = content / "p1.toml"
    p1.write_text(p1.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert warned(capsys, *grade) == (True, True)


def test_a_failing_validate_removes_the_stamp_and_the_packaged_content_needs_none(tmp_path):
    content = tmp_path / "c"
    content.mkdir()
    stamp.record("abc123", content, True)
    assert stamp.unvalidated_warning("abc123", content) is None
    stamp.record("abc123", content, False)
    warning = stamp.unvalidated_warning("abc123", content)
    assert warning is not None and SAYS in warning and str(content) in warning
    from tutor.paths import packaged_content_dir

    assert stamp.unvalidated_warning("anything", packaged_content_dir()) is None
