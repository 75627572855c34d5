"""What the tests share: paths, free ports, databases, servers, the app under test, factories
and HTTP helpers. Fixtures stay in the conftest.py files; they call these functions."""
