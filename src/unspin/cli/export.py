"""``unspin export corpus.db --format parquet|jsonl|csv -o DIR``: every table of a store, one file each."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from . import app


class Format(str, Enum):
    parquet = "parquet"
    jsonl = "jsonl"
    csv = "csv"


@app.command()
def export(
    store: Annotated[Path, typer.Argument(help="SQLite store filled by `unspin batch`.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write (created if missing).")],
    format: Annotated[Format, typer.Option("--format", "-f", help="File format.")] = Format.parquet,
) -> None:
    """Export a store, one file per table, with README.md and schema.json documenting every column."""
    from ..store.export import export as run

    counts = run(store, output, format.value)
    print(f"wrote {len(counts)} tables to {output}: "
          + ", ".join(f"{t} {n:,}" for t, n in counts.items()), file=sys.stderr)
