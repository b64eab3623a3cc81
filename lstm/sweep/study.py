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
  its whole budget; workers then take waiting trials one at a time (``study.ask``),
  which Optuna hands out exactly once.
- **Storage.** A journal file (the default: one machine, one worker per core) or a
  PostgreSQL database, ``postgresql://user:password@host/database``, when many machines
  work on one sweep: the same command on every machine (:func:`open_storage`).
- **Resuming.** Finished trials stay finished: starting the workers again runs only what
  is left, and a new run (:func:`work`) first enqueues again every trial that failed.
- **Ownership.** A worker writes its name on a trial the moment it takes it. A running
  trial is *lost* when its worker's process on this machine has gone, when no worker wrote
  its name on it within :attr:`Sweep.grace_seconds` of its start (its worker died in
  between), or, on PostgreSQL, when its worker on any machine stopped beating (Optuna's
  heartbeat). A worker that finds no waiting trial fails the lost ones and enqueues each
  again with the same index, at most :data:`RETRIES` times in a run.
- **Errors.** A trial whose objective raises is failed with the error's one-line reason
  (its ``"error"`` user attribute) and is not run again until the next run. A worker
  process hands its error to :func:`work`, which raises it as if the work had run in one
  process: the same one-line ``ValueError`` for unusable data of the reader's own
  (:func:`lstm.reproduce.cli.is_data_error`), a :class:`SweepFailed` with the worker's
  traceback for anything else.
- **A lost database.** On PostgreSQL, a worker retries each storage operation while the
  server cannot be reached, for :attr:`Sweep.reconnect_seconds`, then stops with a
  one-line :class:`StorageUnreachable`; a trial failed meanwhile by the heartbeat is run
  again, and its first run's result is dropped.
"""

from __future__ import annotations

import functools
import importlib
import math
import multiprocessing
import os
import socket
import sys
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import numpy as np
import optuna
import sqlalchemy
from optuna.distributions import BaseDistribution, FloatDistribution, IntDistribution
from optuna.exceptions import UpdateFinishedTrialError
from optuna.storages import JournalStorage, RDBStorage
from optuna.storages._heartbeat import get_heartbeat_thread
from optuna.storages.journal import JournalFileBackend
from optuna.trial import FrozenTrial, TrialState

from lstm.reproduce.cli import is_data_error

POSTGRESQL = "postgresql://"
HEARTBEAT_SECONDS = 30  # PostgreSQL: a worker's trials fail after 3 missed heartbeats
GRACE_SECONDS = 60.0  # a trial nobody owns this long after its start is lost
RECONNECT_SECONDS = 300.0  # how long a worker waits for an unreachable database
POLL_SECONDS = 0.5  # how often an idle worker looks for waiting or lost trials
RETRIES = 3  # a lost trial is enqueued again at most this many times in a run


class SweepFailed(RuntimeError):
    """A trial raised an error, or its workers kept dying: the sweep cannot finish."""


class StorageUnreachable(RuntimeError):
    """The sweep's PostgreSQL database could not be reached for too long."""


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

    Three durations decide when a worker gives up on something, none of them on what a
    trial computes: ``grace_seconds``, how long after its start a running trial may be
    without an owner before it counts as lost (a worker writes its name within
    microseconds of taking a trial, so only a worker killed in between leaves one that
    long); ``heartbeat_seconds``, how often a worker on PostgreSQL beats (its trial is
    lost after three missed beats); ``reconnect_seconds``, how long a worker retries a
    PostgreSQL database it cannot reach. Tests shorten them.
    """

    name: str
    studies: tuple[str, ...]
    trials: int
    space: Mapping[str, BaseDistribution]
    objective: str
    seed: int = 0
    config: Mapping[str, Any] = field(default_factory=dict)
    grace_seconds: float = GRACE_SECONDS
    heartbeat_seconds: int = HEARTBEAT_SECONDS
    reconnect_seconds: float = RECONNECT_SECONDS

    def __post_init__(self) -> None:
        if isinstance(self.trials, bool) or not isinstance(self.trials, int) or self.trials < 1:
            raise ValueError(f"expected trials as an int >= 1, got {self.trials!r}")
        for name, kinds in [
            ("grace_seconds", (int, float)),
            ("heartbeat_seconds", int),  # Optuna's heartbeat counts whole seconds
            ("reconnect_seconds", (int, float)),
        ]:
            seconds = getattr(self, name)
            if isinstance(seconds, bool) or not isinstance(seconds, kinds) or seconds <= 0:
                raise ValueError(f"expected {name} as a number > 0, got {seconds!r}")
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


def open_storage(
    url: str | os.PathLike,
    *,
    heartbeat: int = HEARTBEAT_SECONDS,
    reconnect: float = RECONNECT_SECONDS,
    on_lost: Callable[[optuna.Study, FrozenTrial], None] | None = None,
):
    """The Optuna storage that ``url`` names: a PostgreSQL database
    (``postgresql://...``, with a heartbeat every ``heartbeat`` seconds, ``on_lost``
    called for each trial failed for missed heartbeats, and every operation retried for
    ``reconnect`` seconds while the server cannot be reached) or a journal file (any other
    string or path; its folder is created)."""
    text = str(url)
    if text.startswith(POSTGRESQL):
        return _postgresql(text, heartbeat, reconnect, on_lost)
    scheme = text.split("://", 1)[0] if "://" in text else ""
    if scheme:
        raise ValueError(
            f"expected a journal file path or a {POSTGRESQL}... URL, got a {scheme}:// URL"
        )
    Path(text).parent.mkdir(parents=True, exist_ok=True)
    return JournalStorage(JournalFileBackend(text))


def _postgresql(url: str, heartbeat: int, reconnect: float, on_lost) -> RDBStorage:
    """Optuna's storage in the PostgreSQL database ``url``. Workers that start at once on
    an empty database race to create Optuna's tables; the ones that lose try again, as
    they do while the server cannot be reached."""
    return _retrying(
        lambda: _ReconnectingStorage(
            url,
            engine_kwargs={"pool_pre_ping": True},  # drop connections a restart has closed
            heartbeat_interval=heartbeat,
            grace_period=3 * heartbeat,
            heartbeat_stale_trial_callback=on_lost,
            reconnect_seconds=reconnect,
        ),
        url,
        reconnect,
        also=(sqlalchemy.exc.IntegrityError, optuna.exceptions.StorageInternalError),
    )


def _retrying(operation: Callable, url: str, seconds: float, also: tuple = ()):
    """``operation()``, tried again every :data:`POLL_SECONDS` while it fails for want of
    the database at ``url`` (or with an error of ``also``), for at most ``seconds``; then
    :class:`StorageUnreachable` says so in one line."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return operation()
        except (sqlalchemy.exc.SQLAlchemyError, optuna.exceptions.StorageInternalError) as error:
            if not any(
                isinstance(e, (sqlalchemy.exc.OperationalError, *also)) for e in _chain(error)
            ):
                raise
            if time.monotonic() > deadline:
                reason = _one_line(error.__cause__ or error)
                raise StorageUnreachable(
                    f"expected to reach the database {url} within {seconds:g} s, "
                    f"but it is still unreachable: {reason}"
                ) from None
            time.sleep(POLL_SECONDS)


def _chain(error: BaseException):
    """``error`` and every exception it was raised from or while handling. Optuna wraps
    SQLAlchemy's error, which wraps the driver's; and a query Optuna tries again in a
    transaction the lost connection has spoiled fails with a ``PendingRollbackError``
    raised while handling the ``OperationalError`` that says the server went away."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


class _ReconnectingStorage(RDBStorage):
    """Optuna's storage in a PostgreSQL database, whose every operation outlasts a
    server that is briefly unreachable (restarted, or its network lost): each is tried
    again until it succeeds or ``reconnect_seconds`` have passed (:func:`_retrying`).
    An operation is one transaction, so trying it again is safe; one whose commit
    reached the server though its answer was lost is judged by the caller (a trial told
    twice is already finished, see :func:`_run_trial`)."""

    def __init__(self, url: str, *, reconnect_seconds: float, **options) -> None:
        super().__init__(url, **options)
        self.reconnect_seconds = reconnect_seconds


def _reconnecting(method: Callable) -> Callable:
    @functools.wraps(method)
    def operation(self: _ReconnectingStorage, *args, **kwargs):
        return _retrying(lambda: method(self, *args, **kwargs), self.url, self.reconnect_seconds)

    return operation


#: The operations that Optuna's cache in front of an RDBStorage hands to the database.
_DATABASE_OPERATIONS = (
    "create_new_study",
    "delete_study",
    "set_study_user_attr",
    "set_study_system_attr",
    "get_study_id_from_name",
    "get_study_name_from_id",
    "get_study_directions",
    "get_study_user_attrs",
    "get_study_system_attrs",
    "get_all_studies",
    "_create_new_trial",
    "_set_trial_param",
    "get_trial_id_from_study_id_trial_number",
    "set_trial_state_values",
    "set_trial_intermediate_value",
    "set_trial_user_attr",
    "set_trial_system_attr",
    "get_trial",
    "_get_trials",
    "_get_best_trial_id",
    "record_heartbeat",
    "_get_stale_trial_ids",
)
for _name in _DATABASE_OPERATIONS:
    setattr(_ReconnectingStorage, _name, _reconnecting(getattr(RDBStorage, _name)))


def work(sweep: Sweep, storage: str | os.PathLike, *, workers: int = 1) -> None:
    """Run ``workers`` worker processes (one thread each) on ``sweep`` until every trial
    of its budget has finished; with ``workers=1`` the work runs in this process. The
    trials that failed in an earlier run are enqueued again first.

    A worker's error is raised here as if the work had run in this process: a
    ``ValueError`` about the reader's own data as that same one-line ``ValueError``,
    anything else as :class:`SweepFailed` with the worker's traceback."""
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"expected workers as an int >= 1, got {workers!r}")
    _enqueue_failed(sweep, storage)
    if workers == 1:
        worker(sweep, storage)
        return
    context = multiprocessing.get_context("spawn")
    pipes = [context.Pipe(duplex=False) for _ in range(workers)]
    processes = [
        context.Process(target=_worker_process, args=(sweep, storage, send)) for _, send in pipes
    ]
    for process in processes:
        process.start()
    reports = []
    for process, (receive, send) in zip(processes, pipes, strict=True):
        send.close()  # the worker's end: once the worker has gone, recv() stops waiting
        try:
            reports.append(receive.recv())
        except EOFError:  # killed before it could report
            pass
        process.join()
    errors = sorted((report for report in reports if report is not None), key=_rank)
    if errors:
        _raise(errors[0])
    failed = [process.exitcode for process in processes if process.exitcode != 0]
    if failed:
        raise SweepFailed(f"{len(failed)} of {workers} workers stopped with exit codes {failed}")


def worker(sweep: Sweep, storage: str | os.PathLike) -> None:
    """One worker: take waiting trials, study by study, until every study's budget is
    complete; when none is waiting, fail and enqueue again the lost trials, or wait for
    the running ones."""
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    store = open_storage(
        storage,
        heartbeat=sweep.heartbeat_seconds,
        reconnect=sweep.reconnect_seconds,
        on_lost=functools.partial(_enqueue_again, sweep),
    )
    studies = [_create_or_load(sweep, name, store) for name in sweep.studies]
    objective = _resolve(sweep.objective)
    idle_before = False
    while True:
        unfinished = [study for study in studies if len(_finished(study)) < sweep.trials]
        if not unfinished:
            return
        waiting = next((s for s in unfinished if _count(s, TrialState.WAITING)), None)
        if waiting is not None:
            _run_trial(sweep, waiting, objective)
            idle_before = False
            continue
        for study in unfinished:
            _fail_lost_trials(sweep, study)
            optuna.storages.fail_stale_trials(study)
        idle = not any(
            _count(s, TrialState.WAITING) or _count(s, TrialState.RUNNING) for s in unfinished
        )
        if idle and idle_before:  # twice in a row: no other worker is about to re-enqueue
            _raise_for_failed_trials(sweep, unfinished)
        idle_before = idle
        time.sleep(POLL_SECONDS)


def results(sweep: Sweep, storage: str | os.PathLike) -> dict[str, list[dict]]:
    """Every finished trial of every study, in index order: ``{study: [{"index",
    "params", "value", ...what the objective measured...}]}``. Raises
    :class:`SweepIncomplete` unless every study has finished its whole budget."""
    out = {}
    for name, study in _studies(sweep, storage).items():
        if study is None:
            raise SweepIncomplete(f"{sweep.study_name(name)}: no such study yet in {storage}")
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
    return {
        name: len(_finished(study)) if study else 0
        for name, study in _studies(sweep, storage).items()
    }


def failures(sweep: Sweep, storage: str | os.PathLike) -> dict[str, list[tuple[int, str]]]:
    """The failed trials of each study whose index has not finished since: ``(index,
    reason)`` in trial order, the reason being the objective's one-line error or that
    the trial was lost (its worker died or lost the database)."""
    return {
        name: _failed(study) if study else [] for name, study in _studies(sweep, storage).items()
    }


def _studies(sweep: Sweep, storage: str | os.PathLike) -> dict[str, optuna.Study | None]:
    """Each study of the sweep in ``storage`` (None for one not created yet)."""
    store = open_storage(storage, reconnect=sweep.reconnect_seconds)
    found = {}
    for name in sweep.studies:
        try:
            found[name] = optuna.load_study(study_name=sweep.study_name(name), storage=store)
        except KeyError:
            found[name] = None
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
        _enqueue(sweep, study, index)
    study.set_user_attr("enqueued", sweep.trials)
    return study


def _enqueue(sweep: Sweep, study: optuna.Study, index: int) -> None:
    """Enqueue trial ``index``: its hyperparameters (:func:`draw`) and its index."""
    study.enqueue_trial(draw(sweep.space, sweep.seed, index), user_attrs={"index": index})


def _enqueue_failed(sweep: Sweep, storage: str | os.PathLike) -> None:
    """At the start of a run: enqueue again each index whose trials all failed (none
    finished, waits or runs), so that a run after an error tries again rather than stop
    at once."""
    for study in _studies(sweep, storage).values():
        if study is None or study.user_attrs.get("enqueued") != sweep.trials:
            continue  # not created yet, or its first worker is still enqueueing the budget
        taken = {
            trial.user_attrs["index"]
            for trial in study.get_trials(
                deepcopy=False,
                states=(TrialState.COMPLETE, TrialState.WAITING, TrialState.RUNNING),
            )
            if "index" in trial.user_attrs
        }
        for index in sorted({index for index, _ in _failed(study)} - taken):
            _enqueue(sweep, study, index)


def _enqueue_again(sweep: Sweep, study: optuna.Study, trial: FrozenTrial) -> None:
    """Enqueue a lost trial's index again, unless that index has been lost more than
    :data:`RETRIES` times (then only a new run tries it again). Called by the worker that
    failed the trial, and by Optuna's heartbeat for a trial that stopped beating."""
    index = trial.user_attrs["index"]
    lost = [
        earlier
        for earlier in study.get_trials(deepcopy=False, states=(TrialState.FAIL,))
        if earlier.user_attrs.get("index") == index and "error" not in earlier.user_attrs
    ]
    if len(lost) <= RETRIES:
        _enqueue(sweep, study, index)


def _run_trial(sweep: Sweep, study: optuna.Study, function: Callable) -> None:
    """Take a waiting trial of ``study``, own it, run ``function`` on its index and fixed
    hyperparameters, and tell the study its value; the rest of what it measured, its wall
    time and its worker are kept as the trial's user attributes.

    If ``function`` raises, the trial fails with the one-line reason as its ``"error"``
    user attribute, and the error goes on up. A trial that another worker failed as lost
    meanwhile (it was enqueued again) is left as it is, its result dropped."""
    _, study_label = study.study_name.split("/", 1)
    trial = study.ask()
    index = trial.user_attrs.get("index")
    if index is None:  # another worker took the last waiting trial first
        study.tell(trial, state=TrialState.PRUNED)
        return
    try:
        trial.set_user_attr("worker", _this_worker())
        with get_heartbeat_thread(trial._trial_id, study._storage):
            params = {
                name: (
                    trial.suggest_int if isinstance(d, IntDistribution) else trial.suggest_float
                )(name, d.low, d.high, log=d.log)
                for name, d in sweep.space.items()
            }
            start = time.perf_counter()
            try:
                measured = function(study_label, index, params, dict(sweep.config))
                if "value" not in measured:
                    raise SweepFailed(f"{sweep.objective} returned no 'value': {sorted(measured)}")
            except Exception as error:
                trial.set_user_attr("error", _one_line(error))
                study.tell(trial, state=TrialState.FAIL, skip_if_finished=True)
                raise
            for key, number in measured.items():
                if key != "value":
                    trial.set_user_attr(key, number)
            trial.set_user_attr("seconds", time.perf_counter() - start)
            study.tell(trial, float(measured["value"]), skip_if_finished=True)
    except UpdateFinishedTrialError:
        pass  # failed as lost by another worker, and enqueued again


def _finished(study: optuna.Study) -> dict[int, FrozenTrial]:
    """The first finished trial of each index."""
    finished = {}
    for trial in study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)):
        finished.setdefault(trial.user_attrs["index"], trial)
    return finished


def _failed(study: optuna.Study) -> list[tuple[int, str]]:
    """``(index, reason)`` of each failed trial whose index has not finished since."""
    finished = _finished(study)
    return [
        (trial.user_attrs["index"], trial.user_attrs.get("error", LOST))
        for trial in study.get_trials(deepcopy=False, states=(TrialState.FAIL,))
        if "index" in trial.user_attrs and trial.user_attrs["index"] not in finished
    ]


#: The reason of a failed trial without an error of its own.
LOST = "lost: its worker died or lost the database before the trial finished"


def _count(study: optuna.Study, state: TrialState) -> int:
    return len(study.get_trials(deepcopy=False, states=(state,)))


def _row(trial: FrozenTrial) -> dict:
    measured = {k: v for k, v in trial.user_attrs.items() if k not in ("index", "worker")}
    return {
        "index": trial.user_attrs["index"],
        "params": trial.params,
        "value": trial.value,
        **measured,
    }


def _one_line(error: BaseException) -> str:
    """``"Type: message"``, the message cut to its first line."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__


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


def _lost(sweep: Sweep, trial: FrozenTrial) -> bool:
    """Whether a running trial is lost: its worker on this machine has died, or no
    worker has owned it for :attr:`Sweep.grace_seconds` since it started (the worker
    that took it died before it could write its name)."""
    worker = trial.user_attrs.get("worker")
    if worker is not None:
        return not _alive(worker)
    age = datetime.now() - trial.datetime_start  # Optuna keeps local times
    return age.total_seconds() > sweep.grace_seconds


def _fail_lost_trials(sweep: Sweep, study: optuna.Study) -> None:
    """Fail the lost running trials (:func:`_lost`) and enqueue each again."""
    for trial in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
        if not _lost(sweep, trial):
            continue
        try:
            failed = study._storage.set_trial_state_values(trial._trial_id, state=TrialState.FAIL)
        except UpdateFinishedTrialError:
            continue  # another worker got there first, or its worker has just finished it
        if failed:
            _enqueue_again(sweep, study, study._storage.get_trial(trial._trial_id))


def _raise_for_failed_trials(sweep: Sweep, studies: list[optuna.Study]) -> None:
    """Nothing waits or runs, yet trials are missing: each failed for good in this run
    (an error in the objective, or a trial lost more than :data:`RETRIES` times) — or the
    first worker is still enqueueing a budget."""
    if any(study.user_attrs.get("enqueued") != sweep.trials for study in studies):
        return
    failed = {study.study_name: dict(_failed(study)) for study in studies}
    raise SweepFailed(
        "trials failed and will not be retried in this run (the next run tries them again): "
        + "; ".join(
            f"{name}: {sorted(reasons)} ({'; '.join(sorted(set(reasons.values())))})"
            for name, reasons in failed.items()
            if reasons
        )
    )


def _worker_process(sweep: Sweep, storage: str | os.PathLike, report: Connection) -> None:
    """A worker in a process of its own (:func:`work`): it sends ``report`` None when the
    sweep has finished, or its error as :class:`WorkerError`, and then exits with 1
    without printing a traceback, for the parent to raise."""
    try:
        worker(sweep, storage)
    except Exception as error:
        report.send(WorkerError.of(error))
        sys.exit(1)
    report.send(None)


@dataclass(frozen=True)
class WorkerError:
    """A worker process's error, as its parent receives it: its one-line message, its
    traceback, and whether it is about the reader's own data."""

    message: str
    traceback: str
    data: bool
    sweep_failed: bool

    @classmethod
    def of(cls, error: Exception) -> WorkerError:
        return cls(
            message=str(error).strip(),
            traceback="".join(traceback.format_exception(error)),
            data=is_data_error(error),
            sweep_failed=isinstance(error, SweepFailed),
        )


def _rank(report: WorkerError) -> int:
    """Which worker's error :func:`work` raises: one about the data, else a trial's own
    error, before the :class:`SweepFailed` that other workers raise after it."""
    return 0 if report.data else 2 if report.sweep_failed else 1


def _raise(report: WorkerError) -> None:
    if report.data:
        raise ValueError(report.message)
    raise SweepFailed(f"a worker stopped with an error:\n{report.traceback}")


def _resolve(objective: str) -> Callable:
    module, _, function = objective.partition(":")
    try:
        return getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError) as error:
        raise ValueError(f"cannot import the objective {objective!r}: {error}") from None
