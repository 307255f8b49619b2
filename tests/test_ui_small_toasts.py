"""Trial tui2 F13: at 80×24 notices covered half the index or the statement for seconds, and
stacked. On a small terminal a notice is compact, stays at most a few seconds, and replaces the
one before; on a large one they behave as before."""

from __future__ import annotations

from textual.widgets._toast import Toast
from ui_helpers import make_app, ui_test, wait_for

from tutor.ui.app import SMALL_TOAST_SECONDS


@ui_test
async def test_notices_on_a_small_terminal_are_short_compact_and_never_stack(tmp_path):
    app = make_app(tmp_path / "logs")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.notify("first notice", timeout=20)
        app.notify("second notice", title="Second", timeout=20)
        await wait_for(pilot, lambda: len(app.screen.query(Toast)) == 1)
        await pilot.pause()
        toasts = list(app.screen.query(Toast))
        assert len(toasts) == 1 and len(app._notifications) == 1
        note = next(iter(app._notifications))
        assert note.message == "second notice" and note.timeout <= SMALL_TOAST_SECONDS
        toast = toasts[0]
        assert toast.styles.padding.top == 0 and toast.styles.margin.top == 0
        assert toast.region.height <= 4  # title and one line of message, no padding


@ui_test
async def test_notices_on_a_large_terminal_stack_as_before(tmp_path):
    app = make_app(tmp_path / "logs")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        app.notify("first notice", timeout=20)
        app.notify("second notice", timeout=20)
        await wait_for(pilot, lambda: len(app.screen.query(Toast)) == 2)
        assert all(n.timeout == 20 for n in app._notifications)


@ui_test
async def test_an_error_notice_on_a_small_terminal_keeps_its_time_and_stays(tmp_path):
    app = make_app(tmp_path / "logs")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.notify("the log is not saved", severity="error", timeout=20)
        app.notify("a passing notice", timeout=20)
        await wait_for(pilot, lambda: len(app.screen.query(Toast)) == 2)
        error = next(n for n in app._notifications if n.severity == "error")
        assert error.timeout == 20


@ui_test
async def test_a_long_notice_on_a_small_terminal_is_cut_at_a_sentence_or_with_an_ellipsis(tmp_path):
    """Trial tui3 T12: at 80×24 "The handout's numbers again; your answers to them are as
    you left them." showed two lines, its last under the footer; a notice too long for the
    lines it may take is cut after a sentence, or at a word with "…"."""
    from textual.widgets._toast import ToastRack

    app = make_app(tmp_path / "logs")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        said = "The handout's numbers again; your answers to them are as you left them."
        app.notify(said)
        await wait_for(pilot, lambda: len(app.screen.query(Toast)) == 1)
        await pilot.pause()
        toast = app.screen.query_one(Toast)
        footer = app.screen.query_one("TutorFooter")
        # whole, and above the footer (not a line of it under the footer)
        assert next(iter(app._notifications)).message == said
        assert toast.region.bottom <= footer.region.y, (toast.region, footer.region)
        assert toast.region.height == 2  # 37 columns: two lines, both shown
        assert app.screen.query_one(ToastRack).display
        sentences = " ".join(f"Sentence {i} says a thing about the part." for i in range(12))
        app.notify(sentences)
        await wait_for(pilot, lambda: next(iter(app._notifications)).message != said)
        shown = next(iter(app._notifications)).message
        assert shown.endswith("part.") and len(shown) < len(sentences)
        app.notify("one " * 200, title="Long")
        await wait_for(pilot, lambda: next(iter(app._notifications)).title == "Long")
        shown = next(iter(app._notifications)).message
        assert shown.endswith("one…") and len(shown) < 800
        await pilot.pause()
        toast = app.screen.query_one(Toast)
        assert toast.region.bottom <= footer.region.y and toast.region.height <= 1 + 24 // 4


@ui_test
async def test_a_long_notice_on_a_large_terminal_is_whole(tmp_path):
    app = make_app(tmp_path / "logs")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        app.notify("one " * 100)
        await wait_for(pilot, lambda: len(app.screen.query(Toast)) == 1)
        assert next(iter(app._notifications)).message == "one " * 100
