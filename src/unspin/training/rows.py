"""Wrap a shipped model so that one onnxruntime call computes many inputs, each exactly as if alone.

The shipped models run every input (a sentence, a window) alone: dynamic quantization scales
activations per call, so an input batched with others would get a score that depends on them. Alone,
though, every input is one ``session.run`` from Python, and each run hands the GIL back and forth:
thousands of runs per hundred articles, while spaCy and the rule analyzers hold the GIL in another
thread, so a finished run often waits for it (up to the interpreter's 5 ms switch interval) before
the next can start.

A *rows graph* moves that loop into the graph: its inputs are right-padded rows plus their
``lengths``; an ONNX ``Loop`` cuts row ``i`` to its length and runs the model's own graph on it, so
each row sees exactly the shapes and values of a call of its own. The loop body carries the model's
inferred tensor shapes, without which onnxruntime does not apply all of its fusions inside a loop
(SkipLayerNormalization, for one) and the kernels, hence the last bits, would differ. :func:`build`
checks that the rows graph gives bit-identical outputs to the model run alone, on the inputs given,
and refuses to write it otherwise.

Outputs with a length axis (the technique tagger's ``probs`` and ``hidden``: [1, length, ...]) are
padded to the longest row; their names are stored in the model's metadata (``unspin.padded_outputs``)
so that :class:`unspin.onnx.RowSession` cuts them back. :func:`plain` gives the model's own graph
back, node for node (research code that edits a shipped graph starts from it).

    python -m unspin.training.rows claims PLAIN.onnx src/unspin/models/claims/model.onnx \\
        --model-dir src/unspin/models/claims --check ../shared/data/ptc/train-articles

Needs the ``onnx`` package (``train`` extra).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..onnx import LENGTHS, PADDED_KEY, ROWS_PREFIX, RowSession


def is_rows(model: Any) -> bool:
    """Whether an ONNX model (``onnx.ModelProto``) is a rows graph."""
    return any(i.name == LENGTHS for i in model.graph.input)


def wrap(model: Any, padded: Sequence[str] = ()) -> Any:
    """The rows graph of ``model`` (inputs [1, length] → outputs): inputs ``rows/<input>`` [rows, length]
    and ``lengths``; outputs [rows, ...] under their own names, those in ``padded`` padded along axis 1."""
    import onnx
    from onnx import TensorProto, helper, shape_inference

    g = shape_inference.infer_shapes(model).graph
    inputs = [i.name for i in g.input]
    kinds = {o.name: o.type.tensor_type.elem_type for o in g.output}
    ranks = {o.name: len(o.type.tensor_type.shape.dim) for o in g.output}
    p = ROWS_PREFIX
    body: list[Any] = []

    def node(op: str, ins: list[str], outs: list[str], **attrs: Any) -> None:
        body.append(helper.make_node(op, ins, outs, name=p + outs[0], **attrs))

    def const(name: str, values: list[int]) -> None:
        node("Constant", [], [p + name], value=helper.make_tensor(p + name, TensorProto.INT64, [len(values)], values))

    const("zero", [0])
    const("one", [1])
    node("Gather", [LENGTHS, "iter"], [p + "len"], axis=0)
    node("Unsqueeze", [p + "len", p + "zero"], [p + "len1"])
    node("Unsqueeze", ["iter", p + "zero"], [p + "i"])
    node("Add", [p + "i", p + "one"], [p + "i_next"])
    for name in inputs:  # row i, cut to its length: [1, len], as the model is called alone
        node("Slice", [p + name, p + "i", p + "i_next", p + "zero"], [p + name + "/row"])
        node("Slice", [p + name + "/row", p + "zero", p + "len1", p + "one"], [name])
    body.extend(g.node)
    if padded:
        const("two", [2])
        node("Shape", [p + inputs[0]], [p + "shape"])
        node("Slice", [p + "shape", p + "one", p + "two", p + "zero"], [p + "width"])
        node("Sub", [p + "width", p + "len1"], [p + "pad"])
    scans = []
    for name in kinds:
        out = p + name + "/scan"
        if name in padded:  # [1, len, ...] -> [1, width, ...]: zeros after the row's end
            rank = ranks[name]
            const(name + "/zeros", [0] * (rank + 1))
            pieces = [p + name + "/zeros", p + "pad"]
            if rank > 2:
                const(name + "/tail", [0] * (rank - 2))
                pieces.append(p + name + "/tail")
            node("Concat", pieces, [p + name + "/pads"], axis=0)
            node("Pad", [name, p + name + "/pads"], [out])
        else:
            node("Identity", [name], [out])
        scans.append(out)
    node("Identity", ["cond"], ["cond_out"])
    body[-1].name = p + "cond_out"
    body_graph = helper.make_graph(
        body, "row",
        [helper.make_tensor_value_info("iter", TensorProto.INT64, []),
         helper.make_tensor_value_info("cond", TensorProto.BOOL, [])],
        [helper.make_tensor_value_info("cond_out", TensorProto.BOOL, [])]
        + [helper.make_tensor_value_info(s, kinds[n], [None] * ranks[n]) for s, n in zip(scans, kinds)],
        value_info=list(g.input) + list(g.output) + list(g.value_info),  # shapes: the same fusions as alone
    )
    outer = [helper.make_node("Shape", [LENGTHS], [p + "rows"], name=p + "rows"),
             helper.make_node("Squeeze", [p + "rows", p + "axis0"], [p + "n"], name=p + "n"),
             helper.make_node("Loop", [p + "n", ""], list(kinds), body=body_graph, name=p + "loop")]
    graph = helper.make_graph(
        outer, g.name,
        [helper.make_tensor_value_info(p + n, TensorProto.INT64, ["rows", "length"]) for n in inputs]
        + [helper.make_tensor_value_info(LENGTHS, TensorProto.INT64, ["rows"])],
        [helper.make_tensor_value_info(n, kinds[n], ["rows"] + [None] * ranks[n]) for n in kinds],
        initializer=list(g.initializer) + [helper.make_tensor(p + "axis0", TensorProto.INT64, [1], [0])],
    )
    rows = helper.make_model(graph, opset_imports=model.opset_import, ir_version=model.ir_version,
                             producer_name=model.producer_name, producer_version=model.producer_version)
    helper.set_model_props(rows, {PADDED_KEY: ",".join(padded)})
    onnx.checker.check_model(rows)
    return rows


def plain(model: Any) -> Any:
    """The model's own graph (one input per call) from a rows graph, node for node, with its tensor shapes;
    any other model as it is."""
    from onnx import helper

    if not is_rows(model):
        return model
    loop = next(n for n in model.graph.node if n.op_type == "Loop")
    body = next(a.g for a in loop.attribute if a.name == "body")
    inputs = [i.name.removeprefix(ROWS_PREFIX) for i in model.graph.input if i.name != LENGTHS]
    outputs = [o.name for o in model.graph.output]
    infos = {v.name: v for v in body.value_info}
    nodes = [n for n in body.node if not n.name.startswith(ROWS_PREFIX)]
    ends = set(inputs) | set(outputs)
    shapes = [v for v in body.value_info if v.name not in ends]  # onnxruntime fuses more with them (see above)
    graph = helper.make_graph(nodes, model.graph.name, [infos[n] for n in inputs], [infos[n] for n in outputs],
                              initializer=[i for i in model.graph.initializer if not i.name.startswith(ROWS_PREFIX)],
                              value_info=shapes)
    return helper.make_model(graph, opset_imports=model.opset_import, ir_version=model.ir_version,
                             producer_name=model.producer_name, producer_version=model.producer_version)


def build(src: str | Path, dst: str | Path, samples: Sequence[dict[str, np.ndarray]], padded: Sequence[str] = ()) -> None:
    """Write the rows graph of ``src`` to ``dst`` after checking, on ``samples`` (feeds of one row each),
    that every output is bit-identical to ``src``'s own graph run alone (``src`` may be a rows graph itself)."""
    import onnx

    with tempfile.TemporaryDirectory() as tmp:
        own, out = Path(tmp) / "plain.onnx", Path(tmp) / "rows.onnx"
        model = plain(onnx.load(str(src)))
        onnx.save(model, str(own))
        onnx.save(wrap(model, padded), str(out))
        alone, packed = RowSession(own, threads=1), RowSession(out, threads=1)
        names = [o.name for o in alone.session.get_outputs()]
        for a, b in zip(alone.iter_rows(names, samples), packed.iter_rows(names, samples)):
            for name, x, y in zip(names, a, b):
                if x.shape != y.shape or not np.array_equal(x, y):
                    raise SystemExit(f"the rows graph differs from {src} alone on output {name!r} "
                                     f"(shapes {x.shape} / {y.shape}); not written")
        Path(dst).write_bytes(out.read_bytes())
    print(f"{dst}: rows graph of {src}, bit-identical to it alone on {len(samples)} inputs")


def claim_feeds(model_dir: Path, sentences: Sequence[str]) -> list[dict[str, np.ndarray]]:
    """The claims model's inputs for ``sentences``, one per call, as ``ClaimModel.score`` makes them."""
    from ..claims.model import load_tokenizer, sentence_feeds

    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    return sentence_feeds(load_tokenizer(model_dir / "tokenizer.json", int(config.get("max_length", 96))), sentences)


def technique_feeds(model_dir: Path, texts: Sequence[str]) -> list[dict[str, np.ndarray]]:
    """The technique tagger's windows for ``texts``, one per call, as ``TechniqueModel.token_probs`` makes them."""
    from ..techniques.model import TechniqueModel

    model = TechniqueModel.load(model_dir, threads=1)
    windows: list[dict[str, np.ndarray]] = []

    def record(inputs: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> Any:
        for ids, mask, types in inputs:
            windows.append({"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
        width = len(model.labels)
        return ((np.zeros((1, x[0].shape[1], width), np.float32), np.zeros((1, x[0].shape[1], 1), np.float32))
                for x in inputs)

    model._run_many = record  # only the windows are wanted here, not the model's outputs
    model.token_probs(texts)
    return windows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["claims", "techniques"])
    parser.add_argument("src", type=Path, help="the model to wrap: one input per call")
    parser.add_argument("dst", type=Path)
    parser.add_argument("--model-dir", type=Path, help="its folder (tokenizer, config); default: src's folder")
    parser.add_argument("--check", type=Path, required=True, metavar="DIR",
                        help="a folder of .txt articles whose inputs must give identical outputs (e.g. PTC train-articles)")
    parser.add_argument("--limit", type=int, default=30, help="articles from --check")
    args = parser.parse_args()
    folder = args.model_dir or args.src.parent
    texts = [f.read_text(encoding="utf-8") for f in sorted(args.check.glob("*.txt"))[: args.limit]]
    if args.kind == "claims":  # lines, not sentences: many lengths, without loading spaCy
        build(args.src, args.dst, claim_feeds(folder, [s for t in texts for s in t.splitlines() if s.strip()]))
    else:
        build(args.src, args.dst, technique_feeds(folder, texts), ("probs", "hidden"))


if __name__ == "__main__":
    main()
