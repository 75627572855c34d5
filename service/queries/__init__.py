"""Read queries, one module per resource: ``(session, args) -> rows or dicts for the schemas``."""
