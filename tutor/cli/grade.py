"""``hw3-tutor grade``: check answers from the command line.

    hw3-tutor grade BOX ANSWER          verdict, feedback and interpretation for a person
    hw3-tutor grade BOX ANSWER --json   one JSON object
    hw3-tutor grade --batch FILE        JSON Lines in ({"id", "box", "answer"}), JSON Lines out
                                        ({"id", "box", "verdict", "feedback", "interpreted",
                                        "note", "ms"}), same order; "-" reads stdin

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

from tutor.cli.options import add_content_option
from tutor.errors import UsageError, UserError
from tutor.textsafe import json_text, visible

OUTPUT_FIELDS = ("id", "box", "verdict", "feedback", "interpreted", "note", "ms")
MAX_LINE_BYTES = 1 << 20  # a longer batch line is an error, skipped without being kept
SHOW_LIMIT = 2000  # characters of an answer or a feedback printed in text mode


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
    add_content_option(parser)


def _boxes(args: argparse.Namespace) -> dict[str, Any]:
    from tutor.content.loader import load_content
    from tutor.paths import content_dir

    return load_content(content_dir(getattr(args, "content", None))).boxes


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
    boxes = _boxes(args)
    if args.box not in boxes:
        raise UsageError(_unknown_box(args.box, boxes))
    from tutor.checking.worker import CheckWorker

    with CheckWorker(timeout=args.timeout) as worker:
        verdict = worker.check(boxes[args.box], args.answer)
    if args.json:
        print(json_text({"id": None, "box": args.box, **_fields(verdict)}))
    else:
        print(_human(args.box, args.answer, verdict))
    return 0


def _fields(verdict: Any) -> dict[str, Any]:
    return {
        "verdict": verdict.verdict,
        "feedback": verdict.feedback,
        "interpreted": verdict.interpreted,
        "note": verdict.note,
        "ms": verdict.ms,
    }


def _human(box_id: str, answer: str, v: Any) -> str:
    from tutor.inputlang.pretty import caret_line

    """The verdict for a person: every text escaped, long ones cut, the caret under the
    column the checker points at (counted in the escaped answer)."""
    lines = [f"{visible(box_id)}: {visible(v.verdict)}  ({visible(v.note)})"]
    if v.interpreted:
        lines.append(f"  read as:  {visible(v.interpreted, SHOW_LIMIT)}")
    if v.column is not None and v.verdict == "invalid":
        shown = visible(answer, SHOW_LIMIT)
        lines.append(f"  answer:   {shown}")
        if 0 <= v.column <= min(len(answer), SHOW_LIMIT):
            lines.append("            " + caret_line(shown, len(visible(answer[: v.column], None))))
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


def grade_lines(stream: IO[bytes], boxes: dict[str, Any], worker: Any, out: IO[bytes]) -> int:
    """Grade JSON Lines (bytes) from ``stream`` into ``out`` (UTF-8 JSON Lines, one per
    input line that is not blank, in order); returns how many lines were graded."""
    graded = 0
    for lineno, raw in enumerate(_lines(stream), start=1):
        if raw is not None and not raw.strip():
            continue
        record = _read_record(raw, lineno, boxes)
        if "error" in record:
            row = record
        else:
            v = worker.check(boxes[record["box"]], record["answer"])
            row = {"id": record["id"], "box": record["box"], **_fields(v)}
            graded += 1
        out.write(json_text(row).encode("utf-8") + b"\n")
        out.flush()
    return graded


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
    return {"id": rid, "box": box, "answer": answer}


def _batch(args: argparse.Namespace) -> int:
    boxes = _boxes(args)
    stream = _open(args.batch)
    from tutor.checking.worker import CheckWorker

    try:
        with CheckWorker(timeout=args.timeout) as worker:
            grade_lines(stream, boxes, worker, sys.stdout.buffer)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    return 0
