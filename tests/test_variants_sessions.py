"""Practice variants in the session logs: each attempt, hint and solution carries its variant
(seed and parameters), read back type-checked; resume keeps the handout apart and counts the
variants solved; review groups attempts by box across variants or lists them per variant;
export names the variant (issue 10)."""

from __future__ import annotations

import json

import shipped_content

from tutor.cli.entry import main as cli_main
from tutor.sessions.classsummary import review_sources
from tutor.sessions.export import export_session
from tutor.sessions.log import SessionLog
from tutor.sessions.logformat import VariantTag, variant_key
from tutor.sessions.logreader import SessionStream
from tutor.sessions.progress import load_progress
from tutor.sessions.sources import collect
from tutor.variants.engine import instantiate

RAW = shipped_content.templates()


def tag(seed: int) -> VariantTag:
    v = instantiate(RAW, "5c", seed=seed)
    return VariantTag(v.seed, v.params_json())


def practice_session(tmp_path):
    log = SessionLog.start(tmp_path, "h")
    log.part_opened("5c")
    log.attempt("5c.loaddisk", "50 ns", "correct", "correct", 2.0)
    seven = tag(7)
    answer = instantiate(RAW, "5c", seed=7).boxes["5c.loaddisk"].answer
    log.attempt("5c.loaddisk", "3", "incorrect", "incorrect", 2.0, variant=seven)
    log.hint("5c.loaddisk", 2, variant=seven)
    log.attempt("5c.loaddisk", answer, "correct", "correct", 2.0, variant=seven)
    log.solution("5c", variant=seven)
    log.attempt("5c.loaddisk", "1", "incorrect", "incorrect", 2.0, variant=tag(8))
    log.end()
    return log


def test_the_log_names_each_events_variant_and_reads_it_back_checked(tmp_path):
    practice_session(tmp_path)
    (path,) = tmp_path.glob("*.jsonl")
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    attempts = [e for e in lines if e["event"] == "attempt"]
    assert "seed" not in attempts[0] and "params" not in attempts[0]  # the handout: as before
    assert attempts[1]["seed"] == 7 and attempts[1]["params"] == tag(7).params
    with SessionStream(path) as stream:
        events = list(stream)
    keys = [variant_key(e.data) for e in events if e.type in ("attempt", "hint", "solution")]
    assert keys == ["handout", "seed:7", "seed:7", "seed:7", "seed:7", "seed:8"]
    assert keys[1] == instantiate(RAW, "5c", seed=7).key  # the engine's own name


def test_hostile_variant_fields_skip_the_event_with_a_warning(tmp_path):
    path = tmp_path / "s.jsonl"
    good = {"seq": 1, "event": "attempt", "box": "5c.loaddisk", "verdict": "correct"}
    bad = [
        {**good, "seq": 2, "seed": -1},
        {**good, "seq": 3, "seed": "7"},
        {**good, "seq": 4, "params": {"layers": [1, 2]}},
        {**good, "seq": 5, "params": {f"p{i}": 1 for i in range(100)}},
        {**good, "seq": 6, "params": {"bad name": 1}},
        {**good, "seq": 7, "seed": 3, "params": {"layers": 12}},
    ]
    path.write_text("\n".join(json.dumps(e) for e in [good, *bad]) + "\n")
    with SessionStream(path) as stream:
        events = list(stream)
        warnings = list(stream.warnings)
    assert [e.seq for e in events] == [1, 7]
    skipped = [w for w in warnings if "event skipped" in w]
    assert len(skipped) == 5 and any("'params'" in w for w in skipped)


def test_resume_keeps_the_handout_apart_and_counts_variants_solved(tmp_path):
    practice_session(tmp_path)
    p = load_progress(tmp_path)
    handout = p.box("5c.loaddisk")
    # the variants' wrong answers and hint never touch the handout's box
    assert (handout.best, handout.latest_raw, handout.attempts, handout.hints) == (
        "correct",
        "50 ns",
        1,
        0,
    )
    assert p.solutions_seen == frozenset()
    seven = p.variant_box("seed:7", "5c.loaddisk")
    assert seven.solved and seven.attempts == 2 and seven.hints == 2
    assert not p.variant_box("seed:8", "5c.loaddisk").solved
    assert p.variants_solved(["5c.loaddisk"]) == 1
    assert p.variants_solved(["5c.loaddisk", "5c.derive"]) == 0
    assert ("5c", "seed:7") in p.variant_solutions
    assert p.variant_params["seed:7"] == tag(7).params


def test_review_groups_by_box_across_variants_or_per_variant(tmp_path, capsys):
    practice_session(tmp_path)
    together = review_sources(collect([str(tmp_path)])).summary.boxes
    assert list(together) == ["5c.loaddisk"]
    assert together["5c.loaddisk"].attempts == 4 and together["5c.loaddisk"].variants == 2
    apart = review_sources(collect([str(tmp_path)]), by_variant=True).summary.boxes
    assert set(apart) == {"5c.loaddisk", "5c.loaddisk [seed:7]", "5c.loaddisk [seed:8]"}
    assert apart["5c.loaddisk [seed:7]"].attempts == 2
    assert apart["5c.loaddisk [seed:7]"].solved == 1 and apart["5c.loaddisk"].first_try == 1
    assert cli_main(["review", "--class", "--by-variant", "--sort", "box", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "5c.loaddisk [seed:7]" in out
    assert cli_main(["review", str(tmp_path)]) == 0  # one session: its timeline
    out = capsys.readouterr().out
    assert "[variant seed:7: layers = " in out


def test_export_names_the_variant(tmp_path):
    practice_session(tmp_path)
    (path,) = tmp_path.glob("*.jsonl")
    text, _ = export_session(path, "md", RAW)
    assert "in the practice variant seed:7 (layers = " in text
    assert "Worked solution revealed (practice variant seed:7" in text
    tex, _ = export_session(path, "tex", RAW)
    assert "practice variant seed:7" in tex
