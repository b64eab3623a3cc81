"""Objectives for the sweep engine's tests, importable by worker processes by name."""

import os
import time
from pathlib import Path


def slow_square(study: str, index: int, params: dict, config: dict) -> dict:
    """A trial that takes ``config["seconds"]``, leaves a file per start and per finish in
    ``config["marks"]`` (so a test can see it run and kill its worker), and scores
    ``(x - 0.3)**2`` plus 10 for study "b"."""
    marks = Path(config["marks"])
    (marks / f"start-{study}-{index}-{os.getpid()}-{time.monotonic_ns()}").touch()
    time.sleep(config["seconds"])
    value = (params["x"] - 0.3) ** 2 + (10.0 if study == "b" else 0.0)
    (marks / f"finish-{study}-{index}-{os.getpid()}-{time.monotonic_ns()}").touch()
    return {"value": value, "units": params["units"], "seed": 1000 + index}


def broken(study: str, index: int, params: dict, config: dict) -> dict:
    """A trial with a bug in it: trial 1 of study "a"."""
    if study == "a" and index == 1:
        raise ZeroDivisionError("a bug in trial 1")
    return {"value": 0.0}


def no_value(study: str, index: int, params: dict, config: dict) -> dict:
    return {"loss": 1.0}
