"""``python -m lstm``: run the book's experiments (see :mod:`lstm.reproduce.cli`)."""

from lstm.reproduce.cli import main

raise SystemExit(main())
