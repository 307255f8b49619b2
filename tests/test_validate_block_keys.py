"""A proof answer whose block key is a look-alike letter of another script (Cyrillic 'с' for
's') is named as such by ``validate`` (trial-instructor s6 2.8), not only "There is no block
'с'"."""

from __future__ import annotations

from dataclasses import replace

import shipped_content

from tutor.authoring.validate import block_key_problem


def test_a_cyrillic_block_key_is_named():
    box = shipped_content.handout().boxes["1b.proof"]
    assert box.answer == "m r e v k s"
    odd = replace(box, answer="m r e v k \u0455")  # Cyrillic dze, looks like s
    found = block_key_problem(odd, odd.answer)
    assert found is not None
    got, fix = found
    assert "U+0455 CYRILLIC SMALL LETTER DZE" in got and "not a Latin letter" in got
    assert "plain ASCII" in fix and "m, r, e" in fix


def test_plain_keys_and_other_kinds_are_left_alone():
    content = shipped_content.handout()
    box = content.boxes["1b.proof"]
    assert block_key_problem(box, box.answer) is None
    assert block_key_problem(box, "m r e q") is None  # an unknown Latin key: the reader says so
    assert block_key_problem(content.boxes["5a.fwd"], "2\u0441") is None
