"""What the tests share: paths, free ports, databases, servers, factories and HTTP helpers.

Fixtures stay in the conftest.py files; they call these functions."""
