"""One error hierarchy. The CLI and flows turn these into exit codes, failed states and `failures` rows."""

from __future__ import annotations


class BoardtraceError(Exception):
    """Base class of every error boardtrace raises on purpose."""


class ConfigError(BoardtraceError):
    """A setting, path or manifest is unusable."""


class IngestError(BoardtraceError):
    """A document could not be read. `reason` is a short stable code stored in `failures`."""

    reason = "ingest_error"


class UnsupportedFormat(IngestError):
    reason = "unsupported_format"


class EmptyDocument(IngestError):
    reason = "empty_document"


class FileTooLarge(IngestError):
    reason = "file_too_large"


class CorruptDocument(IngestError):
    reason = "corrupt_document"


class EncryptedDocument(IngestError):
    reason = "encrypted_document"


class NoTextLayer(IngestError):
    reason = "no_text_layer"


class ExtractError(BoardtraceError):
    """The NLP stage failed on a document."""


class EmbedError(BoardtraceError):
    """The embedding model could not be loaded or run."""


class StoreError(BoardtraceError):
    """The database could not be opened, migrated or written."""


class LockedError(StoreError):
    """Another run holds the writer lock."""


class NotFound(BoardtraceError):
    """An id or path names nothing in the database."""


class QueryError(BoardtraceError):
    """A search or filter could not be understood."""


class RunFailed(BoardtraceError):
    """More documents failed than the run's failure threshold allows."""

    def __init__(self, message: str, summary_path: str) -> None:
        super().__init__(message)
        self.summary_path = summary_path
