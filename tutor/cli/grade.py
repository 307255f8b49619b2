"""``hw3-tutor grade``: check answers from the command line.

    hw3-tutor grade BOX ANSWER          verdict, feedback and interpretation for a person
    hw3-tutor grade BOX ANSWER --json   one JSON object
    hw3-tutor grade --batch FILE        JSON Lines in ({"id", "box", "answer"}), JSON Lines out
                                        ({"id", "box", "verdict", "feedback", "interpreted",
                                        "note", "ms"}), same order; "-" reads stdin
    hw3-tutor grade BOX ANSWER --seed S          judged against variant S of the box's part
    hw3-tutor grade BOX ANSWER --set N=V ...     ... or against the parameters set by hand

A batch line may carry ``"seed": S`` or ``"params": {"layers": 12, ...}`` (echoed in its output
line); without them, and without ``--seed``/``--set``, the handout variant is judged. Bad
parameters are a one-line error (exit 2), or that line's error in a batch.

Every check runs in one ``CheckWorker`` process with a time and a memory budget (``ms`` is the
checking time, plus the restart of that process when the answer before it ran out of time). A batch is
read as bytes and decoded line by line: a line that is not UTF-8, not JSON (or nested too
deep), longer than ``MAX_LINE_BYTES``, holds a lone surrogate, or names an unknown box gives
``{"id", "box", "error", "line"}`` for that line, and every other line is graded. The output
is always valid UTF-8 JSON Lines (``tutor.textsafe.json_text``). In text mode everything
printed that came from the answer or the content goes through ``tutor.textsafe.visible``.
Exit 0 whatever the verdicts; 2 with a one-line message for usage errors or an unknown box.
Only the standard library is imported at module level.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import IO, Any

from tutor.cli.options import (
    add_content_option,
    add_timeout_option,
    add_variant_options,
    variant_settings,
)
from tutor.errors import UsageError, UserError
from tutor.textsafe import ECHO_WIDTH, excerpt, json_text, pointed, visible
from tutor.variants.seeds import SEED_RANGE, is_seed

OUTPUT_FIELDS = ("id", "box", "verdict", "feedback", "interpreted", "note", "ms")
MAX_LINE_BYTES = 1 << 20  # a longer batch line is an error, skipped without being kept
SHOW_LIMIT = 2000  # characters of a feedback printed in text mode


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("box", nargs="?", metavar="BOX", help="answer box id, e.g. 1a.constant")
    parser.add_argument(
        "answer", nargs="?", metavar="ANSWER", help="the answer, as a student types it"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--batch",
        metavar="FILE",
        default=None,
        help='grade JSON Lines {"id", "box", "answer"} from FILE ("-" for stdin)',
    )
    add_timeout_option(parser, 1.0, "time budget per answer")
    add_variant_options(parser)
    add_content_option(parser)


def _content(args: argparse.Namespace) -> Any:
    from tutor.paths import content_dir
    from tutor.variants.engine import load

    return load(content_dir(getattr(args, "content", None)))  # the handout, templates kept


def _boxes(args: argparse.Namespace) -> dict[str, Any]:
    return _content(args).boxes


def box_in_variant(content: Any, box_id: str, seed: int | None, params: Any) -> tuple[Any, Any]:
    """(the box as judged, its variant): the handout's box (variant None), or the variant's."""
    if seed is None and not params:
        return content.boxes[box_id], None
    from tutor.variants.engine import instantiate

    variant = instantiate(content, content.boxes[box_id].part_id, seed=seed, params=params)
    return variant.boxes[box_id], variant


def judge_in(worker: Any, box: Any, answer: str, variant: Any, handout: Any) -> Any:
    """The verdict on ``answer`` in ``box`` of ``variant`` (None: the handout), saying so when
    it is the handout's value typed in a variant, as the tutor says it (``tell_handout_value``;
    ``handout``: the handout's boxes by id)."""
    verdict = worker.check(box, answer)
    if variant is None:
        return verdict
    from tutor.variants.handoutkey import tell_handout_value

    there = handout.get(box.id)
    return tell_handout_value(verdict, answer, box, there, variant.describe(), worker.check)


def _unknown_box(box_id: str, boxes: dict[str, Any]) -> str:
    import difflib

    close = difflib.get_close_matches(box_id, list(boxes), n=3)
    hint = (
        f"; did you mean {', '.join(close)}?"
        if close
        else f"; known boxes: {', '.join(sorted(boxes))}"
    )
    return f"unknown box '{box_id}'{hint}"


def main(args: argparse.Namespace) -> int:
    if args.batch is not None:
        if args.box is not None or args.answer is not None:
            raise UsageError("give either --batch FILE or BOX ANSWER, not both")
        return _batch(args)
    if args.box is None or args.answer is None:
        raise UsageError("give a box and an answer (hw3-tutor grade 5a.fwd 20) or --batch FILE")
    if not _is_text(args.answer):  # bytes the terminal's encoding could not decode
        raise UsageError("the answer holds bytes that are not text (UTF-8): type it again")
    seed, params = variant_settings(args)
    content = _content(args)
    if args.box not in content.boxes:
        raise UsageError(_unknown_box(args.box, content.boxes))
    box, variant = box_in_variant(content, args.box, seed, params)
    from tutor.checking.worker import CheckWorker

    with CheckWorker(timeout=args.timeout) as worker:
        verdict = judge_in(worker, box, args.answer, variant, content.boxes)
    if args.json:
        print(
            json_text({"id": None, "box": args.box, **_fields(verdict), **_variant_fields(variant)})
        )
    else:
        text = _human(args.box, args.answer, verdict)
        if variant is not None:
            described = variant.describe() or "the handout's numbers"
            text += f"\n  variant {variant.key}: {described}"
        print(text)
    return 0


def _variant_fields(variant: Any) -> dict[str, Any]:
    """What a graded line says of its variant: the seed it was drawn with, or the parameters
    set by hand (all of them, as numbers); nothing for the handout's box."""
    if variant is None:
        return {}
    if variant.seed is not None:
        return {"seed": variant.seed}
    return {"params": variant.params_json()}


def _fields(verdict: Any) -> dict[str, Any]:
    return {
        "verdict": verdict.verdict,
        "feedback": verdict.feedback,
        "interpreted": verdict.interpreted,
        "note": verdict.note,
        "ms": verdict.ms,
    }


def _human(box_id: str, answer: str, v: Any) -> str:
    """The verdict for a person: every text escaped, long ones cut; a long answer or reading
    shown as an excerpt that fits the line, with the caret under the character the checker
    points at."""
    lines = [f"{visible(box_id)}: {visible(v.verdict)}  ({visible(v.note)})"]
    if v.interpreted:
        lines.append(f"  read as:  {excerpt(v.interpreted, ECHO_WIDTH)}")
    if v.column is not None and v.verdict == "invalid" and 0 <= v.column <= len(answer):
        shown, caret = pointed(answer, v.column, ECHO_WIDTH)
        lines.append(f"  answer:   {shown}")
        lines.append(f"            {caret}")
    if v.feedback:
        lines.append(f"  {visible(v.feedback, SHOW_LIMIT, newlines=True)}")
    return "\n".join(lines)


def _open(path: str) -> IO[bytes]:
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise UserError(f"cannot read {visible(path, None)}: {exc.strerror or exc}") from exc


def _lines(stream: IO[bytes]) -> Iterator[bytes | None]:
    """The lines of ``stream`` (without their newline); None for one longer than
    MAX_LINE_BYTES, which is skipped without being kept."""
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line.rstrip(b"\r\n")


def grade_lines(stream: IO[bytes], boxes: Any, worker: Any, out: IO[bytes]) -> int:
    """Grade JSON Lines (bytes) from ``stream`` into ``out`` (UTF-8 JSON Lines, one per
    input line that is not blank, in order); returns how many lines were graded.

    ``boxes`` is the content (``tutor.variants.engine.load``), so a line's ``"seed"`` or
    ``"params"`` can pick a variant, or a plain mapping of box ids to box specs.
    """
    content = boxes if hasattr(boxes, "templates") else None
    by_id = content.boxes if content is not None else boxes
    graded = 0
    for lineno, raw in enumerate(_lines(stream), start=1):
        if raw is not None and not raw.strip():
            continue
        record = _read_record(raw, lineno, by_id)
        box = variant = None
        if "error" not in record:
            try:
                box, variant = _record_box(record, content, by_id)
            except UserError as exc:
                record = {
                    "id": record["id"],
                    "box": record["box"],
                    "error": str(exc),
                    "line": lineno,
                }
            except Exception as exc:  # noqa: BLE001 - one line's variant, never the batch
                record = {
                    "id": record["id"],
                    "box": record["box"],
                    "error": f"this line's variant could not be built ({type(exc).__name__})",
                    "line": lineno,
                }
        if box is None:
            row = record
        else:
            v = judge_in(worker, box, record["answer"], variant, by_id)
            row = {
                "id": record["id"],
                "box": record["box"],
                **_fields(v),
                **_variant_fields(variant),
            }
            graded += 1
        out.write(json_text(row).encode("utf-8") + b"\n")
        out.flush()
    return graded


def _record_box(record: dict[str, Any], content: Any, by_id: Any) -> tuple[Any, Any]:
    seed, params = record.get("seed"), record.get("params")
    if seed is None and not params:
        return by_id[record["box"]], None
    if content is None:
        raise UsageError("this batch cannot choose variants")
    return box_in_variant(content, record["box"], seed, params)


def _is_text(value: str) -> bool:
    """Whether ``value`` is real text (no lone surrogate, which UTF-8 cannot hold)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _read_record(raw: bytes | None, lineno: int, boxes: dict[str, Any]) -> dict[str, Any]:
    def error(message: str, rid: Any = None, box: Any = None) -> dict[str, Any]:
        return {"id": rid, "box": box, "error": message, "line": lineno}

    if raw is None:
        return error(f"the line is longer than {MAX_LINE_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return error(f"not UTF-8: byte 0x{raw[exc.start]:02x} at column {exc.start + 1}")
    if lineno == 1:
        text = text.removeprefix("\ufeff")  # a byte-order mark some editors write
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return error(f"not JSON: {exc.msg} at column {exc.colno}")
    except (RecursionError, ValueError):
        return error("not JSON this tool reads: nested too deeply or a number too long")
    if not isinstance(obj, dict):
        return error('each line must be a JSON object {"id", "box", "answer"}')
    rid = obj.get("id")
    box = obj.get("box")
    answer = obj.get("answer")
    if rid is not None and not isinstance(rid, (str, int, float)):
        return error(
            '"id" must be a string or a number', None, box if isinstance(box, str) else None
        )
    if not isinstance(box, str):
        return error('missing "box" (a string such as "5a.fwd")', rid, None)
    if not isinstance(answer, str):
        return error('missing "answer" (a string)', rid, box)
    if not (_is_text(answer) and _is_text(box)):
        return error("a lone surrogate (a \\ud800-\\udfff escape) is not a character", rid, box)
    if box not in boxes:
        if len(box) > 100:
            return error(f"unknown box (an id {len(box):,} characters long)", rid, box[:100])
        return error(_unknown_box(box, boxes), rid, box)
    record: dict[str, Any] = {"id": rid, "box": box, "answer": answer}
    seed, params = obj.get("seed"), obj.get("params")
    if seed is not None and params is not None:
        return error('give "seed" or "params", not both', rid, box)
    if seed is not None:
        if not is_seed(seed):
            return error(f'"seed" must be {SEED_RANGE}', rid, box)
        record["seed"] = seed
    if params is not None:
        if not isinstance(params, dict) or not all(isinstance(k, str) for k in params):
            return error('"params" must be an object such as {"layers": 12, "every": 4}', rid, box)
        record["params"] = params
    return record


def _batch(args: argparse.Namespace) -> int:
    if variant_settings(args) != (None, {}):
        raise UsageError(
            '--seed and --set apply to one answer; in a batch, give "seed" or "params" per line'
        )
    boxes = _content(args)
    stream = _open(args.batch)
    from tutor.checking.worker import CheckWorker

    try:
        with CheckWorker(timeout=args.timeout) as worker:
            grade_lines(stream, boxes, worker, sys.stdout.buffer)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    return 0
