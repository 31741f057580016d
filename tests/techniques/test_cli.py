"""``unspin ptc predict`` and ``unspin ptc score`` through the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unspin.techniques.model import MODEL_DIR
from unspin.cli import _register, app
from unspin.techniques import TECHNIQUES

_register()
runner = CliRunner()
needs_model = pytest.mark.skipif(not (MODEL_DIR / "config.json").exists(), reason="no shipped technique model")


def test_score_si_and_tc_on_hand_made_files(tmp_path: Path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "article1.task-flc-tc.labels").write_text("1\tDoubt\t0\t10\n1\tSlogans\t20\t30\n", encoding="utf-8")
    (tmp_path / "si.txt").write_text("1\t0\t10\n1\t25\t35\n", encoding="utf-8")
    (tmp_path / "tc.txt").write_text("1\tDoubt\t0\t10\n1\tDoubt\t20\t30\n", encoding="utf-8")
    out = runner.invoke(app, ["ptc", "score", "--task", "si", str(tmp_path / "si.txt"), str(gold)])
    assert out.exit_code == 0, out.output
    assert "F1 0.7500" in out.output
    out = runner.invoke(app, ["ptc", "score", "--task", "tc", str(tmp_path / "tc.txt"), str(gold)])
    assert out.exit_code == 0, out.output
    assert "F1 0.5000" in out.output


@pytest.fixture(scope="module")
def three_articles(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    ptc = corpora / "ptc"
    if not ptc.is_dir():
        pytest.skip("no ptc/ in the corpora folder")
    arts, labels = tmp_path_factory.mktemp("articles"), tmp_path_factory.mktemp("labels")
    for path in sorted((ptc / "train-articles").glob("article*.txt"))[:3]:
        shutil.copy(path, arts / path.name)
        name = path.name.replace(".txt", ".task-flc-tc.labels")
        shutil.copy(ptc / "train-labels-task-flc-tc" / name, labels / name)
    return arts, labels


@needs_model
@pytest.mark.parametrize("task", ["si", "flc"])
def test_predict_then_score_spans(three_articles: tuple[Path, Path], tmp_path: Path, task: str):
    arts, labels = three_articles
    pred = tmp_path / f"{task}.txt"
    out = runner.invoke(app, ["ptc", "predict", str(arts), "--task", task, "-o", str(pred)])
    assert out.exit_code == 0, out.output
    lines = [line.split("\t") for line in pred.read_text().splitlines()]
    assert lines, "no spans predicted on three propaganda articles"
    assert all(len(parts) == (3 if task == "si" else 4) for parts in lines)
    if task == "flc":
        assert {parts[1] for parts in lines} <= set(TECHNIQUES)
    out = runner.invoke(app, ["ptc", "score", "--task", task, str(pred), str(labels)])
    assert out.exit_code == 0, out.output
    assert "SI  P" in out.output


@needs_model
def test_predict_tc_gives_one_label_per_template_line(three_articles: tuple[Path, Path], tmp_path: Path):
    arts, labels = three_articles
    template = tmp_path / "template.txt"
    gold = [line.split("\t") for f in sorted(labels.iterdir()) for line in f.read_text().splitlines()]
    template.write_text("".join(f"{a}\t?\t{s}\t{e}\n" for a, _, s, e in gold), encoding="utf-8")
    pred = tmp_path / "tc.txt"
    out = runner.invoke(app, ["ptc", "predict", str(arts), "--task", "tc", "--template", str(template), "-o", str(pred)])
    assert out.exit_code == 0, out.output
    lines = [line.split("\t") for line in pred.read_text().splitlines()]
    assert len(lines) == len(gold)
    assert all(p[1] in TECHNIQUES for p in lines)
    out = runner.invoke(app, ["ptc", "score", "--task", "tc", str(pred), str(labels)])
    assert out.exit_code == 0 and "TC micro" in out.output


def test_predict_tc_without_template_fails(tmp_path: Path):
    (tmp_path / "article1.txt").write_text("Some text.", encoding="utf-8")
    out = runner.invoke(app, ["ptc", "predict", str(tmp_path), "--task", "tc", "-o", str(tmp_path / "x")])
    assert out.exit_code != 0


def test_split_writes_the_fixed_validation_folders(corpora: Path, tmp_path: Path):
    if not (corpora / "ptc").is_dir():
        pytest.skip("no ptc/ in the corpora folder")
    out = runner.invoke(app, ["ptc", "split", "--data", str(corpora), "-o", str(tmp_path)])
    assert out.exit_code == 0, out.output
    valid = tmp_path / "valid"
    assert len(list((valid / "articles").glob("article*.txt"))) == 56
    assert len((valid / "template-tc.txt").read_text().splitlines()) == 876
    assert len(list((tmp_path / "train" / "articles").glob("article*.txt"))) == 315
