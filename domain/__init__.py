"""The domain: records, vocabularies, units, dates and places; pure Python, imports nothing of the project."""
