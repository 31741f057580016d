"""Errors unspin raises on purpose, each with a one-line message fit for a terminal.

    UnspinError                  base class; the CLI prints ``str(err)`` and exits non-zero
    ├── InputError               the input cannot be read as an article
    │   ├── EmptyInputError      nothing but whitespace
    │   ├── BinaryInputError     looks like a binary file (NUL bytes, undecodable)
    │   ├── EncodingError        bytes are neither UTF-8 nor a recognisable encoding
    │   ├── TooLargeError        over the configured size limit
    │   ├── NoArticleError       HTML in which no article text was found
    │   └── LanguageError        the text is not English
    └── ModelError               a shipped model file is missing or cannot be loaded
"""

from __future__ import annotations


class UnspinError(Exception):
    """Base class of every error unspin raises on purpose."""


class InputError(UnspinError):
    """The input cannot be turned into an article."""


class EmptyInputError(InputError):
    """The input holds no text."""


class BinaryInputError(InputError):
    """The input is a binary file, not text or HTML."""


class EncodingError(InputError):
    """The input's bytes cannot be decoded as text."""


class TooLargeError(InputError):
    """The input is larger than the configured limit."""


class NoArticleError(InputError):
    """An HTML page in which no article text could be found."""


class LanguageError(InputError):
    """The article is not in a language unspin analyzes (English)."""


class ModelError(UnspinError):
    """A model that ships with unspin is missing or broken."""
