"""Command palette (ctrl+p): every tutor action, the practice variants holding an unsent draft
(the only way back to one: F9 never draws its seed again), plus "open part …" for every part,
then "Save
screenshot" (the only one of Textual's own commands kept: the rest did nothing a student needs,
or quit without the tutor's quit)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tutor.ui import keymap
from tutor.ui.access import tutor_app


class TutorCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = tutor_app(self)
        screen = self.screen
        out: list[tuple[str, str, Callable[[], object]]] = []
        scopes = {"app"}
        from tutor.ui.screens.index import IndexScreen
        from tutor.ui.screens.part import PartScreen

        if isinstance(screen, PartScreen):
            scopes.add("part")
        elif isinstance(screen, IndexScreen):
            scopes.add("index")
        seen: set[str] = set()
        for a in keymap.ACTIONS:
            if a.scope not in scopes or not a.show or a.action in seen:
                continue
            seen.add(a.action)
            target = app if a.scope == "app" else screen
            name = a.action.split("(", 1)[0]
            if target.check_action(name, ()) is False:
                continue  # what the footer leaves out here (no plot, no hints): not offered
            title = f"{a.label} ({app.key_for(a.id)})"
            out.append((title, a.help, partial(target.run_action, a.action)))
        if isinstance(screen, PartScreen) and app.state.is_parameterized(screen.part_id):  # type: ignore[attr-defined]
            out.append(
                (
                    "Practice: another variant of this part",
                    "New numbers for this part, before or after solving it (the handout's "
                    "progress is kept)",
                    partial(screen.run_action, "variant(True)"),
                )
            )
        from tutor.sessions.drafts import reopen_entry

        for part_id, key in app.state.variants_with_drafts():
            out.append(
                (
                    reopen_entry(part_id, key),
                    "Back to the numbers you typed it at: your answers, hints and the draft "
                    "as you left them",
                    partial(app.reopen_variant, part_id, key),
                )
            )
        if "part" not in scopes:
            out.append(("Index", "Back to the index of problems", partial(app.run_action, "index")))
        for part in app.content.parts():
            out.append(
                (
                    f"Open {part.id}: {part.title}",
                    f"Problem {part.problem_id}",
                    partial(app.open_part_screen, part.id),
                )
            )
        out.append(
            (
                "Save screenshot",
                "Save an SVG of this screen beside your session logs",
                lambda: app.set_timer(0.1, app.deliver_screenshot),  # once the palette is closed
            )
        )
        return out

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
