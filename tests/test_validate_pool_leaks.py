"""``hw3-tutor validate``: a proof box's pool (its blocks and distractors) must not state the
answer of a box that is not solved when the pool is shown (one not in its ``after``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from cli_helpers import run_cli

from tutor.paths import packaged_content_dir

BLOCK_E = '{ key = "e", text = "Every coordinate of y′ has the same size S, so RMS²(y′) = (1/d2)·Σ_m S² = S² for every draw: d2 drops out.",'
# block e now also states c, the answer of 1b.constant (in every variant: a placeholder)
LEAKY_E = BLOCK_E.replace("d2 drops out.", "d2 drops out, and c = {{inv_a1|paren}}/d1.")
BLOCKS = 'answer = "m r e v k s"\n'


def proof_content(tmp_path: Path, after: str) -> tuple[Path, int]:
    """The packaged content, 1b.proof's block e stating c and ``after`` set; block e's line."""
    content = tmp_path / "content"
    shutil.copytree(packaged_content_dir(), content)
    p1 = content / "p1.toml"
    text = p1.read_text(encoding="utf-8")
    assert text.count(BLOCK_E) == 1 and text.count(BLOCKS) == 1
    text = text.replace(BLOCK_E, LEAKY_E).replace(BLOCKS, BLOCKS + f"after = {after}\n")
    p1.write_text(text, encoding="utf-8")
    (line,) = [n for n, row in enumerate(text.splitlines(), 1) if LEAKY_E in row]
    return content, line


def test_a_block_stating_an_unsolved_box_answer_fails_at_its_line(tmp_path, capsys):
    content, line = proof_content(tmp_path, '["1b.value", "1b.scaling"]')
    code, out, _ = run_cli(["validate", "--content", str(content)], capsys)
    assert code != 0
    fails = [row for row in out.splitlines() if row.startswith("FAIL")]
    assert len(fails) == 1, out  # reported once (not again for 1b.derive, graded as 1b.value)
    assert fails[0].startswith(f'FAIL p1.toml:{line}: boxes."1b.proof".blocks[2]:')
    assert "block 'e' of 1b.proof's pool" in fails[0]
    assert "which 1b.constant grades correct" in fails[0]
    assert "add '1b.constant' to after = [...] of 1b.proof" in out
    assert "or reword the block" in out


def test_the_same_block_passes_once_after_names_the_box(tmp_path, capsys):
    content, _ = proof_content(tmp_path, '["1b.value", "1b.scaling", "1b.constant"]')
    code, out, _ = run_cli(["validate", "--content", str(content), "--variants", "2"], capsys)
    assert code == 0, out
    assert "content OK" in out and "variants OK" in out


def test_the_leak_is_found_in_every_variant(tmp_path, capsys):
    content, line = proof_content(tmp_path, '["1b.value", "1b.scaling"]')
    code, out, _ = run_cli(["validate", "--content", str(content), "--variants", "2"], capsys)
    assert code != 0
    variant_fails = [r for r in out.splitlines() if r.startswith(f"FAIL p1.toml:{line}:")]
    assert any("in variant seed" in r and "1b.constant" in r for r in variant_fails), out


BLOCK_D = 'so F(θ) = E_{z∼p(z)}[f(g(z, θ))]."'


def test_a_box_of_another_part_counts_too(tmp_path, capsys):
    """4e.proof's block d also stating 4b's F(μ), 4b.F left out of its after: a leak."""
    content = tmp_path / "content"
    shutil.copytree(packaged_content_dir(), content)
    p4 = content / "p4.toml"
    text = p4.read_text(encoding="utf-8")
    old = 'after = ["4e.special", "4b.F", "4c.gradF"]'
    assert text.count(old) == 1 and text.count(BLOCK_D) == 1
    text = text.replace(old, 'after = ["4e.special", "4c.gradF"]')
    text = text.replace(
        BLOCK_D, BLOCK_D[:-2] + ' For the Gaussian, `E_{z~N(0,I)}[f(mu + sigma z)]`."'
    )
    p4.write_text(text, encoding="utf-8")
    code, out, _ = run_cli(["validate", "--content", str(content)], capsys)
    assert code != 0
    assert "block 'd' of 4e.proof's pool" in out and "which 4b.F grades correct" in out
    assert "add '4b.F' to after = [...] of 4e.proof" in out
