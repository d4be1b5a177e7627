"""The word lists the extraction rules use, loaded once from versioned data (patterns/lexicon.v1.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

LEXICON_FILE = "lexicon.v1.json"


@dataclass(frozen=True)
class Lexicon:
    version: str
    outcome_words: dict[str, str]
    body_heads: frozenset[str]
    person_titles: frozenset[str]
    role_heads: frozenset[str]
    hedges: tuple[str, ...]
    modal_hedges: frozenset[str]
    request_verbs: frozenset[str]
    undertake_verbs: frozenset[str]
    people_nouns: frozenset[str]
    approx_words: tuple[str, ...]
    lt_words: tuple[str, ...]
    le_words: tuple[str, ...]
    ge_words: tuple[str, ...]
    gt_words: tuple[str, ...]
    increase_words: frozenset[str]
    decrease_words: frozenset[str]
    action_nouns: tuple[str, ...]
    happening_verbs: frozenset[str]
    stative_participles: frozenset[str]
    document_heads: frozenset[str]
    agenda_verbs: frozenset[str]


def read_pattern_file(name: str) -> str:
    return resources.files("pipeline.extract").joinpath("patterns", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw: dict[str, Any] = json.loads(read_pattern_file(LEXICON_FILE))
    return Lexicon(
        version=raw["version"],
        outcome_words=dict(raw["outcome_words"]),
        body_heads=frozenset(raw["body_heads"]),
        person_titles=frozenset(raw["person_titles"]),
        role_heads=frozenset(raw["role_heads"]),
        hedges=tuple(raw["hedges"]),
        modal_hedges=frozenset(raw["modal_hedges"]),
        request_verbs=frozenset(raw["request_verbs"]),
        undertake_verbs=frozenset(raw["undertake_verbs"]),
        people_nouns=frozenset(raw["people_nouns"]),
        approx_words=tuple(raw["approx_words"]),
        lt_words=tuple(raw["lt_words"]),
        le_words=tuple(raw["le_words"]),
        ge_words=tuple(raw["ge_words"]),
        gt_words=tuple(raw["gt_words"]),
        increase_words=frozenset(raw["increase_words"]),
        decrease_words=frozenset(raw["decrease_words"]),
        action_nouns=tuple(raw["action_nouns"]),
        happening_verbs=frozenset(raw["happening_verbs"]),
        stative_participles=frozenset(raw["stative_participles"]),
        document_heads=frozenset(raw["document_heads"]),
        agenda_verbs=frozenset(raw["agenda_verbs"]),
    )
