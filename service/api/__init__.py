"""HTTP routes: one blueprint per resource, thin views over ``service.queries``."""

from service.api import admin, collections, fhir, health, match, meta, sources, stats, trials

BLUEPRINTS = (
    trials.blp,
    collections.blp,
    stats.blp,
    match.blp,
    sources.blp,
    meta.blp,
    admin.blp,
    fhir.blp,
    health.blp,
)
