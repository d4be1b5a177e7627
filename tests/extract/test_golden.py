"""Golden files: the records extracted from a few dev documents. A change in them is a change in
behaviour to review. Regenerate with BOARDTRACE_REGENERATE=1 (never in CI)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.extract import EXTRACTOR_VERSION, extract_document
from pipeline.manifest import load_manifest
from pipeline.runs import read_and_segment

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("BOARDTRACE_REGENERATE") == "1"
DOCS = [
    "001_6a6a593eadc34795.txt",
    "005_dundee-ijb-2021-08-25-minutes.txt",
    "008_slough-hwb-2021-10-21-matters-arising.txt",
    "011_barnsley-hwb-strategy-update-item.txt",
    "013_bolsover-ambition-plan-targets-2023-q1.txt",
    "015_hsj-stp-emergency-admissions-news.txt",
]


def test_regenerate_flag_is_not_left_on_in_ci() -> None:
    assert not (REGENERATE and os.environ.get("CI")), "BOARDTRACE_REGENERATE=1 must not be set in CI"


def extracted(nlp: Language, name: str) -> list[dict]:
    seg = read_and_segment(CORPUS / name, load_manifest(CORPUS), 50 * 1024 * 1024)
    return [
        {
            "type": r.type,
            "text": r.text,
            "fields": r.fields,
            "char_start": r.char_start,
            "char_end": r.char_end,
            "extractor": r.extractor,
        }  # fmt: skip
        for r in extract_document(nlp, seg).records
    ]


@pytest.mark.parametrize("name", DOCS)
def test_golden(nlp: Language, name: str) -> None:
    path = GOLDEN / f"{name}.jsonl"
    rows = extracted(nlp, name)
    if REGENERATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    expected = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert rows == expected
    assert all(r["extractor"] == EXTRACTOR_VERSION for r in rows)
