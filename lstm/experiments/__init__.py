"""One folder per chapter of the book, each with the same three files (``experiment.py``,
``show.py``, ``claims.py``); :mod:`lstm.reproduce.registry` lists them."""
