"""unspin: show how a news article tries to persuade.

>>> import unspin
>>> article = unspin.analyze(path="examples/seed.txt")   # doctest: +SKIP
>>> article.to_dict()["sources"][0]["name"]              # doctest: +SKIP
'Abdul Karim Omar'
"""

from .api import analyze, analyze_many
from .article import Article, Claim, Entity, Place, Quote, Source, Technique
from .engine import Engine, Failed
from .errors import UnspinError
from .pipeline import Pipeline, build_pipeline, load_pipeline
from .readers import ReadOptions, read_path
from .render import render
from .settings import Settings
from .store import Corpus

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Claim",
    "Corpus",
    "Engine",
    "Entity",
    "Failed",
    "Pipeline",
    "Place",
    "Quote",
    "ReadOptions",
    "Settings",
    "Source",
    "Technique",
    "UnspinError",
    "analyze",
    "analyze_many",
    "build_pipeline",
    "load_pipeline",
    "read_path",
    "render",
]
