"""Developer tools: run from a checkout (``python -m tools.<name>``), not installed, not in the
image. They may import ``seed`` and ``domain``; nothing of the runtime imports them."""
