"""The student's keymap (keymap.toml in the config dir): reading it, applying it, reporting problems."""

from __future__ import annotations

from textual.widgets import Static
from textual.widgets._footer import FooterKey
from ui_helpers import make_app, text_of, ui_test, wait_for

from tutor.ui import keymap
from tutor.ui.screens.modals import ConfirmScreen
from tutor.ui.userkeymap import _first_clash, load_user_keymap, parse_keymap

SIZE = (100, 40)


def write_keymap(directory, text: str):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "keymap.toml").write_text(text, encoding="utf-8")
    return load_user_keymap(directory)


def footer_keys(app) -> dict[str, str]:
    """Footer label -> the key shown for it."""
    return {k.description: k.key_display for k in app.screen.query(FooterKey)}


# ----- reading the file -------------------------------------------------------------------


def test_no_file_means_default_keys_and_no_problems(tmp_path):
    keys = load_user_keymap(tmp_path)
    assert dict(keys.keys) == {} and keys.problems == ()
    assert keys.display("tutor.hint") == "Ctrl+T"


def test_config_dir_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("HW3_TUTOR_CONFIG_DIR", str(tmp_path / "cfg"))
    write_keymap(tmp_path / "cfg", '[keymap]\n"tutor.hint" = "f2"\n')
    keys = load_user_keymap()
    assert keys.path == tmp_path / "cfg" / "keymap.toml"
    assert keys.key("tutor.hint") == "f2"


def test_keys_are_read_as_textual_names_in_any_spelling():
    keys = parse_keymap(
        b"[keymap]\n"
        b'"tutor.hint" = "F2"\n'
        b'tutor.review = ["F5", "Ctrl+L"]\n'  # unquoted dotted id, a list of keys
        b'"plot.fewer" = "_"\n'
        b'"tutor.continue" = "Esc"\n'
    )
    assert keys.problems == ()
    assert dict(keys.keys) == {
        "tutor.hint": "f2",
        "tutor.review": "f5,ctrl+l",
        "plot.fewer": "underscore",
        "tutor.continue": "escape",
    }
    assert keys.display("tutor.review") == "F5"


def test_unknown_id_is_reported_with_a_suggestion_and_the_rest_applies():
    keys = parse_keymap(b'[keymap]\n"tutor.hnt" = "f2"\n"tutor.plot" = "f4"\n')
    assert dict(keys.keys) == {"tutor.plot": "f4"}
    (problem,) = keys.problems
    assert "unknown binding id 'tutor.hnt'" in problem and "'tutor.hint'" in problem


def test_unparsable_toml_keeps_every_default():
    keys = parse_keymap(b'[keymap\n"tutor.hint" = "f2"\n')
    assert dict(keys.keys) == {}
    assert "not valid TOML" in keys.problems[0] and "line 1" in keys.problems[0]
    assert "not UTF-8" in parse_keymap(b"\xff\xfe[keymap]").problems[0]


def test_a_key_bound_twice_on_one_screen_keeps_the_default():
    keys = parse_keymap(b'[keymap]\n"tutor.hint" = "ctrl+o"\n')  # ctrl+o is the solution
    assert dict(keys.keys) == {}
    (problem,) = keys.problems
    assert "Ctrl+O is bound twice" in problem and "tutor.hint keeps Ctrl+T" in problem
    # swapping two keys is no clash; the same key on different screens is none either
    swap = parse_keymap(
        b'[keymap]\n"tutor.hint" = "ctrl+o"\n"tutor.solution" = "ctrl+t"\n"plot.close" = "q"\n'
    )
    assert swap.problems == () and swap.key("tutor.solution") == "ctrl+t"
    # an app-wide key cannot take a key a screen already uses
    clash = parse_keymap(b'[keymap]\n"tutor.review" = "ctrl+n"\n')  # next part / next plot
    assert "tutor.review keeps Ctrl+L" in clash.problems[0]


def test_keys_used_while_typing_cannot_be_letters_or_editing_keys():
    keys = parse_keymap(
        b'[keymap]\n"tutor.hint" = "h"\n"tutor.next" = "ctrl+a"\n"tutor.quit" = "ctrl+p"\n'
        b'"tutor.continue" = "n"\n'  # the index has no text box: a letter is fine there
        b'"tutor.plot" = "ctrl+nope"\n'
    )
    assert dict(keys.keys) == {"tutor.continue": "n"}
    text = "\n".join(keys.problems)
    assert "h would be typed into an answer box" in text
    assert "Ctrl+A edits the text in an answer box" in text
    assert "command palette" in text
    assert "'nope' is not a key name" in text


def test_the_default_keys_have_no_clash():
    assert _first_clash({}) is None
    assert len(keymap.BY_ID) == len(keymap.ACTIONS)


# ----- in the app -------------------------------------------------------------------------


def help_source(app) -> str:
    """The help page's Markdown text (drawn by Rich's Markdown in one Static)."""
    return app.screen.query_one("#help-text", Static).content.markup


@ui_test
async def test_remapped_hint_key_works_and_shows_in_footer_help_and_texts(tmp_path):
    keys = write_keymap(
        tmp_path / "cfg", '[keymap]\n"tutor.hint" = "f2"\n"tutor.solution" = "f3"\n'
    )
    app = make_app(tmp_path / "logs", open_part="1a", keys=keys)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Hint" in footer_keys(app))  # the footer fills in later
        shown = footer_keys(app)
        assert shown["Hint"] == "f2" and shown["Solution"] == "f3"
        await pilot.press("f2")  # the cursor is in the answer box
        assert app.state.box("1a.value").hints == 1
        await pilot.press("ctrl+t")  # the old key no longer gives a hint
        assert app.state.box("1a.value").hints == 1
        await pilot.press("f3")
        assert isinstance(app.screen, ConfirmScreen)
        assert "(F2)" in text_of(app.screen.query_one("#detail"))  # the hint key, as remapped
        await pilot.press("n", "f1")
        help_text = help_source(app)
        assert "`F2` *(yours)* reveal the next hint" in help_text
        assert "`F3` *(yours)* show the worked solution" in help_text
        assert "/cfg/keymap.toml" in help_text


@ui_test
async def test_keymap_problems_are_a_notification_not_a_crash(tmp_path):
    keys = write_keymap(
        tmp_path / "cfg", '[keymap]\n"tutor.hnt" = "f2"\n"tutor.next" = "ctrl+o"\n[colors]\n'
    )
    app = make_app(tmp_path / "logs", open_part="1a", keys=keys)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        (note,) = list(app._notifications)
        assert note.severity == "warning" and "keymap.toml" in note.title
        assert "unknown binding id 'tutor.hnt'" in note.message
        assert "Ctrl+O is bound twice" in note.message
        assert "unknown section [colors]" in note.message
        await pilot.press("ctrl+t")  # the defaults still work
        assert app.state.box("1a.value").hints == 1
        await pilot.press("f1")
        assert "Not applied" in help_source(app)


@ui_test
async def test_keymap_warning_stays_small_on_an_80x24_terminal(tmp_path):
    keys = write_keymap(
        tmp_path / "cfg", '[keymap]\n"tutor.hnt" = "f2"\n"tutor.next" = "ctrl+o"\n[colors]\n'
    )
    app = make_app(tmp_path / "logs", open_part="1a", keys=keys)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        (note,) = list(app._notifications)
        assert note.message == "• unknown section [colors] ignored (use [keymap])\n" + (
            "… and 2 more: F1 lists them all"
        )
        await pilot.press("f1")  # every problem is on the help screen
        help_text = help_source(app)
        assert "tutor.hnt" in help_text and "[colors]" in help_text and "bound twice" in help_text


@ui_test
async def test_the_keymap_warning_waits_for_the_student_id_question(tmp_path, monkeypatch):
    """On the first start the keymap warning covered the question's Save button at 80×24."""
    monkeypatch.setenv("HW3_TUTOR_CONFIG_DIR", str(tmp_path / "config"))
    keys = write_keymap(tmp_path / "cfg", '[keymap]\n"tutor.hnt" = "f2"\n')
    app = make_app(tmp_path / "logs", open_part="1a", keys=keys, ask_student=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_for(pilot, lambda: type(app.screen).__name__ == "StudentIdScreen")
        await pilot.pause()
        assert not app._notifications  # nothing over the question
        await pilot.press(*"nina", "enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "PartScreen")
        await wait_for(pilot, lambda: any("keymap" in n.title for n in app._notifications))


@ui_test
async def test_typing_in_a_box_clears_the_notices_already_read(tmp_path, monkeypatch):
    """At 80×24 two stacked notices hid half the answer box and its draft notice for 10–20 s."""
    import tutor.ui.app as tutor_app_module

    app = make_app(tmp_path / "logs", open_part="1a")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.notify("a notice read long ago", timeout=20)
        app.screen.query_one("Input").focus()
        await pilot.press("d")  # a notice raised a moment ago stays
        assert [n.message for n in app._notifications] == ["a notice read long ago"]
        monkeypatch.setattr(tutor_app_module, "TOAST_READ_SECONDS", 0.0)
        await pilot.press("1")
        await wait_for(pilot, lambda: not app._notifications)
        await wait_for(pilot, lambda: not app.screen.query("Toast"))
