"""``python -m reportdiff``: the command-line interface."""

from reportdiff.cli import main

raise SystemExit(main())
