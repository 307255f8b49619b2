"""A number box's feedback or solution quoting a time in another unit than the box's (ms where
the box is in ns) is a ``unit-text`` warning (trial-instructor s6 2.3)."""

from __future__ import annotations

from dataclasses import replace

import shipped_content

from tutor.authoring.units import unit_text_items


def _with_feedback(feedback: str):
    content = shipped_content.handout()
    box = content.boxes["5c.loaddisk"]
    assert box.unit == "ns"
    return replace(content, boxes={**content.boxes, box.id: replace(box, feedback=feedback)})


def test_the_shipped_content_quotes_times_in_its_boxes_units():
    assert unit_text_items(shipped_content.handout()) == []


def test_a_feedback_in_ms_for_a_box_in_ns_is_a_warning():
    items = unit_text_items(_with_feedback("Any loaddisk at or below 45.7 ms will do."))
    assert len(items) == 1
    box_id, message = items[0]
    assert box_id == "5c.loaddisk"
    assert "its feedback quotes '45.7 ms'" in message and "'ns'" in message


def test_a_conversion_or_a_plural_is_not_a_warning():
    assert unit_text_items(_with_feedback("That is 0.0457 us, i.e. 45.7 ns.")) == []
    assert unit_text_items(_with_feedback("As in the 1990s, disks are slow.")) == []
