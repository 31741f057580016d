"""Research code: training, calibration, distillation, corpus readers and metrics.

Nothing in the runtime (analyzers, engine, readers, renderers, CLI ``analyze``) imports this package;
it needs the ``train`` extra (torch, transformers, onnx) for training, and the research corpora
(``$UNSPIN_DATA``) for everything else. ``tests/test_runtime_imports.py`` proves the separation.
"""
