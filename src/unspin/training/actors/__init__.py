"""Research code for the actors analyzer: the evaluative-label score table and its evaluation (docs/actors.md)."""
