"""``hw3-tutor content export DIR``: a copy an instructor can edit and run with --content."""

from __future__ import annotations

import argparse

import pytest

from tutor.authoring.export import content_files, export_content
from tutor.cli.content import add_arguments, main
from tutor.content.loader import load_content
from tutor.errors import UsageError, UserError
from tutor.paths import packaged_content_dir


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(argv)


def test_export_copies_every_content_file_byte_for_byte(tmp_path):
    target = tmp_path / "mine"
    written = export_content(target)
    source = packaged_content_dir()
    names = sorted(p.name for p in written)
    assert names == sorted(p.name for p in content_files(source))
    assert "p5.toml" in names and "README.md" in names
    for path in written:
        assert path.read_bytes() == (source / path.name).read_bytes()


def test_the_exported_copy_loads_as_the_same_content(tmp_path):
    export_content(tmp_path / "mine")
    copy = load_content(tmp_path / "mine")
    original = load_content(packaged_content_dir())
    assert copy.content_hash == original.content_hash
    assert copy.boxes.keys() == original.boxes.keys()


def test_export_refuses_a_non_empty_directory_without_force(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(UserError) as info:
        export_content(tmp_path)
    assert "not empty" in str(info.value) and "--force" in str(info.value)
    assert not (tmp_path / "p5.toml").exists()


def test_force_overwrites_content_files_and_keeps_the_others(tmp_path):
    export_content(tmp_path)
    (tmp_path / "p5.toml").write_text("edited")
    (tmp_path / "notes.txt").write_text("mine")
    export_content(tmp_path, force=True)
    assert (tmp_path / "p5.toml").read_bytes() == (packaged_content_dir() / "p5.toml").read_bytes()
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_export_into_a_file_is_refused(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(UserError, match="is a file"):
        export_content(target)


def test_the_command_says_what_it_wrote_and_how_to_use_it(tmp_path, capsys):
    target = tmp_path / "edit-me"
    assert main(parse(["export", str(target)])) == 0
    out = capsys.readouterr().out
    assert "p5.toml" in out
    assert f"--content {target}" in out
    assert f"HW3_TUTOR_CONTENT={target}" in out
    assert f"validate {target}" in out


def test_content_without_an_action_is_a_usage_error():
    with pytest.raises(UsageError, match="content export DIR"):
        main(parse([]))


def _toml_blocks(text: str) -> list[str]:
    import re

    return re.findall(r"```toml\n(.*?)```", text, re.S)


def test_the_authoring_guide_has_a_loadable_example_of_every_box_kind(tmp_path):
    from tutor.content.model import BOX_KINDS

    guide = (packaged_content_dir() / "README.md").read_text(encoding="utf-8")
    blocks = _toml_blocks(guide)
    # the first example is a whole problem file: it loads as it stands
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "p5.toml").write_text(blocks[0], encoding="utf-8")
    assert load_content(tmp_path / "full").boxes["5a.fwd"].kind == "count"
    # the per-kind box examples load once a part lists them
    boxes = [b for b in blocks[1:] if b.lstrip().startswith('[boxes."')]
    ids = [b.split('"')[1] for b in boxes]
    parts = {}
    for box_id in ids:
        parts.setdefault(box_id.split(".")[0], []).append(box_id)
    head = 'schema = 1\n[problem]\nid = "9"\ntitle = "Guide examples"\n'
    for part_id, part_boxes in parts.items():
        head += (
            f'[[parts]]\nid = "{part_id}"\ntitle = "t"\nstatement = "s"\nsolution = "s"\n'
            f"boxes = {part_boxes!r}\n".replace("'", '"')
        )
    (tmp_path / "kinds").mkdir()
    (tmp_path / "kinds" / "p9.toml").write_text(head + "\n".join(boxes), encoding="utf-8")
    content = load_content(tmp_path / "kinds")
    assert {box.kind for box in content.boxes.values()} == set(BOX_KINDS)
