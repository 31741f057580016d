"""Experiments behind the technique model card (docs/models/techniques.md), each runnable as
``python -m unspin.training.techniques.experiments.NAME``; all read the validation split through
:func:`unspin.training.techniques.train.validation_articles`, the one function that defines it."""
