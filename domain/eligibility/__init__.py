"""Eligibility: typed facts read from criteria text, and one patient decided against them.

- ``facts``: ``extract_facts()`` over the reader table (``readers``), and the one codec of the
  stored facts document (``encode_facts``/``decode_facts``);
- ``text`` and ``criterion``: the toolkit the readers share, and the collector they add to;
- ``patient``, ``decide``, ``explain``: a profile in canonical units, its verdicts, their reasons.

Pure functions: no database, no Flask.
"""
