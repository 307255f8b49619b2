"""The leak check reads a text the way the grader reads an answer (trial-instructor s6, 2.1,
2.2 and 2.4): a proof order in any form ``grade`` marks correct, and a number said in words
after any phrase, in a text shown before a box is solved, is a leak; so is either in a
reference card, which a student can open before solving."""

from __future__ import annotations

from dataclasses import replace

import pytest
import shipped_content

from tutor.authoring import leaks
from tutor.checking.judge import check


def _leaks_in(text: str, box_id: str, monkeypatch) -> list[leaks.Leak]:
    content = shipped_content.handout()
    shown = leaks.ShownText("p.toml", ("boxes", box_id, "hints", 0), text, "hint 1", (box_id,))
    monkeypatch.setattr(leaks, "shown_texts", lambda c, parts=None: iter([shown]))
    return list(leaks.find_leaks(content, check))


@pytest.mark.parametrize(
    "hint",
    [
        "Go m, then r, then e, then v, then k, then s.",
        "Go m then r then e then v then k then s.",
        "The chain is m-r-e-v-k-s, more or less.",
        "Think mrevks.",
        "In short: (m)(r)(e)(v)(k)(s).",
        "Any correct order works, e.g. v m r e k s.",  # not the key's order, but correct
    ],
)
def test_a_proof_order_the_grader_accepts_is_a_leak(hint, monkeypatch):
    box = shipped_content.handout().boxes["1b.proof"]
    found = _leaks_in(hint, "1b.proof", monkeypatch)
    assert found, hint
    assert check(box, found[0].span.text).verdict == "correct"


@pytest.mark.parametrize(
    "hint",
    ["Start from the update m and ask what r says.", "m then r then e: the rest follows."],
)
def test_a_partial_order_or_prose_is_not_a_leak(hint, monkeypatch):
    assert not _leaks_in(hint, "1b.proof", monkeypatch)


@pytest.mark.parametrize(
    "phrase", ["it comes to {}.", "you get {} in all", "it works out to {}", "about {}, then"]
)
def test_a_number_in_words_after_any_phrase_is_a_leak(phrase, monkeypatch):
    box = shipped_content.handout().boxes["5a.fwd"]
    assert box.answer == "20"
    found = _leaks_in("Count layer by layer; " + phrase.format("twenty"), "5a.fwd", monkeypatch)
    assert found and found[0].span.text == "20" and found[0].span.said == "twenty"


@pytest.mark.parametrize(
    ("words", "digits"),
    [
        ("a hundred and twenty", "120"),
        ("three hundred and twelve", "312"),
        ("two thousand five hundred", "2500"),
        ("one million", "1000000"),
        ("ninety-nine", "99"),
    ],
)
def test_number_words_beyond_ninety_nine_are_read(words, digits):
    spans = leaks.math_spans(f"Then you get {words} of them", numbers=True)
    assert any(s.text == digits and s.said == words for s in spans), spans


def test_a_number_word_in_a_hint_of_a_count_box_is_judged_by_its_checker(monkeypatch):
    content = shipped_content.handout()
    box = replace(content.boxes["5a.fwd"], answer="120")
    monkeypatch.setitem(content.boxes, "5a.fwd", box)  # restored after the test
    found = _leaks_in("you end up with a hundred and twenty", "5a.fwd", monkeypatch)
    assert found and found[0].span.text == "120"


def test_a_reference_card_is_leak_checked(monkeypatch):
    content = shipped_content.handout()
    key = content.boxes["1b.value"].answer  # a formula: no coincidence
    card = content.cards["tp5-table3"]
    leaky = replace(card, body=card.body + f"\nIn short, E[RMS²(y′)] is `{key}`.")
    monkeypatch.setitem(content.cards, "tp5-table3", leaky)  # restored after the test
    found = [x for x in leaks.find_leaks(content, check) if x.text.path[0] == "cards"]
    assert [(x.text.path, x.box_id) for x in found] == [
        (("cards", "tp5-table3", "body"), "1b.value")
    ]
    assert "card" in leaks.describe(found[0], content)[2]


def test_the_shipped_cards_state_no_answer():
    content = shipped_content.handout()
    texts = list(leaks.card_texts(content))
    assert {t.path[1] for t in texts} == set(content.cards)
    assert not [x for x in leaks.find_leaks(content, check) if x.text.path[0] == "cards"]
