"""A proof's order as students type or paste it: a label before it, quotation marks, a
numbered list, words or dashes between the keys, keys each in brackets, a remark in brackets,
an end mark. A remark that names a block is refused: is that block in the proof or not?"""

from __future__ import annotations

import pytest
import shipped_content

from tutor.checking.judge import check

BOX = shipped_content.handout().boxes["1b.proof"]


@pytest.mark.parametrize(
    "answer",
    [
        "Blocks: m r e v k s",
        "Order: m → r → e → v → k → s",
        "My proof: m, r, e, v, k, s.",
        '"m r e v k s"',
        "“m r e v k s”",
        "1. m 2. r 3. e 4. v 5. k 6. s",
        "1) m\n2) r\n3) e\n4) v\n5) k\n6) s",
        "m then r then e then v then k then s",
        "m and r and e and v and k and s",
        "m-r-e-v-k-s",
        "m – r – e – v – k – s",
        "m|r|e|v|k|s",
        "(m)(r)(e)(v)(k)(s)",
        "m r e v k s (the coherent sum)",
        "m r e v k s ∎",
        "(m r) e v k s",
    ],
)
def test_an_order_typed_as_students_do_is_read(answer):
    v = check(BOX, answer)
    assert (v.verdict, v.note, v.interpreted) == ("correct", "correct", "m → r → e → v → k → s")


@pytest.mark.parametrize("answer", ["m r e v k s (i is a distractor)", "m r e v k s (also i)"])
def test_a_remark_naming_a_block_is_refused_not_guessed(answer):
    v = check(BOX, answer)
    assert v.verdict == "invalid" and "can't tell whether the blocks" in v.feedback


@pytest.mark.parametrize(
    ("answer", "says"),
    [("x-y", "no block 'x-y'"), ("m-r-m", "used twice"), ("m then then", "still missing")],
)
def test_other_text_is_still_refused_or_judged_as_it_is(answer, says):
    v = check(BOX, answer)
    assert v.verdict != "correct"
    assert says in v.feedback


@pytest.mark.parametrize(
    "answer",
    [
        "'m', 'r', 'e', 'v', 'k', 's'",
        '["m","r","e","v","k","s"]',
        "m r e v k s — done",
        "m r e v k s -- my final order",
    ],
)
def test_keys_quoted_as_code_writes_them_and_a_remark_after_a_dash(answer):
    v = check(BOX, answer)
    assert (v.verdict, v.interpreted) == ("correct", "m → r → e → v → k → s"), v.feedback


def test_a_dash_before_a_block_is_still_a_separator():
    # "— v k s" names blocks: the dash separates them, it does not start a remark
    assert check(BOX, "m r e — v k s").interpreted == "m → r → e → v → k → s"
