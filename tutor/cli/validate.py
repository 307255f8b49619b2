"""`hw3-tutor validate`: check content and run its question tests."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tutor.authoring.report import ValidationReport, VariantsReport
from tutor.authoring.validate import plot_names, validate_content
from tutor.cli.options import add_timeout_option, whole_number
from tutor.content.issues import ContentError, content_report
from tutor.errors import UsageError
from tutor.textsafe import json_text, visible

MAX_VARIANTS = 10_000  # validate --variants N: at most this many per part


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "directory",
        nargs="?",
        metavar="DIR",
        help="content directory to check (default: --content, $HW3_TUTOR_CONTENT, or the packaged content)",
    )
    parser.add_argument(
        "--content",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="same as DIR",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="also fail when the question-test coverage rules are not met",
    )
    add_timeout_option(parser, 10.0, "time bound per check")
    parser.add_argument(
        "--variants",
        type=whole_number(1, MAX_VARIANTS),
        default=0,
        metavar="N",
        help="also draw variants 1..N of every parameterized part and check each one in full",
    )


def _directory(args: argparse.Namespace) -> Path:
    from tutor.paths import content_dir

    positional = getattr(args, "directory", None)
    option = getattr(args, "content", None)
    if positional and option and Path(positional) != Path(option):
        raise UsageError(
            f"two content directories given ({positional} and --content {option}); give one"
        )
    return content_dir(positional or option)


def print_report(report: ValidationReport, strict: bool, out=None) -> None:
    out = out or sys.stdout
    if report.schema_errors:
        # content text and file names are shown, never obeyed (tutor.textsafe)
        text = content_report(report.directory, list(report.schema_errors))
        print(visible(text, None, newlines=True), file=out)
        return
    print(
        f"{visible(report.directory)}: {report.files} files, {report.problems} problems, "
        f"{report.parts} parts, {report.boxes} boxes",
        file=out,
    )
    print(
        f"checks (answers, readings, mistakes, texts): {report.checks_passed} passed, "
        f"{report.checks_failed} failed",
        file=out,
    )
    skipped = f", {report.tests_skipped} not run" if report.tests_skipped else ""
    print(
        f"question tests: {report.tests_passed} passed, {report.tests_failed} failed{skipped}",
        file=out,
    )
    for failure in report.failures:
        print(visible(f"FAIL {failure}", 4000, newlines=True), file=out)
    label = "FAIL" if strict else "warning"
    for warning in report.warnings:
        print(visible(f"{label} {warning}", 4000, newlines=True), file=out)
    failed = not report.ok or (strict and report.warnings)
    print("content has failures" if failed else "content OK", file=out)


def variants_note(parts: tuple[str, ...]) -> str:
    """What plain ``validate`` says of the parameterized parts it checked at the handout's
    numbers only: a mistake equal to the key in some variant, a dropped constraint, a
    statement's example that is a variant's key are found by ``--variants N``."""
    shown = ", ".join(parts[:8]) + (f" and {len(parts) - 8} more" if len(parts) > 8 else "")
    return (
        f"note: {len(parts)} parameterized part{'s' if len(parts) != 1 else ''} ({shown}) "
        "checked at the handout's numbers only; run 'hw3-tutor validate --variants 30' to "
        "check their variants (a mistake equal to the key in some variants, a dropped "
        "constraint)"
    )


def print_variants(report: VariantsReport, out=None) -> None:
    out = out or sys.stdout

    def summary(p: str) -> str:
        text = f"{p} ({_seed_list(report.seeds.get(p, ()))}: {report.distinct.get(p, 0)} different"
        missed = report.uncomputed.get(p, ())
        if missed:
            text += f"; no variant for {_seed_list(missed)}"
        skipped = report.not_offered.get(p, ())
        if skipped:
            text += f"; not offered for practice: {_seed_list(skipped)}"
        return text + ")"

    shown = ", ".join(summary(p) for p in report.parts)
    print(
        f"variants: up to {report.count} different variants of each of {len(report.parts)} "
        f"parameterized parts: {shown or 'none'}",
        file=out,
    )
    print(
        f"variant checks: {report.checks_passed} passed, {report.checks_failed} failed; "
        f"variant question tests: {report.tests_passed} passed, {report.tests_failed} failed "
        f"({report.seconds:.1f} s)",
        file=out,
    )
    for failure in report.failures:
        print(f"FAIL {failure}", file=out)
    for part, missed in report.uncomputed.items():
        if missed:
            print(
                f"FAIL {part}: no variant for {_seed_list(missed)}: a derived value or "
                "constraint cannot be computed for their parameters (the failure at its line "
                "says which, and what to do)",
                file=out,
            )


def _seed_list(seeds: tuple[int, ...]) -> str:
    """``seeds 1-4, 6, 9`` (runs of consecutive seeds shortened)."""
    runs: list[list[int]] = []
    for seed in seeds:
        if runs and seed == runs[-1][-1] + 1:
            runs[-1].append(seed)
        else:
            runs.append([seed])
    parts = [f"{r[0]}-{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs]
    word = "seed" if len(seeds) == 1 else "seeds"
    return f"{word} {', '.join(parts)}" if parts else "no seed"


def main(args: argparse.Namespace) -> int:
    from tutor.variants.engine import load

    directory = _directory(args)
    variants: VariantsReport | None = None
    loaded_hash: str | None = None
    try:
        # unknown plot names are reported with the other errors of loading
        content = load(directory, known_plots=plot_names())  # the handout; templates kept
    except ContentError as exc:
        if exc.exit_code != 1:  # a missing directory: the user named a wrong path
            raise
        report = ValidationReport(
            directory=str(directory),
            files=len(list(directory.glob("*.toml"))),
            problems=0,
            parts=0,
            boxes=0,
            checks_passed=0,
            checks_failed=0,
            tests_passed=0,
            tests_failed=0,
            failures=(),
            schema_errors=tuple(str(i) for i in exc.issues),
            schema_issues=tuple(exc.issues),
        )
    else:
        from tutor.checking.worker import CheckWorker

        loaded_hash = content.content_hash

        worker = CheckWorker(timeout=args.timeout)
        try:
            worker.warm_up()
            report = validate_content(content, worker.check)
            if args.variants:
                from tutor.authoring.variant_checks import validate_variants

                variants = validate_variants(
                    content, worker.check, args.variants, known=report.failures
                )
        finally:
            worker.close()
    if loaded_hash is not None:  # the content loaded: gradebook and review look for this
        from tutor.authoring.stamp import record

        record(loaded_hash, directory, report.ok and (variants is None or variants.ok))
    unchecked: tuple[str, ...] = ()
    if loaded_hash is not None and variants is None:
        from tutor.variants.scopes import parameterized_parts

        unchecked = parameterized_parts(content)
    if args.json:
        data = report.to_json(strict=args.strict)
        if unchecked:
            data["variants_not_checked"] = list(unchecked)
        if variants is not None:
            data["variants"] = variants.to_json()
            data["ok"] = data["ok"] and variants.ok
        print(json_text(data, indent=2))
    else:
        print_report(report, args.strict)
        if unchecked:
            print(variants_note(unchecked))
        if variants is not None:
            print_variants(variants)
            print("variants OK" if variants.ok else "variants have failures")
    if not report.ok or (args.strict and report.warnings):
        return 1
    if variants is not None and not variants.ok:
        return 1
    return 0
