"""The tutor's start-up reads content through a JSON cache of parsed TOML: the same content,
stale or damaged entries never used, nothing that runs code."""

from __future__ import annotations

import shutil

import pytest
from ui_helpers import UI_CONTENT

from tutor.content.issues import ContentError
from tutor.content.loader import load_content
from tutor.ui.contentcache import cached_toml_parser


def test_a_second_load_comes_from_the_cache_and_is_the_same_content(tmp_path, monkeypatch):
    parse = cached_toml_parser(tmp_path / "cache")
    first = load_content(UI_CONTENT, parse=parse)
    assert len(list((tmp_path / "cache" / "content").glob("toml-*.json"))) == 3
    import tomllib

    def no_parsing(text):
        raise AssertionError("parsed again")

    monkeypatch.setattr(tomllib, "loads", no_parsing)
    again = load_content(UI_CONTENT, parse=parse)
    assert again == first and again.content_hash == first.content_hash


def test_an_edited_file_is_parsed_again_and_a_damaged_entry_ignored(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(UI_CONTENT, content)
    parse = cached_toml_parser(tmp_path / "cache")
    load_content(content, parse=parse)
    for entry in (tmp_path / "cache" / "content").glob("toml-*.json"):
        entry.write_text('{"schema": 1, "problem": "not a table"', encoding="utf-8")  # torn
    p1 = content / "p1.toml"
    p1.write_text(p1.read_text().replace("A dense layer", "A dense layer, edited"))
    loaded = load_content(content, parse=parse)
    assert loaded.problems[0].title == "A dense layer, edited"
    assert loaded == load_content(content)  # as without the cache


def test_a_syntax_error_is_reported_as_without_the_cache(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(UI_CONTENT, content)
    (content / "p1.toml").write_text('schema = 1\n[problem\nid = "1"\n', encoding="utf-8")
    with pytest.raises(ContentError) as plain:
        load_content(content)
    with pytest.raises(ContentError) as cached:
        load_content(content, parse=cached_toml_parser(tmp_path / "cache"))
    assert cached.value.report() == plain.value.report()
