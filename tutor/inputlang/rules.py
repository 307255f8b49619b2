"""The reading rules, written down once: what a student may type and what it is read as.

``RULES`` is the cheat sheet the help screen shows (``tutor.ui.screens.help``): each rule says
how to type something, and lists examples with their "read as" line. The tests read every
example and check that it reads exactly as stated, and that every whole answer the help shows
in backticks is one of them, so the help cannot drift from the reader. The word lists the
reader uses (units, count words, bound phrases) are here too.

What the reader does that a student may need to know:

- Functions spelled as in code or another tool: ``np.sqrt``, ``math.exp`` (a library's name
  before a function is dropped), ``Sqrt``/``SQRT`` and Mathematica's ``Sqrt[x]``, ``root(x)``,
  ``rsqrt(x)`` (1/√x), ``pow(a, b)``/``power(a, b)`` (a^b), in boxes that give those names no
  meaning of their own (``tutor.inputlang.spellings``).
- Invisible characters a copy adds (zero-width spaces, soft hyphens, direction marks, the
  byte-order mark) are dropped; full-width ASCII (``１``, ``（``) and the styled letters of
  rendered mathematics (``𝑑₁``, ``𝐝``, ``𝜇``) read as plain characters
  (``tutor.inputlang.pasted``). Quotation marks around the whole answer, a check mark or an
  end-of-proof box after it (``END_MARKS``) and a code comment (`` # …``, `` // …``) are not
  part of it.
- Names: only the names a box declares; ``d_1``, ``d₁`` and ``d1`` are one name, ``fanin`` is
  ``fan_in``, ``sigmaz`` is σ·z when both are names. Greek letters by name, in unicode or LaTeX.
- ``±`` (also ``+-`` with no space, ``\\pm``; ``∓``/``\\mp``) means both signs; the checker
  judges both.
- ``|x|``, ``\\lvert x \\rvert``, ``\\left| x \\right|`` are absolute values; a bar followed by
  a subscript (``\\Big|_{x=a}``) is an evaluation bar, and ``p(x | θ)`` a conditioning bar.
- After ``/``, a number glued to a name is one term: ``1/2d1`` is 1/(2·d1), ``1/2π`` is
  1/(2π); so is a number's root (``√π/√2d1`` is √π/(√2·d1)): a root typed before a number
  glued to a name is the number's alone, with a remark saying so (``√2d1`` is √2·d1; brackets,
  ``√(2d1)``, take the whole product); a root of a width before another width with a space
  (``sqrt d1 d2``, "root d1 d2", "the square root of d1 d2") is refused as ambiguous, offering
  both readings. With a space, ``1/2 d1`` is
  (1/2)·d1, and the feedback says so. ``d1^-1/2`` (no
  spaces) is the power −1/2.
- A side claim names its widths plainly or in LaTeX (``d1, independent of $d_2$``).
- Messages quote only what was typed (a raised ``²`` the reader spells ``^{2}`` is quoted as
  ``²``), and count columns in the answer as typed: invisible characters taken out before
  reading (``tutor.inputlang.pasted``) are echoed escaped and counted, so the caret lines up.
  Markdown strikethrough (``~~d1~~``) crosses a value out: refused as taken back.
- A leading label (``c =``, ``g(z, μ) =``, ``t: ``), filler ("I think", "answer:"), wrappers
  (backticks, ``**``, ``\\(...\\)``, ``\\boxed{}``), an arrow or a check mark before the
  answer (``→ b``, ``✅ …``, ``=> 20``), a final full stop and "≈"/"about" are ignored
  (but a count, or a time whose key is a whole number, said as approximate is partial). A
  label holding a word that takes the answer back or denies it (``tutor.inputlang.takeback``:
  "wrong: d1", "Incorrect = …", "**Wrong:** $d_1$", "It is not g(z, μ) = …", in every box,
  proofs and derivation lines included) is refused, never left out; "Answer:", "c:", "So:"
  are labels. ``=>`` is the conclusion arrow ⇒ wherever it stands ("t => 50" reads 50 as
  the conclusion), never ≥; a leading ``~``
  (``\\sim``, ``∝``, ``\\propto``) or "grows like" means Θ(...), and ``∈ Θ(…)`` (``\\in
  \\Theta(…)``) is ``= Θ(…)``. A number in words as the whole answer is that number ("one"),
  and so is one beside an operator said in words ("one over root d1", "d1 divided by two");
  "the square root of x" is ``sqrt x``, "the inverse (or reciprocal) square root of x"
  ``1/sqrt x``.
- ``←``, ``:=`` and R's spaced ``<-`` are ``=``; a starred label (``c* = …``) is a label;
  "exactly" before or after the answer is left out, and so is a hedge after it ("20, but I am
  not sure", "(not sure)", "I think") and a gloss on a name in words alone ("… where σ is the
  std", "…, with σ² the variance"; never one at odds with the box's σ, "σ is the variance",
  nor a definition in symbols or math words). Where a box asks for a value (any box but
  a number or a count), a bound (``c < …``, ``≥ …``, "at most …") is refused: it claims
  something else.
- A box may define names (``Sigma = sigma^2``), so ``Σ⁻¹`` reads as 1/σ²; a density the box's
  measure names with one parameter (``x ~ p_theta``) makes ``p(x)`` read as p_θ(x).
- Numbers: digits or words ("twenty-one"), a unit after them (a bare number is in the box's
  unit), "at most"/``<=`` for an upper bound, "at least"/``>=`` for a lower one ("or less",
  "or lower", "or below": upper; "or more", "or higher": lower); a bound written the other way
  round (``50 ns ≥ t``) is ``t ≤ 50 ns``. A count may be said to be "per backward pass"; "per
  layer" is refused, asking for the total. Units are shown
  as written, in unicode: ``us`` is shown as μs.
- The "read as" line shows the answer as typed, tidied up but never simplified.
- One answer, one line: a line break inside an expression that clearly goes on (inside
  brackets, after an operator, before a line starting with one, ``=`` or a clause word) is a
  space, and a line holding a distribution (``z ~ N(0, I)``) is a clause; a line break between
  two complete expressions is two answers, refused (never a product, never digits run together).
- Displayed mathematics pasted from a chat or a typeset solution is one answer: ``$$ … $$``,
  ``\\[ … \\]``, ``\\( … \\)`` and ``\\begin{equation} … \\end{equation}`` (``align``,
  ``gather``, ``multline``, starred or not; ``\\label{…}``, ``\\nonumber``, a last ``\\\\`` left
  out), on lines of their own or not (``tutor.inputlang.latextext``). A display after a line
  ending in a verb that states it ("The constant is⏎$$ … $$", "So we need⏎20 fwd") goes on
  with that line; a display
  followed by a line starting with a capital ends a sentence. Two displays are two answers.
- A chain ``a = b = value``: members that are labels (names the box does not know, ``c``,
  ``t_disk``, ``E[RMS²(y)]``, a function of its arguments ``g(z, μ)``) are left out; every other
  member must equal the last one (a decimal one approximately), else the answer is refused,
  saying at which columns the two values differ. The "read as" line shows every value, with
  "≈" where it was typed. An exact value then its decimal (``√(π/2)/d1 ≈ 1.25/d1``, and with
  ``±`` on both) is the exact answer: the decimal does not make it partial; so is one in
  brackets (``√(π/2)/d1 (≈ 1.2533/d1)``). A value followed by its own order of growth
  (``d1 = Θ(d1)``, ``d1 + (2/π) d1(d1 − 1) = Θ(d1²)``) or by an approximation after '~' that
  agrees with it as the widths grow (``… ~ (2/π) d1²``, ``√(π/2)/d1 ~ 1.25/d1``) is that value
  (in an order box, the order is the answer); one that does not agree is refused. A
  member in the question's own terms (the part's density p_θ, its score ∇_θ log p_θ, an
  expectation over p_θ) restates the question: the worked members are the answer, in either
  order; the restatement is compared with them only once they are judged right
  (``tutor.checking.chains``), so ``∇_μ log p_μ(x) = …`` is no free test of a candidate.
- A sentence around one value (``So the constant is 1/sqrt(d1).``, ``20 fwd (two segments)``)
  is read as that value, with a remark; a lead-in must end in a verb that states it ("is",
  "needs"), a bound or order phrase ("at most", "grows like"). Several values, or a comparison
  ("or more", "faster than"), are refused; a negation ("not 50 ns") is read as typed. Words
  after the value that change it ("d1 (times d2)", "d1, squared", "(inverted)") or take it
  back ("(wrong)", "(kidding)", "d1, not d1") are refused, never left out as a remark; so is
  a bracket offering another value, unsure ("20 (could be 45)", "(not sure if 45)"). Words
  joined by a hyphen (``log-derivative``, ``score-function``) are one word. A label
  then a verb that states its value is the label then '=' (``E[RMS²] is d1`` as ``E[RMS²] =
  d1``; ``E[RMS²] grows like d1²`` as ``E[RMS²] ∝ d1²``); a power said after a word (the
  "squared" of "the expected squared norm") is a word. "over" between two widths ("fan-in over
  fan-out") is a ratio said in words, not a comparison. Of several sentences, the one holding
  the value is read and sentences of words alone are left out, unless the value is an order of
  growth and another sentence says how something grows in words not read ("Θ(1). It grows
  like the width."), or another sentence takes it back ("d1. This is wrong."): refused; a
  line starting with a word after a display (``$$⏎d_1⏎$$⏎which is linear.``) is a sentence; sentences that each read as the same value are that value, and
  so are statements joined by ',', ';' or "and" (``RMS(h) = Θ(1) and RMS(Δh) = Θ(1)``;
  ``c² = 1/d1, c = 1/√d1``: a power of the quantity at its root; bounds of one growth from
  both sides, ``O(d1²) and Ω(d1²)``, or a Θ beside a bound of it, are its Θ); ones that
  differ are refused. Words
  after a comma with no value in them ("constant, it does not scale with width") are refused
  as words, not as a second answer.
- ``E[RMS²] ∝ d1²`` (or ``~`` after a label with brackets) states an order of growth, Θ(d1²);
  so does ``c ~ 1/√d1`` after a bare name, in a box with no distribution, and an order said in
  words as the whole answer (``quadratic in d1``, ``grows linearly with n``, ``order d1^2``);
  growths in several widths are their product (``quadratic in d1 and linear in d2`` is
  Θ(d1²·d2)), ``Theta of d1^2``, ``big theta of …`` and ``like d1^2`` (the whole answer) are
  Θ(d1²), ``the square of d1`` is d1², "a constant" is Θ(1), a power said after a value
  (``d1 to the power -1/2``, ``d1 to the minus one half``, ``d1 raised to -0.5``) is that
  power, and a lead-in naming the scaling ("Multiply W by …", "We should scale the weights
  by …") is left out, a claim may follow after "and" as after a comma (``quadratic in d1 and does not
  depend on d2``), and a growth said after a value (``E[RMS²] = d1, linear in d1``) is its
  order, which must agree with it. A
  power said in words is that power (``d1 squared``, ``n cubed``); "constant" (in any case:
  "Constant") is Θ(1). In an order box, "independent of (the) width" (and its rephrasings) is
  Θ(1), "in the width" after an order is left out (so is "in d1" after an order holding d1:
  ``Θ(d1²) in d1, independent of d2``), and a growth alone ("quadratic") is the order in the
  box's one symbol, refused where there are several (``tutor.inputlang.orderwords``).
- TeX's ``{1 \\over \\sqrt{d_1}}`` is a fraction (the group around it, or what stands between
  the relations around it), ``\\cfrac`` is ``\\frac``, and ``\\left.``/``\\right.`` are
  nothing.
- LaTeX prose is read as prose: ``\\text{ (from the variance)}``, ``\\text{ since } …``; its
  spacing commands (``\\quad``, ``\\,``) are spaces; a ``\\text`` in a subscript stays part of
  the name (``tutor.inputlang.latextext``).
- ``x or −x`` (a value or its negative, labels allowed: ``c = x or c = −x``; also in brackets,
  ``x (or −x)``) is ``±x``; other alternatives are refused (``x (or y)``: the bracket offers
  another value). A reason after the answer ("since …", "because …", "given that …", "using …")
  or a condition it holds under ("for large d1", "as d1 → ∞", "if d1 > 0", ", d1 > 0"), or
  what it achieves ("so that E[RMS²] = 1", ", which gives …", "giving …") is left out, with a
  remark; working before "gives", "yields" or "we get", or before an arrow (``10t = 500 →
  t = 50 ns``; never an arrow to a limit, ``→ 0``, ``→ ∞``), is left out like working before
  "so".
  After a conclusion mark, a check of another quantity (``c = 1/√d1 ⇒ E[RMS²] = 1``) is not
  the answer: the value before the mark is judged, and the remark says so. The equation a student solved typed in place of its solution
  (``c² d1 = 1``: the box's symbols run into an unknown name) is refused, saying to solve it.
- Numbers: ``1,000`` and ``1 000`` are one thousand; two numbers side by side (``4 5``) are
  refused, never multiplied; ``2 x 10`` (an x between numbers) is a product; a smaller number
  minus a larger (``15-20``, ``15–20``) is a range, refused ("give one value"). A number glued
  after a name or a closing bracket (``σ2``, ``(x − μ)2``: a flattened power) is refused,
  never multiplied. ``‖x‖²`` is a norm squared. A unit split in
  two (``nano seconds``) is one; a time per operation (``50 ns/op``, ``per load``) is the time,
  a time per time (``50 ns/s``) a rate, refused; a bound may follow the value (``50 ns max``,
  ``… at most``). A
  range from zero (``0 < t ≤ 50``, ``between 0 and 50 ns``) is its upper bound, and so is an
  interval from zero or from −∞ (``t ∈ (0, 50]``, ``[0, 50] ns``, ``(−∞, 50]``); ``[50, ∞)`` is
  a lower bound; another range or interval is refused (``tutor.inputlang.intervals``). A value
  with no real meaning is refused where it is built: a division by zero, ``0^0``, ``log(0)``,
  and an imaginary root, power or logarithm (``√(−1)``, ``(−8)^(1/2)``, ``log(−1)``).
- The handout's other names for a width (``ALIASES``: fan_in for d1, n_ℓ and n_{ℓ−1} for n_out
  and n_in), and for problem 5's unknown t (loaddisk, t_disk, t_loaddisk), read as the box's
  name, with a remark; alone, such a name is a word, not a value (except as a side of a
  derivation's step: ``t_disk = 50``). Two of them for one width (n_{ℓ−1} and fan_in, both
  n_in) are that one width; two widths an order box reads as its one width (n_ℓ and n_{ℓ−1}
  as n) are refused.
- A bracket at the end of the answer naming only widths the value already uses, one at least
  by another name (``d1 (fan-in)``, ``√(n_{ℓ−1}/n_ℓ) (n_in)``; after an order any name:
  ``Θ(1/fan_in) (fan_in)``), or holding the word "constant" (``Θ(1) (constant)``), is a gloss,
  left out with a remark, never a factor; ``2 (d1)``, ``d1 (d2)``, ``d1 (d1 + 1)`` and
  ``d1 (d1)`` are products.
- A label naming a power of the quantity (``c² = 1/d1``, ``Var(W_ij) = 1/d1``) is judged as
  that power: right, it is refused without counting ("give c"); wrong, its root is judged. The
  "read as" line shows the label. Only the weights' variance is c² (times the variance of the
  entries c scales, the box's ``weight_variance``: 1 unless a variant changes it): any other
  (``Var(y_j) = d1``) names a quantity, and its value is judged as stated.
- Text flattened by a PDF or a chat is read where unambiguous, with a remark: ``∇μ f(…)`` is
  ∇_μ f(…), ``pθ(x)`` is p_θ(x), ``Ez~N(0,I)[…]`` is 𝔼_{z∼N(0,I)}[…], ``d 1`` is d1. Its
  fraction slashes (``⁄`` U+2044, ``∕`` U+2215, ``⧸`` U+29F8, ``／``, ``ᐟ`` U+141F) and ``÷``
  are ``/``: between superscript digits (``x⁻¹ᐟ²``) in the exponent, elsewhere a division.
- Problem 4: θ reads as the box's family parameter (μ in p_μ) where the box has no θ of its
  own (the handout writes θ for the general case); ε (``\\epsilon``, ``eps``) reads as the
  standard normal z where the box has no ε, and ``E_{p(z)}[…]`` as an expectation over z as the
  box gives it, each with a remark; ε's spellings (ε, ϵ, ``eps``, ``epsilon``, ``\\varepsilon``)
  are one variable, so an answer that binds one (``E_{eps∼N(0,I)}[f(μ + σε)]``) may use another; ``(∇f)(x)`` is ∇f(x); ``E f(…)`` (no brackets, right
  before a function) and ``E{…}`` are expectations, over the variable a clause states
  (``E[f(μ + σZ)], Z ~ N(0, I)``) when the box's own does not occur; "z is standard normal"
  (or a standard Gaussian) is ``z ~ N(0, I)``, a clause in brackets at the end is a clause, and
  ``∂/∂θ``, ``\\frac{\\partial}{\\partial\\theta}``, ``\\partial_\\theta``, ``∂_θ`` are ``∇_θ``,
  and so is ``d/dθ`` (``\\frac{d}{d\\theta}``) before a parameter (μ, σ, θ, λ)
  (``tutor.inputlang.mathwords``); ``z ~ N(0, σ²I) = p_{μ=0}`` states one
  distribution twice, and both must agree. A bracket at the end restating the law a clause
  already gives (``z ~ N(0, I) (standard normal)``) is left out. ``df/dx(a)``,
  ``\\frac{df}{dx}(a)`` and ``∂f/∂x(a)`` are ∇f(a). I (and Id, I_k) is the identity matrix
  inside N(…) and, in a box whose density family or measure is a Gaussian, anywhere
  (``(σ²I)⁻¹(x − μ)``, ``I·∇f(μ + σz)``), read as 1 (the one-dimensional reading). A built-in
  function glued to one of the box's functions (``logp_θ(x)``) is that function applied to it
  (log p_θ(x)), with a remark. ``\\mathop{\\mathbb{E}}`` (a font in a font) is E.
- Markdown bold (``**c**``, ``__c__``) and italics (``*c*``, ``_c_``) are not part of an answer,
  nor half a ``**`` pair at either end (``Θ(1)**``, ``**d1``); ``x**2`` is still a power, and
  so is a ``**`` inside bold (``**d1**-0.5**``, ``**c = d1**-0.5**``: d1^(−0.5)), in a
  derivation's line too (``tutor.inputlang.emphasis``). A single ``*`` or ``_`` next to a
  value stays as typed (``2 *d1* 3``, ``d_1``).
- Pasted characters: an em dash (or a figure dash) glued before a value at the start or after
  an operator or an opening bracket is a minus (``—d1``); ``∙`` (U+2219) is a product; raised
  digits before a fraction slash where no value is before them are a numerator (``²⁄π`` is
  2/π, ``¹⁄₂`` 1/2); in expression, order, expectation and reparameterization boxes a Markdown
  quote (``> …``) or bullet (``* …``, ``• …``) before the answer is left out; in those boxes
  and in number and count boxes a dash (or en dash) and a space before a label (``- c = …``,
  ``- E[RMS²] = …``), before LaTeX or bold (``- $d_1$``, ``- \\(20\\)``, ``- **20**``) or
  before a single term (``- d1``, ``- 20``) is a bullet, and so is a list's number before
  LaTeX or bold (``1. $20$``); a Markdown heading line of words before the answer
  (``### Answer``; not one whose words take it back) and a code fence's language
  (```` ```python ````) are left out; in number and count boxes a quote mark and a space
  before LaTeX or bold (``> $20$``) is a quote, and before a plain value (``> 20``) it is
  refused, asking whether it is a quote or "more than" (never read as a bound); before a sum (``- d1 + …``) it is refused, asking
  whether it is a bullet or a minus (never in a number or count box: a time or a count is
  never negative; a minus glued to the value, ``-d1``, is a minus); ``d1 x d2`` (an x with spaces between two values, in a box with no x) is
  a product; a function no box knows (``min(d1, d2)``, ``sin``, ``max``) is named as such; a
  letter of another alphabet that looks like a Latin one (Cyrillic ``ԁ``, ``с``) is refused,
  naming the letter it looks like. A float's exponent signed with a Unicode minus or a dash
  (``5e−8``, ``5e–8``) is the exponent, as ``5e-8`` is. Scripts a PDF's text lost are refused
  (a digit alone after a name, ``d1 2``, ``σ 2``, ``d 2 1``; a ``½`` glued after one,
  ``d₁½``; a labelled fraction on two lines, ``c = 1`` over ``√d1``), never a product. Of
  MathML's invisible operators U+2062 is a product and U+2063 a comma; U+2061 (function
  application) before a function's bracket is the call, else it and U+2064 are refused.
- ``x^-1/2`` (no spaces) is x^(−1/2), said so even when right; Python's ``x**-1/2`` is
  refused, showing both readings (Python's is (x**-1)/2); spaced, ``x ** -1 / 2``, it is
  Python's.
- In expression, order, expectation and reparameterization boxes an operator said in words
  between two values is that operator:
  "times", "multiplied by", "divided by", "over", "plus", "minus" (``1/d1 times √(π/2)``,
  ``√(π/2) over d1``); never after a word ("averaged over d2"), never "plus or minus", and
  "over" before a number and a name (``1 over 2 d1``) is left as typed (refused).
- '~' in a box with no distribution (problems 1–3, 5) is refused saying so (an order is
  Θ(…), or '~ …' as the whole answer), never with problem 4's message.
- A width name the box does not have (``fan_out`` in a box whose width is fan_in, ``width``,
  ``n``) is refused naming the box's own widths; the handout's other names of a width the box
  has (``ALIASES``) still read as it.
- A choice's letter followed by a dash, a reason ("because …") or a parenthetical is that choice;
  another letter offered after it, in brackets or not, is a second answer and refused ("c (or
  b)", "c [b]", "c (also b)", "c (b also works)", "c; if not, b", "c, otherwise b"), while one
  set against it is not ("c, not b", "c rather than (b)"). A letter after a phrase that picks
  it ("I pick b", "Definitely b", "the correct one is b", "I'd go with c", "It is a") or
  before one ("b is my final answer"), and a letter in LaTeX (``$b$``, ``\\text{b}``,
  ``\\boxed{b}``), is that choice; never a letter inside a word or a contraction (the d of
  "I'd"), never a phrase that negates or offers another ("not b", "either a or b"), never the
  article ending a sentence of the choices' own words ("wider is better at a").
- A choice said in words is that choice only when the words clearly say it: its whole text (or
  its start, or its end after a short lead-in that names no regime: never "under SP it stays the
  same …"), or at least two of its words that tell something, in its order, in one clause or
  the next, with the clause's label when it has one ("SP: …", "μP: …"), past no negation of
  its own ("terms cancel" is not "terms do not cancel", "coordinate blows up" is not "…:
  nothing blows up"), not its consequence alone (what follows "so"), with a word no other
  choice has, and with no two of them in another choice's text in the same order too ("the
  RMS averages d2" is half of another); or the first clause of one choice's text, whole
  ("linearly in d1" is "Linearly in d1 (the fan-in), and …", not "Linearly in d1·d2", where
  the term goes on; a later clause alone is half a choice). Anything else in words is refused with a
  request for the letter, never guessed at.
- A choice whose text is a formula is that choice when typed as the same relations in another
  spelling: ASCII or LaTeX (``||W||_{RMS->RMS} = Theta(1)``, ``\\|W_\\ell\\|``), ``dW`` for ``ΔW``,
  the layer's index left off, the relations in another order or as a chain ("a = b = Θ(1)").
  A relation changed, left out or added is no choice, and the letter is asked for.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

CONSTANT_NAMES = ("pi", "e")

# Other names the handout itself uses for the same quantity: in a box that declares the key
# (and not the alias), the alias reads as the key's name, with a remark. ``n_{ℓ−1}`` is matched
# as "n_l-1" (ℓ is read as l); a name typed with no underscore (``fanin``) is matched too.
ALIASES: dict[str, tuple[str, ...]] = {
    "d1": ("fan_in", "n_in", "d_in"),
    "d2": ("fan_out", "n_out", "d_out"),
    "n_in": ("fan_in", "d1", "d_in", "n_l-1"),
    "n_out": ("fan_out", "d2", "d_out", "n_l"),
    "fan_in": ("d1", "n_in"),
    # problem 4's standard normal noise: the reparameterization literature's ε
    "z": ("epsilon", "eps"),
    # problem 5's unknown, the time of one loaddisk, by the names students give it
    "t": ("t_disk", "t_loaddisk", "loaddisk", "t_load"),
}


# names students give a width (underscores and braces left out, lower case): one a box does not
# know is named as not its width, with the box's own width named
WIDTH_WORDS = frozenset(
    "fanin fanout nin nout din dout dmodel width hiddensize hiddendim hiddenwidth n d nl "
    "nl-1".split()
)


def widths_of(symbols: Collection[str], width: str | None) -> list[str]:
    """The box's width names: its order box's width, else its symbols the handout names widths
    (``ALIASES``: d1, d2, n_in, n_out, fan_in)."""
    if width is not None:
        return [width]
    return [s for s in symbols if s in ALIASES and s not in ("z", "t")]


def alias_of(typed: str, symbols: Collection[str]) -> str | None:
    """The box symbol ``typed`` is another name of, if the box declares that symbol and not
    ``typed`` itself (``symbols``: the box's symbol names)."""
    flat = typed.replace("_", "")
    if typed in symbols or any(flat == k.replace("_", "") for k in symbols):
        return None  # the box's own name (fanin for fan_in)
    for key, others in ALIASES.items():
        if key in symbols and (typed in others or flat in (o.replace("_", "") for o in others)):
            return key  # d_1 and d₁ as d1 is, fanin as fan_in
    return None


BUILTIN_FUNCTIONS = ("sqrt", "log", "ln", "exp")

# what students end an answer with that is not part of it: a check mark, an end-of-proof box
END_MARKS = "✓✔✅☑∎□■☐"

# time units, as powers of ten of a second
UNITS: dict[str, int] = {
    "s": 0,
    "sec": 0,
    "secs": 0,
    "second": 0,
    "seconds": 0,
    "ms": -3,
    "msec": -3,
    "millisecond": -3,
    "milliseconds": -3,
    "us": -6,
    "usec": -6,
    "microsecond": -6,
    "microseconds": -6,
    "ns": -9,
    "nsec": -9,
    "nanosec": -9,
    "nanosecs": -9,
    "nsecs": -9,
    "microsecs": -6,
    "usecs": -6,
    "millisecs": -3,
    "msecs": -3,
    "nanosecond": -9,
    "nanoseconds": -9,
    "ps": -12,
    "μs": -6,  # how "us" is shown (the tokenizer reads μs/µs as "us")
}
UNIT_DISPLAY = {"us": "μs"}  # unit words shown in pretty unicode (as written otherwise)
# words a count may carry besides the box's own nouns ("20 extra fwd ops in total"); never
# "more" ("20 or more" is a bound, refused as such)
COUNT_WORDS = (
    "operations",
    "operation",
    "ops",
    "op",
    "times",
    "calls",
    "call",
    "in",
    "total",
    "extra",
    "additional",
    "recomputed",
)
UPPER_PHRASES = (
    ("at", "most"),
    ("less", "than", "or", "equal", "to"),
    ("smaller", "than", "or", "equal", "to"),
    ("no", "greater", "than"),
    ("no", "larger", "than"),
    ("no", "more", "than"),
    ("no", "slower", "than"),
    ("less", "than"),
    ("up", "to"),
    ("under",),
    ("below",),
    ("within",),
    ("max",),
    # a time said as a speed: faster is less time
    ("faster", "than"),
    ("quicker", "than"),
    ("shorter", "than"),
    ("no", "longer", "than"),
)
LOWER_PHRASES = (
    ("at", "least"),
    ("greater", "than", "or", "equal", "to"),
    ("more", "than", "or", "equal", "to"),
    ("larger", "than", "or", "equal", "to"),
    ("no", "less", "than"),
    ("more", "than"),
    ("above",),
    ("min",),
    ("slower", "than"),
    ("longer", "than"),
    ("no", "faster", "than"),
    ("no", "shorter", "than"),
)
CLAUSE_WORDS = ("with", "where", "and", "for")

# The made-up boxes the examples below are read in (so they give no answer away).
EXAMPLE_SYMBOLS = ("a", "b", "x", "z", "d1", "d2", "n_in", "fan_in", "sigma", "theta")
EXAMPLE_FUNCTIONS = ("h", "q")
EXAMPLE_DEFINITIONS = (("Sigma", "sigma^2"),)
EXAMPLE_MEASURE = "z ~ N(0, I)"
EXAMPLE_UNIT = "ns"  # a number box's unit
EXAMPLE_NOUN = "fwd"  # a count box's noun
EXAMPLE_GIVENS = (("N", "4"),)  # a count box's question letters, with their values
EXAMPLE_CHOICES = (("a", "the fan-out"), ("b", "the fan-in"))


@dataclass(frozen=True)
class Example:
    typed: str
    reads_as: str  # the "read as" line: the preview, and the verdict's ``interpreted``
    kind: str = "expression"  # the kind of box it is read in


@dataclass(frozen=True)
class Rule:
    title: str
    how: str  # Markdown, shown in the help: every answer in backticks in it is an example
    pattern: str  # a regex: which of the content's own answers illustrate this rule
    examples: tuple[Example, ...]
    pieces: tuple[str, ...] = ()  # what else is in backticks: notation, not whole answers
    notation: str = "pattern"
    """How ``illustrates`` tells an answer that shows this rule's notation: "pattern" (the
    regex, on the answer with its numbers' exponents left out), "subscript" (a name of the
    box written with its index), "product" (an implicit product of the box's names)."""
    kinds: tuple[str, ...] = ()
    """The kinds of box whose answers may illustrate it (all when empty): a count's noun is
    no unit's, "50 ns" no count."""


def _x(typed: str, reads_as: str, kind: str = "expression") -> Example:
    return Example(typed, reads_as, kind)


RULES: tuple[Rule, ...] = (
    Rule(
        "Square roots",
        "`sqrt(...)` or `√(...)`; powers with `^` (or `**`), e.g. `x^(-1/2)`; bracket a "
        "fraction after `**` (`x**(-1/2)`: Python reads x**-1/2 as (x**-1)/2). Pasted from a "
        "PDF or a chat, `x⁻¹ᐟ²` is that power too: the slashes `⁄`, `∕`, `ᐟ` (and `÷`) are `/`. "
        "Spelled as in code or another tool, `np.sqrt(x)`, `Sqrt[x]`, `pow(x, -1/2)` and "
        "`rsqrt(x)` (one over the root) read the same.",
        r"sqrt|√|\^\(-1/2\)",
        (
            _x("x^(-1/2)", "x^(−1/2)"),
            _x("x⁻¹ᐟ²", "x^(−1/2)"),
            _x("sqrt(a + b)", "√(a + b)"),
            _x("x**2", "x²"),
            _x("x**(-1/2)", "x^(−1/2)"),
            _x("np.sqrt(x)", "√x"),
            _x("Sqrt[x]", "√x"),
            _x("pow(x, -1/2)", "x^(−1/2)"),
            _x("rsqrt(x)", "1/√x"),
        ),
        ("sqrt(...)", "√(...)", "^", "**", "⁄", "∕", "ᐟ", "÷", "/"),
    ),
    Rule("π", "`pi` or `π`.", r"pi|π", (_x("pi", "π"), _x("π", "π"))),
    Rule(
        "Subscripts",
        "Write the index after the name: `d1` or `d_1` (also `d₁`); `n_in`, `fan_in`.",
        r"[a-z]_?[0-9₀-₉]|_[a-z]",
        (
            _x("d1", "d₁"),
            _x("d_1", "d₁"),
            _x("d₁", "d₁"),
            _x("n_in", "n_in"),
            _x("fan_in", "fan_in"),
            _x("1/fanin", "1/fan_in"),
        ),
        notation="subscript",
    ),
    Rule(
        "Orders of growth",
        "`Theta(...)` or `Θ(...)`; `O(...)` for an upper bound (one-sided: where Θ is asked, "
        "a bound is at most partly right).",
        r"Theta|Θ|O\(",
        (
            _x("Theta(d1^2)", "Θ(d₁²)", "order"),
            _x("~ d1^3", "Θ(d₁³)", "order"),
            _x("grows like d1", "Θ(d₁)", "order"),
            _x("O(1/d1)", "O(1/d₁)", "order"),
            _x("independent of width", "Θ(1)", "order"),
        ),
        ("Theta(...)", "Θ(...)", "O(...)"),
    ),
    Rule(
        "Expectations",
        "`E[...]`; name the distribution in a subscript when it matters: "
        "`E_{z~N(0,I)}[h(a + b z)]`.",
        r"E\[|E_|𝔼",
        (
            _x("E_{z~N(0,I)}[h(a + b z)]", "𝔼_{z ∼ N(0, I)}[h(a + b·z)]", "expectation"),
            _x("E[h(z)]", "𝔼[h(z)]", "expectation"),
            _x("h(a + b z)", "h(a + b·z)", "expectation"),
        ),
        ("E[...]",),
    ),
    Rule(
        "Gradients",
        "`grad h(x)`, `grad_x h(x)` or `∇_x h(x)`; a score as `grad_theta log q_theta(x)`.",
        r"grad|∇|nabla",
        (
            _x("grad h(x)", "∇h(x)"),
            _x("grad_x h(x)", "∇_x h(x)"),
            _x("∇_x h(x)", "∇_x h(x)"),
            _x("grad_theta log q_theta(x)", "∇_θ log(q_θ(x))"),
            _x("h'(x)", "h′(x)"),
        ),
    ),
    Rule(
        "Units",
        "Write the unit after the number: `12 ns`, `0.012 us`; `<= 12 ns` for a bound (an "
        "interval from zero, `t ∈ (0, 12]`, is that bound).",
        r"\d\s*(ns|us|µs|μs|ms|s)\b",
        (
            _x("12 ns", "12 ns", "number"),
            _x("0.012 us", "0.012 μs", "number"),
            _x("<= 12 ns", "≤ 12 ns", "number"),
            _x("at most 12 ns", "≤ 12 ns", "number"),
            _x("12", "12 ns", "number"),  # a bare number is in the box's unit
            _x("t ∈ (0, 12]", "≤ 12 ns", "number"),
        ),
    ),
    Rule(
        "Fractions and products",
        "`1/2d1` is one term, 1/(2d₁); `1/2 d1` (with a space) is (1/2)·d₁ — use brackets "
        "when in doubt. Products can be implicit: `2d1`, `sigma z`, `(x - a)/b^2`.",
        r"/\d[a-z]|\d[a-z]|[a-z] [a-z]",
        (
            _x("1/2d1", "1/(2·d₁)"),
            _x("1/2 d1", "1/2·d₁"),
            _x("2d1", "2·d₁"),
            _x("sigma z", "σ·z"),
            _x("(x - a)/b^2", "(x − a)/b²"),
            _x("d1*d2/d2^2", "d₁·d₂/d₂²"),  # as typed: the reading simplifies nothing
            _x("2/sqrt(d2) (fan-out)", "2/√d₂"),  # a gloss naming d2 again, not a factor
            _x("2 (d2)", "2·d₂"),  # a factor: the value has no d2 to name again
        ),
        notation="product",
    ),
    Rule(
        "Signs and absolute values",
        "`±`, `+-` or `\\pm` for both signs (correct only when both are); `|x|` for an "
        "absolute value.",
        r"±|\+-|\\pm|\|",
        (_x("|x|", "|x|"), _x("a +- b", "a ± b"), _x("a \\pm b", "a ± b")),
        ("±", "+-", "\\pm"),
    ),
    Rule(
        "LaTeX",
        "LaTeX works too: `\\frac{3}{\\sqrt{d_2}}`, `\\mathbb{E}_{z \\sim \\mathcal{N}(0, I)}[...]`, "
        "`\\boxed{...}`; a leading label such as `c =` or `g(x) =` is ignored.",
        r"\\frac|\\sqrt|\\mathbb|\\boxed",
        (
            _x("\\frac{3}{\\sqrt{d_2}}", "3/√d₂"),
            _x("c = \\boxed{x^2}", "x²"),
            _x("{3 \\over \\sqrt{d_2}}", "3/√d₂"),
            _x("$$\nc = \\frac{3}{\\sqrt{d_2}}\n$$", "3/√d₂"),
            _x("\\begin{equation}\nx^2\n\\end{equation}", "x²"),
        ),
        ("\\mathbb{E}_{z \\sim \\mathcal{N}(0, I)}[...]", "\\boxed{...}", "c =", "g(x) ="),
    ),
    Rule(
        "Definitions a box knows",
        "Some boxes accept a named shorthand, e.g. `Sigma^-1` or `Σ⁻¹` for the inverse covariance "
        "in 4a.",
        r"Sigma|Σ",
        (_x("Sigma^-1", "Σ⁻¹"), _x("Σ⁻¹", "Σ⁻¹")),
    ),
    Rule(
        "Counts and choices",
        "A whole number, optionally with its noun: `7` or `7 fwd`; a choice by its letter: `b` "
        "(also `I'd go with b` or `$b$`).",
        r"^\s*\(?[a-e]\)?\s*$|^\s*\d+\s+[a-z]",
        (
            _x("7", "7 fwd", "count"),
            _x("7 fwd", "7 fwd", "count"),
            _x("seven fwd ops", "7 fwd", "count"),
            _x("b", "(b) the fan-in", "choice"),
            _x("(b)", "(b) the fan-in", "choice"),
            _x("answer: b", "(b) the fan-in", "choice"),
            _x("I'd go with b", "(b) the fan-in", "choice"),
            _x("$b$", "(b) the fan-in", "choice"),
            _x("\\text{b}", "(b) the fan-in", "choice"),
        ),
        kinds=("count", "choice"),
    ),
    Rule(
        "Formulas where a number is asked",
        "A box that asks for a number wants the number. A formula in the question's letters, "
        "such as `N(N-1)/2`, is judged at the question's numbers: a wrong value counts as a "
        "wrong answer, a right one asks you to type the number.",
        r"(?!)",  # no answer of the content is such a formula
        (_x("N(N-1)/2", "N·(N − 1)/2 fwd, at N = 4", "count"),),
    ),
)


def illustrates(rule: Rule, text: str, names: Collection[str], kind: str = "expression") -> bool:
    """Whether ``text``, a right answer to a box whose names (symbols, functions,
    definitions) are ``names``, shows ``rule``'s notation, so the help may list it under the
    rule: "2e1" is no subscript nor a product (a number's exponent), "20 fwd (two segments)"
    no product (words around a number), "grad_theta" no subscript of a name. ``kind``: the
    box's kind (``Rule.kinds``)."""
    import re

    if rule.kinds and kind not in rule.kinds:
        return False

    from tutor.inputlang.lexer import tokenize
    from tutor.inputlang.values import ParseError

    try:
        tokens = tokenize(text)
    except ParseError:
        return False
    known = set(names)
    if rule.notation == "subscript":
        for i, t in enumerate(tokens):
            if t.kind != "name":
                continue
            if t.text in known and any(c.isdigit() or c == "_" for c in t.text):
                return True  # d1, n_in as one name
            rest = [u for u in tokens[i + 1 : i + 5] if u.text not in "{}"]
            if len(rest) >= 2 and rest[0].text == "_" and rest[1].kind in ("name", "num"):
                index = rest[1].text
                if {f"{t.text}{index}", f"{t.text}_{index}"} & known:
                    return True  # d_1, d₁, d_{1}, t_fwd
        return False
    if rule.notation == "product":
        for a, b in zip(tokens, tokens[1:], strict=False):
            factor = a.kind == "num" or (a.kind == "name" and a.text in known) or a.text == ")"
            if factor and b.kind == "name" and b.text in known and "e" not in a.text.lower():
                return True  # 2d1, sigma z, (x - a) b: nothing written between
        return False
    sketch = "".join(
        (" " if t.space else "")
        + ("0" if t.kind == "num" and "e" in t.text.lower() else text[t.col : t.end])
        for t in tokens
    )
    return re.search(rule.pattern, sketch) is not None
