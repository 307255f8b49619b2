"""A remark after a choice's letter ("c (the flat one)", "b, because …"): left out only when it
does not contradict the letter.

``remark_problem(box, chosen, remark)`` says why a remark cannot be left out, or None. A remark
contradicts its letter when it

1. takes the letter back, rejects it or turns it around ("wrong", "kidding", "is not correct",
   "does not hold", "is a trap", "— nope", "❌": ``tutor.inputlang.takeback.rejection``, the
   vocabulary every box's remark is read with; "the other way around", "except …"), or names
   another choice's letter ("I think it's a", "a is the real reason");
2. read on its own, says another choice (in that choice's words, in their order) and not the
   chosen one;
3. claims the opposite of the chosen text's own claim words (``OPPOSITES``: "higher" where the
   choice says "lower", "stays the same" where it says "moves"), overall or for one regime
   ("under μP they grow" where the choice says μP's stay flat);
4. names a growth in a width the chosen text says does not matter ("and linear in d2" where it
   says "not at all with d2");
5. where the choices are formulas, states a relation of another choice's formula that the
   chosen one does not state, in symbols or with the norm in words ("b, since ‖W‖_* = Θ(1)",
   "b: the spectral norms are Θ(1)"; ``tutor.checking.choice_formulas.other_formula``).

Which choice is right is never said: the student is asked for the letter alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tutor.checking.choice_formulas import other_formula
from tutor.inputlang.takeback import REJECTED_PATTERN, TAKE_BACK, rejection

# claim words, by what they claim (one word may say only one thing)
CLAIMS: dict[str, frozenset[str]] = {
    "up": frozenset(
        "grow grows growing grew grown increase increases increasing increased rise rises "
        "rising larger bigger greater blow blows explode explodes".split()
    ),
    "down": frozenset(
        "shrink shrinks shrinking shrank decrease decreases decreasing decreased smaller "
        "vanish vanishes".split()
    ),
    "flat": frozenset("flat stay stays staying stayed constant same unchanged put fixed".split()),
    "move": frozenset(
        "move moves moving moved shift shifts shifting shifted change changes changing changed "
        "different drift drifts varies vary depends".split()
    ),
    "high": frozenset("higher high".split()),
    "low": frozenset("lower low".split()),
    # (of training: "harder to train" is worse, "easier to train" better)
    "better": frozenset("better best easier easy".split()),
    "worse": frozenset("worse worst harder hard".split()),
    "wide": frozenset("wider wide widest".split()),
    "narrow": frozenset("narrower narrow narrowest".split()),
}
# claims that contradict each other (declared once, both ways)
_PAIRS = (
    ("up", "down"),
    ("up", "flat"),
    ("down", "flat"),
    ("flat", "move"),
    ("high", "low"),
    ("better", "worse"),
    ("wide", "narrow"),
)
OPPOSITES: dict[str, frozenset[str]] = {
    claim: frozenset({b for a, b in _PAIRS if a == claim} | {a for a, b in _PAIRS if b == claim})
    for claim in CLAIMS
}
# the one opposite of a negated claim ("does not move" is "stays"), where there is only one
_NEGATED = {c: next(iter(o)) for c, o in OPPOSITES.items() if len(o) == 1} | {"move": "flat"}
_CLAIM_OF = {w: c for c, words in CLAIMS.items() for w in words}
# a comparison of two sides ("wider beats narrow"): the sides are no claim of their own
_SIDES = (("wide", "narrow"),)

# words that take the letter back (anywhere: ``TAKE_BACK``) or turn it around
_TAKE_BACK_RE = re.compile(
    rf"(?<![\w'’])(?:{'|'.join(sorted(TAKE_BACK))}|opposite|reversed?|backwards?|"
    r"swapped|flipped|inverted|inverse|except|vice\s+versa|other\s+way(?:\s+round|\s+around)?|"
    r"not\s+really|scratch\s+that)(?![\w'’])",
    re.I,
)
# a statement that another choice is wrong ("b, because a is wrong", "c; b ❌"): a contrast, no
# take-back (the same rejections as of the chosen letter)
_OTHER_WRONG_RE = (
    rf"(?<![\w'’])\(?(?:{{letters}})\)?(?:{REJECTED_PATTERN.replace('{', '{{').replace('}', '}}')})"
)
# another choice's letter picked in the remark, "a" included ("it's a", "(a is the real reason",
# "wrong, a)"); "a" before a word stays an article ("a lower loss")
_PICKED_LETTER = (
    r"(?:(?<![\w'’])(?:it['’]?s|it\s+is|is|was|means?|meant|actually|really|then|rather|"
    r"answer)\s+[(\[]?(?P<l1>{letters})[)\]]?(?=\s*(?:[).,;:!?\]]|$))"
    r"|(?:^|[(\[,;:])\s*(?P<l2>{letters})\s*(?=[)\],;:]|$)"
    r"|(?<![\w'’])[(\[]?(?P<l3>{letters})[)\]]?\s+(?:is|was)\s+(?:the|right|correct|true|"
    r"better|what|it)(?![\w'’]))"
)
# a word before another letter that sets it against the chosen one ("b and not (a)")
_CONTRASTING = frozenset("not isn't than over of nor unlike".split())
# words that open a reason, left out before the remark is read as words
_REASON_LEAD = frozenset("because since as for given so it its it's that this which".split())
_WIDTH_RE = re.compile(r"[a-z][0-9₀-₉]")
# words that say an answer grows with the width after them ("linear in d2", "with d2 too")
_GROWTH_WORDS = frozenset(
    "linear linearly like scales scale scaling grows grow with in proportional times on "
    "depends".split()
)

MESSAGE = (
    "The words after your letter ({key}) do not agree with that choice (they take it back, "
    "name another choice, or claim something else): type just the letter you mean."
)


@dataclass(frozen=True)
class ChoiceReader:
    """What the choice reader (``tutor.checking.readas``) lends to read a remark with: its
    words, its test of words said by a choice's text in order, its choice said in words, and
    its word lists."""

    words: Callable[[str], list[str]]
    fits_in_order: Callable[[list[str], str], bool]
    said_in_words: Callable[[Any, str], Any]
    filler: frozenset[str]
    negating: frozenset[str]
    regimes: frozenset[str]

    def remark_problem(self, box: Any, chosen: Any, remark: str) -> str | None:
        """Why ``remark``, typed after the letter of ``chosen``, can't be left out: it contradicts
        the choice (see the module's rules). None when it can."""
        if not self._plain(remark) and rejection(remark) is None:
            return None  # "(c) ✓": no words, no cross
        said = " ".join(self._plain(chosen.text))
        if self._takes_back(box, chosen, remark, said) or self._says_other(box, chosen, remark):
            return MESSAGE.format(key=chosen.key)
        if self._opposite_claim(chosen.text, remark) or self._regime_swapped(box, chosen, remark):
            return MESSAGE.format(key=chosen.key)
        if self._width_grows(box, chosen.text, remark):
            return MESSAGE.format(key=chosen.key)
        if other_formula(box.choices, chosen, remark):
            return MESSAGE.format(key=chosen.key)
        return None

    def _plain(self, text: str) -> list[str]:
        """The words of ``text``, a negation spelled out ("doesn't" is "does not")."""
        return self.words(re.sub(r"n['’]t(?![\w'’])", " not", text, flags=re.I))

    def _takes_back(self, box: Any, chosen: Any, remark: str, said: str) -> bool:
        others = [re.escape(c.key) for c in box.choices if c is not chosen and len(c.key) == 1]
        text = remark
        if others:
            letters = "|".join(others)
            text = re.sub(_OTHER_WRONG_RE.format(letters=letters), " ", text, flags=re.I)
            for m in re.finditer(_PICKED_LETTER.format(letters=letters), text, flags=re.I):
                before = re.findall(r"[a-z'’]+", text[: m.start(m.lastgroup or 0)].lower())
                if not (before and before[-1] in _CONTRASTING):
                    return True  # "not (a)", "rather than a": a contrast, no second pick
        for m in _TAKE_BACK_RE.finditer(text):
            if " ".join(self._plain(m.group())) not in said:
                return True
        rejected = rejection(text)  # "is not correct", "does not hold", "— nope", "❌"
        if rejected is None:
            return False
        # (a phrase of the chosen text's own, said again, is the text's: never a lone "not")
        phrase = self._plain(rejected)
        return len(phrase) < 2 or f" {' '.join(phrase)} " not in f" {said} "

    def _remark_words(self, remark: str) -> list[str]:
        words = self._plain(remark)
        while words and words[0] in _REASON_LEAD:
            words = words[1:]
        return words

    def _says_other(self, box: Any, chosen: Any, remark: str) -> bool:
        """The remark, read alone, says another choice and not the chosen one."""
        words = self._remark_words(remark)
        other = self.said_in_words(box, " ".join(words))
        if other is not None and other is not chosen:
            return True
        typed = [w for w in words if w not in self.filler]
        if len(set(typed) - self.regimes) < 2 or self.fits_in_order(typed, chosen.text):
            return False
        own, said = self._own_by_regime(box, chosen), self._by_regime(words)
        if said and all(r in own and claims <= own[r] for r, claims in said.items()):
            return False  # "d, under μP they stay flat": the chosen text's claim of that regime
        return any(c is not chosen and self.fits_in_order(typed, c.text) for c in box.choices)

    def _claims(self, words: list[str]) -> set[str]:
        """The claims of some words: a negated one ("not move") as its one opposite, else left out;
        the two sides of a comparison ("wider … than narrow") left out."""
        found: set[str] = set()
        for i, w in enumerate(words):
            claim = _CLAIM_OF.get(w)
            if claim is None:
                continue
            if any(x in self.negating for x in words[max(0, i - 4) : i]):
                if claim not in _NEGATED:
                    continue
                claim = _NEGATED[claim]
            found.add(claim)
        for a, b in _SIDES:
            if a in found and b in found:
                found -= {a, b}
        return found

    def _contradicts(self, claims: set[str], own: set[str]) -> bool:
        return any(c not in own and OPPOSITES[c] & own for c in claims)

    def _opposite_claim(self, text: str, remark: str) -> bool:
        """A claim of the remark's whose opposite the chosen text makes, and it does not."""
        words = self._remark_words(remark)
        # what follows a regime's name is that regime's claim: judged by _regime_swapped ("b
        # (unlike μP, where it stays the same)" says nothing against (b) of SP's optimum)
        first = next((i for i, w in enumerate(words) if w in self.regimes), len(words))
        return self._contradicts(self._claims(words[:first]), self._claims(self._plain(text)))

    def _by_regime(self, words: list[str]) -> dict[str, set[str]]:
        """The claims said of each regime ("under SP they grow; under μP they stay flat"): the
        words after a regime's name, up to the next one's; a regime with none of its own ("SP and
        μP alike, …") shares the next one's."""
        out: dict[str, set[str]] = {}
        waiting: list[str] = []
        current: str | None = None
        part: list[str] = []

        def close() -> None:
            nonlocal waiting
            if current is None:
                return
            claims = self._claims(part)
            if not claims:
                waiting.append(current)
                return
            for r in [*waiting, current]:
                out.setdefault(r, set()).update(claims)
            waiting = []

        for w in words:
            if w in self.regimes:
                close()
                current, part = ("μp" if w == "mup" else w), []
            else:
                part.append(w)
        close()
        return out

    def _own_by_regime(self, box: Any, chosen: Any) -> dict[str, set[str]]:
        """The claims the chosen text makes of each regime; its words before any regime's name
        are of the one regime the box's prompt names ("Under μP, the best learning rate…")."""
        words = self._plain(chosen.text)
        named = {"μp" if w == "mup" else w for w in self._plain(box.prompt)} & self.regimes
        if len(named) == 1 and not (words and words[0] in self.regimes):
            words = [*named, *words]
        return self._by_regime(words)

    def _regime_swapped(self, box: Any, chosen: Any, remark: str) -> bool:
        """A regime the remark says the opposite of what the chosen text says of it (of one the
        chosen text says nothing of, the remark may say anything: "unlike SP, …")."""
        own = self._own_by_regime(box, chosen)
        said = self._by_regime(self._remark_words(remark))
        return any(r in own and self._contradicts(claims, own[r]) for r, claims in said.items())

    def _width_grows(self, box: Any, text: str, remark: str) -> bool:
        """A growth in a width ("linear in d2", "d1 d2", "with d2 too") that the chosen text says
        does not matter ("not at all with d2")."""
        widths = {w for c in box.choices for w in self._plain(c.text) if _WIDTH_RE.fullmatch(w)}
        if not widths:
            return False
        excluded: set[str] = set()
        for part in re.split(r"[.;:,!?]+(?=\s|$)", text):
            words = self._plain(part)
            for i, w in enumerate(words):
                if w in widths and any(x in self.negating for x in words[:i]):
                    excluded.add(w)
        for part in re.split(r"[.;:,!?]+(?=\s|$)", remark):
            words = self._plain(part)
            for i, w in enumerate(words):
                if w not in excluded:
                    continue
                before = words[max(0, i - 3) : i]
                if any(x in self.negating for x in words[:i]):
                    continue
                product = (i and words[i - 1] in widths) or (
                    i + 1 < len(words) and words[i + 1] in widths
                )
                also = i + 1 < len(words) and words[i + 1] in ("too", "also", "as")
                if product or also or set(before) & _GROWTH_WORDS:
                    return True
        return False
