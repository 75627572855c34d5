"""Start-up and the server: migrate, seed, then exec gunicorn."""
