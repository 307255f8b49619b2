"""The ``hw3-tutor`` command line.

With no subcommand it opens the Textual tutor; every subcommand runs on the
headless core alone (an import-linter contract and a test keep Textual out).

Each subcommand lives in its own module, which exposes ``add_arguments(parser)``
and ``main(args) -> int`` and imports only the standard library at module level,
so building this parser stays cheap.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Any

from tutor import __version__
from tutor.cli.options import add_content_option, add_log_dir_option, add_student_option
from tutor.errors import UserError
from tutor.textsafe import visible

# (name, module, one-line help)
SUBCOMMANDS: tuple[tuple[str, str, str], ...] = (
    ("grade", "tutor.cli.grade", "check an answer to one answer box (or a batch of them)"),
    (
        "validate",
        "tutor.cli.validate",
        "check the content files and run their question tests",
    ),
    ("variant", "tutor.cli.variant", "a practice variant of a part: its parameters and answers"),
    ("content", "tutor.cli.content", "copy the packaged content out for editing"),
    ("plot", "tutor.cli.plot", "print one of the tutor's plots to the terminal"),
    ("remat", "tutor.cli.remat", "the tensor rematerialization calculator"),
    (
        "review",
        "tutor.cli.review",
        "summarise session logs: one student's timeline or a class",
    ),
    ("export", "tutor.cli.export", "write a readable trace of a session as Markdown or LaTeX"),
    ("handin", "tutor.cli.handin", "write one file holding all your sessions, to hand in"),
    (
        "gradebook",
        "tutor.cli.gradebook",
        "one row per student from hand-ins or logs, every answer judged again",
    ),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hw3-tutor",
        description="Offline terminal tutor for EECS 182 Homework 3. "
        "Run with no subcommand to open the tutor.",
    )
    parser.add_argument("--version", action="version", version=f"hw3-tutor {__version__}")
    parser.add_argument(
        "--open", metavar="PART", default=None, help="open the tutor at this part (e.g. 5b)"
    )
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="start over: earlier progress is set aside, not deleted (later starts go on "
        "from here; --restore brings it back)",
    )
    parser.add_argument(
        "--restore",
        action="store_true",
        help="count every session again, undoing earlier --fresh starts",
    )
    add_content_option(parser, top_level=True)
    add_log_dir_option(parser, top_level=True)
    add_student_option(parser, top_level=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name, help_text in SUBCOMMANDS:
        module = importlib.import_module(module_name)
        p = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(p)
        p.set_defaults(_module=module_name)
    return parser


class StdoutError(OSError):
    """Writing to standard output failed (a full disk, an I/O error; a closed pipe stays a
    ``BrokenPipeError``): said in one line by :func:`main`, whichever command wrote."""


class _GuardedStdout:
    """``sys.stdout`` (and its ``buffer``) while a subcommand runs: a write or flush that fails
    raises :class:`StdoutError`, so that :func:`main` can tell it from any other OSError."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def _guard(self, call: Any, *args: Any) -> Any:
        try:
            return call(*args)
        except (BrokenPipeError, StdoutError):
            raise
        except OSError as exc:
            raise StdoutError(exc.errno, exc.strerror or str(exc)) from None

    def write(self, data: Any) -> Any:
        return self._guard(self._stream.write, data)

    def writelines(self, lines: Any) -> Any:
        return self._guard(self._stream.writelines, lines)

    def flush(self) -> Any:
        return self._guard(self._stream.flush)

    @property
    def buffer(self) -> Any:
        return _GuardedStdout(self._stream.buffer)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _drop_stdout() -> None:
    """After a write to stdout failed: what is still buffered goes nowhere, so that Python's
    own flush at exit does not fail again with a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _run_tui(args: argparse.Namespace) -> int:
    from tutor.ui.app import run_app

    return run_app(args)


def _answer_from(args: argparse.Namespace, extras: list[str], parser: Any) -> None:
    """``grade BOX -1/sqrt(d1)``: an answer starting with '-' (a minus sign) is the answer,
    not an option argparse does not know; anything else left over is an error, as argparse
    says it (with the way to pass such an answer)."""
    answer = extras[0]
    if (
        getattr(args, "command", None) == "grade"
        and len(extras) == 1
        and args.box is not None
        and args.answer is None
        and answer.startswith("-")
        and not answer.startswith("--")
    ):
        args.answer = answer
        return
    hint = ""
    if getattr(args, "command", None) == "grade" and any(
        x.startswith("-") and not x.startswith("--") for x in extras
    ):
        hint = " (an answer that starts with '-' goes after '--': grade BOX -- '-x')"
    parser.error(f"unrecognized arguments: {' '.join(extras)}{hint}")


def _student_values(argv: list[str]) -> list[str]:
    """``--student -2+3`` as ``--student=-2+3``: argparse takes a value starting with '-' for an
    option and says only "expected one argument"; joined, the id reaches the check that says
    what is wrong with it (an id starts with a letter or a digit). A lone short option
    (``--student -h``) and a long one (``--student --log-dir``) are left to argparse, and
    nothing after ``--``."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            out.extend(argv[i:])
            break
        value = argv[i + 1] if arg == "--student" and i + 1 < len(argv) else ""
        if (
            value.startswith("-")
            and not value.startswith("--")
            and (len(value) > 2 or not value[1:].isalpha())
        ):
            out.append(f"--student={value}")
            i += 2
            continue
        out.append(arg)
        i += 1
    return out


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = _student_values(sys.argv[1:] if argv is None else list(argv))
    args, extras = parser.parse_known_args(argv)
    if extras:
        _answer_from(args, extras, parser)
    real_stdout = sys.stdout
    try:
        if args.command is None:
            return _run_tui(args)
        sys.stdout = _GuardedStdout(real_stdout)
        module = importlib.import_module(args._module)
        code = int(module.main(args) or 0)
        sys.stdout.flush()
        return code
    except StdoutError as exc:
        # the one place a failed write to stdout is said (``> /dev/full``: a full disk)
        sys.stdout = real_stdout
        _drop_stdout()
        print(
            f"hw3-tutor {args.command}: cannot write to standard output: "
            f"{visible(exc.strerror or str(exc), 200)}",
            file=sys.stderr,
        )
        return 1
    except UserError as exc:
        prefix = f"hw3-tutor {args.command}" if args.command else "hw3-tutor"
        # a message may quote a file name or a field it read: shown, never obeyed
        print(f"{prefix}: {visible(str(exc), 4000, newlines=True)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    finally:
        if isinstance(sys.stdout, _GuardedStdout):
            sys.stdout = real_stdout
