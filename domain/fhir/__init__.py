"""FHIR R5: the trials as ResearchStudy resources (mapping, search syntax, resource envelopes).

Pure modules: no Flask, no database. The routes are ``service.api.fhir``, the reads
``service.queries.fhir``; docs/fhir.md documents the mapping and what the facade supports.
"""
