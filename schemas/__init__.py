"""Marshmallow wire schemas: the API's request and response contract, field by field."""
