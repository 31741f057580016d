"""The distributed engine: the same analysis on Ray Data, with actor pools that load the engine once per actor.

``RayEngine`` stands in for :class:`unspin.Engine` wherever a batch needs one: ``read`` and
``settings`` are the local engine's, and :meth:`RayEngine.analyze_many` keeps the contract of
``Engine.analyze_many``: one result per input, in input order, a :class:`~unspin.Failed` in place of
an input that fails with ``on_error="yield"``. Inputs go to Ray in windows (``window`` articles at a
time, 2,000 by default), so memory does not grow with the corpus: each window is one Ray Data
pipeline (``map_batches`` over an actor pool of ``actors`` actors); each actor loads the engine once
for its window and analyzes batches of ``batch_size`` articles.

Ray is optional (``pip install 'unspin[ray]'``). ``address=None`` starts a local Ray on this machine;
``address="auto"`` or ``"ray://host:10001"`` joins an existing cluster (docs/ray.md). Ray probes the
network when it starts: run it inside ``unshare -n`` where nothing may leave the machine.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any, Literal

from ..article import Article
from ..engine import Engine, Failed, _item_id
from ..errors import UnspinError
from ..settings import Settings

WINDOW = 2000


class _Analyzer:
    """A Ray Data actor: one engine, loaded when the actor starts, for every batch it gets."""

    def __init__(self, settings: Settings) -> None:
        self.engine = Engine(settings).load()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        articles = [Article.from_dict(json.loads(a)) for a in batch["article"]]
        out: dict[str, list[Any]] = {"i": list(map(int, batch["i"])), "analysis": [], "error": []}
        for result in self.engine.analyze_many(articles, on_error="yield"):
            if isinstance(result, Failed):
                out["analysis"].append("")
                out["error"].append(result.reason or "failed")
            else:
                out["analysis"].append(json.dumps(result.to_dict(), ensure_ascii=False))
                out["error"].append("")
        return out


class RayEngine:
    """An :class:`~unspin.Engine` whose :meth:`analyze_many` runs on Ray Data (see the module doc)."""

    def __init__(self, settings: Settings | None = None, *, address: str | None = None, actors: int | None = None,
                 cpus_per_actor: float = 1.0, window: int = WINDOW, **overrides: Any) -> None:
        self.local = Engine(settings, **overrides)
        self.settings = self.local.settings
        self.versions = self.local.versions
        self.address = address
        self.actors = actors
        self.cpus_per_actor = cpus_per_actor
        self.window = max(1, window)
        self._started = False

    # The local engine reads (the batch runner reads inputs before they go out).
    def read(self, *args: Any, **kwargs: Any) -> Article:
        return self.local.read(*args, **kwargs)

    def _ray(self) -> Any:
        try:
            import ray
        except ImportError:
            raise UnspinError("--engine ray needs Ray: pip install 'unspin[ray]'") from None
        if not ray.is_initialized():
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
            env_vars = {"RAY_USAGE_STATS_ENABLED": "0", "HF_HUB_OFFLINE": "1"}
            if not self.address:  # a local Ray: its actors import this very unspin, even from a checkout
                src = str(Path(__file__).resolve().parents[2])
                env_vars["PYTHONPATH"] = os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH", "")) if p)
            env = {"env_vars": env_vars}
            try:
                if self.address:
                    ray.init(address=self.address, runtime_env=env, logging_level="ERROR", log_to_driver=False)
                else:
                    ray.init(address="local", runtime_env=env, include_dashboard=False, logging_level="ERROR", log_to_driver=False,
                             _node_ip_address="127.0.0.1")
            except Exception as err:  # noqa: BLE001 - any start failure becomes one line
                raise UnspinError(f"could not start Ray: {str(err).splitlines()[0] if str(err) else type(err).__name__}") from None
            self._started = True
            ctx = ray.data.DataContext.get_current()
            ctx.enable_progress_bars = False
            logging.getLogger("ray.data").setLevel(logging.WARNING)
        return ray

    def _pool_size(self, ray: Any) -> int:
        if self.actors:
            return max(1, self.actors)
        cpus = float(ray.cluster_resources().get("CPU", 1))
        return max(1, int(cpus // self.cpus_per_actor))

    def analyze_many(self, items: Iterable[Article | str], *,
                     on_error: Literal["raise", "yield"] = "raise") -> Iterator[Article | Failed]:
        """Analyze a stream on Ray, in order: one result per input (``Engine.analyze_many``'s contract)."""
        stream = iter(items)
        first = list(islice(stream, self.window))
        if not first:
            return
        ray = self._ray()
        actors = self._pool_size(ray)
        threads = max(1, int(self.cpus_per_actor))
        actor_settings = self.settings.replace(workers=1, threads=threads)
        chunk: list[Article | str] = first
        while chunk:
            articles: list[Article | Failed] = []
            for item in chunk:
                if isinstance(item, Article):
                    articles.append(item)
                    continue
                try:
                    articles.append(self.local.read(item))
                except UnspinError as err:
                    if on_error == "raise":
                        raise
                    articles.append(Failed(_item_id(item), str(err)))
            yield from self._window(ray, articles, actors, actor_settings, on_error)
            chunk = list(islice(stream, self.window))

    def _window(self, ray: Any, articles: list[Article | Failed], actors: int, settings: Settings,
                on_error: str) -> Iterator[Article | Failed]:
        rows = [{"i": i, "article": json.dumps(a.to_dict(), ensure_ascii=False)}
                for i, a in enumerate(articles) if isinstance(a, Article)]
        results: dict[int, tuple[str, str]] = {}
        if rows:
            ds = ray.data.from_items(rows, override_num_blocks=min(len(rows), actors * 4))
            pool = ray.data.ActorPoolStrategy(size=min(actors, len(rows)))
            ds = ds.map_batches(_Analyzer, fn_constructor_args=(settings,), batch_size=self.settings.batch_size,
                                compute=pool, num_cpus=self.cpus_per_actor, batch_format="numpy")
            for row in ds.iter_rows():
                results[int(row["i"])] = (str(row["analysis"]), str(row["error"]))
        for i, a in enumerate(articles):
            if isinstance(a, Failed):
                yield a
                continue
            analysis, error = results.get(i, ("", "lost by Ray: no result came back"))
            if error:
                if on_error == "raise":
                    raise UnspinError(f"{a.id}: {error}")
                yield Failed(a.id, error, a.source)
            else:
                yield Article.from_dict(json.loads(analysis))

    def close(self) -> None:
        """Leave Ray (a local Ray this engine started stops)."""
        self.local.close()
        if self._started:
            import ray

            ray.shutdown()
            self._started = False

    def __enter__(self) -> RayEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
