"""Reference cards (papers' figures and tables, described in words) so problem 3 works offline."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.option_list import Option

from tutor.ui import keymap
from tutor.ui.access import tutor_app
from tutor.ui.widgets.footer import TutorFooter
from tutor.ui.widgets.header import TutorHeader


class CardsScreen(Screen):
    CSS_PATH = "../pages.tcss"
    BINDINGS = keymap.bindings("cards")

    def __init__(self, first: str | None = None) -> None:
        super().__init__()
        self.first = first

    def compose(self) -> ComposeResult:
        cards = tutor_app(self).content.cards
        yield TutorHeader()
        if not cards:
            yield Static("There are no reference cards in this content.", markup=False)
        else:
            with Horizontal(id="cards"):
                options: list[Option | None] = []
                for card_id, card in cards.items():
                    if options:
                        options.append(None)  # a separator: long titles wrap
                    options.append(Option(card.title, id=card_id))
                yield OptionList(*options, id="card-list")
                with VerticalScroll(id="card-body"):
                    yield Markdown("", id="card-text")
        yield TutorFooter()

    def on_mount(self) -> None:
        self.sub_title = "Reference cards"
        cards = tutor_app(self).content.cards
        if not cards:
            return
        ids = list(cards)
        index = ids.index(self.first) if self.first in ids else 0
        options = self.query_one(OptionList)
        options.highlighted = options.get_option_index(ids[index])
        options.focus()
        self._show(ids[index])

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self._show(event.option.id)

    def _show(self, card_id: str) -> None:
        card = tutor_app(self).content.cards[card_id]
        self.query_one("#card-text", Markdown).update(f"# {card.title}\n\n{card.body}")
