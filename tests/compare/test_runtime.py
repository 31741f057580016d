"""compare and events are runtime code: they import nothing from the research package, torch or transformers."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
for name in ("unspin.training", "torch", "transformers", "sentence_transformers"):
    sys.modules[name] = None
import unspin.compare, unspin.events, unspin.embeddings, unspin.render.compare, unspin.cli.compare
from unspin.loading import sentence_encoder
vectors = sentence_encoder().encode(["The plant exploded on Tuesday.", "On Tuesday the plant blew up."])
assert vectors.shape == (2, 384) and float(vectors[0] @ vectors[1]) > 0.5
print("ok")
"""


def test_compare_runs_without_research_code() -> None:
    run = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"
