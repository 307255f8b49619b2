"""Plots and explorers: any plot from ``tutor.plots`` with its parameters as live controls.

Data is built in a thread worker (numpy, Monte Carlo) and drawn on the UI thread. Changing a
parameter rebuilds after a short pause. A slow build (the width sweep) is an app-level
background job (``tutor.ui.background``): it shows a progress bar and the curves finished so
far, goes on when the screen is left (the index shows its progress), and only Ctrl+X cancels it. The rematerialization plots add the schedule as a table and
the totals, so they double as the remat explorer; Monte Carlo plots get +/− for the sample size.
"""

from __future__ import annotations

from typing import Any

from textual import events, work
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState

from tutor.errors import UserError
from tutor.plots.spec import HeldBack
from tutor.ui import keymap
from tutor.ui.access import tutor_app
from tutor.ui.hiddenkeys import take_refused_key
from tutor.ui.widgets.dataplot import DataPlot
from tutor.ui.widgets.footer import TutorFooter
from tutor.ui.widgets.header import TutorHeader

MAX_TABLE_ROWS = 2000


def plot_screen(
    name: str,
    part_id: str | None = None,
    initial: dict[str, Any] | None = None,
    note: str = "",
    back: HeldBack | None = None,
) -> PlotScreen:
    """The plot ``name``; with ``part_id``, ctrl+n cycles through every plot of that part.
    ``initial``: parameter values to open at (the part's variant, or a setting that does not
    give the handout's answers away), for every plot that has them; ``note`` says why.
    ``back``: the parts not solved yet, whose answers every plot holds back (``PlotSpec.held``)."""
    from tutor.plots import registry as plots

    related = [name]
    if part_id:
        related += [n for n in plots.names() if part_id in plots.get(n).parts and n != name]
    return PlotScreen(
        plots.get(name), related=tuple(related), initial=initial, note=note, back=back
    )


class PlotScreen(Screen):
    CSS_PATH = "../plot.tcss"
    AUTO_FOCUS = "#remat-table"  # explorers: arrows scroll the schedule, Tab reaches the inputs
    BINDINGS = keymap.bindings("plot")

    def __init__(
        self,
        spec: Any,
        related: tuple[str, ...] = (),
        initial: dict[str, Any] | None = None,
        note: str = "",
        back: HeldBack | None = None,
    ) -> None:
        super().__init__(name=f"plot-{spec.name}")
        self.spec = spec
        self.related = related or (spec.name,)
        self.initial = dict(initial or {})
        self.note = note
        self.back = back
        self.held: tuple[str, ...] = ()  # the parts whose answers the plot holds back now
        names = {p.name for p in spec.params}
        try:
            self.values: dict[str, Any] = spec.resolve(
                **{k: v for k, v in self.initial.items() if k in names}
            )
        except (UserError, TypeError, ValueError):  # outside the plot's ranges: its defaults
            self.values = spec.defaults()
        self._timer: Timer | None = None
        self._explorer = spec.name.startswith("remat-") and any(
            p.name == "every" for p in spec.params
        )
        self.job: Any = None  # the background job of a slow plot
        self._again = False  # the build under way was asked for again (Ctrl+R): say when done
        # the one build whose end is shown: a build replaced by a newer one (+ pressed again)
        # is cancelled and stops at its next chunk of draws, and its end says nothing
        self._build_worker: Worker | None = None
        self._cancel_asked = False  # the student pressed Ctrl+X: only then say "Cancelled"

    def compose(self) -> ComposeResult:
        yield TutorHeader()
        yield Static(self.note or self.spec.description, id="plot-desc", markup=False)
        yield Static("", id="plot-held", markup=False)
        shown = [p for p in self.spec.params if p.name != "seed"]
        if shown:
            with Grid(id="plot-controls"):
                for p in shown:
                    with Horizontal(classes="control"):
                        yield Label(p.name)
                        yield Input(
                            _fmt(self.values[p.name]),
                            id=f"param-{p.name}",
                            tooltip=(
                                f"{p.label}: {', '.join(p.choices)}"
                                if p.choices
                                else f"{p.label} ({p.minimum:g} to {p.maximum:g})"
                            ),
                            classes="param",
                            compact=True,
                        )
        if self.spec.slow:
            with Vertical(id="sweep-progress"):
                yield Static("", id="sweep-message", markup=False)
                yield ProgressBar(id="sweep-bar", total=1.0, show_eta=False)
        yield Static("", id="plot-status", markup=False)
        if self._explorer:
            yield Static("", id="remat-totals", markup=False)
            with Horizontal(id="remat-split"):
                with Vertical(id="remat-left"):
                    table: DataTable = DataTable(id="remat-table", zebra_stripes=True)
                    yield table
                    # which layers the table shows, and how to see the others: at 80×24 it
                    # showed layers 21…8 of 21 with no sign of the rest
                    yield Static("", id="remat-more", markup=False)
                yield DataPlot(id="plot")
        else:
            yield DataPlot(id="plot")
        yield TutorFooter()

    def on_mount(self) -> None:
        self.sub_title = self.spec.title
        if len(self.related) > 1:
            n = self.related.index(self.spec.name) + 1 if self.spec.name in self.related else 1
            # first, so a long title cut at 80 columns keeps it (it was "(1…")
            self.sub_title = f"({n}/{len(self.related)}) {self.sub_title}"
        if self._explorer:
            table = self.query_one("#remat-table", DataTable)
            table.add_columns("layer", "loads", "fwd", "ready (ns)")
            self.watch(table, "scroll_y", self._table_moved, init=False)
            self.watch(table, "has_focus", self._table_moved, init=False)
        self.rebuild()

    def on_resize(self, event: events.Resize) -> None:
        # a narrow terminal: the explorer's table gives the chart more room
        self.set_class(event.size.width < 100, "-narrow")
        if self._explorer:
            self.call_after_refresh(self._table_moved)

    def _table_moved(self, *_: object) -> None:
        """Say under the schedule which of its layers it shows and how to reach the rest."""
        if not self._explorer or not self.query("#remat-more"):
            return
        table = self.query_one("#remat-table", DataTable)
        self.query_one("#remat-more", Static).update(
            table_position(
                table.row_count,
                round(table.scroll_y),
                table.scrollable_content_region.height - table.header_height,
                table.has_focus,
            )
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "samples":
            return any(p.name == "samples" for p in self.spec.params)
        if action == "cancel":  # offered while there is something to cancel
            if self.spec.slow:
                return self.job is not None and self.job.running
            return self._build_worker is not None and self._build_worker.is_running
        if action == "next_plot":
            return len(self.related) > 1
        if action == "step":
            return any(p.name == parameters[0] for p in self.spec.params)
        return True

    def on_key(self, event: events.Key) -> None:
        """A key this plot leaves out of its footer says why it does nothing here."""
        refused = take_refused_key(self, "plot", event)
        if refused is None:
            return
        name, params = refused
        self.notify(refusal(self.spec, name, params))

    def action_step(self, name: str, delta: int) -> None:
        """Nudge an integer parameter (K with [ and ], N with { and }) and rebuild."""
        p = next((p for p in self.spec.params if p.name == name), None)
        if p is None:
            return
        value = int(min(max(self.values[name] + delta, p.minimum), p.maximum))
        if name == "every" and "layers" in self.values:
            value = min(value, self.values["layers"])
        if name == "layers" and "every" in self.values:
            value = max(value, self.values["every"])
        if value == self.values[name]:
            return
        self.values[name] = value
        inp = self.query_one(f"#param-{name}", Input)
        with inp.prevent(Input.Changed):
            inp.value = str(value)
        self.rebuild()

    def action_next_plot(self) -> None:
        if len(self.related) < 2:
            return
        i = self.related.index(self.spec.name) if self.spec.name in self.related else -1
        name = self.related[(i + 1) % len(self.related)]
        from tutor.plots import registry as plots

        self.workers_cancel()  # a slow build goes on in the background
        tutor_app(self).state.log.plot_viewed(name)
        self.app.switch_screen(
            PlotScreen(plots.get(name), self.related, self.initial, self.note, self.back)
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        if not (event.input.id or "").startswith("param-"):
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.3, self._apply_inputs)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._apply_inputs()

    def _apply_inputs(self) -> None:
        from tutor.errors import UserError

        values = dict(self.values)
        for p in self.spec.params:
            if p.name == "seed":
                continue
            text = self.query_one(f"#param-{p.name}", Input).value
            try:
                values[p.name] = p.coerce(text)
            except UserError as exc:
                self._status(str(exc), error=True)
                return
        if self._explorer:
            from tutor.homework import remat

            try:  # the model's own check (1 <= K <= N), not a copy of it
                remat.validate(values["layers"], values["every"], values["t_fwd"], values["t_mem"])
            except UserError as exc:
                self._status(str(exc), error=True)
                return
        if values != self.values:
            self.values = values
            self.rebuild()
        elif self.query_one("#plot-status", Static).has_class("-incorrect"):
            # an input put right again: its error goes. Nothing else does: the inputs post
            # Changed as they mount, and that must not wipe a note such as "Built again"
            self._status("")

    def action_samples(self, factor: float) -> None:
        p = next((p for p in self.spec.params if p.name == "samples"), None)
        if p is None:
            return
        value = int(min(max(self.values["samples"] * factor, p.minimum), p.maximum))
        if value == self.values["samples"]:
            return
        self.values["samples"] = value
        inp = self.query_one("#param-samples", Input)
        with inp.prevent(Input.Changed):
            inp.value = str(value)
        self.rebuild()

    def action_rebuild(self) -> None:
        if self.job is not None and self.job.running:
            self._status("It is still running: its progress is above.")
            return
        self.rebuild(again=True)
        if not self.spec.slow:
            self._again = True

    def action_cancel(self) -> None:
        self._cancel_asked = True
        cancelled = self.workers_cancel()
        if self.job is not None:
            cancelled = self.job.cancel() or cancelled
        self._status("Cancelled." if cancelled else "Nothing is running.")

    def action_close(self) -> None:
        self.workers_cancel()  # a slow build (the width sweep) goes on in the background
        self.app.pop_screen()

    def on_unmount(self) -> None:
        if self.job is not None:
            self.job.unwatch(self.background_changed)

    def workers_cancel(self) -> bool:
        running = [
            w
            for w in self.workers
            if w.group == "plot" and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
        ]
        for w in running:
            w.cancel()
        return bool(running)

    def rebuild(self, again: bool = False) -> None:
        self.held = self.spec.held(self.values, self.back)
        held = self.query_one("#plot-held", Static)
        held.update(self.back.note(self.held, self.spec) if self.back and self.held else "")
        held.display = bool(self.held)
        hidden = bool(self.held) and self.spec.held_draw is None
        for widget in self.query("#plot, #remat-split, #remat-totals"):
            widget.display = not hidden
        if hidden:  # nothing built: the answers are all it would show
            self.workers_cancel()
            self._status("")
            return
        if self.spec.slow:
            self._watch_job(again)
            return
        self._again = False
        self._cancel_asked = False
        self._status("Building the plot…")
        self.query_one("#plot").loading = True
        self._build_worker = self.build(dict(self.values))
        self.refresh_bindings()  # Cancel is offered while it runs

    def _watch_job(self, again: bool = False) -> None:
        if self.job is not None:
            self.job.unwatch(self.background_changed)
        self.job = tutor_app(self).background.start(self.spec, dict(self.values), again=again)
        self.job.watch(self.background_changed)
        self.background_changed(self.job)
        # from on_mount the screen is not mounted yet, so the call above shows nothing; a job
        # already done sends no more news: show its state once the screen is up
        self.call_after_refresh(self.background_changed, self.job)

    def background_changed(self, job: Any) -> None:
        """Show where the job has got to: progress, the curves so far, the result."""
        if job is not self.job or not self.is_mounted or not self.query("#plot"):
            return  # not composed yet: on_mount shows the job's state
        self.refresh_bindings()  # Cancel is offered while it runs
        progress = self.query_one("#sweep-progress")
        plot = self.query_one("#plot", DataPlot)
        if job.state == "running":
            progress.display = True
            self._show_progress(job.fraction, job.message)
            if job.partial is not None:
                if plot.data is not job.partial:
                    plot.loading = False
                    plot.show(self.spec.draw, job.partial)
                self._status(
                    "Curves so far; the rest follow as each width finishes. "
                    "Leaving this screen does not stop it (the index shows its progress)."
                )
            else:
                plot.loading = True
                self._status(
                    "Running. Leaving this screen does not stop it (the index shows its "
                    f"progress); {self.app.key_for('plot.cancel')} cancels it."
                )
            return
        progress.display = False
        plot.loading = False
        if job.state == "done":
            if plot.data is not job.result:
                plot.show(self.spec.draw, job.result)
            self._status(f"Width sweep: {job.message}." if job.message else "")
        elif job.state == "cancelled":
            self._status(f"Cancelled. {self.app.key_for('plot.rebuild')} runs it again.")
        else:
            self._status(f"Could not build this plot: {job.error}", error=True)

    @work(thread=True, exclusive=True, group="plot", exit_on_error=False)
    def build(self, values: dict[str, Any]) -> tuple[dict[str, Any], Any, Any]:
        from textual.worker import get_current_worker

        from tutor.homework.stopping import stop_when

        worker = get_current_worker()
        # cancelled (replaced by a newer build, Ctrl+X, the screen closed): the build stops at
        # its next chunk of draws or of layers (tutor.homework.stopping)
        with stop_when(lambda: worker.is_cancelled):
            data = self.spec.build(values, None)
            table = None
            if self._explorer:
                from tutor.homework import remat

                table = remat.schedule(
                    values["layers"], values["every"], values["t_fwd"], values["t_mem"]
                )
        return values, data, table

    def _show_progress(self, fraction: float, message: str) -> None:
        self.query_one("#sweep-bar", ProgressBar).update(progress=max(0.0, min(fraction, 1.0)))
        self.query_one("#sweep-message", Static).update(message)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "plot":
            return
        if event.worker is not self._build_worker:
            return  # replaced by a newer build (+ pressed again): that one's end is shown
        self.refresh_bindings()
        state = event.state
        if state == WorkerState.SUCCESS:
            values, data, table = event.worker.result
            if values != self.values:
                return  # superseded by a newer build
            self._draw(data)
            if table is not None:
                self._fill_table(table)
            if self._again:  # the same chart again would look like nothing happened
                self._again = False
                self._status(
                    "Built again from the same inputs (the same chart). Change an input to "
                    "see another."
                )
            else:
                self._status("")
        elif state == WorkerState.ERROR:
            self.query_one("#plot").loading = False
            self._status(f"Could not build this plot: {event.worker.error}", error=True)
        elif state == WorkerState.CANCELLED and self._cancel_asked:
            self.query_one("#plot").loading = False
            self._status(f"Cancelled. {self.app.key_for('plot.rebuild')} runs it again.")

    def _draw(self, data: Any) -> None:
        widget = self.query_one("#plot", DataPlot)
        widget.loading = False
        draw = self.spec.held_draw if self.held and self.spec.held_draw else self.spec.draw
        widget.show(draw, data)

    def _fill_table(self, sched: Any) -> None:
        table = self.query_one("#remat-table", DataTable)
        table.clear()
        for step in sched.steps[:MAX_TABLE_ROWS]:
            table.add_row(
                str(step.layer),
                "input" if step.checkpoint == 0 else f"a{step.checkpoint}",
                str(step.fwd),
                _fmt(step.end_ns),
            )
        self.call_after_refresh(self._table_moved)
        more = len(sched.steps) - MAX_TABLE_ROWS
        tail = f" (table shows the first {MAX_TABLE_ROWS} layers)" if more > 0 else ""
        self.query_one("#remat-totals", Static).update(
            f"N={sched.layers}, K={sched.every}: stored {sched.stored_activations} activations "
            f"+ input · fwd {sched.fwd} · loadmem {sched.loadmem} · backward "
            f"{_fmt(sched.remat_ns)} ns · break-even loaddisk "
            f"{_fmt(sched.breakeven_loaddisk_ns)} ns{tail}"
        )

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#plot-status", Static)
        status.update(text)
        status.set_class(error, "-incorrect")
        status.display = bool(text)


def action_param(action: str) -> str | None:
    """The plot parameter a plot key's action changes (``samples(2)``: samples,
    ``step('every', 1)``: every), or None for a key that changes none."""
    from textual.actions import parse

    _, name, params = parse(action)
    if name == "samples":
        return "samples"
    if name == "step" and params:
        return str(params[0])
    return None


def refusal(spec: Any, name: str, params: tuple[object, ...]) -> str:
    """Why a plot key does nothing on the plot ``spec``, and where it does something: the
    parts whose plots have the setting it changes (``registry.parts_with``)."""
    from tutor.plots import registry
    from tutor.wording import said_list

    if name == "samples":
        how = "is trained once, with fixed settings" if spec.slow else "is computed exactly"
        return (
            f"This plot {how}: it has no Monte Carlo samples to change (the plots of "
            f"{said_list(registry.parts_with('samples'))} have)."
        )
    if name == "step":
        letter = {"every": "K", "layers": "N"}.get(str(params[0]), str(params[0]))
        return (
            f"This plot has no {letter} to change (the plots of "
            f"{said_list(registry.parts_with(str(params[0])))} have)."
        )
    if name == "cancel":
        return "Nothing is running on this plot: there is nothing to cancel."
    if name == "next_plot":
        return "This part has one plot."
    return "This key does nothing on this plot."


def table_position(rows: int, first: int, shown: int, focused: bool) -> str:
    """The line under the schedule: the rows it shows of how many, and the keys that show the
    others ("rows 1–14 of 21 · ↓ 7 more: ↑↓ PgDn scroll")."""
    if rows == 0 or shown <= 0:
        return ""
    first = max(0, min(first, rows - 1))
    last = min(rows, first + shown)
    if first == 0 and last >= rows:
        return f"all {rows} rows shown"
    where = []
    if first > 0:
        where.append(f"↑ {first} more")
    if last < rows:
        where.append(f"↓ {rows - last} more")
    keys = "↑↓ PgUp PgDn scroll" if focused else "click or Tab here to scroll"
    return f"rows {first + 1}–{last} of {rows} · {', '.join(where)}: {keys}"


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)
