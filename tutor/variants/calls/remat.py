"""Problem 5's functions for content (``remat.*``): numbers and texts of the remat schedule.

Each wraps ``tutor.homework.remat``; ``remat.validate`` is the one place K ≤ N is checked.
"""

from __future__ import annotations

from collections.abc import Sequence

from tutor.errors import UsageError
from tutor.homework import remat
from tutor.variants.calls.registry import content_function, number_arg, whole_arg
from tutor.variants.values import Value, words


def _sub(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _and(items: Sequence[str], last: str = "and") -> str:
    items = list(items)
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def _schedule(layers: Value, every: Value) -> remat.RematSchedule:
    n = whole_arg(layers, "the number of layers N")
    k = whole_arg(every, "K (store every K-th layer)")
    return remat.schedule(n, k)  # remat.validate: the one place K <= N is checked


def _groups(layers: Value, every: Value) -> list[list[remat.RematStep]]:
    """The backward steps in runs that load the same checkpoint, split where fwd drops to 0."""
    groups: list[list[remat.RematStep]] = []
    for step in _schedule(layers, every).steps:
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and last.checkpoint == step.checkpoint
            and (last.fwd > 0) == (step.fwd > 0)
        ):
            groups[-1].append(step)
        else:
            groups.append([step])
    return groups


@content_function("remat.fwd", "layers", "every")
def _fwd(layers: Value, every: Value) -> Value:
    """fwd operations of one backward pass (the closed form q·K(K−1)/2 + r(r−1)/2)."""
    schedule = _schedule(layers, every)
    return remat.closed_form_fwd(schedule.layers, schedule.every)


@content_function("remat.loadmem", "layers", "every")
def _loadmem(layers: Value, every: Value) -> Value:
    """loadmem operations of one backward pass (one per layer)."""
    return _schedule(layers, every).loadmem


@content_function("remat.stored", "layers", "every")
def _stored(layers: Value, every: Value) -> Value:
    """Layer activations kept after the forward pass, the input not counted: ⌈N/K⌉."""
    return _schedule(layers, every).stored_activations


@content_function("remat.time", "layers", "every", "t_fwd", "t_mem")
def _time(layers: Value, every: Value, t_fwd: Value, t_mem: Value) -> Value:
    """Time of one rematerialized backward pass in ns (exact)."""
    s = _schedule(layers, every)
    return remat.exact_time(
        s.layers, s.every, number_arg(t_fwd, "t_fwd"), number_arg(t_mem, "t_mem")
    )


@content_function("remat.breakeven", "layers", "every", "t_fwd", "t_mem")
def _breakeven(layers: Value, every: Value, t_fwd: Value, t_mem: Value) -> Value:
    """The loaddisk latency (ns) at which N loads from disk take as long (exact)."""
    s = _schedule(layers, every)
    return remat.exact_breakeven(
        s.layers, s.every, number_arg(t_fwd, "t_fwd"), number_arg(t_mem, "t_mem")
    )


@content_function("remat.checkpoints", "layers", "every")
def _checkpoints(layers: Value, every: Value) -> Value:
    """The stored layer activations in words: 'a₅ and a₁₀'."""
    return _and([f"a{_sub(c)}" for c in _schedule(layers, every).checkpoints[1:]])


@content_function("remat.checkpoints_bold", "layers", "every")
def _checkpoints_bold(layers: Value, every: Value) -> Value:
    """The same in bold Markdown: '**a₅** and **a₁₀**'."""
    return _and([f"**a{_sub(c)}**" for c in _schedule(layers, every).checkpoints[1:]])


@content_function("remat.checkpoint_layers", "layers", "every")
def _checkpoint_layers(layers: Value, every: Value) -> Value:
    """The layers whose outputs are stored: '5 and 10'."""
    return _and([str(c) for c in _schedule(layers, every).checkpoints[1:]])


@content_function("remat.table", "layers", "every")
def _table(layers: Value, every: Value) -> Value:
    """The backward pass as a Markdown table: layers, the activation each starts from, fwd each."""
    rows = ["| layer | start from | fwd |", "|---|---|---|"]
    for group in _groups(layers, every):
        names = ", ".join(str(s.layer) for s in group)
        fwd = ", ".join(str(s.fwd) for s in group)
        rows.append(f"| {names} | a{_sub(group[0].checkpoint)} | {fwd} |")
    return "\n".join(rows)


@content_function("remat.fwd_terms", "layers", "every")
def _fwd_terms(layers: Value, every: Value) -> Value:
    """The total written out by layer: '0 + (4 + 3 + 2 + 1) + 0 + (4 + 3 + 2 + 1)'."""
    terms = []
    for group in _groups(layers, every):
        if group[0].fwd == 0:
            terms += ["0"] * len(group)
        elif len(group) == 1:
            terms.append(str(group[0].fwd))
        else:
            terms.append("(" + " + ".join(str(s.fwd) for s in group) + ")")
    return " + ".join(terms)


@content_function("remat.fwd_sum", "layers", "every")
def _fwd_sum(layers: Value, every: Value) -> Value:
    """The non-zero counts as a student adds them: '4+3+2+1 + 4+3+2+1'."""
    runs = ["+".join(str(s.fwd) for s in g) for g in _groups(layers, every) if g[0].fwd > 0]
    return " + ".join(runs) or "0"


@content_function("remat.segment_costs", "layers", "every")
def _segment_costs(layers: Value, every: Value) -> Value:
    """The total by segments: 'two segments of 5 cost 2 · 10 = 20'."""
    s = _schedule(layers, every)
    q, r = s.blocks
    k = s.every
    full = k * (k - 1) // 2
    text = f"{words(q)} segment{'s' if q != 1 else ''} of {k}"
    if r:
        text += f" and one of {r}"
    text += " cost " if q + (1 if r else 0) > 1 else " costs "
    text += f"{q} · {full}" if q > 1 else str(full)
    if r:
        text += f" + {r * (r - 1) // 2}"
    return text + f" = {s.fwd}"


@content_function("remat.segment_lengths", "layers", "every")
def _segment_lengths(layers: Value, every: Value) -> Value:
    """The layers of each segment between stored activations, as a sum: '5 + 5'."""
    c = _schedule(layers, every).checkpoints
    return " + ".join(str(b - a) for a, b in zip(c, c[1:], strict=False))


@content_function("remat.fetches", "layers", "every")
def _fetches(layers: Value, every: Value) -> Value:
    """Which stored tensor each layer fetches, as a Markdown list (one line a checkpoint)."""
    by_checkpoint: dict[int, list[int]] = {}
    for step in _schedule(layers, every).steps:
        by_checkpoint.setdefault(step.checkpoint, []).append(step.layer)
    lines = []
    for ckpt, layers_ in by_checkpoint.items():
        what = "the input a₀" if ckpt == 0 else f"a{_sub(ckpt)}"
        if len(layers_) == 1:
            lines.append(f"- layer {layers_[0]} fetches {what}")
        else:
            lines.append(f"- layers {_and([str(n) for n in layers_])} each fetch {what}")
    return ";\n".join(lines) + "."


@content_function("remat.fetch_names", "layers", "every")
def _fetch_names(layers: Value, every: Value) -> Value:
    """The stored tensors fetched, top first: 'a₁₀, a₅ or the input'."""
    c = _schedule(layers, every).checkpoints
    return _and([f"a{_sub(x)}" for x in reversed(c[1:])] + ["the input"], last="or")


@content_function("remat.remainder", "layers", "every")
def _remainder(layers: Value, every: Value) -> Value:
    """r in N = q·K + r: the layers of the last, shorter segment (0 when K divides N)."""
    return _schedule(layers, every).blocks[1]


@content_function("remat.ramp", "every")
def _ramp(every: Value) -> Value:
    """What one segment of K layers costs, term by term: '0 + 1 + 2 + 3 + 4'."""
    k = whole_arg(every, "K (store every K-th layer)")
    if k < 1:
        raise UsageError(f"K (store every K-th layer) must be at least 1 (got {k})")
    return " + ".join(str(i) for i in range(k))


@content_function("remat.hint_costs", "layers", "every")
def _hint_costs(layers: Value, every: Value) -> Value:
    """The costs by runs of layers, for a hint: 'Layers 9…6 cost 4 + 3 + 2 + 1 and layers 4…1
    cost the same again; layers 10 and 5 cost 0.'"""
    groups = _groups(layers, every)
    runs = [g for g in groups if g[0].fwd > 0]
    zeros = [g[0].layer for g in groups if g[0].fwd == 0]

    def span(g: list[remat.RematStep]) -> str:
        return str(g[0].layer) if len(g) == 1 else f"{g[0].layer}…{g[-1].layer}"

    def costs(g: list[remat.RematStep]) -> str:
        return " + ".join(str(s.fwd) for s in g)

    clusters: list[list[list[remat.RematStep]]] = []
    for g in runs:
        if clusters and costs(clusters[-1][0]) == costs(g):
            clusters[-1].append(g)
        else:
            clusters.append([g])
    phrases = []
    for c in clusters:
        noun = "layer" if len(c[0]) == 1 else "layers"
        if len(c) == 1:
            verb = "costs" if len(c[0]) == 1 else "cost"
            phrases.append(f"{noun} {span(c[0])} {verb} {costs(c[0])}")
        elif len(c) == 2:
            phrases.append(
                f"{noun} {span(c[0])} cost {costs(c[0])} and {noun} {span(c[1])} cost the same again"
            )
        else:
            phrases.append(f"{noun} {_and([span(g) for g in c])} each cost {costs(c[0])}")
    text = ", ".join(phrases)
    text = text[:1].upper() + text[1:]
    zero_noun = "layer" if len(zeros) == 1 else "layers"
    verb = "costs" if len(zeros) == 1 else "cost"
    return f"{text}; {zero_noun} {_and([str(z) for z in zeros])} {verb} 0."
