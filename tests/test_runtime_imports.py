"""The runtime needs no research code: a full analysis runs with torch, transformers and
``unspin.training`` made unimportable.

(spaCy's thinc imports torch when it happens to be installed, so "not in sys.modules" would test
spaCy, not unspin; blocking the import tests what a runtime-only install sees.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed.txt"

PROGRAM = f"""
import sys
for name in ("torch", "transformers", "sklearn", "unspin.training"):
    sys.modules[name] = None  # any import of these now raises ImportError
import unspin
article = unspin.analyze(path={str(SEED)!r})
assert article.techniques and article.claims and article.quotes and article.places
print("ok")
"""


def test_full_analysis_runs_without_training_code() -> None:
    result = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
