"""Load parsed documents into PostgreSQL: the only seed package that touches the database.

``job`` runs the seed job (batches, workers, the lock, the report); ``documents`` reads and
parses the files; ``sources`` writes the source_documents rows and decides which document holds
each trial; ``rows`` builds a trial's rows; ``copy`` bulk-writes them; ``facets`` recounts.
"""

from seed.load.documents import MAX_DOCUMENT_BYTES, list_documents
from seed.load.facets import FACET_QUERIES, refresh_facets
from seed.load.job import LoadReport, load_directory, load_documents
from seed.load.rows import COPY_COLUMNS, LOADER_VERSION, Render, insert_trials

__all__ = [
    "COPY_COLUMNS",
    "FACET_QUERIES",
    "LOADER_VERSION",
    "MAX_DOCUMENT_BYTES",
    "LoadReport",
    "Render",
    "insert_trials",
    "list_documents",
    "load_directory",
    "load_documents",
    "refresh_facets",
]
