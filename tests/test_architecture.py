"""The headless core stays headless, and the command line starts cheap."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

HEAVY_CHECK = """
import sys
from tutor.cli.entry import build_parser
build_parser()
heavy = sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'sympy', 'numpy', 'plotext'})
print(','.join(heavy))
"""


def test_building_the_cli_loads_no_heavy_library():
    out = subprocess.run(
        [sys.executable, "-c", HEAVY_CHECK], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "", f"importing the CLI pulled in: {out.stdout.strip()}"


@pytest.mark.parametrize(
    "argv",
    [
        ["remat", "--layers", "10", "--every", "5", "--json"],
        ["plot", "--list"],
        ["grade", "5a.fwd", "20"],
    ],
)
def test_headless_subcommands_never_import_textual(argv):
    code = (
        "import sys\n"
        "from tutor.cli.entry import main\n"
        f"rc = main({argv!r})\n"
        "sys.stdout.flush()\n"
        "print('TEXTUAL-LOADED' if 'textual' in sys.modules else 'TEXTUAL-ABSENT', rc)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert "TEXTUAL-ABSENT" in out.stdout, out.stdout + out.stderr


def test_import_linter_contracts_hold():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("import-linter is not installed")
    out = subprocess.run([exe], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr


def test_every_core_module_is_under_the_headless_contract():
    """A new core module must be added to the import-linter contract, or it escapes it."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(
        c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "forbidden"
    )
    listed = set(contract["source_modules"])
    core = {
        f"tutor.{path.stem}"
        for path in (ROOT / "tutor").iterdir()
        if (path.suffix == ".py" or (path / "__init__.py").is_file())
        and not path.stem.startswith("__")
        and path.stem != "ui"
    }
    assert core - listed == set(), "add these to the contract in pyproject.toml"


def test_version_flag():
    out = subprocess.run(
        [sys.executable, "-m", "tutor", "--version"], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0
    assert out.stdout.startswith("hw3-tutor ")
