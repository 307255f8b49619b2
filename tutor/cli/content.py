"""`hw3-tutor content export`: copy the packaged content out for editing."""

from __future__ import annotations

import argparse
from pathlib import Path

from tutor.authoring.export import (
    export_content,
)
from tutor.errors import UsageError
from tutor.paths import CONTENT_ENV


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="content_command", metavar="ACTION")
    export = sub.add_parser(
        "export",
        help="copy the packaged content into DIR for editing",
        description="Copy the packaged content (the TOML files and the authoring guide) "
        "into DIR, to edit and then use with --content DIR or $" + CONTENT_ENV + ".",
    )
    export.add_argument("dir", metavar="DIR", help="directory to write (new or empty)")
    export.add_argument(
        "--force",
        action="store_true",
        help="write into a non-empty DIR, overwriting the content files there",
    )


def main(args: argparse.Namespace) -> int:
    action = getattr(args, "content_command", None)
    if action != "export":
        raise UsageError("say what to do with the content: 'hw3-tutor content export DIR'")
    target = Path(args.dir).expanduser()
    written = export_content(target, force=args.force)
    print(f"wrote {len(written)} files to {target}:")
    for path in written:
        print(f"  {path.name}")
    print("next:")
    print(f"  edit the files (the guide is {target / 'README.md'})")
    print(f"  hw3-tutor validate {target}          check the schema and run the question tests")
    print(f"  hw3-tutor --content {target}         run the tutor on your copy")
    print(f"  export {CONTENT_ENV}={target}   use it for every command (tutor, grade, validate)")
    return 0
