"""The one escaping function: nothing a terminal would obey gets through, nothing is hidden."""

from __future__ import annotations

import json

import pytest

from tutor.textsafe import Cut, bounded, json_text, quoted, visible

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
    assert quoted("y" * 205, 200) == '"' + "y" * 200 + '"… (5 more characters)'
    # a reader kept only the start of a field: the marker counts the whole field
    kept = bounded("z" * 10_000, 100)
    assert isinstance(kept, Cut) and len(kept) == 100
    assert visible(kept, 50) == "z" * 50 + "… (9,950 more characters)"
    assert visible(kept, None) == "z" * 100 + "… (9,900 more characters)"
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
