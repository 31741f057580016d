"""The runtime technique tagger: onnxruntime + ``tokenizers`` only (no torch, no transformers).

An article is tokenized once; overlapping windows of ``max_length`` tokens go through the encoder,
whose head gives, per token, one sigmoid per technique plus one for "inside any technique span".
Window probabilities are averaged per token, then decoded into character spans per technique.
Article context enters through the token-type ids: a token gets type 1 when its word (or a bigram
around it) recurs elsewhere in the article, which is what Repetition is judged on.
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import UnspinError
from ..onnx import RowSession
from ..paths import MODELS_DIR
from . import TECHNIQUES, tc_head

#: The shipped tagger's folder (card: docs/models/techniques.md).
MODEL_DIR = MODELS_DIR / "techniques"

ANY = "ANY"  # the extra output channel: inside a span of any technique (used for SI)
LABELS: tuple[str, ...] = (*TECHNIQUES, ANY)

_WORD = re.compile(r"\w+")
_STOP = frozenset(
    "a an the of and or to in on at by for from with as is are was were be been being it its this that these"
    " those he she they we you i his her their our your my me him them us not no but if so than then there"
    " has have had do does did will would can could should may might must said says also who which what when"
    " where how all any more most other some such only just into about over after before up out".split()
)


@dataclass(frozen=True)
class PredictedSpan:
    start: int
    end: int
    technique: str
    score: float


@dataclass
class Encoded:
    """One article's tokens: ids, char offsets and repetition flags (no special tokens)."""

    ids: np.ndarray
    offsets: np.ndarray  # (n, 2) character offsets into the text
    types: np.ndarray
    hidden: np.ndarray | None = None  # (n, hidden) encoder states, windows averaged, when the model gives them


OPERATING_POINTS = ("balanced", "screening")  # tuned for F1, and for F2 (recall weighs more); see ``TechniqueModel.use``
REPETITION_FLAGS = ("recurs", "earlier")  # what the token-type id marks; a model's config names its own


def repetition_flags(text: str, offsets: np.ndarray, min_word: int = 3, min_bigram: int = 2,
                     mode: str = "recurs") -> np.ndarray:
    """Per token, the article-level repetition flag the tagger reads as its token-type id.

    ``recurs``: the token's word recurs ``min_word`` times in the whole article, or sits in a bigram that
    recurs ``min_bigram`` times. ``earlier``: the token's word, or a bigram it sits in, already occurred
    *before* this point of the article. PTC's annotators mark a loaded word mostly at its first use (39%
    of first uses of a once-marked word are marked, 7% of later ones) and mark Repetition at later ones,
    which a symmetric flag cannot tell apart. Stop words, short words and numbers are never flagged alone.
    """
    if mode not in REPETITION_FLAGS:
        raise ValueError(f"unknown repetition flag {mode!r} (one of {', '.join(REPETITION_FLAGS)})")
    words = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
    flags_w = np.zeros(len(words) + 1, dtype=np.int64)
    if words:
        content = [w not in _STOP and len(w) >= 3 and not w.isdigit() for _, _, w in words]
        bigrams = [(words[i][2], words[i + 1][2]) for i in range(len(words) - 1)]
        if mode == "recurs":
            counts = Counter(w for _, _, w in words)
            bcounts = Counter(b for b in bigrams if not (b[0] in _STOP and b[1] in _STOP))
            for i, (_, _, w) in enumerate(words):
                if content[i] and counts[w] >= min_word:
                    flags_w[i] = 1
            for i, b in enumerate(bigrams):
                if bcounts.get(b, 0) >= min_bigram:
                    flags_w[i] = flags_w[i + 1] = 1
        else:
            seen_w: set[str] = set()
            seen_b: set[tuple[str, str]] = set()
            for i, (_, _, w) in enumerate(words):
                if content[i] and w in seen_w:
                    flags_w[i] = 1
                seen_w.add(w)
            for i, b in enumerate(bigrams):
                if not (b[0] in _STOP and b[1] in _STOP):
                    if b in seen_b:
                        flags_w[i] = flags_w[i + 1] = 1
                    seen_b.add(b)
    char_word = np.full(len(text) + 1, len(words), dtype=np.int64)
    for i, (s, e, _) in enumerate(words):
        char_word[s:e] = i
    if len(offsets) == 0:
        return np.zeros(0, dtype=np.int64)
    return flags_w[char_word[np.minimum(offsets[:, 0], len(text))]]


def load_tokenizer(path: str | Path) -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_truncation()
    tok.no_padding()
    return tok


def special_ids(tokenizer: Any) -> tuple[int, int, int]:
    """(start, end, padding) token ids, as the tokenizer's own template adds them: BERT's [CLS] [SEP]
    [PAD], MPNet's and RoBERTa's <s> </s> <pad> (MPNet's vocabulary has BERT's names too, unused)."""
    ids = tokenizer.encode("a", add_special_tokens=True).ids
    if len(ids) < 3:
        raise ValueError("the tokenizer adds no start and end tokens")
    start, end = int(ids[0]), int(ids[-1])
    pad = tokenizer.token_to_id("<pad>" if tokenizer.id_to_token(start) == "<s>" else "[PAD]")
    return start, end, int(pad or 0)


def encode(tokenizer: Any, text: str, flags: str = "recurs") -> Encoded:
    """Tokens of ``text`` (no special tokens) with their offsets and the ``flags`` kind of repetition flag."""
    enc = tokenizer.encode(text, add_special_tokens=False)
    ids = np.asarray(enc.ids, dtype=np.int64)
    offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
    return Encoded(ids, offsets, repetition_flags(text, offsets, mode=flags))


def window_starts(n: int, size: int, stride: int) -> list[int]:
    """Start positions of windows of ``size`` tokens every ``stride`` tokens, the last one flush with the end."""
    if n <= size:
        return [0]
    starts = list(range(0, n - size, stride))
    starts.append(n - size)
    return starts


def decode_runs(probs: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """Maximal runs of tokens with prob ≥ threshold: (first, last+1, mean prob)."""
    above = np.concatenate([[False], probs >= threshold, [False]]).astype(np.int8)
    d = np.diff(above)
    starts, ends = np.flatnonzero(d == 1), np.flatnonzero(d == -1)
    if len(starts) == 0:
        return []
    csum = np.concatenate([[0.0], np.cumsum(probs, dtype=np.float64)])
    means = (csum[ends] - csum[starts]) / (ends - starts)
    return [(int(i), int(j), float(m)) for i, j, m in zip(starts, ends, means)]


def si_channel(probs: np.ndarray, any_index: int, any_weight: float = 1.0) -> np.ndarray:
    """Per-token SI evidence: ``any_weight`` × P(ANY) + (1 − ``any_weight``) × the largest technique probability.

    The ANY output alone under-rates tokens that one technique channel is sure of (a superlative at 0.9
    for Exaggeration with ANY at 0.6); calibration picks the mix on validation.
    """
    if any_weight >= 1.0:
        return probs[:, any_index]
    return any_weight * probs[:, any_index] + (1 - any_weight) * probs[:, :any_index].max(axis=1)  # type: ignore[no-any-return]


def decode_si_runs(probs: np.ndarray, threshold: float, peak: float = 0.0, gap: int = 0) -> list[tuple[int, int, float]]:
    """Runs over ``threshold`` that reach ``peak`` somewhere (hysteresis), merged across gaps of ≤ ``gap`` tokens.

    The SI metric gives partial credit per predicted span, so a phrase broken into fragments by a dip in
    the probabilities scores worse than the phrase whole; and isolated faint runs cost precision.
    """
    runs = [(i, j) for i, j, _ in decode_runs(probs, threshold) if probs[i:j].max() >= peak]
    merged: list[list[int]] = []
    for i, j in runs:
        if merged and i - merged[-1][1] <= gap:
            merged[-1][1] = j
        else:
            merged.append([i, j])
    return [(i, j, float(probs[i:j].mean())) for i, j in merged]


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to whole words (subword tokens can cut a word)."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def combine_flc(own: Sequence[PredictedSpan], labelled: Sequence[PredictedSpan], direct: set[str]) -> list[PredictedSpan]:
    """Direct techniques' own spans, and every labelled SI span except those that repeat an own span of
    the same technique (overlapping it). Spans of different techniques may overlap."""
    kept = [s for s in own if s.technique in direct]
    kept += [s for s in labelled if not any(
        o.technique == s.technique and o.start < s.end and s.start < o.end for o in kept if o.technique in direct)]
    return sorted(kept, key=lambda s: (s.start, s.end, s.technique))


class TechniqueModel:
    """A shipped tagger folder: ``model.onnx`` (or the file named in config), ``tokenizer.json``, ``config.json``."""

    def __init__(self, config: dict[str, Any], tokenizer: Any, run: Callable[..., Any],
                 span_head: tuple[np.ndarray, np.ndarray] | None = None, batch_size: int = 16) -> None:
        self.config = config
        self.labels: list[str] = list(config["labels"])
        self.max_length: int = int(config["max_length"])
        self.stride: int = int(config["stride"])
        self.repetition_flag: str = str(config.get("repetition_flag", "recurs"))  # models before v3: "recurs"
        self.thresholds: dict[str, float] = dict(config.get("thresholds", {}))
        self.tc_bias = np.asarray([config.get("tc_bias", {}).get(t, 0.0) for t in TECHNIQUES])
        self.tc_head: dict[str, Any] | None = config.get("tc_head")
        self.tokenizer = tokenizer
        self.cls_id, self.sep_id, self.pad_id = special_ids(tokenizer)
        # (input_ids, attention_mask, token_type_ids) -> (batch, length, labels) probabilities, or a pair of
        # those probabilities and the (batch, length, hidden) encoder states the span head reads
        self._run = run
        self.span_head = span_head  # (weights, bias) of the TC span head, see ``tc_head``
        # windows per encoder call; the ONNX model runs each window alone (``load``), see ``token_probs``
        self.batch_size = batch_size
        self._run_many: Callable[..., Iterable[Any]] | None = None  # runs several encoder calls (parallel)
        self.operating_point = "balanced"

    def use(self, point: str) -> TechniqueModel:
        """Decode at a calibrated operating point: ``balanced`` (thresholds and decoding that maximise F1 on
        validation, the default) or ``screening`` (maximise F2: more spans, higher recall, lower precision).
        Each point is a set of thresholds, SI decoding and direct techniques in ``config["operating_points"]``."""
        if point not in OPERATING_POINTS:
            raise UnspinError(f"unknown operating point {point!r} (one of {', '.join(OPERATING_POINTS)})")
        points = self.config.get("operating_points") or {}
        if point not in points and point != "balanced":
            raise UnspinError(f"this technique model has no {point!r} operating point (re-calibrate it)")
        chosen = points.get(point) or {k: self.config.get(k) for k in ("thresholds", "si_decoding", "direct_techniques")}
        self.thresholds = dict(chosen.get("thresholds") or {})
        self.config["si_decoding"] = dict(chosen.get("si_decoding") or {})
        self.config["direct_techniques"] = list(chosen.get("direct_techniques") or [])
        self.operating_point = point
        return self

    def at(self, point: str) -> TechniqueModel:
        """A copy of this model decoding at ``point`` (see ``use``); it shares the ONNX session, tokenizer
        and span head, so several points cost one model load."""
        view = copy.copy(self)
        view.config = dict(self.config)
        return view.use(point)

    @classmethod
    def load(cls, folder: str | Path, onnx_file: str | None = None, threads: int | None = None) -> TechniqueModel:
        """Load a model folder with onnxruntime (``threads``: intra-op threads, default all cores)."""
        folder = Path(folder)
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        session = RowSession(folder / (onnx_file or config.get("onnx", "model.onnx")), threads)

        def feed(ids: np.ndarray, mask: np.ndarray, types: np.ndarray) -> dict[str, np.ndarray]:
            return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}

        def run(ids: np.ndarray, mask: np.ndarray, types: np.ndarray) -> Any:
            out = session.run(None, feed(ids, mask, types))
            return out[0] if len(out) == 1 else tuple(out)

        def run_many(inputs: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> Iterator[Any]:
            outs = session.iter_rows(None, [feed(*x) for x in inputs])
            return (out[0] if len(out) == 1 else tuple(out) for out in outs)

        head = None
        if config.get("span_head"):
            with np.load(folder / config["span_head"]) as npz:
                head = (npz["weight"].astype(np.float32), npz["bias"].astype(np.float32))
        model = cls(config, load_tokenizer(folder / "tokenizer.json"), run, head, batch_size=1)
        model._run_many = run_many  # windows alone, several at once (``RowSession``)
        return model

    # -- probabilities -------------------------------------------------------------------------
    def token_probs(self, texts: Sequence[str], batch_size: int | None = None) -> list[tuple[Encoded, np.ndarray]]:
        """Per article: its encoding and the (n_tokens, n_labels) probabilities, windows averaged.

        ``batch_size`` windows go through the encoder per call (default ``self.batch_size``: 1 for a
        loaded ONNX model). Dynamic int8 quantization scales activations per call, so a window run alone
        gets scores that depend on nothing but its own tokens; a batch never mixes articles either way.
        Windows run in parallel, one core each (``RowSession``).
        """
        batch_size = batch_size or self.batch_size
        encs = [encode(self.tokenizer, t, self.repetition_flag) for t in texts]
        size = self.max_length - 2
        jobs = []
        for a, e in enumerate(encs):
            starts = window_starts(len(e.ids), size, self.stride)
            jobs += [[(a, s) for s in starts[i : i + batch_size]] for i in range(0, len(starts), batch_size)]
        sums = [np.zeros((len(e.ids), len(self.labels)), dtype=np.float32) for e in encs]
        hidden: list[np.ndarray | None] = [None] * len(encs)
        counts = [np.zeros(len(e.ids), dtype=np.float32) for e in encs]
        inputs, kept = [], []
        for batch in jobs:
            lens = [min(size, len(encs[a].ids) - s) for a, s in batch]
            width = max(lens) + 2
            if width <= 2:
                continue
            ids = np.full((len(batch), width), self.pad_id, dtype=np.int64)
            types = np.zeros_like(ids)
            mask = np.zeros_like(ids)
            for r, ((a, s), n) in enumerate(zip(batch, lens)):
                ids[r, 0], ids[r, 1 : n + 1], ids[r, n + 1] = self.cls_id, encs[a].ids[s : s + n], self.sep_id
                types[r, 1 : n + 1] = encs[a].types[s : s + n]
                mask[r, : n + 2] = 1
            inputs.append((ids, mask, types))
            kept.append((batch, lens))
        # Folded in as they come: a window's outputs (hidden states too) are not all held at once.
        outs = self._run_many(inputs) if self._run_many is not None else (self._run(*x) for x in inputs)
        for (batch, lens), out in zip(kept, outs):
            states = None
            if isinstance(out, tuple):
                out, states = out
            for r, ((a, s), n) in enumerate(zip(batch, lens)):
                sums[a][s : s + n] += out[r, 1 : n + 1]
                counts[a][s : s + n] += 1
                if states is not None:
                    if hidden[a] is None:
                        hidden[a] = np.zeros((len(encs[a].ids), states.shape[-1]), dtype=np.float32)
                    hidden[a][s : s + n] += states[r, 1 : n + 1]  # type: ignore[index]
        for e, h, c in zip(encs, hidden, counts):
            e.hidden = None if h is None else h / np.maximum(c, 1)[:, None]
        return [(e, s / np.maximum(c, 1)[:, None]) for e, s, c in zip(encs, sums, counts)]

    # -- decoding -------------------------------------------------------------------------------
    def threshold(self, label: str) -> float:
        return float(self.thresholds.get(label, 0.5))

    def decode(self, text: str, enc: Encoded, probs: np.ndarray) -> list[PredictedSpan]:
        """Technique spans (FLC): per technique, runs of tokens over its threshold, widened to words."""
        spans = []
        for k, label in enumerate(self.labels):
            if label == ANY:
                continue
            for i, j, score in decode_runs(probs[:, k], self.threshold(label)):
                start, end = _word_bounds(text, int(enc.offsets[i, 0]), int(enc.offsets[j - 1, 1]))
                spans.append(PredictedSpan(start, end, label, round(score, 4)))
        return sorted(spans, key=lambda s: (s.start, s.end, s.technique))

    def decode_labelled(self, text: str, enc: Encoded, probs: np.ndarray) -> list[PredictedSpan]:
        """Technique spans the SI+TC way: each span-identification span gets the technique ``classify`` picks."""
        spans = self.decode_si(text, enc, probs)
        labels = self.classify(enc, probs, spans, text)
        return [PredictedSpan(s, e, t, round(score, 4)) for (s, e), (t, score) in zip(spans, labels)]

    def decode_flc(self, text: str, enc: Encoded, probs: np.ndarray) -> list[PredictedSpan]:
        """Technique spans as shipped: SI spans labelled by ``classify``, plus, for the techniques that
        calibration found worth it (``direct_techniques`` in the config), their own runs over their own
        thresholds (``decode``); see ``combine_flc``."""
        direct = set(self.config.get("direct_techniques", []))
        return combine_flc(self.decode(text, enc, probs), self.decode_labelled(text, enc, probs), direct)

    def decode_si(self, text: str, enc: Encoded, probs: np.ndarray) -> list[tuple[int, int]]:
        """Span identification: runs of the SI channel (``si_channel``) over the ANY threshold
        (``decode_si_runs``), with the mix, peak and gap that calibration chose (``si_decoding`` in the config)."""
        how = self.config.get("si_decoding") or {}
        channel = si_channel(probs, self.labels.index(ANY), float(how.get("any_weight", 1.0)))
        out = []
        for i, j, _ in decode_si_runs(channel, self.threshold(ANY), float(how.get("peak", 0.0)), int(how.get("gap", 0))):
            out.append(_word_bounds(text, int(enc.offsets[i, 0]), int(enc.offsets[j - 1, 1])))
        return out

    def classify(
        self, enc: Encoded, probs: np.ndarray, spans: Sequence[tuple[int, int]], text: str | None = None
    ) -> list[tuple[str, float]]:
        """Technique classification of given spans.

        Without ``text``: the mean per-technique probability over the span's tokens. With ``text``, the
        span head (when the model has one) scores the span from its hidden states and article-level
        extras; a model without one uses the ``tc_head`` fitted on validation, when there is one. When
        the same span is given k times (it carries k gold techniques), its k best techniques are returned.
        """
        n_t = len(TECHNIQUES)
        seen: Counter[tuple[int, int]] = Counter()
        out = []
        for start, end in spans:
            inside = tc_head.span_tokens(enc.offsets, start, end)
            mean = probs[inside, :n_t].mean(axis=0) if inside.any() else np.full(n_t, 1.0 / n_t)
            scores = np.log(np.clip(mean, 1e-6, 1.0)) + self.tc_bias
            if text is not None:
                logits = self.span_logits(text, enc, start, end)
                if logits is not None:
                    scores = logits
                elif self.tc_head is not None:
                    scores = tc_head.scores(self.tc_head, tc_head.span_features(text, enc.offsets, enc.types, probs, start, end))
                mean = np.exp(tc_head.log_softmax(scores))
            rank = min(seen[(start, end)], n_t - 1)
            seen[(start, end)] += 1
            k = int(np.argsort(-scores, kind="stable")[rank])
            out.append((TECHNIQUES[k], float(mean[k])))
        return out

    def span_logits(self, text: str, enc: Encoded, start: int, end: int) -> np.ndarray | None:
        """The span head's 14 technique logits for a span, or None when the model has no span head."""
        if self.span_head is None or enc.hidden is None:
            return None
        inside = tc_head.span_tokens(enc.offsets, start, end)
        x = np.concatenate([tc_head.span_pool(enc.hidden, inside), tc_head.span_extras(text, enc.offsets, enc.types, start, end)])
        return x @ self.span_head[0] + self.span_head[1]  # type: ignore[no-any-return]

    def predict(self, texts: Sequence[str]) -> list[list[PredictedSpan]]:
        return [self.decode(t, e, p) for t, (e, p) in zip(texts, self.token_probs(texts))]
