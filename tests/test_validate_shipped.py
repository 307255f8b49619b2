"""The shipped content passes ``hw3-tutor validate`` with the real checker, and meets
the question-test coverage rules; broken content is a message, never a traceback."""

from __future__ import annotations

import subprocess

import pytest
import shipped_content

from tutor.authoring.coverage import coverage_shortfalls
from tutor.authoring.texts import check_texts
from tutor.authoring.validate import validate_content

ALL_PARTS = "1a 1b 1c 2 3a 3b 3c 4a 4b 4c 4d 4e 5a 5b 5c 6a 6b 6c".split()


@pytest.fixture(scope="module")
def content():
    return shipped_content.handout()  # the handout: variant 0


def test_every_part_of_the_handout_is_present(content):
    have = {part.id for part in content.parts()}
    missing = [p for p in ALL_PARTS if p not in have and not any(h.startswith(p) for h in have)]
    assert not missing, f"parts missing from the content: {missing}"


def test_the_question_test_coverage_rules_are_met(content):
    assert coverage_shortfalls(content) == []


def test_every_shipped_text_shows_as_its_author_meant(content):
    """No math eaten by Markdown emphasis in statements, solutions and cards (‖A‖_*,
    ∇_μ, E_{x∼p_θ}), no Markdown showing raw in hints and feedback."""
    passed, failures = check_texts(content)
    assert failures == [], "\n".join(str(f) for f in failures)
    assert passed > 300


@pytest.mark.slow
def test_the_shipped_content_passes_every_check_with_the_real_checker(content):
    from tutor.checking.judge import check

    # the question tests are run one by one in test_checker_content: not twice
    report = validate_content(content, check, question_tests=False)
    assert report.ok, "\n".join(str(f) for f in report.failures)
    assert report.checks_passed > 1000 and report.tests_passed == 0


def run_cli(*argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The command in-process (a traceback would fail the test as it would show in a terminal),
    with ``env`` added to the environment while it runs."""
    import os

    from cli_helpers import run_in_process

    saved = {k: os.environ.get(k) for k in env or {}}
    os.environ.update(env or {})
    try:
        return run_in_process(list(argv))
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_broken_content_is_a_message_not_a_traceback(tmp_path):
    (tmp_path / "p1.toml").write_text('[problem]\nid = "1"\ntitle = "x\n', encoding="utf-8")
    out = run_cli("validate", str(tmp_path))
    assert out.returncode == 1
    assert "Traceback" not in out.stdout + out.stderr
    assert "p1.toml:3: (syntax): TOML syntax error" in out.stdout


def test_a_missing_directory_exits_2_with_one_line(tmp_path):
    out = run_cli("validate", str(tmp_path / "nowhere"))
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "does not exist" in out.stderr


def test_export_then_validate_the_copy_through_the_environment(tmp_path):
    target = tmp_path / "copy"
    out = run_cli("content", "export", str(target))
    assert out.returncode == 0, out.stderr
    assert (target / "p5.toml").is_file()
    (target / "p5.toml").write_text(
        (target / "p5.toml")
        .read_text(encoding="utf-8")
        .replace('kind = "count"', 'kind = "cuont"', 1),
        encoding="utf-8",
    )
    out = run_cli("validate", "--json", env={"HW3_TUTOR_CONTENT": str(target)})
    assert out.returncode == 1
    assert "did you mean 'count'?" in out.stdout
