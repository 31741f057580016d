"""Settings are data: one dataclass, fed by keyword arguments, CLI options and ``UNSPIN_*`` variables.

Every setting is listed once in :data:`SETTINGS` with its environment variable and help text;
docs/settings.md is the same table, and ``tests/test_settings.py`` fails when they drift.

>>> Settings.from_env({"UNSPIN_WORKERS": "2"}).workers
2
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .errors import UnspinError

OPERATING_POINTS = ("balanced", "screening")


@dataclass(frozen=True)
class Setting:
    """One documented setting: its field name, environment variable and help text."""

    name: str
    env: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("threads", "UNSPIN_THREADS", "Threads per model session (each sentence or window runs alone on one thread, this many at once); 0 means all cores (split among workers)."),
    Setting("workers", "UNSPIN_WORKERS", "Processes for analyze_many / batch; each loads the engine once. 1 runs in-process."),
    Setting("operating_point", "UNSPIN_OPERATING_POINT",
            "Technique spans tuned for F1 (balanced) or for recall (screening: more spans, more false alarms)."),
    Setting("max_bytes", "UNSPIN_MAX_BYTES", "Refuse inputs larger than this many bytes."),
    Setting("skip", "UNSPIN_SKIP", "Analyzers to leave out, comma-separated (techniques, claims, ...)."),
    Setting("check_language", "UNSPIN_CHECK_LANGUAGE", "Refuse text that does not look English (1/0)."),
    Setting("batch_size", "UNSPIN_BATCH_SIZE", "Articles batched together through spaCy and the models."),
    Setting("overlap", "UNSPIN_OVERLAP",
            "In one process, run spaCy and the models in threads of their own so they overlap (1/0)."),
)


@dataclass(frozen=True)
class Settings:
    """How an :class:`~unspin.Engine` analyzes: see :data:`SETTINGS` for each field."""

    threads: int = 0
    workers: int = 1
    operating_point: str = "balanced"
    max_bytes: int = 1_000_000
    skip: tuple[str, ...] = field(default_factory=tuple)
    check_language: bool = True
    batch_size: int = 8
    overlap: bool = True

    def __post_init__(self) -> None:
        if self.operating_point not in OPERATING_POINTS:
            raise UnspinError(f"unknown operating point {self.operating_point!r} (one of {', '.join(OPERATING_POINTS)})")
        for name in ("threads", "max_bytes", "batch_size"):
            if getattr(self, name) < 0:
                raise UnspinError(f"setting {name} must not be negative")
        if self.workers < 1 or self.batch_size < 1:
            raise UnspinError("settings workers and batch_size must be at least 1")
        object.__setattr__(self, "skip", tuple(self.skip))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then ``UNSPIN_*`` variables from ``env`` (default ``os.environ``), then ``overrides``
        (values of None are ignored, so CLI options left unset fall through)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        kinds = {f.name: f.type for f in fields(cls)}
        for s in SETTINGS:
            raw = env.get(s.env)
            if raw is None or raw == "":
                continue
            values[s.name] = _parse(s, kinds[s.name], raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def replace(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def threads_per_worker(self, cores: int | None = None) -> int:
        """Threads each worker's model sessions use: ``threads`` if set, else the cores split among workers."""
        if self.threads:
            return self.threads
        return max(1, (cores or os.cpu_count() or 1) // self.workers)


def _parse(setting: Setting, kind: Any, raw: str) -> Any:
    kind = str(kind)
    try:
        if "tuple" in kind:
            return tuple(x.strip() for x in raw.split(",") if x.strip())
        if "bool" in kind:
            if raw.strip().lower() in ("1", "true", "yes", "on"):
                return True
            if raw.strip().lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if "int" in kind:
            return int(raw)
        return raw.strip()
    except ValueError:
        raise UnspinError(f"{setting.env}={raw!r} is not a valid value for {setting.name}") from None
