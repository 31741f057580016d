"""Re-quantize a shipped int8 ONNX model so that its scores depend on nothing but the input.

``quantize_dynamic(..., weight_type=QInt8)`` gives U8S8 matrix products. On x86-64 CPUs with VNNI
(recent Intel, AMD Zen 4) onnxruntime sums u8 × s8 products in int32; on AVX2-only CPUs (AMD Zen 2/3
EPYC, older Intel) it uses ``vpmaddubsw``, which adds pairs of products in int16 and *saturates* when a
pair exceeds 32,767 (255 × 127 × 2 = 64,770 can). The same model then scores differently by CPU:
a recorded-score test failed on an AMD EPYC (F1 0.938 against 0.946).

With 7-bit weights (``reduce_range=True``: weights in [-64, 64]) a pair is at most 255 × 64 × 2 =
32,640 < 32,767, so no path saturates and every CPU computes the same integers. The float parts
(LayerNorm, softmax, the attention products) are not quantized.

The original fp32 weights of the shipped models were not kept, so ``dequantize`` rebuilds an fp32
graph whose weights are exactly the int8 weights (``scale × (q − zero point)``); that graph is then
quantized again with 7-bit weights. Needs the ``onnx`` package (``train`` extra).

    python -m unspin.training.quantize src/unspin/models/claims/model.onnx OUT.onnx
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path
from typing import Any

import numpy as np


def dequantize(src: str | Path) -> Any:
    """An fp32 ONNX model equivalent to the dynamically quantized ``src``: each ``MatMulInteger`` (with its
    ``DynamicQuantizeLinear``, cast and scale multiplication) becomes a ``MatMul`` with the dequantized weight."""
    import onnx
    from onnx import helper, numpy_helper

    from .rows import plain

    model = plain(onnx.load(str(src)))  # a shipped rows graph: the model's own graph inside it
    g = model.graph
    inits = {i.name: i for i in g.initializer}

    def arr(name: str) -> np.ndarray:
        return numpy_helper.to_array(inits[name])

    producer = {o: n for n in g.node for o in n.output}
    consumers: dict[str, list[Any]] = {}
    for n in g.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    replaced: dict[int, Any] = {}
    removed: set[int] = set()
    new_inits = []
    for n in g.node:
        if n.op_type != "MatMulInteger":
            continue
        a_q, w_q, _, w_zp = n.input
        x = producer[a_q].input[0]  # DynamicQuantizeLinear's float input
        cast = consumers[n.output[0]][0]
        mul = consumers[cast.output[0]][0]
        scales = producer[next(i for i in mul.input if i != cast.output[0])]  # a_scale × w_scale
        w_scale = next(i for i in scales.input if i in inits)
        weight = (arr(w_q).astype(np.float32) - arr(w_zp).astype(np.float32)) * arr(w_scale).astype(np.float32)
        name = w_q.removesuffix("_quantized") + "_fp32"
        new_inits.append(numpy_helper.from_array(weight.astype(np.float32), name))
        replaced[id(n)] = helper.make_node("MatMul", [x, name], [mul.output[0]], name=n.name + "_fp32")
        removed |= {id(cast), id(mul), id(scales)}
    nodes = [replaced.get(id(n), n) for n in g.node if id(n) not in removed]
    used = {i for n in nodes for i in n.input}
    nodes = [n for n in nodes if not (n.op_type == "DynamicQuantizeLinear" and not any(o in used for o in n.output))]
    del g.node[:]
    g.node.extend(nodes)
    used = {i for n in nodes for i in n.input} | {o.name for o in g.output}
    keep = [i for i in g.initializer if i.name in used] + [i for i in new_inits if i.name in used]
    del g.initializer[:]
    g.initializer.extend(keep)
    onnx.checker.check_model(model)
    return model


def requantize(src: str | Path, dst: str | Path, keep_fp32: tuple[str, ...] = ()) -> None:
    """``src`` (dynamic int8) → ``dst`` (dynamic int8, per channel, 7-bit weights: the same integers on
    every CPU). Matrix products whose node name matches a regular expression of ``keep_fp32`` stay in fp32; their weights
    are stored as fp16 in the file (half the bytes) and cast to fp32 once, when the session loads."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fp32_model = dequantize(src)
    keep = [n.name for n in fp32_model.graph.node if n.op_type == "MatMul" and any(re.search(k, n.name) for k in keep_fp32)]
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        onnx.save(fp32_model, str(fp32))
        quantize_dynamic(str(fp32), str(dst), per_channel=True, reduce_range=True, weight_type=QuantType.QInt8,
                         nodes_to_exclude=keep)
    if keep:
        onnx.save(_fp16_storage(onnx.load(str(dst)), set(keep)), str(dst))


def _fp16_storage(model: Any, nodes: set[str]) -> Any:
    """Store the weights of ``nodes`` (fp32 MatMuls) as fp16 initializers followed by a Cast to fp32."""
    import onnx
    from onnx import helper, numpy_helper

    g = model.graph
    inits = {i.name: i for i in g.initializer}
    casts = []
    for n in g.node:
        if n.name in nodes and n.input[1] in inits:
            w = numpy_helper.to_array(inits[n.input[1]])
            half = numpy_helper.from_array(w.astype(np.float16), n.input[1] + "_fp16")
            g.initializer.remove(inits[n.input[1]])
            g.initializer.append(half)
            casts.append(helper.make_node("Cast", [half.name], [n.input[1]], to=onnx.TensorProto.FLOAT,
                                          name=n.input[1] + "_cast"))
    nodes = casts + list(g.node)  # casts first: the graph stays topologically sorted
    del g.node[:]
    g.node.extend(nodes)
    onnx.checker.check_model(model)
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("src", type=Path, help="a dynamically quantized int8 ONNX model")
    parser.add_argument("dst", type=Path)
    parser.add_argument("--fp32", action="store_true", help="write the dequantized fp32 graph instead")
    parser.add_argument("--keep-fp32", nargs="*", default=[], metavar="NAME",
                        help="matrix products whose node name matches this regular expression stay fp32 "
                        "(e.g. 'layer\\.\\d+/output/dense': the feed-forward outputs)")
    args = parser.parse_args()
    if args.fp32:
        import onnx

        onnx.save(dequantize(args.src), str(args.dst))
    else:
        requantize(args.src, args.dst, tuple(args.keep_fp32))


if __name__ == "__main__":
    main()
