"""One package per document layout; each exposes ``parse(lines, source) -> TrialRecord``."""
