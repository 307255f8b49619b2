"""`hw3-tutor handin`: one file holding all of the student's sessions, ready to upload."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tutor.cli.options import (
    STDOUT,
    add_content_option,
    add_log_dir_option,
    add_student_option,
)
from tutor.cli.outputs import Read, check_named_folder, handin_output
from tutor.errors import UsageError
from tutor.textsafe import visible


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default=None,
        help="where to write the hand-in (default: hw3-handin-<your id>.zip here; "
        "a directory: that name in it; -: stdout, not a terminal)",
    )
    add_student_option(parser)
    add_log_dir_option(parser)
    add_content_option(parser)


def main(args: argparse.Namespace) -> int:
    from tutor.content.issues import ContentError
    from tutor.paths import config_dir, content_dir, log_dir
    from tutor.sessions.handin import default_name, write_handin
    from tutor.sessions.identity import STUDENT_FILE, resolve_identity
    from tutor.sessions.logformat import SUFFIX
    from tutor.variants.engine import load as load_content  # the handout variant

    identity = resolve_identity(getattr(args, "student", None))
    if identity.id is None:
        why = f" ({identity.problem})" if identity.problem else ""
        raise UsageError(
            f'no student id{why}: give --student ID, or put id = "YOUR-ID" in '
            f"{config_dir() / STUDENT_FILE} (the tutor asks for it on its first start)"
        )
    content_hash: str | None = None
    content_path = content_dir(getattr(args, "content", None))
    prompts: dict[str, str] = {}  # box id -> its prompt, as the student sees it
    try:
        loaded = load_content(content_path)
        content_hash = loaded.content_hash
        prompts = {box_id: box.prompt for box_id, box in loaded.boxes.items()}
    except ContentError as exc:
        print(
            f"warning: the content does not load, so the hand-in names no content version "
            f"({visible(str(exc).splitlines()[0] if str(exc) else 'content error', 300)})",
            file=sys.stderr,
        )
    if args.output == STDOUT:
        return _to_stdout(args, identity.id, content_hash)
    if args.output:
        check_named_folder(args.output)  # `-o dir/`: into that folder, never a file named dir
    out = Path(args.output).expanduser() if args.output else Path(default_name(identity.id))
    if out.is_dir():
        out = out / default_name(identity.id)
    logs = log_dir(getattr(args, "log_dir", None))
    handin_output(out, [Read(logs, (SUFFIX,)), Read(content_path, (".toml",))], identity.id)
    replaced = out.exists()
    written = write_handin(
        logs, identity.id, out, content_hash, from_sessions=not _content_named(args)
    )
    content_hash = written.content_hash
    for warning in written.warnings:
        print(f"warning: {visible(warning, 500)}", file=sys.stderr)
    sessions = f"{written.sessions} session{'s' if written.sessions != 1 else ''}"
    version = f"content {content_hash[:12]}" if content_hash else "no content version"
    print(
        f"{'Replaced' if replaced else 'Wrote'} {visible(str(written.path.resolve()), 500)}: "
        f"{sessions} ({written.events:,} events, {written.bytes:,} bytes of logs, "
        f"{written.zip_bytes:,} bytes zipped) of student "
        f"{identity.id}, {version}.\nUpload this file as your hand-in."
    )
    _say_unsent(logs, prompts)
    return 0


def _content_named(args: argparse.Namespace) -> bool:
    """Whether the content was named (``--content``, ``$HW3_TUTOR_CONTENT``): else the hand-in
    names the content its sessions were recorded with."""
    import os

    from tutor.paths import CONTENT_ENV

    return bool(getattr(args, "content", None) or os.environ.get(CONTENT_ENV))


def box_words(box_id: str, prompts: dict[str, str]) -> str:
    """A box as the student sees it: its part and its prompt (``1b, “c =”``); by its id only
    when the content does not know it."""
    from tutor.sessions.drafts import part_of_box

    prompt = " ".join((prompts.get(box_id) or "").split())
    if not prompt:
        return f"box {box_id}"
    if len(prompt) > 40:
        prompt = prompt[:39].rstrip() + "…"
    return f"{part_of_box(box_id)}, “{prompt}”"


def _say_unsent(logs: Path, prompts: dict[str, str] | None = None) -> None:
    """Unsent drafts are not in the log, so not in the hand-in: say which, and how to send them."""
    from tutor.sessions.drafts import (
        EXPLANATION,
        REFLECTION,
        RUBRIC,
        how_to_reopen,
        part_of_box,
        read_drafts,
    )
    from tutor.sessions.logformat import variant_words

    drafts, _ = read_drafts(logs)
    if not drafts:
        return
    named = []
    ways = []  # how to reach the practice variants they are in
    for first, ident in sorted(drafts):
        if first == EXPLANATION:
            named.append(f"the explanation of {ident}")
        elif first == REFLECTION:
            named.append(f"the reflection {ident}")
        elif first == RUBRIC:
            named.append(f"the key points ticked in {ident}")
        elif first.startswith(("seed:", "set:")):
            named.append(
                f"{box_words(ident, prompts or {})} (in practice variant {variant_words(first)})"
            )
            way = how_to_reopen(part_of_box(ident), first)
            if way not in ways:
                ways.append(way)
        else:
            named.append(box_words(ident, prompts or {}))
    shown = "; ".join(named[:6]) + (f" and {len(named) - 6} more" if len(named) > 6 else "")
    reach = ""
    if ways:
        listed = "; ".join(ways[:4]) + ("; … (it lists every one)" if len(ways) > 4 else "")
        reach = (
            " A practice variant's numbers come back in the tutor from its command palette: "
            f"{visible(listed, 600)}."
        )
    print(
        f"warning: {len(named)} unsent draft{'s are' if len(named) != 1 else ' is'} not in it: "
        f"{visible(shown, 400)}. Open the tutor, send or save them, then run handin again."
        f"{reach}",
        file=sys.stderr,
    )


def _to_stdout(args: argparse.Namespace, student: str, content_hash: str | None) -> int:
    """``-o -``: the hand-in written to stdout (a pipe or a file, never a terminal), what was
    written said on stderr."""
    import shutil
    import tempfile

    from tutor.errors import UserError
    from tutor.paths import log_dir
    from tutor.sessions.handin import default_name, write_handin

    if sys.stdout.isatty():
        raise UsageError("-o -: a hand-in is a zip archive; send stdout to a file or a pipe")
    with tempfile.TemporaryDirectory(prefix="hw3-handin-") as tmp:
        path = Path(tmp) / default_name(student)
        written = write_handin(
            log_dir(getattr(args, "log_dir", None)),
            student,
            path,
            content_hash,
            from_sessions=not _content_named(args),
        )
        for warning in written.warnings:
            print(f"warning: {visible(warning, 500)}", file=sys.stderr)
        sys.stdout.flush()
        try:
            with path.open("rb") as f:
                shutil.copyfileobj(f, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        except OSError as exc:
            raise UserError(f"cannot write the hand-in to stdout: {exc.strerror or exc}") from None
    print(
        f"Wrote the hand-in to stdout: {written.sessions} session"
        f"{'s' if written.sessions != 1 else ''} ({written.events:,} events, "
        f"{written.bytes:,} bytes of logs, {written.zip_bytes:,} bytes zipped) of student "
        f"{student}.",
        file=sys.stderr,
    )
    return 0
