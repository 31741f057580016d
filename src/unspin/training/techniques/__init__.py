"""Technique tagger research code: PTC corpus reading, SemEval-2020 scoring, training, calibration, distillation."""
