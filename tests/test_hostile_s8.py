"""The hostile hand-ins and logs of trial s8 (docs/session-logs.md, "Trust"): dates at the edge
of the calendar, stdout that cannot be written, clocks removed to get round the cross-check."""

from __future__ import annotations

import errno
import sys

import pytest
from class_helpers import session
from cli_helpers import run_cli

from tutor.cli.entry import main


@pytest.mark.parametrize("command", ["gradebook", "review"])
@pytest.mark.parametrize(
    "until", ["9999-12-31", "9999-12-31T23:59-12:00", "0001-01-01T00:00+14:00"]
)
def test_a_date_past_the_calendar_is_a_usage_error(tmp_path, capsys, command, until):
    logs = session(tmp_path / "logs", [("attempt", "5a.fwd", "20")], student="alice").parent
    code, _, err = run_cli([command, str(logs), "--until", until], capsys)
    assert code == 2 and f"--until: {until!r} is out of range" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


class _Full:
    """stdout on a full disk (``> /dev/full``)."""

    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def isatty(self) -> bool:
        return False


@pytest.mark.parametrize("extra", [[], ["--json"]])
@pytest.mark.parametrize("command", ["gradebook", "review"])
def test_stdout_that_cannot_be_written_is_one_line(tmp_path, capsys, monkeypatch, command, extra):
    logs = session(tmp_path / "logs", [("attempt", "5a.fwd", "20")], student="alice").parent
    if command == "gradebook" and extra:
        extra = ["--format", "json"]
    monkeypatch.setattr(sys, "stdout", _Full())
    code = main([command, str(logs), *extra])
    err = capsys.readouterr().err
    assert code == 1
    assert f"hw3-tutor {command}: cannot write to standard output: No space left" in err
    assert "Traceback" not in err
