"""Entry point of `python -m sheets` (see sheets.cli)."""

import sys

from sheets.cli import main

sys.exit(main())
