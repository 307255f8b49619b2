"""``hw3-tutor variant PART``: a practice variant's parameters and every box's reference answer.

    hw3-tutor variant 5a                      the handout (variant 0)
    hw3-tutor variant 5a --seed 7             the variant drawn with seed 7
    hw3-tutor variant 5a --set layers=12 --set every=4
    hw3-tutor variant 5a --seed 7 --json      {"part", "seed", "params", "boxes": {BOX: {"answer"}}}
    hw3-tutor variant 5a --values             also every derived value the texts use

A seed that practice does not offer (the part, or a part shown with it at that seed, asks what
the handout asks: ``tutor.variants.practice``) is shown as asked, with a line saying so and
which seed practice gives instead (on stderr with ``--json``).

Bad parameters (an unknown name, a value out of range, a broken constraint, K > N) are one line
on stderr and exit status 2. Only the standard library is imported at module level.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tutor.cli.options import add_content_option, add_variant_options, variant_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("part", metavar="PART", help="a part id, e.g. 5a")
    add_variant_options(parser)
    parser.add_argument(
        "--json",
        action="store_true",
        help='print {"part", "seed", "params", "boxes": {BOX: {"answer"}}}',
    )
    parser.add_argument(
        "--values",
        action="store_true",
        help="also print the derived values (what the texts quote)",
    )
    add_content_option(parser)


def main(args: argparse.Namespace) -> int:
    from tutor.paths import content_dir
    from tutor.variants.engine import instantiate, load
    from tutor.variants.values import write

    seed, params = variant_settings(args)
    content = load(content_dir(getattr(args, "content", None)))
    variant = instantiate(content, args.part.strip(), seed=seed, params=params)
    skipped = _not_offered(content, variant)
    if args.json:
        print(json.dumps(variant.to_json(), ensure_ascii=False))
        if skipped:
            print(f"hw3-tutor variant: {skipped}", file=sys.stderr)
        return 0
    print(_human(variant, args.values, write))
    if skipped:
        print(f"  {skipped}")
    return 0


def _not_offered(content: Any, variant: Any) -> str:
    """Why practice never shows this seed, and the seed it shows instead ("" for one it offers,
    the handout, or parameters set by hand)."""
    from tutor.variants.practice import next_practice_seed, not_offered

    if not variant.seed:
        return ""
    why = not_offered(content, variant.part_id, variant.seed)
    if not why:
        return ""
    instead = next_practice_seed(content, variant.part_id, variant.seed)
    then = f"; practice gives seed {instead} instead" if instead is not None else ""
    return f"not offered for practice: {why}{then}"


def _human(variant: Any, values: bool, write: Any) -> str:
    which = "the handout" if variant.is_handout else f"variant {variant.key}"
    lines = [f"part {variant.part_id}: {which}"]
    if variant.params:
        lines.append(f"  parameters: {variant.describe()}")
    else:
        lines.append("  no parameters (only the handout)")
    for box_id, box in variant.boxes.items():
        lines.append(f"  {box_id}: {box.answer}")
    if values:
        derived = [n for n in variant.values if n not in variant.params]
        if derived:
            lines.append("  values:")
        for name in derived:
            text = write(variant.values[name])
            if "\n" in text:
                text = "\n      " + text.replace("\n", "\n      ")
            lines.append(f"    {name} = {text}")
    return "\n".join(lines)
