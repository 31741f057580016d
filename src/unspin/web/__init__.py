"""unspin's web face: the page and the HTTP API over one loaded Engine (``unspin serve``).

FastAPI and uvicorn come with the ``web`` extra: ``pip install "unspin[web]"``.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
