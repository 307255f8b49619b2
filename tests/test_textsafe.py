"""The one escaping function: nothing a terminal would obey gets through, nothing is hidden."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.textsafe import Cut, bounded, excerpt, json_text, pointed, quoted, visible

# what an attacker puts in a log field or a file name
OSC52 = "\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07"  # set the clipboard
TITLE = "\x1b]0;owned\x1b\\"  # retitle the window
CLEAR = "\x1b[2J\x1b[H"  # clear the screen
CSI_8BIT = "\x9b31m"  # C1 control sequence introducer
BIDI = "\u202eevil\u202c\u2066x\u2069"  # right-to-left override, isolates
ZERO_WIDTH = "a\u200bb\ufeffc\u2028d"


@pytest.mark.parametrize("hostile", [OSC52, TITLE, CLEAR, CSI_8BIT, BIDI, ZERO_WIDTH, "a\rb"])
def test_controls_escapes_and_overrides_are_shown_never_raw(hostile):
    out = visible(f"before {hostile} after")
    assert out.isprintable(), repr(out)
    assert out.startswith("before ") and out.endswith(" after")


def test_how_each_kind_is_shown():
    assert visible("\x1b[2J") == "\\x1b[2J"
    assert visible("a\u202eb") == "a\\u202eb"
    assert visible("x\ud800y") == "x\\ud800y"  # a lone surrogate
    assert visible("caf\udcc3") == "caf\\xc3"  # a byte of a non-UTF-8 file name
    assert visible("tag\U000e0041") == "tag\\U000e0041"
    assert visible("1\n2\t3\r4") == "1\\n2\\t3\\r4"
    assert visible("1\n2\t3\r4", newlines=True) == "1\n2\t3\\r4"


def test_readable_text_and_backslashes_are_kept_as_typed():
    for text in ("Θ(d₁²)", r"\frac{1}{\sqrt{d}}", "μ ∼ N(0, σ²I)", "α β γ — 50 ns", "日本語"):
        assert visible(text) == text


def test_long_text_is_cut_with_a_marker_counting_what_was_left_out():
    assert visible("x" * 250, 200) == "x" * 200 + "… (50 more characters)"
    assert visible("x" * 250, None) == "x" * 250
    # a student's text quoted: its start and its end, each in quotes, the count between
    long = quoted("start " + "y" * 1_000 + " end", 60)
    assert long.startswith('"start yyy') and long.endswith('yyy end"') and len(long) <= 64
    head, count, tail = re.fullmatch(r'"(.*)" … \(([\d,]+) characters\) … "(.*)"', long).groups()
    assert len(head) + int(count.replace(",", "")) + len(tail) == 1_010
    assert quoted("y" * 200, 200) == '"' + "y" * 200 + '"'
    # a reader kept only the start of a field: the marker counts the whole field
    kept = bounded("z" * 10_000, 100)
    assert isinstance(kept, Cut) and len(kept) == 100
    assert visible(kept, 50) == "z" * 50 + "… (9,950 more characters)"
    assert visible(kept, None) == "z" * 100 + "… (9,900 more characters)"
    assert quoted(kept, 50) == '"' + "z" * 50 + '"… (9,950 more characters)'  # no end to show
    # the cut comes first: escapes never make a short text look long, nor a long one hide
    assert visible("\x1b" * 300, 10) == "\\x1b" * 10 + "… (290 more characters)"


def test_paths_and_bytes_are_shown_safely():
    from pathlib import Path

    assert visible(Path("/tmp/a\x1bb.jsonl"), None) == "/tmp/a\\x1bb.jsonl"
    assert visible(b"ok\xff", None) == "ok\\xff"


def test_json_text_is_valid_utf8_json_without_nan_or_raw_controls():
    value = {
        "nan": float("nan"),
        "inf": float("inf"),
        "text": f"{OSC52}{BIDI}\ud800 Θ \U0001f600 \U000e0001",
        "nested": ({"k": 1.5},),
    }
    text = json_text(value, indent=2)
    text.encode("utf-8")  # lone surrogates are escaped, so this never fails
    back = json.loads(text)
    assert back["nan"] is None and back["inf"] is None and back["nested"] == [{"k": 1.5}]
    assert back["text"] == value["text"]  # the same characters, read back
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert "Θ" in text and "\U0001f600" in text  # readable Unicode stays readable


def cells(text: str) -> int:
    """Terminal cells, counted as a terminal shows them (not by the code under test)."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def under_caret(line: str, caret: str) -> str:
    """The character of ``line`` printed above the caret (each line from the same column)."""
    at = 0
    for ch in line:
        if at == len(caret) - 1 and cells(ch):
            return ch
        at += cells(ch)
    return ""  # past the end of the line


def test_the_caret_stands_under_the_column_whatever_the_characters():
    assert pointed("d1 + q", 5) == ("d1 + q", "     ^")
    assert pointed("𝔼[x] + q", 7)[1] == "       ^"
    assert pointed("全角 + q", 5)[1] == "       ^"  # two cells for each wide character
    assert pointed("é + q", 4)[1] == "    ^"
    assert pointed("e\u0301 + q", 5)[1] == "    ^"  # a combining accent takes no cell
    assert pointed("d1 + (", 6) == ("d1 + (", "      ^")  # just after the end
    # what a terminal would obey is shown escaped, the caret under the escape's backslash
    line, caret = pointed("20 \x1b]0;x\x07\u202e q", 9)
    assert line == "20 \\x1b]0;x\\x07\\u202e q" and under_caret(line, caret) == "\\"
    assert line[len(caret) - 1 :].startswith("\\u202e")


@pytest.mark.parametrize("column", [0, 7, 5_000, 60_001, 119_998, 120_003, 120_004])
def test_a_long_answer_is_a_window_around_the_column_with_the_caret_under_it(column):
    answer = "1/d1" + " + x" * 30_000 + "?"
    answer = answer[:-1]  # 120,004 characters
    line, caret = pointed(answer, column, 60)
    assert cells(line) <= 60 and len(caret) <= 60
    assert caret.strip() == "^"
    if column < len(answer):
        assert under_caret(line, caret) == answer[column]
    else:
        assert len(caret) - 1 == cells(line)  # just after the last character
    assert line.startswith("…") == (column > 40) and line.endswith("…") == (column < 119_990)
    # between the cut marks, the answer's own characters from where the window starts
    shown = line.removeprefix("…").removesuffix("…")
    start = column - (len(caret) - 1 - line.startswith("…"))
    assert answer[start : start + len(shown)] == shown and len(shown) >= 50


def test_a_window_over_wide_and_combining_characters_keeps_the_caret_in_place():
    answer = "全角" * 200 + "q" + "e\u0301" * 200
    line, caret = pointed(answer, 400, 50)
    assert cells(line) <= 50 and under_caret(line, caret) == "q"
    assert not unicodedata.combining(line[1])  # a cut never leaves an accent without its letter
    line, caret = pointed(answer, 601, 50)  # on an accented letter, after the wide ones
    assert cells(line) <= 50 and under_caret(line, caret) == "e"


def test_a_long_text_echoed_shows_its_start_and_its_end():
    answer = "1/d1" + " + x" * 30_000 + " + END"
    shown = excerpt(answer, 68)
    assert len(shown) <= 68 and shown.startswith("1/d1 + x") and shown.endswith("x + END")
    head, _, rest = shown.partition(" … (")
    count, _, tail = rest.partition(" characters) … ")
    assert len(head) + int(count.replace(",", "")) + len(tail) == len(answer)
    assert excerpt("d₁⁻¹ᐟ²", 68) == "d₁⁻¹ᐟ²"  # a short one whole
    assert excerpt("\x1b]0;x\x07" * 50, 40).count("\x1b") < 50  # escaped, then cut to fit
    assert "\x1b" not in excerpt("\x1b]0;x\x07" * 50, 40)
    kept = bounded("z" * 10_000, 100)  # a reader kept only the start: that and the marker
    assert excerpt(kept, 40) == "z" * (40 - len("… (10,000 more characters)")) + (
        f"… ({10_000 - 40 + len('… (10,000 more characters)'):,} more characters)"
    )


ODD = list("ab +/(") + ["全", "\u0301", "\x1b", "\u202e", "\ud800", "\u200b", "𝔼", "\n", "ᐟ"]


@settings(deadline=None)
@given(
    st.lists(st.sampled_from(ODD), max_size=400).map("".join),
    st.integers(-2, 402),
    st.sampled_from([20, 40, 68]),
)
def test_any_answer_is_echoed_on_one_line_that_fits_with_the_caret_in_place(text, column, width):
    line, caret = pointed(text, column, width)
    shown = excerpt(text, width)
    assert cells(line) <= width and cells(shown) <= width
    assert all(ch.isprintable() for ch in line + caret + shown)  # nothing a terminal obeys
    column = min(max(column, 0), len(text))
    if column == len(text):
        assert len(caret) - 1 >= cells(line.removesuffix("…"))  # after the last character
    elif not unicodedata.combining(text[column]):
        ch = text[column]
        expected = ch if ch.isprintable() else visible(ch)
        at, i = 0, 0
        while at < len(caret) - 1 or not cells(line[i]):
            at += cells(line[i])
            i += 1
        assert line[i:].startswith(expected)


def test_shortened_keeps_whole_sentences_or_ends_with_an_ellipsis():
    from tutor.textsafe import shortened

    said = "The handout's numbers again; your answers to them are as you left them."
    assert (
        shortened(said, 36, 2)
        == "The handout's numbers again; your answers to them are as you left…"
    )
    assert shortened(said, 36, 3) == said
    two = "First sentence here. Second one, somewhat longer than the first one is."
    assert shortened(two, 20, 2) == "First sentence here."
    lines = "a: one.\nb: two.\nc: three."
    assert shortened(lines, 36, 2) == "a: one.\nb: two."
    assert shortened("x" * 100, 36, 2) == "x" * 71 + "…"
    assert shortened("学生" * 40, 20, 1).endswith("…")
