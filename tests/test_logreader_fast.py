"""Session-log lines decoded by orjson (the ``fast`` extra) are read exactly as ``json`` reads
them: the same events, the same fields, the same lines skipped with the same warnings, on
lines a student's editor or a forger could write. ``HW3_TUTOR_NO_ORJSON=1`` turns it off."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.sessions.logreader import FAST_MAX_BRACKETS, fast_decoder, read_session

pytest.importorskip("orjson")

START = (
    b'{"seq":1,"t":"2025-02-01T10:00:00.000000Z","s":0.0,"event":"session_start",'
    b'"version":"0.1.0","schema":1,"fresh":false,"student":"s0001"}\n'
)


def attempt(seq: int, tail: bytes) -> bytes:
    """An attempt event whose last field is ``tail`` (bytes, as a hostile file holds them)."""
    return (
        b'{"seq":%d,"t":"2025-02-01T10:00:05.000000Z","s":5.5,"event":"attempt",'
        b'"box":"1a.constant","raw":"1/sqrt(d1)","verdict":"correct",%s}\n' % (seq, tail)
    )


HOSTILE = [
    # numbers json reads and orjson refuses, or reads otherwise
    attempt(2, b'"big":-99999999999999999999'),  # orjson: -1e20, a float kept as a field
    attempt(3, b'"big":18446744073709551616'),  # one above 64 bits: orjson makes it a float
    attempt(4, b'"big":-9223372036854775809'),
    attempt(5, b'"ms":123456789012345678901234567890'),
    attempt(6, b'"big":9223372036854775807'),
    attempt(7, b'"x":NaN'),
    attempt(8, b'"x":Infinity'),
    attempt(9, b'"x":-Infinity'),
    attempt(10, b'"x":1e400'),
    attempt(11, b'"x":1e-400'),
    attempt(12, b'"x":-0.0'),
    attempt(13, b'"ms":1.8e308'),
    # keys and strings
    attempt(14, b'"x":1,"x":"again","y":2'),  # duplicate keys: the last value, first place
    attempt(15, b'"verdict":"incorrect"'),  # a declared field given twice
    attempt(16, b'"x":"\\ud800"'),  # a lone surrogate, escaped
    attempt(17, b'"\\udc00":1'),
    attempt(18, b'"note":"\\ud83d\\u0041"'),
    attempt(19, b'"x":"\xed\xa0\x80"'),  # a surrogate encoded in UTF-8
    attempt(20, b'"x":"\xff"'),  # not UTF-8
    attempt(21, b'"x":"\xc0\xaf"'),  # an overlong encoding
    attempt(22, b'"x":"\xf4\x90\x80\x80"'),  # above U+10FFFF
    attempt(23, b'"x":"\x01"'),  # a raw control character in a string
    attempt(24, b'"x":"\x7f\\u0000"'),
    attempt(25, b'"x":"\xf0\x9f\x98\x80"'),
    # around the object
    b"\xef\xbb\xbf" + attempt(26, b'"x":1'),  # a byte-order mark
    attempt(27, b'"x":1').rstrip(b"\n") + b"\xc2\xa0\n",  # Unicode whitespace after it
    attempt(28, b'"x":1').rstrip(b"\n") + b"\x0b\x1c\xe2\x80\xa8\n",
    attempt(29, b'"x":1').rstrip(b"\n") + b' {"seq":99}\n',  # a second object
    attempt(30, b'"x":1').rstrip(b"\n") + b"\x00\n",
    b"  \t" + attempt(31, b'"x":1').rstrip(b"\n") + b"\r\n",
    b"[1,2]\n",
    b'"text"\n',
    b"12\n",
    b"\n",
    b"   \n",
    attempt(32, b'"x":[1,2,]'),
    attempt(33, b'"x":01'),
    attempt(34, b'"x":.5'),
    # nesting: shallow, and deep enough to reach the decoders' limits
    attempt(35, b'"x":' + b"[" * 40 + b"]" * 40),
    attempt(36, b'"x":' + b"[" * 1010 + b"]" * 1010),
    attempt(37, b'"x":' + b"[" * 3000 + b"]" * 3000),
    attempt(38, b'"x":' + b'{"a":' * 1000 + b"1" + b"}" * 1000),
    attempt(39, b'"seed":3,"params":{"d1":"64"}'),
    b'{"seq":40,"event":"hint","box":"1a.constant","index":1.5}\n',
    b'{"seq":41,"event":"hint","box":"1a.constant","index":99999999999999999999}\n',
    b'{"seq":42,"t":"2025-02-01T10:00:07Z","s":1e309,"event":"hint","box":"b","index":1}\n',
    b'{"seq":43,"t":"2025-02-01T10:00:07Z","s":99999999999999999999,"event":"x"}\n',
    b'{"seq":44,"event":"session_end"}\n',
    attempt(45, b'"x":1'),  # after the end
    b'{"seq":46,"event":"attempt","box":"torn',  # a torn last line
]


def read_both(path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("HW3_TUTOR_NO_ORJSON", raising=False)
    assert fast_decoder() is not None
    fast = read_session(path)
    monkeypatch.setenv("HW3_TUTOR_NO_ORJSON", "1")
    assert fast_decoder() is None
    slow = read_session(path)
    monkeypatch.delenv("HW3_TUTOR_NO_ORJSON")
    return fast, slow


def same(fast, slow) -> None:
    assert fast.warnings == slow.warnings
    assert len(fast.events) == len(slow.events)
    for a, b in zip(fast.events, slow.events, strict=True):
        assert a == b
        # the same fields in the same order, of the same types (1 == 1.0 == True for ==)
        assert [(k, type(v), repr(v)) for k, v in a.data.items()] == [
            (k, type(v), repr(v)) for k, v in b.data.items()
        ]


def test_hostile_lines_read_the_same_with_and_without_orjson(tmp_path, monkeypatch):
    path = tmp_path / "s.jsonl"
    path.write_bytes(START + b"".join(HOSTILE))
    fast, slow = read_both(path, monkeypatch)
    same(fast, slow)
    # the lines json reads and orjson does not (or reads otherwise) are there as json read them
    by_seq = {e.seq: e for e in slow.events}
    assert by_seq[14].data["x"] == "again" and list(by_seq[14].data)[-2:] == ["x", "y"]
    assert by_seq[15].data["verdict"] == "incorrect"
    assert "big" not in by_seq[2].data  # an integer beyond 2**53 is dropped, not a float
    assert by_seq[6].data.get("big") is None
    assert by_seq[16].data["x"] == "\ud800"
    assert by_seq[27].data["x"] == 1 and by_seq[31].data["x"] == 1
    assert by_seq[39].data["seed"] == 3
    assert 19 not in by_seq and 20 not in by_seq and 36 not in by_seq and 37 not in by_seq
    assert 45 not in by_seq and slow.ended
    assert slow.warnings[-3].endswith("3 more lines skipped")  # the torn line among them


def test_a_second_session_start_and_big_numbers_in_declared_fields(tmp_path, monkeypatch):
    path = tmp_path / "s.jsonl"
    path.write_bytes(
        b'{"seq":1,"t":"2025-02-01T10:00:00Z","s":0,"event":"session_start","number":'
        b"123456789012345678901,"
        b'"schema":1}\n'
        + START.replace(b'"seq":1', b'"seq":2')
        + attempt(3, b'"ms":-12345678901234567890')
    )
    fast, slow = read_both(path, monkeypatch)
    same(fast, slow)
    assert slow.warnings  # the refused header is said


# pieces a line is made of: well-formed ones, and the ones the two decoders disagree on
_PIECES = [
    b'"x":1',
    b'"x":-0',
    b'"x":1.5e3',
    b'"x":12345678901234567890',
    b'"x":-9223372036854775809',
    b'"x":NaN',
    b'"x":1e999',
    b'"x":"\\ud800"',
    b'"x":"a\\u00e9"',
    b'"x":"\xc3\xa9"',
    b'"x":"\xff"',
    b'"x":[1,[2,{"y":null}]]',
    b'"x":true',
    b'"note":"n"',
    b'"ms":2.5',
    b'"ms":"2"',
    b'"feedback":"f"',
    b'"interpreted":"i"',
    b'"seed":4',
    b'"box":"1b.x"',
    b'"y":"\x01"',
    b'"x":{}',
]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(_PIECES), max_size=6),
            st.sampled_from([b"\n", b"\r\n", b" \n", b"\xc2\xa0\n", b"\x0c\n", b"}\n", b""]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_lines_of_random_pieces_read_the_same(tmp_path, monkeypatch, lines):
    data = START
    for seq, (pieces, end) in enumerate(lines, start=2):
        data += attempt(seq, b",".join([b'"k":0', *pieces])).rstrip(b"\n") + end
    path = tmp_path / "r.jsonl"
    path.write_bytes(data)
    same(*read_both(path, monkeypatch))


def test_the_bracket_bound_is_below_both_decoders_depth_limits():
    assert FAST_MAX_BRACKETS < 900
