"""The docs keep up with the code: every built-in analyzer and every command is documented."""

from __future__ import annotations

from pathlib import Path

from typer.main import get_command

from unspin.cli import _register, app
from unspin.registry import DEFAULT_PIPELINE

REPO = Path(__file__).resolve().parents[1]


def test_every_builtin_analyzer_is_in_the_architecture_doc() -> None:
    doc = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    for name in DEFAULT_PIPELINE:
        assert f"`\"{name}\"`" in doc, name


def test_every_command_group_is_in_the_readme() -> None:
    _register()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in get_command(app).commands:  # type: ignore[attr-defined]
        assert f"unspin {name}" in readme, name
