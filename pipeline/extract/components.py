"""spaCy factories for boardtrace's components, exposed as `spacy_factories` entry points.

Foundation placeholder: the extraction issue replaces these with the real components. They are
registered so that spaCy's entry-point scan finds every name pyproject.toml declares.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class _PassThrough:
    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("boardtrace_decisions")
def make_decisions(nlp: Language, name: str) -> _PassThrough:
    return _PassThrough(name)


@Language.factory("boardtrace_commitments")
def make_commitments(nlp: Language, name: str) -> _PassThrough:
    return _PassThrough(name)


@Language.factory("boardtrace_targets")
def make_targets(nlp: Language, name: str) -> _PassThrough:
    return _PassThrough(name)


@Language.factory("boardtrace_parties")
def make_parties(nlp: Language, name: str) -> _PassThrough:
    return _PassThrough(name)
