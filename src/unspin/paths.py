"""Where things live: shipped models and data inside the package, research corpora outside it."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
MODELS_DIR = PACKAGE_DIR / "models"
DATA_DIR = PACKAGE_DIR / "data"


def corpora_dir(explicit: str | Path | None = None) -> Path | None:
    """The research corpora folder: ``explicit``, else ``$UNSPIN_DATA``, else ``../shared/data`` beside a checkout."""
    for candidate in (explicit, os.environ.get("UNSPIN_DATA")):
        if candidate:
            return Path(candidate)
    beside = PACKAGE_DIR.parents[1] / ".." / "shared" / "data"  # src/unspin → checkout → beside it
    return beside.resolve() if beside.is_dir() else None
