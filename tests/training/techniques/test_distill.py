"""Distillation targets: a teacher's token probabilities carried onto the student's tokens via characters."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unspin.errors import UnspinError
from unspin.training.techniques.distill import load_news, soft_targets, transfer
from unspin.techniques.model import LABELS, Encoded, TechniqueModel, encode, load_tokenizer

SHIPPED = Path(__file__).resolve().parents[3] / "src" / "unspin" / "models" / "techniques"


def enc(offsets: list[tuple[int, int]]) -> Encoded:
    n = len(offsets)
    return Encoded(np.arange(n), np.asarray(offsets, dtype=np.int64).reshape(n, 2), np.zeros(n, dtype=np.int64))


def test_a_student_token_takes_the_mean_over_its_characters():
    text = "vile thugs"
    teacher = enc([(0, 4), (5, 8), (8, 10)])  # "vile", "thu", "gs"
    probs = np.array([[0.1], [0.9], [0.3]])
    student = enc([(0, 2), (2, 4), (5, 10)])  # "vi", "le", "thugs"
    out = transfer(teacher, probs, student, len(text))
    assert out.shape == (3, 1)
    np.testing.assert_allclose(out[:, 0], [0.1, 0.1, (3 * 0.9 + 2 * 0.3) / 5], rtol=1e-6)


def test_characters_no_teacher_token_covers_do_not_count():
    teacher = enc([(0, 3)])
    student = enc([(0, 3), (4, 6)])
    out = transfer(teacher, np.array([[0.8, 0.2]]), student, 6)
    np.testing.assert_allclose(out, [[0.8, 0.2], [0.0, 0.0]])
    assert transfer(teacher, np.array([[0.8, 0.2]]), enc([]), 6).shape == (0, 2)


def test_the_shipped_model_as_its_own_teacher_gives_back_its_probabilities():
    model = TechniqueModel.load(SHIPPED, threads=1)
    text = "These mercenaries and thugs will destroy everything we love."
    student = encode(load_tokenizer(SHIPPED / "tokenizer.json"), text, model.repetition_flag)
    (target,) = soft_targets(model, [text], [student])
    ((_, probs),) = model.token_probs([text])
    assert target.shape == (len(student.ids), len(LABELS))
    np.testing.assert_allclose(target, probs, atol=1e-6)  # same tokenizer: the transfer is the identity


def test_unlabelled_news_comes_from_polnear_train_texts(tmp_path: Path):
    folder = tmp_path / "polnear" / "train" / "text"
    folder.mkdir(parents=True)
    for i in range(5):
        (folder / f"outlet_{i}.txt").write_text(f"Story {i}.\n\nBody {i}.", encoding="utf-8")
    news = load_news(tmp_path, 3)
    assert len(news) == 3 and all(a.spans == [] and a.id.startswith("news:") for a in news)
    assert [a.id for a in news] == [a.id for a in load_news(tmp_path, 3)]  # seeded: the same draw every time
    with pytest.raises(UnspinError):
        load_news(tmp_path / "elsewhere" / "data", 3)
