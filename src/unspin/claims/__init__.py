"""Check-worthy claim detection at runtime: the model, checkability cues and the news adjustment.

Training, data and metrics live in :mod:`unspin.training.claims`."""

from __future__ import annotations

LABELS: tuple[str, str] = ("No", "Yes")
