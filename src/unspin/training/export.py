"""Export a trained torch module to ONNX and quantize it to int8 (training only; needs torch)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def export_int8(inner: Any, inputs: dict[str, Any], output: str | tuple[str, ...], dynamic_axes: dict[str, dict[int, str]],
                fp32_path: Path, int8_path: Path) -> None:
    """Export ``sigmoid(inner(*inputs))`` to fp32 ONNX, then quantize it to int8 (dynamic, per channel).

    When ``inner`` returns a tuple, only its first element goes through the sigmoid; the others (hidden
    states, say) are exported as they are, under the further names in ``output``.

    Needs torch (the ``train`` extra); the runtime reads only the int8 file.
    """
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class Sigmoid(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, *args: Any) -> Any:
            out = self.inner(*args)
            if isinstance(out, tuple):
                return (torch.sigmoid(out[0]), *out[1:])
            return torch.sigmoid(out)

    torch.onnx.export(
        Sigmoid(), tuple(inputs.values()), str(fp32_path), input_names=list(inputs),
        output_names=[output] if isinstance(output, str) else list(output),
        dynamic_axes=dynamic_axes, opset_version=17, dynamo=False,
    )
    quantize_dynamic(str(fp32_path), str(int8_path), per_channel=True, weight_type=QuantType.QInt8)
