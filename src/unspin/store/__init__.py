"""The store: analyzed articles in one SQLite file (docs/store.md), read and written through :class:`Corpus`."""

from .corpus import Corpus
from .schema import PART_TABLES, STORE_VERSION

__all__ = ["PART_TABLES", "STORE_VERSION", "Corpus"]
