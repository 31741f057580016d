"""Check-worthy claim detection: data, metrics, checkability cues, the runtime model and its training."""

from __future__ import annotations

LABELS: tuple[str, str] = ("No", "Yes")
