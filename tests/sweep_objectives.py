"""Objectives and dying workers for the sweep engine's tests, importable by worker
processes by name."""

import os
import signal
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


#: What a chapter's reader sees for a TIMIT folder that is not one (one line).
BAD_DATA = "LSTM_TIMIT_DIR=/nowhere is not a TIMIT folder: expected a folder, none there"


def bad_data(study: str, index: int, params: dict, config: dict) -> dict:
    """Trial 1 of study "a" finds the reader's data unusable, until ``config["marks"]``
    holds a file "data-fixed"."""
    if study == "a" and index == 1 and not (Path(config["marks"]) / "data-fixed").exists():
        raise ValueError(BAD_DATA)
    return slow_square(study, index, params, config)


def killed_once(study: str, index: int, params: dict, config: dict) -> dict:
    """:func:`slow_square`, but the first run of trial 1 of study "a" kills its own
    process in the middle (and leaves the file "killed" in ``config["marks"]``)."""
    killed = Path(config["marks"]) / "killed"
    if study == "a" and index == 1 and not killed.exists():
        killed.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return slow_square(study, index, params, config)


def worker_killed_after_taking_a_trial(sweep, storage) -> None:
    """A worker process that dies right after it took a trial (RUNNING, no owner yet)."""
    from lstm.sweep import study as engine

    store = engine.open_storage(storage)
    first = [engine._create_or_load(sweep, name, store) for name in sweep.studies][0]
    first.ask()
    os.kill(os.getpid(), signal.SIGKILL)


def worker_killed_while_writing(sweep, storage) -> None:
    """A worker process that dies while it writes its first trial's result: after the
    measured "units", before "seed" and before the trial is told it is complete."""
    import optuna

    from lstm.sweep import study as engine

    write = optuna.trial.Trial.set_user_attr

    def set_user_attr(trial, key, value):
        write(trial, key, value)
        if key == "units":
            os.kill(os.getpid(), signal.SIGKILL)

    optuna.trial.Trial.set_user_attr = set_user_attr
    engine.worker(sweep, storage)
