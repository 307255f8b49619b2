"""The seed range is declared once (``tutor.variants.seeds``): ``--seed``, a batch line's
"seed", a logged variant's seed and the sampler accept the same seeds and say the same thing
about the others, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shipped_content
from cli_helpers import run_in_process

from tutor.errors import UsageError
from tutor.variants.sampling import sample
from tutor.variants.seeds import MAX_SEED, SEED_RANGE, parse_seed

RANGE = f"a seed is {SEED_RANGE}"


@pytest.mark.parametrize(
    "typed, shown",
    [
        ("-1", "not -1"),
        (str(2**63), f"not {2**63}"),
        ("abc", "not 'abc'"),
        ("2**63", "not '2**63'"),
        ("1_000", "not '1_000'"),  # int() would read it as 1000
        ("\u0663", "not '\u0663'"),  # an Arabic-Indic three: int() would read it as 3
        ("9" * 5000, "a number 5,000 digits long"),  # past int()'s limit on digits
        ("", "not ''"),
    ],
)
@pytest.mark.parametrize("command", [["grade", "5a.fwd", "20"], ["variant", "5a"]])
def test_a_seed_out_of_range_or_not_a_number_is_one_clear_line(command, typed, shown):
    r = run_in_process([*command, "--seed", typed])
    assert r.returncode == 2 and r.stdout == ""
    assert "Traceback" not in r.stderr
    last = r.stderr.strip().splitlines()[-1]
    assert f"argument --seed: {RANGE}" in last and shown in last, r.stderr


def test_the_ends_of_the_range_are_seeds():
    assert parse_seed(" 0 ") == 0 and parse_seed(str(MAX_SEED)) == MAX_SEED
    r = run_in_process(["variant", "5a", "--seed", str(MAX_SEED), "--json"])
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["seed"] == MAX_SEED


@pytest.mark.parametrize("seed", [-1, MAX_SEED + 1, 2**70, True, 7.0, "7"])
def test_the_sampler_refuses_what_the_command_line_refuses(seed):
    with pytest.raises(UsageError, match=RANGE):
        sample(shipped_content.templates(), "5a", seed)


def test_a_batch_line_with_a_seed_out_of_range_is_that_line_s_error():
    lines = [
        {"id": 1, "box": "5a.fwd", "answer": "20", "seed": 2**63},
        {"id": 2, "box": "5a.fwd", "answer": "20", "seed": -4},
        {"id": 3, "box": "5a.fwd", "answer": "20", "seed": 7},
    ]
    r = run_in_process(
        ["grade", "--batch", "-"], stdin="".join(json.dumps(x) + "\n" for x in lines)
    )
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert r.returncode == 0 and [o["id"] for o in out] == [1, 2, 3]
    for o in out[:2]:
        assert o["error"] == f'"seed" must be {SEED_RANGE}'
    assert "verdict" in out[2] and out[2]["seed"] == 7


def _log(path: Path, seeds: list[object]) -> Path:
    events = [{"event": "session_start", "schema": 1, "version": "1.0", "content_hash": "h"}]
    for n, seed in enumerate(seeds):
        events.append(
            {
                "event": "attempt",
                "box": "5a.fwd",
                "raw": str(n),
                "verdict": "incorrect",
                "note": "incorrect",
                "seed": seed,
            }
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join(
            json.dumps({"seq": n, "t": f"2025-01-01T00:00:{n:02d}.000000Z", "s": float(n), **e})
            + "\n"
            for n, e in enumerate(events, start=1)
        ),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("command", ["review", "gradebook"])
def test_a_logged_seed_out_of_range_is_reported_and_its_event_skipped(tmp_path, command):
    log = _log(
        tmp_path / "logs" / "s1" / "20250101T000000.000Z-aaaaaaaa.jsonl", [2**70, "7", -1, 7]
    )
    r = run_in_process([command, str(log.parent)])
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    warned = [x for x in r.stderr.splitlines() if "attempt event skipped: its 'seed'" in x]
    assert [x.split(": line ")[1].split(":")[0] for x in warned] == ["2", "3", "4"]
    assert all(f"{log}: line" in x and SEED_RANGE in x for x in warned), warned
    if command == "review":  # the one well-formed attempt is still there, in its variant
        assert '"3" -> incorrect [variant seed:7]' in r.stdout
        assert '"0" ->' not in r.stdout and '"1" ->' not in r.stdout
