"""The index: problems → parts → answer boxes, with status glyphs, hints used and overall progress."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode, UnknownNodeID

from tutor.content.model import Problem
from tutor.ui import keymap
from tutor.ui.access import tutor_app
from tutor.ui.state import CORRECT, GLYPHS, STATUS_WORDS, TutorState
from tutor.ui.widgets.footer import TutorFooter
from tutor.ui.widgets.header import TutorHeader

_STYLE = {"correct": "success", "partial": "warning", "incorrect": "error"}


def status_markup(status: str) -> str:
    """Textual content markup for a status glyph (theme colours)."""
    return f"[${_STYLE[status]}]{GLYPHS[status]}[/]" if status in _STYLE else GLYPHS[status]


def _label(app, status: str, *pieces: tuple[str, str]) -> Text:
    """A tree label (Rich text, since Tree labels are Rich): the glyph in the theme's colour."""
    colour = app.theme_variables.get(_STYLE.get(status, ""), "") if status in _STYLE else ""
    parts: list[tuple[str, str]] = [(GLYPHS[status], colour), (" ", "")]
    for text, style in pieces:
        parts.append((text, "dim" if style == "muted" else style))
    return Text.assemble(*parts)


def place_cursor(tree: Tree[tuple[str, str]], node: TreeNode[tuple[str, str]]) -> None:
    """Put the outline's cursor on ``node``. A node knows its line only once the tree has laid
    its lines out again after a refill; ``move_cursor`` before that read a stale line (-1 for a
    new node, clamped to the first line), which left the cursor on problem 1 on a loaded
    machine. So the lines are laid out first, and a node a later refill replaced is skipped
    (that refill places the cursor itself)."""
    if node.tree is not tree or tree.last_line < 0:  # ``last_line`` lays the lines out
        return
    try:
        if tree.get_node_by_id(node.id) is not node:
            return
    except UnknownNodeID:
        return
    tree.move_cursor(node)


class IndexScreen(Screen):
    BINDINGS = keymap.bindings("index")

    def __init__(self) -> None:
        super().__init__()
        self._shown = False  # the first resume is the first display: on_mount filled it
        self._detail_problem: str | None = None  # whose summary is shown under the outline
        self._pending_select: TreeNode | None = None  # where the cursor goes after first layout
        self._fitted_width = 0  # the terminal width the parts' lines were cut to

    def compose(self) -> ComposeResult:
        yield TutorHeader()
        if not tutor_app(self).saving:
            yield Static(
                tutor_app(self).unsaved_message,
                id="unsaved",
                classes="unsaved",
                markup=False,
            )
        # Everything is filled in here, before the first layout: updating it after mount
        # would lay the screen out and render the outline again (slower first paint).
        yield Static(self._summary_text(), id="summary")
        tree: Tree[tuple[str, str]] = Tree("Homework 3", id="outline")
        tree.show_root = False
        tree.auto_expand = False
        self._pending_select = self._fill_tree(tree)
        yield tree
        yield Static(
            "  ".join(f"{status_markup(s)} {w}" for s, w in STATUS_WORDS.items())
            + "   [dim]Ctrl+P: all commands[/]",
            id="legend",
        )
        yield TutorFooter()

    def on_mount(self) -> None:
        # the outline's glyphs carry the theme's colours: redraw them when the theme changes
        self.watch(self.app, "theme", lambda _theme: self.refresh_index(), init=False)
        tree = self.query_one("#outline", Tree)
        tree.focus()
        # The problem summary under the outline is mounted after the first paint: it is
        # not needed to start working, and laying it out first made start-up measurably slower.
        self.set_timer(0.2, self._mount_detail)
        node, self._pending_select = self._pending_select, None
        if node is not None:
            self.call_after_refresh(place_cursor, tree, node)

    def on_screen_resume(self) -> None:
        if self._shown:
            # back from a part: the outline's cursor goes to the part just left
            self.refresh_index(focus_part=self.state.last_part)
        self._shown = True

    @property
    def state(self) -> TutorState:
        return tutor_app(self).state

    def refresh_index(self, focus_part: str | None = None) -> None:
        self.query_one("#summary", Static).update(self._summary_text())
        tree = self.query_one("#outline", Tree)
        select = self._fill_tree(tree, focus_part)
        if select is not None:
            self.call_after_refresh(place_cursor, tree, select)

    def _summary_text(self) -> str:
        correct, graded, done, parts, hints = self.state.summary()
        text = (
            f"{progress_bar(correct, graded)}  [b]{correct}/{graded}[/] answers correct · "
            f"[b]{done}/{parts}[/] parts done · {hints} hint{'s' if hints != 1 else ''}"
        )
        # after --fresh: what the counts leave out, and the way back
        set_aside = tutor_app(self).set_aside.line
        if set_aside:
            text += f"\n[$text-muted]{escape(set_aside)}[/]"
        # slow plots building in the background (the width sweep), and how far they are
        background = tutor_app(self)._background
        for job in background.jobs.values() if background is not None else ():
            text += f"\n[$text-muted]{escape(job.status_line)}[/]"
        return text

    def background_changed(self, job) -> None:
        """A background build moved on: its line in the summary follows."""
        if self.is_mounted:
            self.query_one("#summary", Static).update(self._summary_text())

    def _mount_detail(self) -> None:
        # its timer can fire as the screen goes (the tutor quit in its first moments): nothing
        # is mounted into a screen that is not (that was a MountError, and a traceback)
        if not self.is_attached or self.query("#problem-summary"):
            return
        tree = self.query_one("#outline", Tree)
        self.mount(Static(self._initial_detail(), id="problem-summary", markup=False), after=tree)
        if tree.cursor_node is not None:
            self.call_after_refresh(tree.scroll_to_node, tree.cursor_node, animate=False)

    def _initial_detail(self) -> str:
        """The summary of the problem the outline's cursor is in (where the student resumes)."""
        tree = self.query_one("#outline", Tree)
        problem = self._problem_of(tree.cursor_node.data if tree.cursor_node is not None else None)
        if problem is None:
            problem = self._problem_of(("part", self.state.resume_part() or ""))
        if problem is None and self.state.content.problems:
            problem = self.state.content.problems[0]
        self._detail_problem = problem.id if problem is not None else None
        return _summary_of(problem)

    def _problem_of(self, data: tuple[str, str] | None) -> Problem | None:
        """The problem an outline node (problem, part or box) belongs to."""
        if not data:
            return None
        kind, ident = data
        if kind != "problem":
            part = self.state.content.part(ident.split(".", 1)[0])
            ident = part.problem_id if part is not None else ""
        return next((p for p in self.state.content.problems if p.id == ident), None)

    def _fill_tree(self, tree: Tree, focus_part: str | None = None) -> TreeNode | None:
        """(Re)build the outline; returns the node the cursor should go to."""
        state = self.state
        cursor = tree.cursor_node.data if tree.cursor_node is not None else None
        if focus_part is not None and (cursor is None or _part_of(cursor) != focus_part):
            cursor = ("part", focus_part)
        expanded = {n.data for n in _walk(tree.root) if n.is_expanded and n.data}
        first = not tree.root.children
        if not first:
            tree.clear()
        select: TreeNode | None = None
        resume = state.resume_part()
        for problem in state.content.problems:
            p_status = _problem_status(state, problem)
            pnode = tree.root.add(
                self._problem_label(problem, p_status, self.app.size.width),
                data=("problem", problem.id),
            )
            for part in problem.parts:
                label = self._part_label(part, self.app.size.width)
                if part.boxes:
                    node = pnode.add(label, data=("part", part.id))
                    for box_id in part.boxes:
                        b = state.box(box_id)
                        spec = state.spec(box_id)
                        extra = []
                        if b.attempts:
                            extra.append(f"{b.attempts} tr{'ies' if b.attempts != 1 else 'y'}")
                        if b.hints:
                            extra.append(f"hints {b.hints}/{len(spec.hints)}")
                        tail = f"  {' · '.join(extra)}" if extra else ""
                        node.add_leaf(
                            _label(self.app, b.status, (spec.prompt, ""), (tail, "muted")),
                            data=("box", box_id),
                        )
                    if ("part", part.id) in expanded:
                        node.expand()
                    if (
                        cursor is not None
                        and cursor[0] == "box"
                        and _part_of(cursor) == part.id
                        and node.is_expanded
                    ):
                        # the box the cursor was on (its node is a child of this one)
                        select = next((n for n in node.children if n.data == cursor), select)
                else:
                    node = pnode.add_leaf(label, data=("part", part.id))
                if (first and part.id == resume) or (not first and node.data == cursor):
                    select = node
            holds_cursor = select is not None and select.parent in (pnode, *pnode.children)
            if first or ("problem", problem.id) in expanded or holds_cursor:
                pnode.expand()
            if not first and pnode.data == cursor:
                select = pnode
        return select

    def _part_label(self, part, width: int) -> Text:
        """A part's line: its status, id and title (cut with … to the terminal's width) and what
        the student did there (hints, variants solved; "plot" when it has one)."""
        state = self.state
        hints = state.part_hints(part)
        said = f" · {hints} hint{'s' if hints != 1 else ''}" if hints else ""
        plot = " · plot" if part.plot else ""
        practised = state.variants_solved(part)
        solved = f" · {practised} variant{'s' if practised != 1 else ''}" if practised else ""

        # the ends said shorter while the title would be cut (at 80 columns "· plot · 1 variant
        # solved" cut "The score-function gradient for a Gau…"): "solved" as ✓, and no "plot"
        # (the part offers it) if the title then fits whole; else it is cut, at a word
        def fits(extra: str) -> bool:
            return len(part.title) <= width - len(part.id) - len(extra) - PART_LINE_START

        extra = f"{said}{plot}{solved}{' solved' if solved else ''}"
        if not fits(extra) and solved:
            extra = f"{said}{plot}{solved} ✓"
            if not fits(extra) and plot and fits(f"{said}{solved} ✓"):
                extra = f"{said}{solved} ✓"
        self._fitted_width = width
        title = _fitted_title(part.title, width - len(part.id) - len(extra))
        status = state.part_status(part)
        return _label(self.app, status, (f"{part.id}  {title}", ""), (extra, "muted"))

    def _problem_label(self, problem: Problem, status: str, width: int) -> Text:
        """A problem's line: its status, id and title (cut with … to the terminal's width)."""
        title = _cut(f"{problem.id}. {problem.title}", width - PROBLEM_LINE_START)
        return _label(self.app, status, (title, "bold"))

    def on_resize(self, event: events.Resize) -> None:
        """A resized terminal: the parts' lines are cut (or made whole again) to the new width
        at once, not at the next refresh (they kept the width they were drawn at)."""
        if event.size.width == self._fitted_width:
            return
        tree = self.query_one("#outline", Tree)
        for node in _walk(tree.root):
            if node.data and node.data[0] == "problem":
                problem = next(
                    (p for p in self.state.content.problems if p.id == node.data[1]), None
                )
                if problem is not None:
                    status = _problem_status(self.state, problem)
                    node.set_label(self._problem_label(problem, status, event.size.width))
            elif node.data and node.data[0] == "part":
                part = self.state.content.part(node.data[1])
                if part is not None:
                    node.set_label(self._part_label(part, event.size.width))
        self._fitted_width = event.size.width

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        data = event.node.data
        if not data:
            return
        kind, ident = data
        if kind == "part":
            tutor_app(self).open_part_screen(ident)
        elif kind == "box":
            tutor_app(self).open_part_screen(ident.split(".", 1)[0], box_id=ident)
        elif kind == "problem":
            event.node.toggle()

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        """Under the outline: what the highlighted problem is about (its summary)."""
        problem = self._problem_of(event.node.data)
        problem_id = problem.id if problem is not None else None
        if problem_id == self._detail_problem:
            return  # same problem, same summary: nothing to redraw
        self._detail_problem = problem_id
        details = self.query("#problem-summary").results(Static)
        detail = next(details, None)
        if detail is None:
            return  # not mounted yet: _mount_detail shows the current problem's summary
        detail.update(_summary_of(problem))
        # the summary's height changes the outline's: keep the highlighted line in view
        tree = self.query_one("#outline", Tree)
        self.call_after_refresh(tree.scroll_to_node, event.node, animate=False)

    def action_continue(self) -> None:
        part_id = self.state.resume_part()
        if part_id:
            tutor_app(self).open_part_screen(part_id)
        else:
            self.notify("Every part is done. Well done!")

    def action_cards(self) -> None:
        tutor_app(self).action_cards()

    def action_unfold(self, unfold: bool) -> None:
        """Right and Left, as in any tree: Right unfolds the highlighted problem or part (on
        one unfolded, it goes to its first line); Left folds it (on one folded, or a box, it
        goes to the line that holds it)."""
        tree = self.query_one("#outline", Tree)
        node = tree.cursor_node
        if node is None:
            return
        if unfold:
            if node.allow_expand and not node.is_expanded:
                node.expand()
            elif node.is_expanded and node.children:
                tree.move_cursor(node.children[0])
        elif node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not tree.root:
            tree.move_cursor(node.parent)


# the outline's indent, guide and glyph before a part's id, the spaces after it, its padding
PART_LINE_START = 14


# a problem's: the fold mark, the glyph and the spaces around them, and the padding
PROBLEM_LINE_START = 6


def _cut(text: str, room: int) -> str:
    """``text`` cut with … to ``room`` columns (never below 12)."""
    if len(text) <= room:
        return text
    return text[: max(12, room - 1)].rstrip() + "…"


def _fitted_title(title: str, room: int) -> str:
    """A part's title cut (with …) so the line's ends (hints, plot, variants solved) fit in
    ``room`` columns: at 80 columns "· 1 variant solved" was cut to "· 1 varian"."""
    room -= PART_LINE_START
    if len(title) <= room:
        return title
    cut = title[: max(12, room - 1)]
    word = cut.rfind(" ")
    if word >= max(12, len(cut) - 12) and title[len(cut)] != " ":
        cut = cut[:word]  # at a word, not in one ("for a Gau…")
    return cut.rstrip() + "…"


def progress_bar(done: int, total: int, width: int = 12) -> str:
    """A text progress bar in theme colours (lighter than a ProgressBar widget at start-up)."""
    filled = round(width * done / total) if total else 0
    pct = round(100 * done / total) if total else 0
    return f"[$success]{'━' * filled}[/][$text-muted]{'╌' * (width - filled)}[/] {pct:>3}%"


def _part_of(data: tuple[str, str]) -> str | None:
    kind, ident = data
    return ident.split(".", 1)[0] if kind in ("part", "box") else None


def _summary_of(problem: Problem | None) -> str:
    return " ".join(problem.summary.split()) if problem is not None else ""


def _walk(node: TreeNode) -> list[TreeNode]:
    out = [node]
    for child in node.children:
        out += _walk(child)
    return out


def _problem_status(state: TutorState, problem) -> str:
    statuses = [state.part_status(p) for p in problem.parts]
    if statuses and all(s == CORRECT for s in statuses):
        return CORRECT
    if all(s == "untried" for s in statuses):
        return "untried"
    if not any(s in (CORRECT, "partial") for s in statuses):
        return "incorrect"  # tried, nothing right yet: not "partly right"
    return "partial"
