"""``python -m seed``: see ``seed.cli``."""

import sys

from seed.cli import main

if __name__ == "__main__":
    sys.exit(main())
