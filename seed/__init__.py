"""Seed: parse trial record documents (pure functions) and load them (``seed.load``)."""
