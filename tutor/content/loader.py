"""Loading the tutoring content: the TOML files read, every key checked against the schema
(with "did you mean" for typos), placeholders and control characters checked, and the typed
model (``tutor.content.model``) built. ``load_content`` raises ``ContentError`` with the file,
line and key of every problem found. Only the standard library is imported, so the command line
loads content cheaply.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import os
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from tutor.content.controlchars import control_character_issues, text_size_issues
from tutor.content.files import content_files, read_content_file
from tutor.content.issues import ContentError, ContentIssue, IssueCode
from tutor.content.model import (
    BOX_KINDS,
    ORDER_VERDICTS,
    VERDICTS,
    BoxSpec,
    Card,
    Choice,
    Content,
    Distractor,
    Explain,
    Part,
    Problem,
    ProofBlock,
    QuestionTest,
    Reading,
    Reflect,
    SymbolSpec,
)
from tutor.content.paramreader import read_parameters, when_of
from tutor.content.placeholders import placeholder_issues
from tutor.content.positions import LineLocator, format_key
from tutor.verdicts import to_verdict

SCHEMA_VERSION = 1
CARDS_FILE = "cards.toml"
BOUNDS = ("upper", "lower", "none")

TOP_KEYS = ("schema", "problem", "parts", "boxes", "cards")
PROBLEM_KEYS = ("id", "title", "summary", "params", "derived", "constraints")
PART_KEYS = (
    "id",
    "title",
    "statement",
    "boxes",
    "solution",
    "reading",
    "errata",
    "plot",
    "cards",
    "explain",
    "reflect",
    "params",
    "derived",
    "constraints",
    "points",
)
MAX_PART_POINTS = 1000  # a part's `points` (gradebook weight) lies in 0..MAX_PART_POINTS
EXPLAIN_KEYS = ("prompt", "points")
REFLECT_KEYS = ("id", "prompt", "prefill")
BOX_KEYS = (
    "kind",
    "prompt",
    "answer",
    "hints",
    "feedback",
    "symbols",
    "functions",
    "width",
    "order",
    "order_feedback",
    "unit",
    "bound",
    "nouns",
    "choices",
    "measure",
    "definitions",
    "givens",
    "accept",
    "mistakes",
    "tests",
    "blocks",
    "distractors",
    "after",
    "unknown",
    "target",
    "weight_variance",
    "labels",
)
SYMBOL_KEYS = ("domain", "integer", "positive")
READING_KEYS = ("answer", "note", "verdict", "feedback", "when")
TEST_KEYS = ("input", "verdict", "note", "when")
CHOICE_KEYS = ("key", "text")
BLOCK_KEYS = ("key", "text", "depends")
DISTRACTOR_KEYS = ("key", "text", "feedback")
MAX_PROOF_BLOCKS = 40  # blocks and distractors in one proof box (keeps grading instant)
CARD_KEYS = ("title", "body")
MIN_HINTS = 3
PREFILLS = ("hours",)  # what a reflect prompt can be prefilled with

_SYMBOLIC_KINDS = ("expression", "order", "expectation", "reparam")
# keys that only mean something for some box kinds
KIND_KEYS: dict[str, tuple[str, ...]] = {
    "symbols": _SYMBOLIC_KINDS + ("derivation",),
    "functions": _SYMBOLIC_KINDS + ("derivation",),
    "width": _SYMBOLIC_KINDS,
    "order": _SYMBOLIC_KINDS,
    "order_feedback": _SYMBOLIC_KINDS,
    "unit": ("number",),
    "bound": ("number",),
    "nouns": ("count",),
    "choices": ("choice",),
    "measure": ("expectation", "reparam"),
    "definitions": _SYMBOLIC_KINDS + ("derivation",),
    "givens": ("number", "count"),
    "blocks": ("proof",),
    "distractors": ("proof",),
    "after": ("proof", "derivation"),
    "unknown": ("derivation",),
    "target": ("derivation",),
    "weight_variance": ("expression", "order"),
    "labels": ("expression", "order", "count", "number", "expectation"),
}

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_NOTE_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")

Path_ = (
    tuple  # a key path: strings and list indices, e.g. ("boxes", "5a.fwd", "tests", 3, "verdict")
)


@dataclass
class _FileReader:
    """Reads one parsed TOML file into dataclasses, collecting issues as it goes."""

    name: str
    locator: LineLocator
    issues: list[ContentIssue]
    # keys reported as misspelt, as (table path + (the key they were taken for),):
    # a missing-key error for the same key would report the one slip twice
    misspelt: set = field(default_factory=set)
    # plot names a part may use (None: not checked here)
    known_plots: frozenset[str] | None = None
    # box ids that only sub-tables name ([[boxes."5a.fdw".tests]] with no [boxes."5a.fdw"]):
    # id -> each sub-table's key and its number of entries (None for a table), reported once
    # all files are read (``_orphan_issues``)
    orphans: dict[str, dict[str, int | None]] = field(default_factory=dict)
    # box ids reported as not valid (a lookalike letter): their "no part lists" and the
    # tables left under the id the author meant follow from that one error
    invalid_boxes: set[str] = field(default_factory=set)
    # each [[parts]] table's names (its problem's and its own, by its place in the file) and
    # the boxes it lists: a part's placeholders are checked against its own declarations, even
    # when another part of the file has the same id (that id is one error, not a flood)
    part_scopes: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)

    def typo_reported(self, path: tuple, key: str) -> bool:
        return tuple(path) + (key,) in self.misspelt

    def issue(self, path: tuple, message: str, code: IssueCode = "schema") -> None:
        self.issues.append(
            ContentIssue(self.name, self.locator.line(path), format_key(path), message, code)
        )

    def check_keys(self, table: dict, known: tuple[str, ...], path: tuple, what: str) -> None:
        for key in table:
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            if close and close[0] not in table:
                self.misspelt.add(tuple(path) + (close[0],))
                hint = f"did you mean '{close[0]}'? rename the key"
            elif close:
                hint = f"did you mean '{close[0]}'? it is already set, so remove this one"
            else:
                hint = "known keys: " + ", ".join(known)
            self.issue(path + (key,), f"unknown key '{key}' in {what}; {hint}")

    def table(self, parent: dict, key: str, path: tuple, required: bool = True) -> dict | None:
        value = parent.get(key)
        if value is None:
            if required and not self.typo_reported(path, key):
                self.issue(path, f"missing table '{key}'; add [{format_key(path + (key,))}]")
            return None
        if not isinstance(value, dict):
            self.issue(path + (key,), f"must be a table, not {_type_name(value)}")
            return None
        return value

    def string(
        self,
        table: dict,
        key: str,
        path: tuple,
        *,
        required: bool = True,
        default: str = "",
        nonempty: bool = True,
    ) -> str:
        if key not in table:
            if required and not self.typo_reported(path, key):
                self.issue(path, f"missing key '{key}' (a string); add {key} = \"...\"")
            return default
        value = table[key]
        if not isinstance(value, str):
            self.issue(
                path + (key,), f"must be a string, not {_type_name(value)}; put it in quotes"
            )
            return default
        if nonempty and not value.strip():
            self.issue(path + (key,), "is empty; write some text or remove the key")
        return value

    def boolean(self, table: dict, key: str, path: tuple, default: bool) -> bool:
        if key not in table:
            return default
        value = table[key]
        if not isinstance(value, bool):
            self.issue(path + (key,), f"must be true or false, not {_type_name(value)}")
            return default
        return value

    def strings(
        self, table: dict, key: str, path: tuple, *, required: bool = False
    ) -> tuple[str, ...]:
        if key not in table:
            if required and not self.typo_reported(path, key):
                self.issue(path, f"missing key '{key}' (a list of strings); add {key} = [\"...\"]")
            return ()
        value = table[key]
        if not isinstance(value, list):
            self.issue(
                path + (key,),
                f'must be a list of strings, not {_type_name(value)}; write {key} = ["..."]',
            )
            return ()
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.issue(path + (key, i), f"must be a string, not {_type_name(item)}")
            elif not item.strip():
                self.issue(path + (key, i), "is an empty string; write some text or remove it")
            else:
                out.append(item)
        return tuple(out)

    def choice_of(
        self, table: dict, key: str, path: tuple, allowed: tuple[str, ...], default: str
    ) -> str:
        if key not in table:
            return default
        value = table[key]
        if not isinstance(value, str) or value not in allowed:
            shown = repr(value) if isinstance(value, str) else _type_name(value)
            self.issue(path + (key,), f"is {shown}; use one of: " + ", ".join(allowed))
            return default
        return value

    def points(self, table: dict, key: str, path: tuple) -> float | None:
        """An optional number of points, 0 to MAX_PART_POINTS (None when absent or wrong)."""
        if key not in table:
            return None
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.issue(path + (key,), f"must be a number of points, not {_type_name(value)}")
            return None
        if not 0 <= value <= MAX_PART_POINTS:  # also refuses nan and inf
            self.issue(path + (key,), f"is {value}; give a number from 0 to {MAX_PART_POINTS}")
            return None
        return float(value)

    def tables(self, table: dict, key: str, path: tuple) -> list[tuple[int, dict]]:
        if key not in table:
            return []
        value = table[key]
        if isinstance(value, dict):
            self.issue(
                path + (key,),
                f"must be an array of tables; write [[{format_key(path + (key,))}]] for each entry",
            )
            return []
        if not isinstance(value, list):
            self.issue(path + (key,), f"must be an array of tables, not {_type_name(value)}")
            return []
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                self.issue(path + (key, i), f"must be a table, not {_type_name(item)}")
            else:
                out.append((i, item))
        return out

    def check_placeholders(self, data: dict, problem: Problem | None, text: str) -> None:
        """Report every ``{{name}}`` whose name is not a parameter or value in scope."""
        problem_names = problem.parameters.declared if problem and problem.parameters else ()
        part_names: dict[str | int, tuple[str, ...]] = {}
        box_names: dict[str, tuple[str, ...]] = {}
        for i, (own, boxes) in sorted(self.part_scopes.items()):
            part_names[i] = problem_names + own
            for box_id in boxes:
                box_names.setdefault(box_id, problem_names + own)
        for part in problem.parts if problem else ():
            part_names.setdefault(
                part.id, problem_names + (part.parameters.declared if part.parameters else ())
            )
        rows = text.splitlines()
        for path, written, message in placeholder_issues(
            data, problem_names, part_names, box_names
        ):
            line = self.locator.line(path)
            if line is not None:
                found = next(
                    (n for n in range(line, len(rows) + 1) if written in rows[n - 1]), None
                )
                line = found or line
            self.issues.append(ContentIssue(self.name, line, format_key(path), message))

    # -- problem files ----------------------------------------------------

    def problem(self, data: dict) -> tuple[Problem | None, dict[str, BoxSpec]]:
        ptable = self.table(data, "problem", ())
        if ptable is None:
            return None, {}
        self.check_keys(ptable, PROBLEM_KEYS, ("problem",), "[problem]")
        pid = self.string(ptable, "id", ("problem",))
        if pid and not _ID_RE.match(pid):
            self.issue(
                ("problem", "id"),
                f"'{pid}' is not a valid id{_odd_character(pid)}; use letters, digits, - and _",
            )
        title = self.string(ptable, "title", ("problem",))
        summary = self.string(ptable, "summary", ("problem",), required=False)
        parameters = read_parameters(self, ptable, ("problem",))
        parts = []
        if "parts" not in data and not self.typo_reported((), "parts"):
            self.issue((), "no [[parts]]; a problem needs at least one part")
        for i, ptab in self.tables(data, "parts", ()):
            part = self.part(ptab, ("parts", i), pid)
            if part is not None:
                parts.append(part)
        boxes: dict[str, BoxSpec] = {}
        btable = self.table(data, "boxes", (), required=False) or {}
        for box_id, spec in btable.items():
            path = ("boxes", box_id)
            if not isinstance(spec, dict):
                self.issue(
                    path, f'must be a table, not {_type_name(spec)}; write [boxes."{box_id}"]'
                )
                continue
            if _only_sub_tables(spec):
                self.orphans[box_id] = {
                    k: len(v) if isinstance(v, list) else None for k, v in spec.items()
                }
                continue
            box = self.box(box_id, spec, path)
            if box is not None:
                boxes[box_id] = box
        return (
            Problem(pid, title, summary, tuple(parts), source=self.name, parameters=parameters),
            boxes,
        )

    def part(self, table: dict, path: tuple, problem_id: str) -> Part | None:
        self.check_keys(table, PART_KEYS, path, "a part")
        pid = self.string(table, "id", path)
        if pid and not _ID_RE.match(pid):
            self.issue(
                path + ("id",),
                f"'{pid}' is not a valid id{_odd_character(pid)}; use letters, digits, - and _",
            )
        title = self.string(table, "title", path)
        statement = self.string(table, "statement", path)
        solution = self.string(table, "solution", path)
        boxes = self.strings(table, "boxes", path)
        stray = outside_problem(problem_id, pid) if pid and problem_id else None
        misnamed = [b for b in boxes if b.split(".", 1)[0] != pid]
        if stray is not None and misnamed:
            # the part's id is the slip (a copied part, its boxes named for where it belongs):
            # that one error, not one "should be named" per box
            named = {b.split(".", 1)[0] for b in misnamed}
            hint = f'did you mean id = "{min(named)}"? ' if len(named) == 1 else ""
            self.issue(
                path + ("id",),
                f"{stray[0]} and its boxes are named {', '.join(sorted(named))}.<name>; "
                f"{hint}{stray[1]}",
            )
            misnamed = []
        for i, box_id in enumerate(boxes):
            if pid and box_id in misnamed:
                self.issue(
                    path + ("boxes", i),
                    f"box '{box_id}' should be named '{pid}.<name>' (its part's id, a dot, a name)",
                )
        if len(set(boxes)) != len(boxes):
            self.issue(path + ("boxes",), "lists a box twice; list each box once")
        reading = self.string(table, "reading", path, required=False)
        errata = self.strings(table, "errata", path)
        plot = self.string(table, "plot", path, required=False, default="") or None
        if plot and self.known_plots is not None and plot not in self.known_plots:
            self.issue(path + ("plot",), _unknown_plot(plot, self.known_plots), "unknown-plot")
        cards = self.strings(table, "cards", path)
        explain = None
        etable = self.table(table, "explain", path, required=False)
        if etable is not None:
            epath = path + ("explain",)
            self.check_keys(etable, EXPLAIN_KEYS, epath, "[parts.explain]")
            prompt = self.string(etable, "prompt", epath)
            points = self.strings(etable, "points", epath, required=True)
            if "points" in etable and not points:
                self.issue(epath + ("points",), "is empty; list the rubric's key points")
            explain = Explain(prompt, points)
        reflects = []
        for i, rtab in self.tables(table, "reflect", path):
            rpath = path + ("reflect", i)
            self.check_keys(rtab, REFLECT_KEYS, rpath, "a reflect prompt")
            rid = self.string(rtab, "id", rpath)
            rprompt = self.string(rtab, "prompt", rpath)
            prefill = self.choice_of(rtab, "prefill", rpath, PREFILLS, "") or None
            reflects.append(Reflect(rid, rprompt, prefill))
        if not (boxes or explain or reflects):
            self.issue(path, "has nothing to answer; add boxes, [parts.explain] or reflect prompts")
        parameters = read_parameters(self, table, path)
        if isinstance(path[-1], int):
            self.part_scopes[path[-1]] = (parameters.declared if parameters else (), boxes)
        if not pid or not title:
            return None
        return Part(
            id=pid,
            title=title,
            statement=statement,
            solution=solution,
            boxes=boxes,
            reading=reading,
            errata=errata,
            plot=plot,
            cards=cards,
            explain=explain,
            reflect=tuple(reflects),
            problem_id=problem_id,
            parameters=parameters,
            points=self.points(table, "points", path),
        )

    def box(self, box_id: str, table: dict, path: tuple) -> BoxSpec | None:
        self.check_keys(table, BOX_KEYS, path, "a box")
        if "." not in box_id or not all(box_id.split(".", 1)):
            self.issue(path, f"box id '{box_id}' must be '<part>.<name>', e.g. '5a.fwd'")
        elif odd_char := _odd_character(box_id, allowed="-_."):
            # a lookalike letter used the same everywhere passes every other check, and a
            # student typing the id in ASCII is told "unknown box"
            self.invalid_boxes.add(box_id)
            self.issue(
                path,
                f"'{box_id}' is not a valid box id{odd_char}; use letters, digits, - and _ "
                "on each side of the dot",
            )
        kind = self.string(table, "kind", path)
        if kind and kind not in BOX_KINDS:
            close = difflib.get_close_matches(kind, BOX_KINDS, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            self.issue(
                path + ("kind",),
                f"'{kind}' is not a box kind; {hint}use one of: " + ", ".join(BOX_KINDS),
            )
            kind = ""
        prompt = self.string(table, "prompt", path)
        answer = self.string(table, "answer", path)
        hints = self.strings(table, "hints", path, required=True)
        if (
            "hints" in table
            and isinstance(table["hints"], list)
            and len(table["hints"]) < MIN_HINTS
        ):
            self.issue(
                path + ("hints",),
                f"has {len(table['hints'])} hint(s); write at least {MIN_HINTS}, from a nudge to the key step",
            )
        feedback = self.string(table, "feedback", path, required=False)
        if kind:
            for key, kinds in KIND_KEYS.items():
                if key in table and kind not in kinds:
                    self.issue(
                        path + (key,),
                        f"only applies to {' / '.join(kinds)} boxes, and this box is '{kind}'; remove it",
                    )
        symbols = []
        stable = self.table(table, "symbols", path, required=False) or {}
        for name, sdef in stable.items():
            spath = path + ("symbols", name)
            if not isinstance(sdef, dict):
                self.issue(
                    spath, f"must be a table like {{ domain = [0.5, 3] }}, not {_type_name(sdef)}"
                )
                continue
            self.check_keys(sdef, SYMBOL_KEYS, spath, "a symbol")
            domain = (0.5, 3.0)
            if "domain" in sdef:
                d = sdef["domain"]
                ok = (
                    isinstance(d, list)
                    and len(d) == 2
                    and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in d)
                )
                odd = [x for x in d if _not_finite(x)] if isinstance(d, list) else []
                if ok and odd:
                    self.issue(
                        spath + ("domain",),
                        f"{odd[0]!r} is not allowed: give a finite bound, e.g. domain = [0.5, 3]",
                    )
                elif not ok:
                    self.issue(
                        spath + ("domain",),
                        "must be two numbers [low, high], e.g. domain = [0.5, 3]",
                    )
                elif not d[0] < d[1]:
                    self.issue(
                        spath + ("domain",),
                        f"low {d[0]} is not below high {d[1]}; write [low, high]",
                    )
                else:
                    domain = (float(d[0]), float(d[1]))
            integer = self.boolean(sdef, "integer", spath, False)
            positive = self.boolean(sdef, "positive", spath, True)
            symbols.append(SymbolSpec(name, domain, integer, positive))
        functions = self.strings(table, "functions", path)
        width = self.string(table, "width", path, required=False, default="") or None
        if width and width not in stable:
            self.issue(
                path + ("width",),
                f"'{width}' is not one of this box's symbols; declare it under symbols or fix the name",
            )
        order = self.choice_of(table, "order", path, ORDER_VERDICTS, "partial")
        order_feedback = self.string(table, "order_feedback", path, required=False)
        unit = self.string(table, "unit", path, required=False, default="") or None
        bound = self.choice_of(table, "bound", path, BOUNDS, "none")
        nouns = self.strings(table, "nouns", path)
        # other names of the box's quantity a label may use: "E‖y‖²/d2 = d1" (tutor.checking.labels)
        labels = self.strings(table, "labels", path)
        choices = []
        for i, ctab in self.tables(table, "choices", path):
            cpath = path + ("choices", i)
            self.check_keys(ctab, CHOICE_KEYS, cpath, "a choice")
            choices.append(
                Choice(self.string(ctab, "key", cpath), self.string(ctab, "text", cpath))
            )
        if kind == "choice":
            if not choices and "choices" not in table:
                self.issue(path, 'a choice box needs choices = [{ key = "a", text = "..." }, ...]')
            keys = [c.key for c in choices]
            if len(set(keys)) != len(keys):
                self.issue(
                    path + ("choices",), "two choices share a key; give each a different key"
                )
        measure = self.string(table, "measure", path, required=False, default="") or None
        definitions = []
        dtable = self.table(table, "definitions", path, required=False) or {}
        for name, text in dtable.items():
            dpath = path + ("definitions", name)
            if not _NAME_RE.match(name):
                self.issue(
                    dpath, "a defined name is letters, digits and '_', starting with a letter"
                )
            elif name in stable:
                self.issue(dpath, f"'{name}' is already a symbol of this box; remove one of them")
            elif not isinstance(text, str) or not text.strip():
                self.issue(dpath, 'must be an expression in quotes, e.g. Sigma = "sigma^2"')
            else:
                definitions.append((name, text))
        givens = self.givens(table, path, nouns)
        accept = self.readings(table, "accept", path, ("correct", "partial"), "correct", False)
        mistakes = self.readings(
            table, "mistakes", path, ("incorrect", "partial"), "incorrect", True
        )
        tests = []
        for i, ttab in self.tables(table, "tests", path):
            tpath = path + ("tests", i)
            self.check_keys(ttab, TEST_KEYS, tpath, "a question test")
            tinput = self.string(ttab, "input", tpath, nonempty=False)
            tverdict = self.choice_of(ttab, "verdict", tpath, VERDICTS, "")
            if "verdict" not in ttab and not self.typo_reported(tpath, "verdict"):
                self.issue(
                    tpath,
                    "missing key 'verdict'; add verdict = \"correct\" (or partial, incorrect, invalid)",
                )
            tnote = self.string(ttab, "note", tpath, required=False, default="") or None
            if "input" in ttab and tverdict:
                tests.append(
                    QuestionTest(tinput, to_verdict(tverdict), tnote, when_of(self, ttab, tpath))
                )
        blocks, distractors = self.proof_pool(table, path, kind)
        unknown = self.string(table, "unknown", path, required=False, default="") or None
        if unknown and unknown not in stable:
            self.issue(
                path + ("unknown",),
                f"'{unknown}' is not one of this box's symbols; declare it under symbols",
            )
        target = self.string(table, "target", path, required=False, default="") or None
        weight_variance = self.weight_variance(table, path)
        after = self.strings(table, "after", path) if "after" in table else None
        if not kind or "prompt" not in table or "answer" not in table:
            return None
        return BoxSpec(
            id=box_id,
            kind=kind,
            prompt=prompt,
            answer=answer,
            hints=hints,
            feedback=feedback,
            symbols=tuple(symbols),
            functions=functions,
            width=width,
            order=order,
            order_feedback=order_feedback,
            unit=unit,
            bound=bound,
            nouns=nouns,
            own_labels=tuple(labels),
            choices=tuple(choices),
            measure=measure,
            accept=accept,
            mistakes=mistakes,
            tests=tuple(tests),
            definitions=tuple(definitions),
            givens=givens,
            blocks=blocks,
            distractors=distractors,
            after=after if kind in ("proof", "derivation") else None,
            unknown=unknown,
            target=target,
            weight_variance=weight_variance,
        )

    def weight_variance(self, table: dict, path: tuple) -> str:
        """``weight_variance = "2"`` (or ``"{{var_w}}"``): the variance of the entries a
        multiplier c scales, a positive number; "1" when not given."""
        text = self.string(table, "weight_variance", path, required=False, default="1") or "1"
        if "{{" in text:  # a parameter's value: checked where each variant is made
            return text
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not (math.isfinite(value) and value > 0):
            self.issue(
                path + ("weight_variance",),
                f"must be a positive number in quotes, e.g. weight_variance = \"2\" (got '{text}')",
            )
            return "1"
        return text

    def givens(
        self, table: dict, path: tuple, nouns: tuple[str, ...]
    ) -> tuple[tuple[str, str], ...]:
        """``givens = { N = "{{layers}}", t_fwd = "{{t_fwd}}" }``: the letters a student may use
        in a general formula typed into a number or count box, with their values here."""
        gtable = self.table(table, "givens", path, required=False) or {}
        out: list[tuple[str, str]] = []
        taken = {w.lower() for w in nouns}
        for name, value in gtable.items():
            gpath = path + ("givens", name)
            if not _NAME_RE.match(name):
                self.issue(
                    gpath, "a given's name is letters, digits and '_', starting with a letter"
                )
            elif name.lower() in taken:
                self.issue(
                    gpath,
                    f"'{name}' is also a noun an answer may end with; choose another letter",
                )
            elif isinstance(value, bool) or not isinstance(value, (str, int, float)):
                self.issue(
                    gpath, 'must be a number or a placeholder in quotes, e.g. N = "{{layers}}"'
                )
            elif isinstance(value, str) and not value.strip():
                self.issue(gpath, 'must not be empty; e.g. N = "{{layers}}"')
            elif _not_finite(value) or (
                isinstance(value, str) and value.strip().lower().lstrip("+-") in _NOT_FINITE
            ):
                shown = repr(value) if isinstance(value, float) else str(value).strip()
                self.issue(
                    gpath,
                    f"{shown} is not allowed: a given is a finite number or a placeholder in "
                    'quotes, e.g. N = "{{layers}}"',
                )
            else:
                out.append((name, str(value).strip()))
        return tuple(out)

    def proof_pool(
        self, table: dict, path: tuple, kind: str
    ) -> tuple[tuple[ProofBlock, ...], tuple[Distractor, ...]]:
        """A proof box's blocks and distractors: keys unique and well formed, every
        ``depends`` naming a block (not a distractor), no dependency cycle."""
        blocks: list[ProofBlock] = []
        distractors: list[Distractor] = []
        seen: dict[str, str] = {}  # key -> "block" | "distractor"
        duplicated = False  # a key given twice: a depends naming the key it replaced follows
        for key, what in (("blocks", "a proof block"), ("distractors", "a distractor")):
            for i, btab in self.tables(table, key, path):
                bpath = path + (key, i)
                self.check_keys(
                    btab, BLOCK_KEYS if key == "blocks" else DISTRACTOR_KEYS, bpath, what
                )
                bkey = self.string(btab, "key", bpath)
                text = self.string(btab, "text", bpath)
                if bkey and not _ID_RE.match(bkey):
                    self.issue(
                        bpath + ("key",),
                        f"'{bkey}' is not a valid block key{_odd_character(bkey)}; use letters, "
                        "digits, - and _",
                    )
                    continue
                if bkey in seen:
                    self.issue(
                        bpath + ("key",),
                        f"key '{bkey}' is already used by another {seen[bkey]} of this box; "
                        "give each block and distractor its own key",
                    )
                    duplicated = True
                    continue
                if not bkey:
                    continue
                seen[bkey] = "block" if key == "blocks" else "distractor"
                if key == "blocks":
                    depends = self.strings(btab, "depends", bpath)
                    blocks.append(ProofBlock(bkey, text, depends))
                else:
                    feedback = self.string(btab, "feedback", bpath)
                    distractors.append(Distractor(bkey, text, feedback))
        if kind != "proof":
            return tuple(blocks), tuple(distractors)
        if not blocks and "blocks" not in table:
            self.issue(
                path,
                'a proof box needs blocks = [{ key = "a", text = "...", depends = [] }, ...]',
            )
        if len(blocks) + len(distractors) > MAX_PROOF_BLOCKS:
            self.issue(
                path + ("blocks",),
                f"has {len(blocks) + len(distractors)} blocks and distractors; a proof box "
                f"takes at most {MAX_PROOF_BLOCKS}: split the proof into two boxes",
            )
        self.same_texts(path, blocks, distractors)
        index = {b.key: i for i, b in enumerate(blocks)}
        for b in blocks:
            for j, dep in enumerate(b.depends):
                dpath = path + ("blocks", index[b.key], "depends", j)
                if dep == b.key:
                    self.issue(dpath, f"block '{b.key}' depends on itself; remove '{dep}'")
                elif seen.get(dep) == "distractor":
                    self.issue(
                        dpath,
                        f"'{dep}' is a distractor: no block of a correct proof can use it; "
                        "make it a block or remove it from depends",
                    )
                elif dep not in seen and not duplicated:
                    close = difflib.get_close_matches(dep, list(index), n=1)
                    hint = f"did you mean '{close[0]}'? " if close else ""
                    self.issue(
                        dpath,
                        f"no block has key '{dep}'; {hint}depends lists keys of this box's blocks",
                    )
        loop = dependency_cycle({b.key: b.depends for b in blocks})
        if loop is not None:
            self.issue(
                path + ("blocks",),
                "the blocks depend on each other in a cycle ("
                + " → ".join(loop)
                + "), so no order can be correct; remove one of these depends",
            )
        return tuple(blocks), tuple(distractors)

    def same_texts(
        self, path: tuple, blocks: list[ProofBlock], distractors: list[Distractor]
    ) -> None:
        """One issue for each block or distractor whose text is another's of the pool, ignoring
        case and spaces: a student sees two identical blocks and cannot tell which is right."""
        first: dict[str, tuple[str, str, tuple]] = {}  # text -> (what, key, key path)
        pool = [("block", b.key, ("blocks", i), b.text) for i, b in enumerate(blocks)]
        pool += [
            ("distractor", d.key, ("distractors", i), d.text) for i, d in enumerate(distractors)
        ]
        for what, key, at, text in pool:
            same = " ".join(text.split()).casefold()
            if not same:
                continue
            if same in first:
                other_what, other_key, other_at = first[same]
                self.issue(
                    path + at + ("text",),
                    f"{what} '{key}' has the same text as {other_what} '{other_key}' "
                    f"({self.name}:{self.locator.line(path + other_at) or '?'}): a student sees "
                    f"two identical blocks; reword {what} '{key}' or remove it",
                )
            else:
                first[same] = (what, key, at)

    def readings(
        self,
        table: dict,
        key: str,
        path: tuple,
        verdicts: tuple[str, ...],
        default: str,
        need_feedback: bool,
    ) -> tuple[Reading, ...]:
        out = []
        notes: set[tuple[str, str]] = set()
        for i, rtab in self.tables(table, key, path):
            rpath = path + (key, i)
            self.check_keys(
                rtab, READING_KEYS, rpath, "an accepted reading" if key == "accept" else "a mistake"
            )
            answer = self.string(rtab, "answer", rpath)
            note = self.string(rtab, "note", rpath)
            if note and not _NOTE_RE.match(note):
                self.issue(
                    rpath + ("note",),
                    f"'{note}' is not a valid note{_odd_character(note, allowed='-_.')}; use "
                    "lower-case letters, digits and '-', e.g. 'only-input-stored'",
                )
            elif (note, str(rtab.get("when"))) in notes:
                # the same slip may be listed once per set of variants (different `when`)
                self.issue(
                    rpath + ("note",),
                    f"note '{note}' is used twice in this box; give each {key} entry its own note",
                )
            notes.add((note, str(rtab.get("when"))))
            feedback = self.string(rtab, "feedback", rpath, required=need_feedback)
            verdict = self.choice_of(rtab, "verdict", rpath, verdicts, default)
            if answer and note:
                out.append(
                    Reading(answer, note, feedback, to_verdict(verdict), when_of(self, rtab, rpath))
                )
        return tuple(out)

    # -- cards ------------------------------------------------------------

    def cards(self, data: dict) -> dict[str, Card]:
        ctable = self.table(data, "cards", (), required=False) or {}
        out = {}
        for cid, ctab in ctable.items():
            cpath = ("cards", cid)
            if not isinstance(ctab, dict):
                self.issue(cpath, f"must be a table with title and body, not {_type_name(ctab)}")
                continue
            self.check_keys(ctab, CARD_KEYS, cpath, "a card")
            title = self.string(ctab, "title", cpath)
            body = self.string(ctab, "body", cpath)
            out[cid] = Card(cid, title, body, self.name)
        return out


def dependency_cycle(depends: dict[str, tuple[str, ...]]) -> list[str] | None:
    """A cycle in a proof's dependency graph (its keys, the first repeated at the end), or
    None when the graph is acyclic. Keys ``depends`` does not define are ignored."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in depends:
        if state.get(root):
            continue
        path = [root]
        stack = [(root, iter(depends[root]))]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            for child in children:
                if child not in depends:
                    continue
                if state.get(child) == 1:
                    return path[path.index(child) :] + [child]
                if not state.get(child):
                    state[child] = 1
                    path.append(child)
                    stack.append((child, iter(depends[child])))
                    break
            else:
                state[node] = 2
                stack.pop()
                path.pop()
    return None


def prerequisites(depends: dict[str, tuple[str, ...]]) -> dict[str, frozenset[str]]:
    """Every block's prerequisites, direct or through other blocks (an acyclic graph)."""
    memo: dict[str, frozenset[str]] = {}

    def needs(key: str) -> frozenset[str]:
        if key not in memo:
            memo[key] = frozenset()  # guards against a cycle the loader has reported
            out: set[str] = set()
            for dep in depends.get(key, ()):
                if dep in depends:
                    out.add(dep)
                    out |= needs(dep)
            memo[key] = frozenset(out)
        return memo[key]

    for key in depends:
        needs(key)
    return memo


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _toml_module():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python < 3.11
        import tomli as tomllib
    return tomllib


_TOML_LINE_RE = re.compile(r"at line (\d+), column (\d+)")


def _sort_key(problem_id: str) -> tuple:
    return tuple(
        (0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.findall(r"\d+|\D+", problem_id)
    )


class MissingContentError(ContentError):
    """The content directory does not exist (exit status 2: the user named a wrong path)."""

    exit_code = 2

    def __init__(self, issues: list[ContentIssue]):
        super().__init__(issues)
        # one line: the path and what to do
        Exception.__init__(self, "; ".join(f"{i.file} {i.message}" for i in self.issues))


def load_content(
    directory: str | os.PathLike[str],
    known_plots: Collection[str] | None = None,
    parse: Callable[[str], dict] | None = None,
) -> Content:
    """Load and validate every ``*.toml`` file in ``directory``.

    Raises ``ContentError`` listing every problem found (file, line, key, what
    to do); ``MissingContentError`` when the directory does not exist. With
    ``known_plots`` (the plot registry's names), a part naming another plot is
    one of those problems.
    ``parse`` replaces ``tomllib.loads`` (it must raise ``TOMLDecodeError`` as it
    does): the tutor passes one that remembers parsed files (``tutor.ui.contentcache``).
    Whatever it returns is checked exactly as a parsed file is.
    """
    directory = Path(directory)
    if not directory.is_dir():
        if directory.exists():
            what = (
                "is a file, not a content directory; give the directory that holds the "
                f".toml files (here: {directory.parent})"
            )
        else:
            what = (
                "does not exist; pass --content DIR or set $HW3_TUTOR_CONTENT to a directory "
                "of .toml files (make one with 'hw3-tutor content export DIR')"
            )
        raise MissingContentError(
            [ContentIssue(str(directory), None, "(directory)", what, "directory")]
        )
    files = content_files(directory)
    if not files:
        raise ContentError(
            [
                ContentIssue(
                    str(directory),
                    None,
                    "(directory)",
                    "has no .toml files; export the packaged content with 'hw3-tutor content export DIR' to start from it",
                    "directory",
                )
            ],
            directory,
        )
    tomllib = _toml_module()
    issues: list[ContentIssue] = []
    digest = hashlib.sha256()
    problems: list[Problem] = []
    boxes: dict[str, BoxSpec] = {}
    cards: dict[str, Card] = {}
    # where each id was first defined, for duplicate and reference checks
    box_origin: dict[str, tuple[_FileReader, tuple]] = {}
    part_origin: dict[str, tuple[_FileReader, tuple]] = {}
    problem_origin: dict[str, _FileReader] = {}
    card_origin: dict[str, _FileReader] = {}
    readers: list[tuple[_FileReader, dict]] = []
    problem_of: dict[str, Problem | None] = {}  # file name -> its problem (for placeholders)
    for path in files:
        raw = read_content_file(path)
        if isinstance(raw, ContentIssue):
            issues.append(raw)
            continue
        digest.update(path.name.encode() + b"\0" + raw + b"\0")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            issues.append(
                ContentIssue(
                    path.name,
                    line,
                    "(file)",
                    f"is not UTF-8 text (byte {raw[exc.start]:#04x} at column {column} cannot be "
                    "read); save the file as UTF-8 in your editor",
                    "encoding",
                )
            )
            continue
        text = text.removeprefix("\ufeff")  # a byte-order mark some editors write
        if not text.strip():
            issues.append(
                ContentIssue(
                    path.name,
                    None,
                    "(file)",
                    "is empty; write a problem into it (content/README.md, 'Adding a "
                    "problem') or delete the file",
                    "file",
                )
            )
            continue
        try:
            data = (parse or tomllib.loads)(text)
        except tomllib.TOMLDecodeError as exc:
            try:
                at_line, message = toml_syntax_issue(text, exc, tomllib)
                issue = ContentIssue(path.name, at_line, "(syntax)", message, "syntax")
            except RecursionError:
                issue = ContentIssue(path.name, None, "(syntax)", str(exc), "syntax")
            issues.append(issue)
            continue
        except RecursionError:  # tomllib recurses once (or more) per level of nesting
            issues.append(_too_deep(path.name))
            continue
        if _depth(data) > MAX_DEPTH:
            issues.append(_too_deep(path.name))
            continue
        reader = _FileReader(
            path.name,
            LineLocator(text),
            issues,
            known_plots=frozenset(known_plots) if known_plots is not None else None,
        )
        readers.append((reader, data))
        control_character_issues(reader, data, text)
        text_size_issues(reader, data)
        reader.check_keys(data, TOP_KEYS, (), "the top level")
        if "schema" in data and data["schema"] != SCHEMA_VERSION:
            reader.issue(
                ("schema",), f"is {data['schema']!r}; this tutor reads schema = {SCHEMA_VERSION}"
            )
        if "problem" not in data and "cards" in data:
            if "parts" in data or "boxes" in data:
                reader.issue(
                    (), "has parts or boxes but no [problem] table; add [problem] with id and title"
                )
        else:
            problem, file_boxes = reader.problem(data)
            problem_of[reader.name] = problem
            if problem is not None:
                if problem.id in problem_origin:
                    other = problem_origin[problem.id]
                    reader.issue(
                        ("problem", "id"),
                        f"problem '{problem.id}' is also defined in "
                        f"{_at(other, ('problem', 'id'))}; give each problem its own id",
                        "duplicate-id",
                    )
                else:
                    problem_origin[problem.id] = reader
                problems.append(problem)
                for i, part in enumerate(problem.parts):
                    if part.id in part_origin:
                        elsewhere = _at(*part_origin[part.id])
                        reader.issue(
                            ("parts", i, "id"),
                            f"part '{part.id}' is also defined in {elsewhere}; part ids must be unique across all files",
                            "duplicate-id",
                        )
                    else:
                        part_origin[part.id] = (reader, ("parts", i))
            for box_id, box in file_boxes.items():
                if box_id in box_origin:
                    elsewhere = _at(*box_origin[box_id])
                    reader.issue(
                        ("boxes", box_id),
                        f"box '{box_id}' is also defined in {elsewhere}; box ids must be unique across all files",
                        "duplicate-id",
                    )
                    continue
                box_origin[box_id] = (reader, ("boxes", box_id))
                boxes[box_id] = box
        if "problem" not in data or problem_of.get(reader.name) is not None:
            reader.check_placeholders(data, problem_of.get(reader.name), text)
        for cid, card in reader.cards(data).items():
            if cid in card_origin:
                reader.issue(
                    ("cards", cid),
                    f"card '{cid}' is also defined in {_at(card_origin[cid], ('cards', cid))}; "
                    "rename one of them",
                    "duplicate-id",
                )
                continue
            card_origin[cid] = reader
            cards[cid] = card
    # cross-file references
    listed: dict[str, str] = {}
    for problem in problems:
        # the file the problem is in (a duplicate id's parts are reported in their own file)
        reader = next(r for r, _ in readers if r.name == problem.source)
        for i, part in enumerate(problem.parts):
            ppath = ("parts", i)
            for j, box_id in enumerate(part.boxes):
                if box_id in listed and listed[box_id] != part.id:
                    # one error: "should be named '<this part>.<name>'" follows from it
                    key = format_key(ppath + ("boxes", j))
                    reader.issues[:] = [
                        x
                        for x in reader.issues
                        if not (x.key == key and "should be named" in x.message)
                    ]
                    reader.issue(
                        ppath + ("boxes", j),
                        f"box '{box_id}' is already listed by part {listed[box_id]}; a box belongs to one part",
                    )
                listed.setdefault(box_id, part.id)
                if box_id not in box_origin and not _defined_but_broken(readers, box_id):
                    reader.issue(
                        ppath + ("boxes", j),
                        f"box '{box_id}' is not defined{_odd_character(box_id, allowed='-_.')}; "
                        f'add [boxes."{box_id}"] or remove it from the list',
                    )
            for j, cid in enumerate(part.cards):
                if cid not in cards:
                    reader.issue(
                        ppath + ("cards", j),
                        f"card '{cid}' is not defined; add [cards.{cid}] to {CARDS_FILE} or remove it",
                    )
    for box_id, (reader, bpath) in box_origin.items():
        if box_id not in listed and box_id not in reader.invalid_boxes:
            reader.issue(
                bpath,
                f"no part lists box '{box_id}'; add it to its part's boxes = [...] or delete it",
            )
    for reader, _ in readers:
        _orphan_issues(reader, box_origin, listed)
    _resolve_labels(boxes)  # first: a derivation's target_box is then the box as it stays
    _resolve_targets(boxes, box_origin, problems)
    _resolve_after(boxes, box_origin, problems)
    if not problems and not issues:
        issues.append(
            ContentIssue(
                str(directory),
                None,
                "(directory)",
                "defines no problems; add a problem file with [problem] and [[parts]]",
                "directory",
            )
        )
    if issues:
        issues[:] = _without_knock_on(issues, problems)
        issues.sort(key=lambda i: (i.file, i.line or 0))
        raise ContentError(issues, directory)
    problems.sort(key=lambda p: _sort_key(p.id))
    return Content(
        problems=tuple(problems),
        boxes=boxes,
        cards=cards,
        directory=str(directory),
        content_hash=digest.hexdigest(),
    )


def outside_problem(problem_id: str, part_id: str) -> tuple[str, str] | None:
    """Why a part's id does not belong to its problem (a part ``5d`` in problem 7: a copy
    whose id was not changed) and what to do, or None. A part's id is its problem's id, or that
    id followed by a letter or more (``7``, ``7a``, ``7b-extra``; not ``71a``)."""
    rest = part_id.removeprefix(problem_id) if part_id.startswith(problem_id) else None
    if rest is not None and (not rest or not rest[0].isdigit()):
        return None
    m = re.match(r"\d+", part_id)
    other = m.group(0) if m and m.group(0) != problem_id else ""
    named = f", but its id names problem {other}" if other else ""
    return (
        f"part '{part_id}' is in problem '{problem_id}'{named}",
        f"rename the part ({problem_id}a, {problem_id}b, …) and its boxes, or move it to "
        f"{f'problem {other}' if other else 'its problem'}'s file",
    )


VALUE_KINDS = ("expression", "order", "count", "number", "expectation")


def prompt_quantity(box: BoxSpec) -> str:
    """The quantity a value box's prompt names: its left side (``c`` of "c =", ``E[RMS²(y′)]``
    of "E[RMS²(y′)] = Θ( ? )", the words before '∝'), or a count's or a time's first word
    ("fwd" of "fwd operations"); "" when the prompt names none (or asks for a part of the
    right side: "‖A‖ = ( ? ) · ‖A‖_*")."""
    prompt = box.prompt.strip()
    for mark in ("=", "∝"):
        if mark in prompt:
            left, right = (p.strip() for p in prompt.split(mark, 1))
            # "‖A‖ = ( ? ) · ‖A‖_*" asks for the factor, not the left side
            return left if right.replace(" ", "") in ("", "Θ(?)") else ""
    if box.kind in ("count", "number") and prompt:
        return prompt.split()[0]
    if "?" not in prompt and 0 < len(prompt.split()) <= 2:  # a prompt that is the name: "F(μ)"
        return prompt
    return ""


def _resolve_labels(boxes: dict[str, BoxSpec]) -> None:
    """Give each value box the quantities the other value boxes ask for (``other_labels``)
    and the unknowns its derivations solve for (``own_labels``)."""
    from dataclasses import replace

    named = [(prompt_quantity(b), b.id) for b in boxes.values() if b.kind in VALUE_KINDS]
    solved: dict[str, list[str]] = {}
    for b in boxes.values():
        if b.kind == "derivation" and b.target and b.unknown:
            solved.setdefault(b.target, []).append(b.unknown)
    for box_id, box in list(boxes.items()):
        if box.kind not in VALUE_KINDS:
            continue
        own = prompt_quantity(box)
        # (a prompt with placeholders is left out: it is rendered in its own part only)
        others = tuple((q, i) for q, i in named if q and "{{" not in q and i != box_id and q != own)
        boxes[box_id] = replace(
            box,
            other_labels=others,
            own_labels=(*box.own_labels, *solved.get(box_id, ())),
        )


def _resolve_targets(
    boxes: dict[str, BoxSpec],
    origin: dict[str, tuple[_FileReader, tuple]],
    problems: list[Problem],
) -> None:
    """Give each derivation box its value box (``target``): the box must exist, take a value
    (not a proof or another derivation) and be listed by the derivation's own part (a box of
    another part has that part's parameters, which the derivation's variant does not set)."""
    from dataclasses import replace

    part_of: dict[str, Part] = {}
    for problem in problems:
        for part in problem.parts:
            for listed in part.boxes:
                part_of.setdefault(listed, part)
    for box_id, box in list(boxes.items()):
        if box.target is None:
            continue
        reader, bpath = origin[box_id]
        target = boxes.get(box.target)
        if box.kind != "derivation":
            continue  # already reported: target only applies to derivation boxes
        if target is None:
            close = difflib.get_close_matches(box.target, list(boxes), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            reader.issue(
                bpath + ("target",),
                f"no box '{box.target}'; {hint}target names the value box whose answer the "
                "derivation's last line must match",
            )
        elif target.kind in ("proof", "derivation", "choice"):
            reader.issue(
                bpath + ("target",),
                f"'{box.target}' is a {target.kind} box; target must be a box that takes a "
                "value (expression, number, count, order, ...)",
            )
        elif (
            (own := part_of.get(box_id)) is not None
            and box.target in part_of
            and box.target not in own.boxes
        ):
            others = ", ".join(b for b in own.boxes if b != box_id) or "add one to its boxes"
            reader.issue(
                bpath + ("target",),
                f"'{box.target}' is a box of part {part_of[box.target].id}, not of {box_id}'s "
                f"part; name the box of this part whose answer the derivation works out ({others})",
            )
        else:
            boxes[box_id] = replace(box, target_box=target)


def _resolve_after(
    boxes: dict[str, BoxSpec],
    origin: dict[str, tuple[_FileReader, tuple]],
    problems: list[Problem],
) -> None:
    """Give each proof box the boxes its pool waits for (``after``): the ids it names must be
    other boxes that exist; without the key, the non-proof boxes its part lists before it.
    A derivation box's ``after`` (the boxes whose answers its first line states, checked
    only after asking until they are solved) is checked the same way; without it, none."""
    from dataclasses import replace

    before: dict[str, tuple[str, ...]] = {}
    for problem in problems:
        for part in problem.parts:
            for i, box_id in enumerate(part.boxes):
                before.setdefault(
                    box_id,
                    tuple(b for b in part.boxes[:i] if b in boxes and boxes[b].kind != "proof"),
                )
    for box_id, box in list(boxes.items()):
        if box.kind not in ("proof", "derivation"):
            continue
        if box.after is None:
            boxes[box_id] = replace(
                box, after=before.get(box_id, ()) if box.kind == "proof" else ()
            )
            continue
        reader, bpath = origin[box_id]
        seen: set[str] = set()
        for j, other in enumerate(box.after):
            where = bpath + ("after", j)
            if other == box_id:
                reader.issue(
                    where,
                    f"'{other}' is this box itself; after names the boxes whose answers the "
                    "blocks (or the working's first line) state, which the student solves "
                    "before the pool is shown (or the working checked without asking)",
                )
            elif other not in boxes and other in before:
                pass  # a box a part lists but no table defines: reported as such already
            elif other not in boxes:
                close = difflib.get_close_matches(other, list(boxes), n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                reader.issue(
                    where,
                    f"no box '{other}'; {hint}after takes the ids of existing boxes, of any "
                    "part, as a part lists them in boxes = [...]",
                )
            elif other in seen:
                reader.issue(where, f"'{other}' is named twice; remove one")
            seen.add(other)


# Content is input too: bounds on what a content file may hold
MAX_DEPTH = 16  # tables and lists inside each other (the format needs 5)


def _too_deep(name: str) -> ContentIssue:
    return ContentIssue(
        name,
        None,
        "(file)",
        f"nests lists or tables more than {MAX_DEPTH} deep; the content format needs "
        "at most 5 (look for a runaway [[[ or {{{)",
    )


def _depth(value: object) -> int:
    """How deep lists and tables nest in ``value`` (iteratively: never a RecursionError)."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        for child in children:
            if isinstance(child, (dict, list)):
                if level + 1 > MAX_DEPTH:
                    return level + 1
                stack.append((child, level + 1))
        deepest = max(deepest, level)
    return deepest


def _at(reader: _FileReader, path: tuple) -> str:
    """``file:line`` of ``path`` in the file ``reader`` read (just the file when unknown)."""
    line = reader.locator.line(path)
    return f"{reader.name}:{line}" if line else reader.name


# tomllib's messages, said in an instructor's terms (message prefix -> what it means, what to do)
_TOML_MESSAGES: tuple[tuple[str, str], ...] = (
    (
        "Illegal character '\\n'",
        'a string is not closed on this line; end it with a quote, or use """ ... """ '
        "for text over several lines",
    ),
    ("Unterminated string", "a string is never closed; end it with the same quotes it opens with"),
    (
        "Unclosed array",
        "a list '[' is never closed; end it with ']' (and separate its items with commas)",
    ),
    (
        "Unclosed inline table",
        "an inline table '{' is never closed; end it with '}' on the same line",
    ),
    (
        "Cannot declare",
        "this table is declared twice; merge the two, or give the second its own name",
    ),
    (
        "Cannot overwrite a value",
        "this key is set twice in the same table; keep one of them",
    ),
    (
        "Cannot mutate immutable namespace",
        "this key is set twice (once in an inline table); keep one of them",
    ),
    (
        "Expected '=' after a key",
        "expected 'key = value' here; check for a missing '=', a stray word, or an unclosed "
        "string above",
    ),
    ("Invalid value", "the value is not TOML; put text in quotes, lists in [ ], tables in { }"),
    (
        "Invalid initial character for a key part",
        "a key cannot start here; check for a missing '=', a stray character, or a string "
        "that was closed too early",
    ),
    ("Expected ']' at the end of a table", "a table header is missing its closing ']'"),
    ("Expected ']]' at the end of an array", "an [[array]] header is missing its closing ']]'"),
    (
        "Unescaped '\\' in a string",
        'a backslash in a "..." string must be doubled (\\\\), '
        "or use a '...' string, where backslashes are kept as typed",
    ),
)
_TOML_END_RE = re.compile(r"\(at end of document\)")
_STATEMENT_RE = re.compile(r"^(\[|[A-Za-z0-9_\"'-][^=]*=)")


def toml_syntax_issue(text: str, exc: Exception, tomllib) -> tuple[int | None, str]:
    """(line, message) for a TOML syntax error: where it is and what to do, in plain words.

    tomllib reports an unclosed list or string at the end of the document; the
    line is then found by parsing ever shorter prefixes of the file until one
    loads: the statement after it is the one left open.
    """
    raw = str(exc)
    m = _TOML_LINE_RE.search(raw)
    line = int(m.group(1)) if m else None
    detail = re.sub(r"\s*\(\s*\)\s*$", "", _TOML_END_RE.sub("", _TOML_LINE_RE.sub("", raw))).strip()
    detail = detail.rstrip("(").strip()
    plain = next((say for prefix, say in _TOML_MESSAGES if detail.startswith(prefix)), None)
    first = None
    if detail.startswith("Cannot declare"):
        first = _first_declaration(text, line)
    opened = None
    if _TOML_END_RE.search(raw) or line is None:
        start = _unclosed_start(text, tomllib)
        if start is not None:
            line = start
    elif detail.startswith(("Unclosed array", "Unclosed inline table")):
        start = _unclosed_start(text, tomllib, before=line)
        if start is not None:
            line = start
    elif detail.startswith(("Invalid value", "Expected '=' after a key", "Invalid initial")):
        # often a list or string opened above and never closed
        start = _unclosed_start(text, tomllib, before=line)
        if start is not None and start < line - 1:
            opened = start
    message = f"TOML syntax error: {plain or detail}"
    if opened:
        message += (
            f" (or the value that starts on line {opened} is not closed: a missing ']', "
            "'}' or quote)"
        )
    if first:
        message += f" (first declared on line {first})"
    if plain is None:
        message += "; fix the syntax on this line (or just above it)"
    return line, message


def _first_declaration(text: str, line: int | None) -> int | None:
    """The line of the first header identical to the header on ``line``."""
    rows = text.splitlines()
    if line is None or not 1 <= line <= len(rows):
        return None
    header = rows[line - 1].split("#", 1)[0].strip()
    if not header.startswith("["):
        return None
    for n, row in enumerate(rows[: line - 1], start=1):
        if row.split("#", 1)[0].strip() == header:
            return n
    return None


def _unclosed_start(text: str, tomllib, before: int | None = None) -> int | None:
    """The first line of the statement a parse error (at the end of the file, or on line
    ``before``) is part of: the statement after the longest prefix of whole statements
    that parses."""
    rows = text.splitlines(keepends=True)
    if before is not None:
        rows = rows[: before - 1]
    starts = [n for n, row in enumerate(rows) if _STATEMENT_RE.match(row)]
    for n in reversed(starts):
        try:
            tomllib.loads("".join(rows[:n]))
        except tomllib.TOMLDecodeError:
            continue
        return n + 1
    return None


def _only_sub_tables(table: dict) -> bool:
    """Is this box table made only of sub-tables (``[[boxes."<id>".tests]]``,
    ``[boxes."<id>".symbols]``), none of a box's own keys: no ``[boxes."<id>"]`` header?"""
    if not table or {"kind", "prompt", "answer", "hints"} & table.keys():
        return False
    return all(
        isinstance(v, dict) or (isinstance(v, list) and v and all(isinstance(x, dict) for x in v))
        for v in table.values()
    )


def _orphan_issues(
    reader: _FileReader,
    box_origin: dict[str, tuple[_FileReader, tuple]],
    listed: Collection[str],
) -> None:
    """One issue for each box id of ``reader``'s file that only sub-tables name (a typo in a
    ``[[boxes."5a.fwd".tests]]`` header): at the first such table, naming the lines of all of
    them and the closest box id (or the file that defines the box, when another one does)."""
    for box_id, tables in reader.orphans.items():
        if difflib.get_close_matches(box_id, reader.invalid_boxes, n=1, cutoff=0.75):
            continue  # under the id the author meant, reported as not valid
        places: list[tuple[int, tuple]] = []  # (line, key path) of every table under the id
        for key, count in tables.items():
            paths = (
                [("boxes", box_id, key)]
                if count is None
                else [("boxes", box_id, key, i) for i in range(count)]
            )
            places += [(reader.locator.line(p) or 0, p) for p in paths]
        places.sort(key=lambda place: place[0])
        first = places[0][1] if places else ("boxes", box_id)
        lines = [str(n) for n in dict.fromkeys(n for n, _ in places if n)]
        what = " and ".join(tables)
        more = f" and {len(lines) - 5} more" if len(lines) > 5 else ""
        at = f" ({reader.name}:{', '.join(lines[:5])}{more})" if lines else ""
        if box_id in box_origin:
            reader.issue(
                first,
                f"{what} for box {box_id}{at}, which {_at(*box_origin[box_id])} defines; "
                f'a box\'s tables go in the file of its [boxes."{box_id}"]: move them there',
            )
            continue
        if box_id in listed:  # not a typo: the box's own table is missing
            reader.issue(
                first,
                f"{what} for box {box_id}{at}, which a part lists but no file defines: add "
                f'[boxes."{box_id}"] (kind, prompt, answer, hints) above them',
            )
            continue
        close = difflib.get_close_matches(box_id, sorted(set(box_origin) | set(listed)), n=1)
        hint = f"; did you mean {close[0]}?" if close else ";"
        reader.issue(
            first,
            f"{what} for a box no file defines: {box_id}{at}{hint} correct the id in the "
            f'table header, or define the box with [boxes."{box_id}"] (kind, prompt, answer, '
            "hints)",
        )


def _odd_character(text: str, allowed: str = "-_") -> str:
    """`` (U+0301 COMBINING ACUTE ACCENT at character 3)``: the first character of an id that
    is not an ASCII letter, digit or one of ``allowed`` (an accent or a lookalike letter does
    not show), or ""."""
    import unicodedata

    for at, ch in enumerate(text, start=1):
        if not (ch.isascii() and (ch.isalnum() or ch in allowed)):
            name = unicodedata.name(ch, "a control character")
            return f" (U+{ord(ch):04X} {name} at character {at})"
    return ""


def _without_knock_on(issues: list[ContentIssue], problems: list[Problem]) -> list[ContentIssue]:
    """``issues`` without those that follow from a part id already reported (a duplicate, or
    not a valid id): its boxes "should be named" after it, and their placeholders are unknown
    (the part's parameters are looked up by the id in the box's name). The id's own issue says
    they were left out."""
    from dataclasses import replace

    bad_ids = [
        (i, problem, n, part)
        for problem in problems
        for n, part in enumerate(problem.parts)
        for i, x in enumerate(issues)
        if x.file == problem.source
        and x.key == format_key(("parts", n, "id"))
        and ("is also defined in" in x.message or "is not a valid id" in x.message)
    ]
    if not bad_ids:
        return issues
    dropped: set[int] = set()
    counted: dict[int, int] = {}
    for at, problem, n, part in bad_ids:
        # the part, and another of its file with the same id (the slip may be in either)
        same = [m for m, other in enumerate(problem.parts) if m == n or other.id == part.id]
        named = tuple(format_key(("parts", m, "boxes")) for m in same)
        box_keys = tuple(format_key(("boxes", b)) for b in part.boxes)
        for j, x in enumerate(issues):
            if x.file != problem.source or j == at or j in dropped:
                continue
            renamed = x.key.startswith(format_key(("parts", n, "boxes"))) or (
                x.key.startswith(named) and f"should be named '{part.id}." in x.message
            )
            follows = (renamed and "should be named" in x.message) or (
                x.key.startswith(box_keys)
                and x.message.startswith("unknown placeholder")
                and "declares no parameters" in x.message
            )
            if follows:
                dropped.add(j)
                counted[at] = counted.get(at, 0) + 1
    out = []
    for j, x in enumerate(issues):
        if j in dropped:
            continue
        if j in counted:
            x = replace(
                x,
                message=f"{x.message} ({counted[j]} errors that follow from it, in its boxes' "
                "names and placeholders, are left out)",
            )
        out.append(x)
    return out


_NOT_FINITE = frozenset({"nan", "inf", "infinity"})


def _not_finite(value: object) -> bool:
    """A TOML float that is not a finite number (inf, -inf, nan)."""
    return isinstance(value, float) and not math.isfinite(value)


def _defined_but_broken(readers: list[tuple[_FileReader, dict]], box_id: str) -> bool:
    """True when some file has a [boxes."<id>"] table that failed to load (already reported)."""
    for _, data in readers:
        table = data.get("boxes")
        if isinstance(table, dict) and box_id in table:
            return True
    return False


def _unknown_plot(name: str, known: Collection[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return (
        f"'{name}' is not a plot; {hint}use one of: {', '.join(sorted(known))} "
        "(hw3-tutor plot --list)"
    )
