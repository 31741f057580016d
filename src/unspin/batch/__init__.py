"""The batch runner behind ``unspin batch``: SOURCEs in, a resumable store out (docs/corpora.md)."""

from .inputs import Input, Inputs, count
from .runner import Summary, run_batch

__all__ = ["Input", "Inputs", "Summary", "count", "run_batch"]
