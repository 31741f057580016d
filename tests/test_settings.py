"""Settings are data: each one is documented once, in docs/settings.md, with its variable and default."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from unspin.settings import SETTINGS, Settings

DOC = (Path(__file__).resolve().parents[1] / "docs" / "settings.md").read_text(encoding="utf-8")


def test_every_setting_is_declared_and_documented() -> None:
    assert [s.name for s in SETTINGS] == [f.name for f in fields(Settings)]
    for s in SETTINGS:
        assert f"| `{s.name}` | `{s.env}` |" in DOC, s.name
        assert s.help in DOC, s.name


def test_later_sources_win() -> None:
    env = {"UNSPIN_WORKERS": "3", "UNSPIN_OPERATING_POINT": "screening"}
    s = Settings.from_env(env, workers=2, skip=None)
    assert (s.workers, s.operating_point, s.skip) == (2, "screening", ())
    assert s.threads_per_worker(cores=8) == 4 and s.replace(threads=1).threads_per_worker(cores=8) == 1
