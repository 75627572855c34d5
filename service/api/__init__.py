"""HTTP routes: one blueprint per resource, thin views over ``service.queries``."""

from service.api import (
    admin,
    collections,
    export,
    fhir,
    health,
    index,
    match,
    meta,
    sources,
    stats,
    trials,
)

BLUEPRINTS = (
    index.blp,
    trials.blp,
    export.blp,
    collections.blp,
    stats.blp,
    match.blp,
    sources.blp,
    meta.blp,
    admin.blp,
    fhir.blp,
    health.blp,
)
