"""Practice offers only variants that ask something other than the handout (trial s7, 1.2:
problem 5's seed 2 kept layers = 10, every = 5, so its 5a and 5b were the handout's own
questions), and a variant's banner says what it changes (trial s7, 4: 4a's family, 1b's law)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import shipped_content
from cli_helpers import run_cli

from tutor.content.placeholders import PLACEHOLDER_RE
from tutor.paths import packaged_content_dir
from tutor.variants.engine import instantiate, load
from tutor.variants.practice import (
    next_practice_seed,
    no_other_variant,
    not_offered,
    what_changes,
)
from tutor.variants.sampling import next_seed
from tutor.variants.scopes import parameterized_parts

RAW = shipped_content.templates()


def handout_keys(part_id: str, seed: int) -> list[str]:
    """The boxes of ``part_id`` whose key is written from the parameters and is, at ``seed``,
    the handout's (straight from the engine, not from the rule under test)."""
    handout, variant = instantiate(RAW, part_id), instantiate(RAW, part_id, seed=seed)
    return [
        b
        for b, box in variant.boxes.items()
        if PLACEHOLDER_RE.search(RAW.boxes[b].answer)
        and box.answer.strip() == handout.boxes[b].answer.strip()
    ]


def siblings(part_id: str) -> list[str]:
    problem = next(p for p in RAW.problems if any(q.id == part_id for q in p.parts))
    return [p.id for p in problem.parts if p.id in parameterized_parts(RAW)]


def test_seed_2_of_problem_5_is_the_handouts_5a_and_5b_and_is_not_offered():
    assert dict(instantiate(RAW, "5a", seed=2).params)["layers"] == 10
    assert handout_keys("5a", 2) == ["5a.fwd"] and handout_keys("5b", 2) == ["5b.loadmem"]
    for pid in ("5a", "5b", "5c"):
        why = not_offered(RAW, pid, 2)
        assert "5a.fwd" in why and "5b.loadmem" in why and "handout's key" in why
    assert not_offered(RAW, "5c", 1) == ""
    # the sampler alone still gives seed 2 after 1; practice passes over it
    assert next_seed(RAW, "5c", 1) == 2
    assert next_practice_seed(RAW, "5c", 1) == 3
    assert next_practice_seed(RAW, "5a", 1) == 3


@pytest.mark.parametrize("part_id", parameterized_parts(RAW))
def test_every_seed_practice_offers_asks_something_other_than_the_handout(part_id):
    """Following "another variant" from the handout, ten times: no part shown at the seed
    (the problem's parameterized parts) has a box with the handout's key."""
    after, offered = 0, []
    for _ in range(10):
        seed = next_practice_seed(RAW, part_id, after)
        assert seed is not None and seed > after
        offered.append(seed)
        for pid in siblings(part_id):
            assert handout_keys(pid, seed) == [], (part_id, seed, pid)
        after = seed
    # a seed passed over is one the rule refuses or one with the numbers just shown
    shown = [dict(instantiate(RAW, part_id, seed=s).params) for s in offered]
    for s in range(1, offered[-1]):
        if s not in offered:
            params = dict(instantiate(RAW, part_id, seed=s).params)
            assert not_offered(RAW, part_id, s) or params in shown, (part_id, s)
    assert all(not_offered(RAW, part_id, s) == "" for s in offered)


def test_a_key_the_parameters_cannot_change_is_not_compared():
    """1a's choice (c) and 1b's order and proof are the same in every variant: comparing them
    would leave problem 1 without practice. Seed 10 (var_w·var_x = 1) is the handout's 1a."""
    assert handout_keys("1a", 1) == []
    assert instantiate(RAW, "1a", seed=1).boxes["1a.scaling"].answer == "c"
    assert handout_keys("1a", 10) == ["1a.value", "1a.constant", "1a.derive"]
    assert "1a.value" in not_offered(RAW, "1a", 10)
    why = not_offered(RAW, "1b", 10)  # 1a is shown at 1b's seed too
    assert "1a.value" in why and "1a is shown with 1b at the same seed" in why
    assert next_practice_seed(RAW, "1b", 9) == 11


def test_no_seed_left_is_none_and_said_clearly():
    assert next_seed(RAW, "5a", 0, skip=lambda seed: True) is None
    assert "no practice variant" in no_other_variant(None)
    shown = instantiate(RAW, "4c", seed=1)
    assert "family = scale" in no_other_variant(shown) and "no other" in no_other_variant(shown)


def test_the_banner_says_what_the_variant_changes():
    assert what_changes(instantiate(RAW, "5a", seed=1)) == (
        "New numbers, so your answers to the handout do not carry over."
    )
    for pid in ("4a", "4c"):
        text = what_changes(instantiate(RAW, pid, seed=1))
        assert text.startswith("A different parameter (scale, not mean), so ")
        assert "numbers" not in text
    sign = instantiate(RAW, "1b", seed=1)
    assert dict(sign.params) == {"dist": "sign", "s": 2}
    assert what_changes(sign).startswith(
        "A different law of the inputs (sign, not gaussian) and new numbers"
    )
    gauss = instantiate(RAW, "1b", seed=2)
    assert dict(gauss.params)["dist"] == "gaussian"
    assert what_changes(gauss).startswith("New numbers")


def test_variant_says_when_a_seed_is_not_offered(capsys):
    code, out, err = run_cli(["variant", "5a", "--seed", "2"], capsys)
    assert code == 0 and err == ""
    assert out.splitlines()[:3] == [
        "part 5a: variant seed:2",
        "  parameters: layers = 10, every = 5, t_fwd = 40, t_mem = 20",
        "  5a.fwd: 20",
    ]
    last = out.splitlines()[-1]
    assert last.startswith("  not offered for practice: at seed 2, 5a.fwd and 5b.loadmem")
    assert last.endswith("practice gives seed 3 instead")
    code, out, err = run_cli(["variant", "5a", "--seed", "1"], capsys)
    assert code == 0 and "not offered" not in out + err
    code, out, err = run_cli(["variant", "5c", "--seed", "2", "--json"], capsys)
    assert code == 0 and set(json.loads(out)) == {"part", "seed", "params", "boxes"}
    assert "not offered for practice" in err and "5a and 5b are shown with 5c" in err


def problem_5_alone(tmp_path: Path, *, same_network: bool = False) -> Path:
    """Problem 5 and the cards; ``same_network``: only the timings vary (every variant's 5a
    and 5b are the handout's questions)."""
    copy = tmp_path / "content"
    copy.mkdir(parents=True)
    for name in ("p5.toml", "cards.toml"):
        shutil.copy(packaged_content_dir() / name, copy / name)
    if same_network:
        p5 = copy / "p5.toml"
        text = p5.read_text(encoding="utf-8")
        for old in ("range = [6, 24]", "range = [4, 8]"):
            assert old in text
        text = text.replace("range = [6, 24]", "choices = [10]")
        text = text.replace("range = [4, 8]", "choices = [5]")
        p5.write_text(text, encoding="utf-8")
    return copy


def test_validate_variants_lists_the_seeds_practice_passes_over(tmp_path, capsys):
    code, out, _ = run_cli(
        ["validate", str(problem_5_alone(tmp_path)), "--variants", "3", "--json"], capsys
    )
    assert code == 0, out[-2000:]
    variants = json.loads(out)["variants"]
    assert variants["ok"]
    assert variants["not_offered"] == {"5a": [2], "5b": [2], "5c": [2]}
    code, out, _ = run_cli(
        ["validate", str(problem_5_alone(tmp_path / "t")), "--variants", "3"], capsys
    )
    assert "5a (seeds 1-3: 3 different; not offered for practice: seed 2)" in out


def test_validate_variants_fails_a_part_with_no_variant_to_offer(tmp_path, capsys):
    content = problem_5_alone(tmp_path, same_network=True)
    code, out, _ = run_cli(["validate", str(content), "--variants", "3"], capsys)
    assert code == 1
    fails = [line for line in out.splitlines() if line.startswith("FAIL")]
    assert any(
        "a variant of 5a among seeds 1-" in f and "practice offers no other" in f for f in fails
    ), fails
    # 5c's keys change with the timings, but 5a and 5b are shown with it at each seed
    assert any("a variant of 5c among" in f for f in fails)
    assert next_practice_seed(load(content).templates, "5a", 0) is None
