"""Scoring unspin against research corpora."""
