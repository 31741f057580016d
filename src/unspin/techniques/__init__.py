"""Persuasion-technique span tagging at runtime (SemEval-2020 Task 11): the model, its span head, explanations.

Corpus reading, scoring, training and calibration live in :mod:`unspin.training.techniques`."""

TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)

__all__ = ["TECHNIQUES"]
