"""The arguments parser's shortcut for a URL without a query string (service.web.args)."""

from __future__ import annotations

import marshmallow as ma
import pytest
from flask import Flask
from werkzeug.exceptions import HTTPException

from service.web.args import Parser


class Optional(ma.Schema):
    fields_ = ma.fields.List(ma.fields.String(), data_key="fields")


class Defaulted(ma.Schema):
    limit = ma.fields.Integer(load_default=20)


class Required(ma.Schema):
    q = ma.fields.String(required=True)


@pytest.fixture
def parse():
    app = Flask(__name__)
    parser = Parser()

    def parse(schema: ma.Schema, url: str):
        with app.test_request_context(url):
            return parser.parse(schema, location="query")

    return parse


def test_no_query_string_is_nothing_every_time_and_a_fresh_dict(parse):
    schema = Optional()
    first, second = parse(schema, "/x"), parse(schema, "/x")
    assert first == second == {}
    second["fields_"] = ["mutated"]
    assert parse(schema, "/x") == {}


def test_a_query_string_is_still_parsed_and_checked(parse):
    schema = Optional()
    parse(schema, "/x")
    assert parse(schema, "/x?fields=a&fields=b") == {"fields_": ["a", "b"]}
    with pytest.raises(HTTPException) as raised:
        parse(schema, "/x?bogus=1")
    assert raised.value.code == 400


def test_defaults_and_required_arguments_still_apply_without_a_query_string(parse):
    assert parse(Defaulted(), "/x") == {"limit": 20}
    assert parse(Defaulted(), "/x") == {"limit": 20}
    schema = Required()
    for _ in range(2):
        with pytest.raises(HTTPException) as raised:
            parse(schema, "/x")
        assert raised.value.code == 400
