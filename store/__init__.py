"""The database floor: models, engines, migrations and advisory locks (SQLAlchemy only)."""
