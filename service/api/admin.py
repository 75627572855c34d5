"""/v1/admin: re-run the seed job, upload a document, delete a trial. Off unless ADMIN_TOKEN is
set; every request then needs ``Authorization: Bearer <ADMIN_TOKEN>``.

- no or malformed ``Authorization``: 401 with ``WWW-Authenticate: Bearer``, whether the admin
  API is on or off, so that a client can tell "send credentials" from "not allowed".
- credentials while the admin API is off (no ADMIN_TOKEN): 403. Not 404: the routes are in the
  published spec, and a 404 from ``DELETE /v1/admin/trials/{nct_id}`` must only ever mean "no
  such trial".
- a wrong token: 403 (compared with ``hmac.compare_digest``: no timing leak).
"""

from __future__ import annotations

import hmac

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import abort

from schemas.common import ProblemSchema
from schemas.sources import SeedReportSchema, SourceDocumentSchema
from seed.load import MAX_DOCUMENT_BYTES
from service.api.trials import NCT_ID_PARAM
from service.commands import admin as admin_c
from service.db import get_write_engine
from service.queries.trial_detail import normalize_nct_id
from service.web.openapi import PROBLEM_JSON, Blueprint

blp = Blueprint(
    "admin",
    __name__,
    url_prefix="/v1/admin",
    description="Seed runs, document uploads and deletions (needs ADMIN_TOKEN).",
)

SECURITY = [{"bearerAuth": []}]
SECURITY_SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "description": "The value of the ADMIN_TOKEN environment variable.",
}
DOCUMENT_TYPES = ("text/plain", "application/octet-stream")
REALM = 'Bearer realm="trials-admin"'
BAD_NAME = "Not a plain file name: letters, digits, '.', '_' and '-' only, no '..'."


def _problem(status: int, description: str) -> dict:
    return {"schema": ProblemSchema, "content_type": PROBLEM_JSON, "description": description}


_AUTH_ERRORS = (
    (401, _problem(401, "No or malformed `Authorization: Bearer` header (admin API on or off).")),
    (
        403,
        _problem(403, "A wrong token, or a token while the admin API is off (ADMIN_TOKEN unset)."),
    ),
)


def _secured(func):
    """The bearer security requirement and its 401/403 responses, in the spec."""
    for status, doc in _AUTH_ERRORS:
        func = blp.alt_response(status, **doc)(func)
    return blp.doc(security=SECURITY)(func)


@blp.before_request
def require_token() -> None:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    given = given.strip()
    if scheme.lower() != "bearer" or not given:
        abort(
            401,
            message="Send the admin token as `Authorization: Bearer <token>`.",
            headers={"WWW-Authenticate": REALM},
        )
    token = current_app.config["SETTINGS"].admin_token
    if not token:
        abort(403, message="The admin API is off: set ADMIN_TOKEN to enable it.")
    if not hmac.compare_digest(given.encode(), token.encode()):
        abort(403, message="The admin token is not valid.")


@blp.url_value_preprocessor
def allow_document_bodies(_endpoint, _values) -> None:
    """An upload may be as large as the seed job accepts (runs before the app's body check)."""
    request.max_content_length = MAX_DOCUMENT_BYTES


@blp.route("/seed")
class SeedRun(MethodView):
    @blp.doc(operationId="run_seed")
    @blp.response(200, SeedReportSchema)
    @_secured
    def post(self):
        """Re-run the seed job

        Loads SEED_DIR as at start-up: changed documents are reloaded, unchanged ones
        skipped, documents gone from the directory removed with their trials. Returns what
        it did; each failed document with its reason.
        """
        return admin_c.run_seed(get_write_engine(), current_app.config["SETTINGS"].seed_dir)


# Documented as application/octet-stream only: the one type of bytes that client generators
# (openapi-python-client) send as a file; text/plain is taken all the same.
_UPLOAD_DOC = {
    "requestBody": {
        "required": True,
        "description": "The document's bytes (classic or modern layout; UTF-8, UTF-16 with a "
        f"BOM, or Windows-1252), at most {MAX_DOCUMENT_BYTES} bytes. Sent as "
        "`application/octet-stream` or `text/plain`.",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    },
}
_NAME_PARAM = {
    "in": "path",
    "name": "name",
    "required": True,
    "description": "File name in SEED_DIR: letters, digits, `.`, `_`, `-`; no path.",
    "schema": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$"},
}


@blp.route("/documents/<string:name>", parameters=[_NAME_PARAM])
class Document(MethodView):
    @blp.doc(operationId="put_document", **_UPLOAD_DOC)
    @blp.response(200, SourceDocumentSchema)
    @blp.alt_response(400, **_problem(400, "A malformed document name."))
    @blp.alt_response(409, **_problem(409, "Another document holds this NCT id."))
    @blp.alt_response(413, **_problem(413, "The document is too large."))
    @blp.alt_response(415, **_problem(415, "Not `text/plain` or `application/octet-stream`."))
    @blp.alt_response(422, **_problem(422, "The document does not parse; `detail` says why."))
    @_secured
    def put(self, name):
        """Upload a document

        Parses the document first: a broken one is refused (422, with the reason) and
        nothing changes. A good one is written into SEED_DIR under `name` (replacing a
        document of that name), so later seed runs keep it, and loaded at once. Returns its
        source entry, as `GET /v1/sources` lists it.
        """
        if not admin_c.valid_document_name(name):
            abort(400, messages={"path": {"name": [BAD_NAME]}})
        if request.mimetype not in DOCUMENT_TYPES:
            abort(415, message=f"Send the document as {' or '.join(DOCUMENT_TYPES)}.")
        data = request.get_data(cache=False)
        if len(data) > MAX_DOCUMENT_BYTES:
            abort(413, message=f"The document is larger than {MAX_DOCUMENT_BYTES} bytes.")
        # a broken document is a 422, an NCT id another document holds or an unwritable
        # SEED_DIR a 409 (service.web.errors)
        return admin_c.store_document(
            get_write_engine(), current_app.config["SETTINGS"].seed_dir, name, data
        )


@blp.route("/trials/<string:nct_id>", parameters=[NCT_ID_PARAM])
class Trial(MethodView):
    @blp.doc(operationId="delete_trial")
    @blp.response(204)
    @blp.alt_response(400, **_problem(400, "A malformed NCT id."))
    @blp.alt_response(404, **_problem(404, "No such trial."))
    @blp.alt_response(409, **_problem(409, "Its document could not be removed from SEED_DIR."))
    @_secured
    def delete(self, nct_id):
        """Delete a trial

        Removes the trial, its source document entry and the document file in SEED_DIR, so
        the next seed run does not load it again.
        """
        nct_id = normalize_nct_id(nct_id)
        admin_c.delete_trial(get_write_engine(), current_app.config["SETTINGS"].seed_dir, nct_id)
