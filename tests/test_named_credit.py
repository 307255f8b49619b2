"""What a verdict names and what it gives credit for must hold for the answer and the variant
it is given in (the judging audit):

- a derivation's last line is judged by its value box as the variant has it (the entries
  whose `when` does not hold there are left out of it too);
"""

from __future__ import annotations

import pytest
import shipped_content

from tutor.variants.engine import box_variant

RAW = shipped_content.templates()
HANDOUT = shipped_content.handout().boxes


@pytest.mark.parametrize("part", ["1a", "1b"])
def test_a_derivation_is_judged_by_its_value_box_as_the_variant_has_it(part):
    # the entries whose when does not hold in a variant are left out of the value box, and so
    # of the box that judges a derivation's last line (1b: ±s inputs have no squared reading)
    for seed in range(0, 12):
        derive = box_variant(RAW, f"{part}.derive", seed=seed)
        value = box_variant(RAW, f"{part}.constant", seed=seed)
        assert derive.target_box is not None
        assert derive.target_box.mistakes == value.mistakes, seed
        assert derive.target_box.accept == value.accept, seed
