"""One module per document layout; each exposes ``parse(name, text, lines) -> TrialRecord``."""
