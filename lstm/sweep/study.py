"""The sweep engine: random searches of many training runs, as Optuna studies.

Greff et al. (2017) trained 5,400 networks: 200 random-search trials for each of nine
architectures on three tasks. A :class:`Sweep` describes such a search: its studies (one
per task and architecture), a budget of trials per study, the search space and the
objective that trains one network. The engine runs it on Optuna; nothing here schedules
work itself.

- **Trials are defined by their index.** Trial ``k`` of every study gets the same
  hyperparameters and the same seed, drawn from ``(seed, k)`` alone (:func:`draw`), so the
  architectures are compared on the same draws, and the result does not depend on which
  worker ran which trial, in which order. The first worker to create a study enqueues
  its whole budget; workers then take waiting trials one at a time
  (``study.optimize(n_trials=1)``), which Optuna hands out exactly once.
- **Storage.** A journal file (the default: one machine, one worker per core) or a
  PostgreSQL database, ``postgresql://user:password@host/database``, when many machines
  work on one sweep: the same command on every machine (:func:`open_storage`).
- **Resuming.** Finished trials stay finished: starting the workers again runs only what
  is left. A trial whose worker died (killed, or its machine lost) is marked failed and
  enqueued again with the same index, by Optuna's ``RetryFailedTrialCallback``: a worker
  that finds no waiting trial checks the running ones, and fails those whose process on
  this machine has gone; on PostgreSQL, Optuna's heartbeat also fails the trials of
  workers on other machines that stopped beating.
"""

from __future__ import annotations

import importlib
import math
import multiprocessing
import os
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import optuna
import sqlalchemy
from optuna.distributions import BaseDistribution, FloatDistribution, IntDistribution
from optuna.storages import JournalStorage, RDBStorage, RetryFailedTrialCallback
from optuna.storages.journal import JournalFileBackend
from optuna.trial import TrialState

POSTGRESQL = "postgresql://"
HEARTBEAT_SECONDS = 30  # PostgreSQL: a worker's trials fail after 3 missed heartbeats
POLL_SECONDS = 0.5  # how often an idle worker looks for waiting or orphaned trials
RETRIES = 3  # a trial whose worker died is enqueued again at most this many times


class SweepFailed(RuntimeError):
    """A trial raised an error, or its workers kept dying: the sweep cannot finish."""


class SweepIncomplete(RuntimeError):
    """The sweep's results were asked for before every trial of its budget finished."""


@dataclass(frozen=True)
class Sweep:
    """A random search: ``trials`` trials in each of ``studies``, drawn from ``space``.

    ``objective`` names a function as ``"module:function"`` (so that worker processes,
    and workers on other machines, can import it), called for each trial as
    ``function(study, index, params, config)``; it returns a dict of numbers with the
    trial's ``"value"`` (to minimise) and whatever else the trial measured. ``name``
    prefixes every study's name in the storage: two sweeps with different names never
    share trials.
    """

    name: str
    studies: tuple[str, ...]
    trials: int
    space: Mapping[str, BaseDistribution]
    objective: str
    seed: int = 0
    config: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.trials, bool) or not isinstance(self.trials, int) or self.trials < 1:
            raise ValueError(f"expected trials as an int >= 1, got {self.trials!r}")
        if not self.studies or len(set(self.studies)) != len(self.studies):
            raise ValueError(f"expected distinct study names, got {self.studies!r}")
        for name, distribution in self.space.items():
            if not isinstance(distribution, (FloatDistribution, IntDistribution)):
                raise ValueError(
                    f"expected a FloatDistribution or IntDistribution for {name!r}, "
                    f"got {type(distribution).__name__}"
                )
        module, _, function = self.objective.partition(":")
        if not module or not function:
            raise ValueError(f"expected objective as 'module:function', got {self.objective!r}")

    def study_name(self, study: str) -> str:
        return f"{self.name}/{study}"


def draw(space: Mapping[str, BaseDistribution], seed: int, index: int) -> dict[str, float]:
    """The hyperparameters of trial ``index``: each drawn independently from its
    distribution (uniform, or uniform in the logarithm where ``log=True``; integers
    rounded), by a generator seeded with ``(seed, index)`` alone."""
    rng = np.random.default_rng([seed, index])
    params = {}
    for name, distribution in space.items():
        low, high = distribution.low, distribution.high
        if distribution.log:
            value = math.exp(rng.uniform(math.log(low), math.log(high)))
        else:
            value = rng.uniform(low, high)
        if isinstance(distribution, IntDistribution):
            value = min(max(round(value), low), high)
        params[name] = value
    return params


def open_storage(url: str | os.PathLike, *, heartbeat: int = HEARTBEAT_SECONDS):
    """The Optuna storage that ``url`` names: a PostgreSQL database
    (``postgresql://...``, with a heartbeat every ``heartbeat`` seconds) or a journal file
    (any other string or path; its folder is created)."""
    text = str(url)
    if text.startswith(POSTGRESQL):
        return _postgresql(text, heartbeat)
    scheme = text.split("://", 1)[0] if "://" in text else ""
    if scheme:
        raise ValueError(
            f"expected a journal file path or a {POSTGRESQL}... URL, got a {scheme}:// URL"
        )
    Path(text).parent.mkdir(parents=True, exist_ok=True)
    return JournalStorage(JournalFileBackend(text))


def _postgresql(url: str, heartbeat: int, attempts: int = 5) -> RDBStorage:
    """Optuna's storage in the PostgreSQL database ``url``. Workers that start at once on
    an empty database race to create Optuna's tables; the ones that lose try again."""

    def connect() -> RDBStorage:
        return RDBStorage(
            url,
            heartbeat_interval=heartbeat,
            grace_period=3 * heartbeat,
            heartbeat_stale_trial_callback=RetryFailedTrialCallback(max_retry=RETRIES),
        )

    for _ in range(attempts - 1):
        try:
            return connect()
        except (sqlalchemy.exc.IntegrityError, optuna.exceptions.StorageInternalError):
            time.sleep(POLL_SECONDS)
    return connect()


def work(sweep: Sweep, storage: str | os.PathLike, *, workers: int = 1) -> None:
    """Run ``workers`` worker processes (one thread each) on ``sweep`` until every trial
    of its budget has finished; with ``workers=1`` the work runs in this process.
    Raises :class:`SweepFailed` if a worker stops with an error."""
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"expected workers as an int >= 1, got {workers!r}")
    if workers == 1:
        worker(sweep, storage)
        return
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=worker, args=(sweep, storage)) for _ in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    failed = [process.exitcode for process in processes if process.exitcode != 0]
    if failed:
        raise SweepFailed(f"{len(failed)} of {workers} workers stopped with exit codes {failed}")


def worker(sweep: Sweep, storage: str | os.PathLike) -> None:
    """One worker: take waiting trials, study by study, until every study's budget is
    complete; when none is waiting, re-enqueue the trials of dead workers, or wait for
    the running ones."""
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    store = open_storage(storage)
    studies = [_create_or_load(sweep, name, store) for name in sweep.studies]
    objective = _resolve(sweep.objective)
    idle_before = False
    while True:
        unfinished = [study for study in studies if len(_finished(study)) < sweep.trials]
        if not unfinished:
            return
        waiting = next((s for s in unfinished if _count(s, TrialState.WAITING)), None)
        if waiting is not None:
            waiting.optimize(_objective(sweep, waiting, objective), n_trials=1)
            idle_before = False
            continue
        for study in unfinished:
            _retry_dead_workers(study)
            optuna.storages.fail_stale_trials(study)
        idle = not any(
            _count(s, TrialState.WAITING) or _count(s, TrialState.RUNNING) for s in unfinished
        )
        if idle and idle_before:  # twice in a row: no other worker is about to re-enqueue
            _raise_for_lost_trials(sweep, unfinished)
        idle_before = idle
        time.sleep(POLL_SECONDS)


def results(sweep: Sweep, storage: str | os.PathLike) -> dict[str, list[dict]]:
    """Every finished trial of every study, in index order: ``{study: [{"index",
    "params", "value", ...what the objective measured...}]}``. Raises
    :class:`SweepIncomplete` unless every study has finished its whole budget."""
    store = open_storage(storage)
    out = {}
    for name in sweep.studies:
        try:
            study = optuna.load_study(study_name=sweep.study_name(name), storage=store)
        except KeyError:
            raise SweepIncomplete(
                f"{sweep.study_name(name)}: no such study yet in {storage}"
            ) from None
        finished = _finished(study)
        if len(finished) < sweep.trials:
            raise SweepIncomplete(
                f"{sweep.study_name(name)}: {len(finished)} of {sweep.trials} trials finished "
                f"in {storage}; start the workers again to finish it"
            )
        out[name] = [_row(finished[index]) for index in range(sweep.trials)]
    return out


def progress(sweep: Sweep, storage: str | os.PathLike) -> dict[str, int]:
    """How many trials of each study have finished (0 for a study not created yet)."""
    store = open_storage(storage)
    found = {}
    for name in sweep.studies:
        try:
            study = optuna.load_study(study_name=sweep.study_name(name), storage=store)
        except KeyError:
            found[name] = 0
            continue
        found[name] = len(_finished(study))
    return found


def _create_or_load(sweep: Sweep, name: str, storage) -> optuna.Study:
    """The study ``name`` of the sweep; the worker that creates it enqueues its budget."""
    study_name = sweep.study_name(name)
    sampler = optuna.samplers.RandomSampler(seed=sweep.seed)
    try:
        study = optuna.create_study(study_name=study_name, storage=storage, sampler=sampler)
    except optuna.exceptions.DuplicatedStudyError:
        return optuna.load_study(study_name=study_name, storage=storage, sampler=sampler)
    for index in range(sweep.trials):
        study.enqueue_trial(draw(sweep.space, sweep.seed, index), user_attrs={"index": index})
    study.set_user_attr("enqueued", sweep.trials)
    return study


def _objective(sweep: Sweep, study: optuna.Study, function: Callable) -> Callable:
    """The Optuna objective of one study: the trial's index and fixed hyperparameters
    in, ``function``'s value out; the rest of what it measured, its wall time and its
    worker are kept as the trial's user attributes."""
    _, study_label = study.study_name.split("/", 1)

    def objective(trial: optuna.Trial) -> float:
        index = trial.user_attrs.get("index")
        if index is None:  # another worker took the last waiting trial first
            raise optuna.TrialPruned("no waiting trial of the budget was left")
        trial.set_user_attr("worker", {"trial": trial.number, **_this_worker()})
        params = {
            name: (trial.suggest_int if isinstance(d, IntDistribution) else trial.suggest_float)(
                name, d.low, d.high, log=d.log
            )
            for name, d in sweep.space.items()
        }
        start = time.perf_counter()
        measured = function(study_label, index, params, dict(sweep.config))
        if "value" not in measured:
            raise SweepFailed(f"{sweep.objective} returned no 'value': {sorted(measured)}")
        for key, number in measured.items():
            if key != "value":
                trial.set_user_attr(key, number)
        trial.set_user_attr("seconds", time.perf_counter() - start)
        return float(measured["value"])

    return objective


def _finished(study: optuna.Study) -> dict[int, optuna.trial.FrozenTrial]:
    """The first finished trial of each index."""
    finished = {}
    for trial in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)):
        finished.setdefault(trial.user_attrs["index"], trial)
    return finished


def _count(study: optuna.Study, state: TrialState) -> int:
    return len(study.get_trials(deepcopy=False, states=(state,)))


def _row(trial: optuna.trial.FrozenTrial) -> dict:
    measured = {k: v for k, v in trial.user_attrs.items() if k not in ("index", "worker")}
    return {
        "index": trial.user_attrs["index"],
        "params": trial.params,
        "value": trial.value,
        **measured,
    }


def _this_worker() -> dict:
    return {"host": socket.gethostname(), "pid": os.getpid(), "started": _start_time(os.getpid())}


def _start_time(pid: int) -> str:
    """When process ``pid`` started (Linux: clock ticks since boot), so that a reused
    process id is not taken for the worker that died; "" where /proc is missing."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def _alive(worker: Mapping[str, Any]) -> bool:
    """Whether the worker process of a running trial is still running (on this host;
    workers on other hosts are judged by the heartbeat, and counted alive here)."""
    if worker.get("host") != socket.gethostname():
        return True
    try:
        os.kill(worker["pid"], 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return worker.get("started", "") == _start_time(worker["pid"])


def _retry_dead_workers(study: optuna.Study) -> None:
    """Fail the running trials whose worker on this machine has died, and enqueue them
    again (Optuna's ``RetryFailedTrialCallback``, at most :data:`RETRIES` times)."""
    retry = RetryFailedTrialCallback(max_retry=RETRIES)
    for trial in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
        worker = trial.user_attrs.get("worker")
        if worker is None or worker["trial"] != trial.number or _alive(worker):
            continue  # not started yet (a retried trial keeps its first run's attributes)
        try:
            failed = study._storage.set_trial_state_values(trial._trial_id, state=TrialState.FAIL)
        except optuna.exceptions.UpdateFinishedTrialError:
            continue  # another worker got there first
        if failed:
            retry(study, study._storage.get_trial(trial._trial_id))


def _raise_for_lost_trials(sweep: Sweep, studies: list[optuna.Study]) -> None:
    """Nothing waits or runs, yet trials are missing: each failed for good (an error in
    the objective, or a worker that died more than :data:`RETRIES` times) — or the first
    worker is still enqueueing a budget."""
    if any(study.user_attrs.get("enqueued") != sweep.trials for study in studies):
        return
    lost = {
        study.study_name: sorted(set(range(sweep.trials)) - set(_finished(study)))
        for study in studies
    }
    raise SweepFailed(
        "trials failed and will not be retried (see the failing worker's error): "
        + "; ".join(f"{name}: {indices}" for name, indices in lost.items())
    )


def _resolve(objective: str) -> Callable:
    module, _, function = objective.partition(":")
    try:
        return getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError) as error:
        raise ValueError(f"cannot import the objective {objective!r}: {error}") from None
