"""What copying from a PDF, a web page or a chat adds to an answer without showing it.

``unpasted(text)`` is the answer as the student sees it on screen: invisible formatting
characters (zero-width spaces and joiners, the byte-order mark, soft hyphens, the marks that
set the direction of text) are taken out, and the invisible times and separator of rendered
mathematics are a product's dot and a comma; the full-width forms of ASCII characters (``１``,
``（``, ``＋``, the ideographic space) and the styled letters and digits of rendered mathematics
(``𝑑``, ``𝐝``, ``𝜇``, ``𝟏``) become the plain characters they are styles of. Both the preview and
the verdict read an answer through it first (``tutor.checking.judge.check``,
``tutor.checking.readas.read_as``), so what a student sees is what is judged; the log keeps the
answer exactly as it was typed.

The full-width solidus ``／`` is left to the lexer, which reads it as every other slash a PDF
puts for "/" (``tutor.inputlang.lexer.SLASHES``).
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Unicode's format characters (category Cf) that text copied from documents carries: they have
# no width, so a student cannot see or delete them on purpose
_INVISIBLE = (
    [0x00AD, 0x061C, 0x180E, 0xFEFF]  # soft hyphen, Arabic letter mark, Mongolian separator, BOM
    + list(range(0x200B, 0x2010))  # zero-width space, non-joiner, joiner; LRM, RLM
    + list(range(0x202A, 0x202F))  # bidirectional embeddings and overrides
    + [0x2060]  # word joiner (the invisible operators after it mean something: ``_TABLE``)
    + list(range(0x2066, 0x2070))  # bidirectional isolates, deprecated format characters
    + list(range(0xFFF9, 0xFFFC))  # interlinear annotation marks
)
_FULL_WIDTH_SOLIDUS = 0xFF0F

_TABLE: dict[int, str | None] = {cp: None for cp in _INVISIBLE}
_TABLE.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F) if cp != _FULL_WIDTH_SOLIDUS})
_TABLE[0x3000] = " "  # the ideographic (full-width) space
# MathML's invisible operators, as text copied from rendered mathematics keeps them: INVISIBLE
# TIMES is a product, INVISIBLE SEPARATOR a comma. FUNCTION APPLICATION and INVISIBLE PLUS are
# left to the lexer (the one dropped before a bracket, f⁡(x); else both refused, never a product)
_TABLE[0x2062] = "·"
_TABLE[0x2063] = ","


def _plain(cp: int) -> str | None:
    """The plain letter or digit a mathematical alphanumeric symbol is a style of, if one."""
    plain = unicodedata.normalize("NFKC", chr(cp))
    return plain if len(plain) == 1 and plain != chr(cp) else None


@functools.cache
def _table() -> dict[int, str | None]:
    """``_TABLE`` and the mathematical alphanumeric symbols: the italic, bold, script and
    double-struck letters and digits rendered mathematics is copied as (𝑑₁, 𝑐, 𝛍, 𝟏), and the
    italic h (ℎ) Unicode keeps elsewhere (made on first use: a thousand lookups)."""
    table = dict(_TABLE)
    for cp in [*range(0x1D400, 0x1D800), 0x210E]:
        styled = _plain(cp)
        if styled is not None:
            table[cp] = styled
    return table


def unpasted(text: str) -> str:
    """``text`` without invisible formatting characters, its full-width ASCII as ASCII."""
    if text.isascii():
        return text
    return text.translate(_table())


def typed_column(typed: str, column: int) -> int:
    """The column in ``typed`` of what is at ``column`` in ``unpasted(typed)``: past the
    invisible characters taken out before it (so a caret under the echoed answer, which shows
    them escaped, points at the character meant)."""
    if typed.isascii():
        return column
    table = _table()
    kept = 0
    for i, ch in enumerate(typed):
        if table.get(ord(ch), ch) is None:
            continue
        if kept == column:
            return i
        kept += 1
    return len(typed) if kept <= column else column


_COLUMN_RE = re.compile(r"(?<=column )(\d+)")


def typed_columns(typed: str, message: str) -> str:
    """``message`` with each "column N" (counted in ``unpasted(typed)``) counted in ``typed``."""
    if typed.isascii() or unpasted(typed) == typed or len(unpasted(typed)) == len(typed):
        return message
    return _COLUMN_RE.sub(lambda m: str(typed_column(typed, int(m.group(1)) - 1) + 1), message)


def as_typed(typed: str, message: str, column: int | None) -> tuple[str, int | None]:
    """A message about ``unpasted(typed)`` and its column, counted in ``typed`` instead: what
    the verdict and the preview both show under the answer as typed (its invisible characters
    echoed escaped)."""
    if unpasted(typed) == typed:
        return message, column
    return typed_columns(typed, message), None if column is None else typed_column(typed, column)
