"""Where an experiment keeps its sweep's trials, and how many workers this machine runs.

An experiment that runs on the sweep engine (:mod:`lstm.sweep.study`) keeps its trials in
a journal file of its own under ``data/cache/sweeps/``, named after the sweep, so that an
interrupted run resumes where it stopped. Two environment variables change that:
``LSTM_SWEEP_STORAGE`` names another storage (a PostgreSQL URL that many machines share),
and ``LSTM_SWEEP_WORKERS`` how many worker processes this machine runs (default 2).
"""

from __future__ import annotations

import os

from lstm.reproduce import results
from lstm.sweep import study as engine

STORAGE_ENV = "LSTM_SWEEP_STORAGE"
WORKERS_ENV = "LSTM_SWEEP_WORKERS"
SWEEP_DIR = results.REPOSITORY / "data" / "cache" / "sweeps"


def storage(search: engine.Sweep) -> str:
    """Where the trials are kept: ``LSTM_SWEEP_STORAGE``, or the search's own journal
    file in ``data/cache/sweeps/``."""
    return os.environ.get(STORAGE_ENV) or str(SWEEP_DIR / f"{search.name}.journal")


def workers() -> int:
    """How many worker processes this machine runs: ``LSTM_SWEEP_WORKERS`` (default 2)."""
    text = os.environ.get(WORKERS_ENV, "2")
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"expected {WORKERS_ENV} to be an int >= 1, got {text!r}")
    return int(text)


def finish(search: engine.Sweep) -> dict[str, list[dict]]:
    """Run this machine's workers on ``search`` until its budget is done, and return every
    study's trials (:func:`lstm.sweep.study.results`)."""
    engine.work(search, storage(search), workers=workers())
    return engine.results(search, storage(search))
