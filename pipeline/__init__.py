"""boardtrace: decisions, commitments and targets from board minutes and plans, with provenance."""

__version__ = "0.1.0"
