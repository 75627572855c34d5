"""/docs: Swagger UI over /v1/openapi.json, its assets served from this service (no CDN)."""

from __future__ import annotations

from flask import Blueprint, send_from_directory
from swagger_ui_bundle import swagger_ui_path

docs_blp = Blueprint("docs", __name__, url_prefix="/docs", static_folder=None)

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Trials API docs</title>
  <link rel="stylesheet" href="/docs/static/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/static/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
"""

_INIT = """window.ui = SwaggerUIBundle({
  url: "/v1/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
});
"""


@docs_blp.get("")
def page():
    return _PAGE, 200, {"Content-Type": "text/html; charset=utf-8"}


@docs_blp.get("/init.js")
def init_js():
    return _INIT, 200, {"Content-Type": "text/javascript; charset=utf-8"}


@docs_blp.get("/static/<path:filename>")
def static(filename: str):
    return send_from_directory(swagger_ui_path, filename, max_age=86400)
