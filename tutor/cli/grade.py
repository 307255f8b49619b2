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

Every check runs in one ``CheckWorker`` process with a time budget. A malformed batch line or
an unknown box gives ``{"id", "box", "error", "line"}`` for that line and the rest are graded.
Exit 0 whatever the verdicts; 2 with a one-line message for usage errors or an unknown box.
Only the standard library is imported at module level.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any

from tutor.cli.options import add_content_option, add_variant_options, variant_settings
from tutor.errors import UsageError, UserError

OUTPUT_FIELDS = ("id", "box", "verdict", "feedback", "interpreted", "note", "ms")


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
    parser.add_argument(
        "--timeout",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="time budget per answer (default 1)",
    )
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
    if args.timeout is not None and not args.timeout > 0:
        raise UsageError("--timeout must be a positive number of seconds")
    if args.batch is not None:
        if args.box is not None or args.answer is not None:
            raise UsageError("give either --batch FILE or BOX ANSWER, not both")
        return _batch(args)
    if args.box is None or args.answer is None:
        raise UsageError("give a box and an answer (hw3-tutor grade 5a.fwd 20) or --batch FILE")
    seed, params = variant_settings(args)
    content = _content(args)
    if args.box not in content.boxes:
        raise UsageError(_unknown_box(args.box, content.boxes))
    box, variant = box_in_variant(content, args.box, seed, params)
    from tutor.checking.worker import CheckWorker

    with CheckWorker(timeout=args.timeout) as worker:
        verdict = worker.check(box, args.answer)
    if args.json:
        row = {"id": None, "box": args.box, **_fields(verdict), **_variant_fields(variant)}
        print(json.dumps(row, ensure_ascii=False))
    else:
        text = _human(args.box, args.answer, verdict)
        if variant is not None:
            text += f"\n  variant {variant.key}: {variant.describe()}"
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
    lines = [f"{box_id}: {v.verdict}  ({v.note})"]
    if v.interpreted:
        lines.append(f"  read as:  {v.interpreted}")
    if v.column is not None and v.verdict == "invalid":
        lines.append(f"  answer:   {answer}")
        lines.append("            " + " " * v.column + "^")
    if v.feedback:
        lines.append(f"  {v.feedback}")
    return "\n".join(lines)


def _open(path: str) -> IO[str]:
    if path == "-":
        return sys.stdin
    try:
        return open(path, encoding="utf-8")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from exc


def grade_lines(lines: Any, boxes: Any, worker: Any, out: IO[str]) -> int:
    """Grade JSON Lines from ``lines`` into ``out``; returns how many lines were graded.

    ``boxes`` is the content (``tutor.variants.engine.load``), so a line's ``"seed"`` or
    ``"params"`` can pick a variant, or a plain mapping of box ids to box specs.
    """
    content = boxes if hasattr(boxes, "templates") else None
    by_id = content.boxes if content is not None else boxes
    graded = 0
    for lineno, raw in enumerate(lines, start=1):
        if not raw.strip():
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
        if box is None:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            v = worker.check(box, record["answer"])
            extra = _variant_fields(variant)
            row = {"id": record["id"], "box": record["box"], **_fields(v), **extra}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            graded += 1
        out.flush()
    return graded


def _record_box(record: dict[str, Any], content: Any, by_id: Any) -> tuple[Any, Any]:
    seed, params = record.get("seed"), record.get("params")
    if seed is None and not params:
        return by_id[record["box"]], None
    if content is None:
        raise UsageError("this batch cannot choose variants")
    return box_in_variant(content, record["box"], seed, params)


def _read_record(raw: str, lineno: int, boxes: dict[str, Any]) -> dict[str, Any]:
    def error(message: str, rid: Any = None, box: Any = None) -> dict[str, Any]:
        return {"id": rid, "box": box, "error": message, "line": lineno}

    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        return error(f"not JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(obj, dict):
        return error('each line must be a JSON object {"id", "box", "answer"}')
    rid = obj.get("id")
    box = obj.get("box")
    answer = obj.get("answer")
    if not isinstance(box, str):
        return error('missing "box" (a string such as "5a.fwd")', rid, box)
    if not isinstance(answer, str):
        return error('missing "answer" (a string)', rid, box)
    if box not in boxes:
        return error(_unknown_box(box, boxes), rid, box)
    record: dict[str, Any] = {"id": rid, "box": box, "answer": answer}
    seed, params = obj.get("seed"), obj.get("params")
    if seed is not None and params is not None:
        return error('give "seed" or "params", not both', rid, box)
    if seed is not None:
        if isinstance(seed, bool) or not isinstance(seed, int):
            return error('"seed" must be a whole number', rid, box)
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
            grade_lines(stream, boxes, worker, sys.stdout)
    except UnicodeDecodeError as exc:
        raise UserError(f"{args.batch} is not UTF-8 text ({exc.reason})") from exc
    finally:
        if stream is not sys.stdin:
            stream.close()
    return 0
