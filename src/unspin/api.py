"""The Python API: thin calls on one shared default :class:`~unspin.Engine`.

``unspin.analyze`` and ``unspin.analyze_many`` keep a default engine per set of skipped analyzers
and operating point, so models load once per process. Build an ``Engine`` yourself for other
settings (workers, threads, size limit).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .article import Article
from .engine import Engine
from .pipeline import Pipeline
from .readers import ReadOptions, read_text

_engines: dict[tuple[tuple[str, ...], str], Engine] = {}
_lock = threading.Lock()


def default_engine(exclude: Sequence[str] = (), operating_point: str | None = None) -> Engine:
    """The process's shared engine for these skipped analyzers (settings otherwise from ``UNSPIN_*``)."""
    from .settings import Settings

    base = Settings.from_env()
    key = (tuple(sorted(set(exclude) | set(base.skip))), operating_point or base.operating_point)
    with _lock:
        if key not in _engines:
            _engines[key] = Engine(base.replace(skip=key[0], operating_point=key[1], workers=1))
        return _engines[key]


def analyze(
    text: str | None = None,
    *,
    path: str | Path | None = None,
    html: str | None = None,
    exclude: Sequence[str] = (),
    pipeline: Pipeline | None = None,
    options: ReadOptions | None = None,
    **fields: Any,
) -> Article:
    """Analyze one article given as ``text``, a file ``path`` ("-" for stdin) or an ``html`` page;
    ``fields`` sets ``id``, ``url``, ``outlet``, ``published``, ``title`` or ``metadata``.

    >>> article = analyze("Omar said: \\"The border was open.\\" ...")  # doctest: +SKIP
    >>> article.to_dict()["sources"]                                  # doctest: +SKIP
    """
    engine = default_engine(exclude)
    if pipeline is None:
        return engine.analyze(text, path=path, html=html, options=options, **fields)
    return pipeline(engine.read(text, path=path, html=html, options=options, **fields))


def analyze_many(
    articles: Iterable[Article | str], *, exclude: Sequence[str] = (), pipeline: Pipeline | None = None
) -> Iterator[Article]:
    """Analyze articles (or plain texts) lazily, in order, batching spaCy and the models across them."""
    if pipeline is not None:
        return pipeline.pipe(a if isinstance(a, Article) else read_text(a) for a in articles)
    return default_engine(exclude).analyze_many(articles)  # type: ignore[return-value]
