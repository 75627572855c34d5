"""HTTP routes: one blueprint per resource, thin views over ``service.queries``."""

from service.api import health, trials

BLUEPRINTS = (trials.blp, health.blp)
