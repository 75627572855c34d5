"""Load parsed sources into PostgreSQL: the only seed package that touches the database.

``job`` runs the loads (the seed job, imports, ``store_items``: batches, workers, the lock, the
report); ``documents`` reads the inputs (files, bulk ZIPs) into ``SourceItem``s; ``sources``
writes the source_documents rows and decides which source holds each trial (``precedence``;
a superseded source's record is kept by ``payload``); ``rows`` builds a trial's rows; ``copy``
bulk-writes them; ``facets`` recounts.
"""

from seed.load.documents import MAX_DOCUMENT_BYTES, Input, SourceItem, list_inputs
from seed.load.facets import FACET_QUERIES, new_generation, refresh_facets
from seed.load.job import (
    LoadReport,
    Progress,
    import_paths,
    inputs_for,
    load_directory,
    load_documents,
    store_items,
)
from seed.load.rows import COPY_COLUMNS, LOADER_VERSION, Render, insert_trials

__all__ = [
    "COPY_COLUMNS",
    "FACET_QUERIES",
    "LOADER_VERSION",
    "MAX_DOCUMENT_BYTES",
    "Input",
    "LoadReport",
    "Progress",
    "Render",
    "SourceItem",
    "import_paths",
    "insert_trials",
    "inputs_for",
    "list_inputs",
    "load_directory",
    "load_documents",
    "new_generation",
    "refresh_facets",
    "store_items",
]
