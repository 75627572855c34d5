"""Synthetic trial documents for benchmarks: ``python -m tools.synth --count N --out DIR``,
and ClinicalTrials.gov API v2 JSON studies: ``python -m tools.synth --format ctgov-json
--count N --zip ctg-studies.json.zip [--sharded]`` (or ``--jsonl FILE``, ``--out DIR``).

Each document is built in two steps: ``record.build_record(index, seed)`` draws an intended
``TrialRecord`` (distributions roughly like the ClinicalTrials.gov registry), then
``classic.render_classic`` / ``modern.render_modern`` write it out as the layout's text, so
that ``seed.parse.parse_document`` reads the same record back (``tests/unit/test_synth.py``).

Pure standard library, one ``random.Random`` per document (seeded from ``--seed`` and the
document's index, so any range of indices can be generated on its own and gives the same
bytes), streamed (``documents``): nothing but the current document is held in memory.
Even indices use the classic layout, odd ones the modern layout. NCT ids are ``NCT9`` + the
index on 7 digits, so they never clash with real ids.

Modules: ``vocab/`` the word lists and weights, ``draw`` the drawing helpers, ``record`` the
record builder with ``dates``, ``arms``, ``eligibility``, ``sites``, ``parties`` and ``prose``
for its parts, ``classic`` and ``modern`` the renderers (``classic_people``, ``modern_parts``
and ``pages`` their parts: any record, a synthetic one or a registry sample, following the real
pages' conventions), ``documents`` the stream and the writer, ``__main__`` the command line.
``shown`` says what each layout can show of a record and ``round_trip`` renders the registry
samples into both layouts and parses them back (``docs/layouts.md``).

API v2 JSON: ``registry`` the registry's record (a modern page's record plus aliases, the
organization, results, MeSH descriptors with ids and ancestors, geoPoints, phone extensions,
observational fields, and the size tail of many-site, long-criteria, long-description studies),
``ctgov_json`` the v2 study writer with ``protocol`` (the ``protocolSection``), ``derived``
(the MeSH browse modules), ``results`` (the ``resultsSection`` bulk) and ``markup``
(CommonMark), ``studies`` the stream and the bulk writers (ZIP, JSON Lines, files),
``zipwriter`` a ZIP written in constant memory (ZIP64), ``sizes`` the size distribution
(``python -m tools.synth.sizes PATH...`` measures any study files or ZIP). A study's record is
what ``seed.formats.ctgov_json.parse_study`` reads back, field for field
(``tests/unit/test_synth_json.py``); its JSON fits the registry's data model
(``tests/data/registry/ctg-oas-v2.yaml``). Sizes: mean ~17 KB (2-space indent, as the bulk ZIP's
files), median ~10 KB, results on ~12% of studies, about 0.07% of 1 MB or more (to ~3.5 MB).

Forms kept simpler than the registry because the parser cannot read them back (gaps):

* classic keywords run together on one line cannot be split (no head nouns): one per line.
* classic pages carry no sponsor class, no responsible-party type and no BACKUP contact role:
  the intended record leaves them out for that layout.
"""
