"""The HTTP layer around the views: errors, arguments, the spec, headers, logs and metrics."""
