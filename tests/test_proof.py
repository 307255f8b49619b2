"""Proof blocks: any order the dependency graph allows is correct; a wrong one gets the edit
distance to the nearest correct order (checked against brute force), the first block that
cannot stand where it is, and each chosen distractor's own feedback; the full order is never
shown."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.checking.judge import check
from tutor.checking.proof.distance import distance
from tutor.checking.proof.graph import correct_orders, graph
from tutor.checking.proof.order import read_order
from tutor.content.model import BoxSpec, Distractor, ProofBlock, Reading


def proof_box(depends: dict[str, tuple[str, ...]], distractors=(), **kw) -> BoxSpec:
    blocks = tuple(ProofBlock(k, f"step {k}", tuple(d)) for k, d in depends.items())
    ds = tuple(Distractor(k, f"wrong {k}", f"{k} is wrong because reasons.") for k in distractors)
    kw.setdefault("answer", " ".join(depends))
    return BoxSpec(id="9a.proof", kind="proof", prompt="Order", blocks=blocks, distractors=ds, **kw)


# a -> b, a -> c, (b, c) -> d: two correct orders
DIAMOND = proof_box({"a": (), "b": ("a",), "c": ("a",), "d": ("b", "c")}, distractors=("x", "y"))


def test_every_order_the_graph_allows_is_correct():
    for order in ("a b c d", "a c b d", "A, C, B, D", "(a) (b) (c) (d)", "a -> c -> b -> d"):
        v = check(DIAMOND, order)
        assert (v.verdict, v.note) == ("correct", "correct"), order
    assert sorted(correct_orders(DIAMOND)) == [("a", "b", "c", "d"), ("a", "c", "b", "d")]


def test_a_block_before_one_it_uses_is_named_with_the_block_it_needs():
    v = check(DIAMOND, "a d b c")
    assert v.verdict == "partial"
    assert v.note == "misplaced:d"
    assert "(d)" in v.feedback and "uses (b), which comes later" in v.feedback
    # moving d to the end: two edits
    assert "2 edits" in v.feedback


def test_a_distractor_gets_its_own_feedback_and_is_never_correct():
    v = check(DIAMOND, "a b x c d")
    assert v.verdict == "partial" and v.note == "distractor:x"
    assert "x is wrong because reasons." in v.feedback
    assert "1 edit " in v.feedback


def test_missing_blocks_are_counted_not_named():
    v = check(DIAMOND, "a c")
    assert v.note == "missing"
    assert "2 blocks from the pool are still missing" in v.feedback
    assert "(b)" not in v.feedback and "(d)" not in v.feedback


def test_a_reversed_proof_scores_nothing():
    v = check(DIAMOND, "d c b a")
    assert v.verdict == "incorrect"
    assert v.note == "misplaced:d"


def test_the_feedback_never_shows_a_full_correct_order():
    rng = random.Random(3)
    keys = ["a", "b", "c", "d", "x", "y"]
    for _ in range(200):
        chosen = rng.sample(keys, rng.randint(1, len(keys)))
        v = check(DIAMOND, " ".join(chosen))
        for order in correct_orders(DIAMOND):
            assert " → ".join(order) not in v.feedback
            assert " ".join(order) not in v.feedback


@pytest.mark.parametrize(
    ("answer", "reason"),
    [("", "empty"), ("   ", "empty"), ("a b q", "syntax"), ("a b b c d", "syntax")],
)
def test_unreadable_orders_are_invalid_with_the_reason(answer, reason):
    v = check(DIAMOND, answer)
    assert (v.verdict, v.note) == ("invalid", f"invalid:{reason}")


def test_an_unknown_key_lists_the_keys_and_a_repeat_says_which_block():
    assert "Its blocks are a, b, c, d, x, y" in check(DIAMOND, "a z").feedback
    assert "(b) is used twice" in check(DIAMOND, "a b b").feedback


def test_a_mistakes_entry_gives_targeted_feedback_for_that_exact_order():
    box = proof_box(
        {"a": (), "b": ("a",), "c": ("b",)},
        mistakes=(Reading("b a c", "swapped", "Start from a.", "incorrect"),),
    )
    v = check(box, "b a c")
    assert (v.verdict, v.note, v.feedback) == ("incorrect", "mistake:swapped", "Start from a.")
    assert check(box, "a b c").verdict == "correct"


# --------------------------------------------------------------------------- the distance


def brute_force_edits(order: list[str], depends: dict[str, tuple[str, ...]]) -> int:
    """Insertions and deletions to the nearest topological order, by trying every order."""
    best = None
    for perm in itertools.permutations(depends):
        placed: set[str] = set()
        ok = True
        for k in perm:
            if not set(depends[k]) <= placed:
                ok = False
                break
            placed.add(k)
        if not ok:
            continue
        # LCS of order and perm
        m, n = len(order), len(perm)
        table = [[0] * (n + 1) for _ in range(m + 1)]
        for i in range(m):
            for j in range(n):
                table[i + 1][j + 1] = (
                    table[i][j] + 1
                    if order[i] == perm[j]
                    else max(table[i][j + 1], table[i + 1][j])
                )
        d = m + n - 2 * table[m][n]
        best = d if best is None else min(best, d)
    assert best is not None
    return best


@st.composite
def graphs_and_answers(draw):
    n = draw(st.integers(1, 6))
    keys = [chr(ord("a") + i) for i in range(n)]
    depends = {}
    for i, k in enumerate(keys):
        earlier = keys[:i]
        depends[k] = tuple(draw(st.lists(st.sampled_from(earlier), unique=True)) if earlier else [])
    # relabel so the key order is not a topological order
    perm = draw(st.permutations(keys))
    rename = dict(zip(keys, perm, strict=True))
    depends = {rename[k]: tuple(rename[d] for d in v) for k, v in depends.items()}
    pool = list(depends) + ["x", "y"]
    answer = draw(st.lists(st.sampled_from(pool), unique=True, max_size=len(pool)))
    return depends, answer


@settings(max_examples=300, deadline=None)
@given(graphs_and_answers())
def test_the_edit_distance_is_the_minimum_over_every_topological_order(case):
    depends, answer = case
    box = proof_box(depends, distractors=("x", "y"), answer="")
    g = graph(box)
    assert distance(answer, g).edits == brute_force_edits(answer, depends)


def test_the_distance_of_a_large_proof_is_instant():
    # 40 blocks in a chain, answered backwards: every pair conflicts
    keys = [f"k{i}" for i in range(40)]
    depends = {k: ((keys[i - 1],) if i else ()) for i, k in enumerate(keys)}
    g = graph(proof_box(depends))
    d = distance(list(reversed(keys)), g)
    assert d.kept == 1 and d.edits == 78


def test_reading_an_order_matches_keys_ignoring_case_only_when_unambiguous():
    box = proof_box({"a": (), "A": ("a",)})
    g = graph(box)
    assert read_order("a A", g) == ["a", "A"]
    box2 = proof_box({"step1": (), "Step2": ("step1",)})
    assert read_order("STEP1 step2", graph(box2)) == ["step1", "Step2"]


def test_one_letter_keys_typed_without_separators_read_in_order():
    g = graph(DIAMOND)
    assert read_order("abcd", g) == ["a", "b", "c", "d"]
    assert read_order("ACBD", g) == ["a", "c", "b", "d"]
    assert read_order("ab cd", g) == ["a", "b", "c", "d"]
    assert check(DIAMOND, "acbd").verdict == "correct"
    with pytest.raises(ValueError, match="used twice"):
        read_order("abca", g)
    with pytest.raises(ValueError, match="no block 'abz'"):
        read_order("abz", g)
    # a box with longer keys: a run of letters is one key, never split
    box = proof_box({"ab": (), "c": ("ab",)})
    assert read_order("ab c", graph(box)) == ["ab", "c"]
    with pytest.raises(ValueError, match="no block 'abc'"):
        read_order("abc", graph(box))


@pytest.mark.parametrize("answer", ["a b c d, or maybe a c b d", "a b c d or a c b d"])
def test_a_second_order_offered_is_refused_as_one_not_as_a_block_named_or(answer):
    v = check(DIAMOND, answer)
    assert (v.verdict, v.note) == ("invalid", "invalid:syntax")
    assert "give one order" in v.feedback and "no block" not in v.feedback


@pytest.mark.parametrize(
    "answer", ["the order is a b c d", "My proof would be: a b c d", "So the answer is a b c d"]
)
def test_a_lead_in_before_the_order_is_left_out(answer):
    assert check(DIAMOND, answer).verdict == "correct"
