"""HTTP routes: one blueprint per resource, thin views over ``service.queries``."""

from service.api import collections, health, meta, stats, trials

BLUEPRINTS = (trials.blp, collections.blp, stats.blp, meta.blp, health.blp)
