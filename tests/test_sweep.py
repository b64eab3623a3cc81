"""The sweep engine (lstm.sweep.study), on a journal file and on a real PostgreSQL server.

The PostgreSQL tests start a throw-away server from Debian's ``postgresql`` package in a
temporary folder (as the postgres user where the tests run as root); they are skipped
where the server is not installed, except in CI, where that is a failure.
"""

import dataclasses
import glob
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import optuna
import pytest
import sweep_objectives
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.trial import TrialState

from lstm.sweep import local
from lstm.sweep import study as engine
from lstm.sweep.study import StorageUnreachable, Sweep, SweepFailed, SweepIncomplete

SPACE = {
    "x": FloatDistribution(0.0, 1.0),
    "lr": FloatDistribution(1e-6, 1e-2, log=True),
    "units": IntDistribution(8, 64, log=True),
}


def make_sweep(marks: Path, *, seconds=0.05, trials=6, objective="sweep_objectives:slow_square"):
    marks.mkdir(exist_ok=True)
    return Sweep(
        name="test-sweep",
        studies=("a", "b"),
        trials=trials,
        space=SPACE,
        objective=objective,
        seed=7,
        config={"marks": str(marks), "seconds": seconds},
        grace_seconds=2.0,  # a worker killed before it owned its trial costs seconds, not minutes
    )


def expected_rows(sweep):
    rows = {}
    for name in sweep.studies:
        rows[name] = []
        for index in range(sweep.trials):
            params = engine.draw(sweep.space, sweep.seed, index)
            value = (params["x"] - 0.3) ** 2 + (10.0 if name == "b" else 0.0)
            rows[name].append((index, params, value))
    return rows


def complete_indices(sweep, storage, name):
    """The index of every COMPLETE trial of study ``name``, repeats included."""
    study = optuna.load_study(
        study_name=sweep.study_name(name), storage=engine.open_storage(storage)
    )
    return sorted(t.user_attrs["index"] for t in study.get_trials(states=(TrialState.COMPLETE,)))


def assert_every_trial_finished_once(sweep, storage):
    found = engine.results(sweep, storage)
    for name, expected in expected_rows(sweep).items():
        got = [(row["index"], row["params"], row["value"]) for row in found[name]]
        assert got == expected
        assert all(row["seed"] == 1000 + row["index"] for row in found[name])
        assert all(row["seconds"] >= sweep.config["seconds"] for row in found[name])
        assert complete_indices(sweep, storage, name) == list(range(sweep.trials))
    return found


def assert_not_started_again(marks, done_before):
    """The trials finished before an interruption were not started after it."""
    for name, indices in done_before.items():
        for index in indices:
            assert len(list(marks.glob(f"start-{name}-{index}-*"))) == 1, (name, index)


def start_workers(sweep, storage, count):
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=engine.worker, args=(sweep, storage)) for _ in range(count)]
    for process in processes:
        process.start()
    return processes


def wait_for(condition, process, seconds=60.0):
    deadline = time.monotonic() + seconds
    while not condition():
        if process.exitcode is not None:
            raise AssertionError(f"the worker stopped early, with exit code {process.exitcode}")
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


def kill_mid_trial(sweep, storage, marks):
    """Two workers on one sweep; the first is killed in the middle of a trial. The
    other finishes the budget, the killed trial included."""
    first, second = start_workers(sweep, storage, 2)
    wait_for(lambda: list(marks.glob(f"start-*-{first.pid}-*")), first)
    os.kill(first.pid, signal.SIGKILL)
    first.join()
    started = {tuple(p.name.split("-")[1:3]) for p in marks.glob(f"start-*-{first.pid}-*")}
    finished = {tuple(p.name.split("-")[1:3]) for p in marks.glob(f"finish-*-{first.pid}-*")}
    assert started - finished, "the first worker was killed between trials"
    second.join(timeout=120)
    assert second.exitcode == 0
    return assert_every_trial_finished_once(sweep, storage)


# Trials by index -----------------------------------------------------------------------


def test_draw_depends_on_seed_and_index_only_and_stays_in_the_space():
    first = [engine.draw(SPACE, 7, index) for index in range(50)]
    assert first == [engine.draw(SPACE, 7, index) for index in range(50)]
    assert first != [engine.draw(SPACE, 8, index) for index in range(50)]
    for params in first:
        assert 0.0 <= params["x"] <= 1.0 and 1e-6 <= params["lr"] <= 1e-2
        assert isinstance(params["units"], int) and 8 <= params["units"] <= 64
    decades = {int(-__import__("math").log10(p["lr"])) for p in first}
    assert len(decades) >= 3  # log-uniform: several decades, not just the top one


def test_a_sweep_refuses_a_bad_budget_space_or_objective():
    good = dict(name="s", studies=("a",), trials=2, space=SPACE, objective="m:f")
    for field, value, message in [
        ("trials", 0, "expected trials as an int >= 1, got 0"),
        ("trials", True, "expected trials as an int >= 1, got True"),
        ("studies", ("a", "a"), "expected distinct study names"),
        ("studies", (), "expected distinct study names"),
        ("space", {"c": CategoricalDistribution(["x"])}, "FloatDistribution or IntDistribution"),
        ("objective", "no_function", "expected objective as 'module:function'"),
    ]:
        with pytest.raises(ValueError, match=message):
            Sweep(**{**good, field: value})


def test_open_storage_takes_a_journal_path_or_postgresql_and_refuses_other_urls(tmp_path):
    storage = engine.open_storage(tmp_path / "deep" / "sweep.journal")
    assert isinstance(storage, optuna.storages.JournalStorage)
    assert (tmp_path / "deep").is_dir()
    with pytest.raises(ValueError, match="expected a journal file path or a postgresql://"):
        engine.open_storage("mysql://host/db")


# On a journal file ---------------------------------------------------------------------


def test_one_worker_runs_the_whole_budget_of_every_study(tmp_path):
    sweep = make_sweep(tmp_path / "marks", seconds=0.0)
    storage = tmp_path / "sweep.journal"
    engine.work(sweep, storage)
    found = assert_every_trial_finished_once(sweep, storage)
    assert len(list((tmp_path / "marks").glob("start-*"))) == 2 * sweep.trials
    assert found["a"][0]["params"] == found["b"][0]["params"]  # the same draws in every study


def test_two_workers_share_a_journal_and_a_killed_workers_trial_is_run_again(tmp_path):
    marks = tmp_path / "marks"
    sweep = make_sweep(marks, seconds=0.3)
    storage = tmp_path / "sweep.journal"
    kill_mid_trial(sweep, storage, marks)
    failed = [
        trial
        for name in sweep.studies
        for trial in optuna.load_study(
            study_name=sweep.study_name(name), storage=engine.open_storage(storage)
        ).get_trials(states=(TrialState.FAIL,))
    ]
    assert len(failed) == 1  # the killed trial, failed once and run again


def test_an_interrupted_sweep_resumes_without_redoing_finished_trials(tmp_path):
    marks = tmp_path / "marks"
    sweep = make_sweep(marks, seconds=0.2)
    storage = tmp_path / "sweep.journal"
    (only,) = start_workers(sweep, storage, 1)
    wait_for(lambda: len(list(marks.glob("finish-*"))) >= 3, only)
    os.kill(only.pid, signal.SIGKILL)
    only.join()
    with pytest.raises(SweepIncomplete, match="trials finished"):
        engine.results(sweep, storage)
    done_before = {name: complete_indices(sweep, storage, name) for name in sweep.studies}
    engine.work(sweep, storage, workers=2)
    assert_every_trial_finished_once(sweep, storage)
    assert_not_started_again(marks, done_before)


#: Where a worker dies in a trial's life, and the process that dies there.
DEATHS = {
    "after taking a trial, before owning it": (
        "sweep_objectives:slow_square",
        sweep_objectives.worker_killed_after_taking_a_trial,
    ),
    "in the middle of the objective": ("sweep_objectives:killed_once", engine.worker),
    "while writing the result": (
        "sweep_objectives:slow_square",
        sweep_objectives.worker_killed_while_writing,
    ),
}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("death", DEATHS)
def test_a_worker_killed_anywhere_in_a_trial_leaves_every_index_finished_once(tmp_path, death):
    objective, dying = DEATHS[death]
    sweep = dataclasses.replace(
        make_sweep(tmp_path / "marks", seconds=0.0, trials=3, objective=objective),
        grace_seconds=1.0,
    )
    storage = tmp_path / "sweep.journal"
    victim = multiprocessing.get_context("spawn").Process(target=dying, args=(sweep, storage))
    victim.start()
    victim.join()
    assert victim.exitcode == -signal.SIGKILL
    lost = [
        trial
        for trial in optuna.load_study(
            study_name=sweep.study_name("a"), storage=engine.open_storage(storage)
        ).get_trials(states=(TrialState.RUNNING,))
    ]
    assert len(lost) == 1  # the dead worker's trial, left running
    started = time.monotonic()
    engine.work(sweep, storage, workers=2)
    assert time.monotonic() - started < 60  # seconds, not the minutes of a hang
    assert_every_trial_finished_once(sweep, storage)


@pytest.mark.timeout(120)
def test_a_running_trial_is_lost_only_without_a_live_owner_past_the_grace_period(tmp_path):
    sweep = make_sweep(tmp_path / "marks", trials=1)
    study = engine._create_or_load(sweep, "a", engine.open_storage(tmp_path / "sweep.journal"))
    trial = study.ask()

    def lost(grace):
        frozen = study._storage.get_trial(trial._trial_id)
        return engine._lost(dataclasses.replace(sweep, grace_seconds=grace), frozen)

    assert not lost(60.0)  # just taken: its worker is about to own it
    time.sleep(0.05)
    assert lost(0.01)  # nobody owned it in time
    trial.set_user_attr("worker", engine._this_worker())
    assert not lost(0.01)  # owned by a live worker (this process), however old
    trial.set_user_attr("worker", {**engine._this_worker(), "pid": 2**22 + 1})
    assert lost(60.0)  # owned by a worker that has gone


def test_results_before_any_worker_ran_say_so(tmp_path):
    with pytest.raises(SweepIncomplete, match="no such study yet"):
        engine.results(make_sweep(tmp_path / "marks"), tmp_path / "none.journal")


@pytest.mark.timeout(120)
def test_an_error_in_a_trial_stops_the_sweep_and_the_next_run_tries_it_again(tmp_path):
    sweep = make_sweep(tmp_path / "marks", objective="sweep_objectives:broken", trials=3)
    storage = tmp_path / "sweep.journal"
    with pytest.raises(ZeroDivisionError, match="a bug in trial 1"):
        engine.work(sweep, storage)
    assert engine.failures(sweep, storage)["a"] == [(1, "ZeroDivisionError: a bug in trial 1")]
    with pytest.raises(ZeroDivisionError, match="a bug in trial 1"):  # tried again, not cached
        engine.work(sweep, storage)
    assert [index for index, _ in engine.failures(sweep, storage)["a"]] == [1, 1]


@pytest.mark.timeout(120)
def test_a_trial_that_failed_on_bad_data_runs_again_once_the_data_is_right(tmp_path):
    marks = tmp_path / "marks"
    sweep = make_sweep(marks, objective="sweep_objectives:bad_data", trials=3)
    storage = tmp_path / "sweep.journal"
    with pytest.raises(ValueError, match="LSTM_TIMIT_DIR=/nowhere is not a TIMIT folder"):
        engine.work(sweep, storage, workers=2)
    (marks / "data-fixed").touch()
    engine.work(sweep, storage, workers=2)
    assert_every_trial_finished_once(sweep, storage)
    assert engine.failures(sweep, storage) == {"a": [], "b": []}


@pytest.mark.timeout(120)
def test_a_workers_error_about_the_readers_data_is_the_same_one_line_value_error(tmp_path):
    sweep = make_sweep(tmp_path / "marks", objective="sweep_objectives:bad_data", trials=3)
    with pytest.raises(ValueError) as raised:
        engine.work(sweep, tmp_path / "sweep.journal", workers=2)
    assert type(raised.value) is ValueError and str(raised.value) == sweep_objectives.BAD_DATA


@pytest.mark.timeout(120)
def test_a_bug_in_a_worker_is_a_sweep_failure_with_the_workers_traceback(tmp_path, capfd):
    sweep = make_sweep(tmp_path / "marks", objective="sweep_objectives:broken", trials=3)
    with pytest.raises(SweepFailed) as raised:
        engine.work(sweep, tmp_path / "sweep.journal", workers=2)
    message = str(raised.value)
    assert "Traceback (most recent call last)" in message
    assert 'sweep_objectives.py", line' in message
    assert message.rstrip().endswith("ZeroDivisionError: a bug in trial 1")
    assert "Traceback" not in capfd.readouterr().err  # the workers printed none of their own


def test_an_objective_without_a_value_or_that_cannot_be_imported_is_an_error(tmp_path):
    sweep = make_sweep(tmp_path / "marks", objective="sweep_objectives:no_value")
    with pytest.raises(SweepFailed, match="returned no 'value'"):
        engine.work(sweep, tmp_path / "a.journal")
    missing = make_sweep(tmp_path / "marks", objective="sweep_objectives:nowhere")
    with pytest.raises(ValueError, match="cannot import the objective"):
        engine.work(missing, tmp_path / "b.journal")
    with pytest.raises(ValueError, match="expected workers as an int >= 1"):
        engine.work(sweep, tmp_path / "c.journal", workers=0)


def test_a_running_trial_of_a_live_or_remote_worker_is_left_alone(tmp_path):
    me = engine._this_worker()
    assert engine._alive(me)
    assert engine._alive({**me, "host": socket.gethostname() + "-elsewhere", "pid": 2**22 + 1})
    assert not engine._alive({**me, "pid": 2**22 + 1})  # no such process here
    assert not engine._alive({**me, "started": "0"})  # this pid, but another process's start


# On a real PostgreSQL server -----------------------------------------------------------


def _postgres_binaries() -> Path | None:
    initdb = shutil.which("initdb") or next(
        iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))), None
    )
    return Path(initdb).resolve().parent if initdb else None


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")


class PostgresServer:
    """A PostgreSQL server of its own in a temporary folder (directly under the system's
    temporary folder, which the postgres user can reach), listening only on a Unix socket
    there, at :attr:`url`; a test may stop and start it again."""

    def __init__(self, binaries: Path):
        self.folder = Path(tempfile.mkdtemp(prefix="lstm-postgres-"))
        as_user = []
        if os.geteuid() == 0:  # the server refuses to run as root
            shutil.chown(self.folder, "postgres")
            as_user = ["runuser", "-u", "postgres", "--"]
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        data = self.folder / "data"
        self.pg_ctl = [*as_user, str(binaries / "pg_ctl"), "-D", str(data)]
        self.options = f"-k {self.folder} -p {port} -c listen_addresses=''"
        _run([*as_user, str(binaries / "initdb"), "-D", str(data), "-U", "sweeps", "-A", "trust"])
        self.start()
        host = ["-h", str(self.folder), "-p", str(port), "-U", "sweeps"]
        _run([str(binaries / "createdb"), *host, "sweeps"])
        self.url = f"postgresql://sweeps@/sweeps?host={self.folder}&port={port}"

    def start(self) -> None:
        _run([*self.pg_ctl, "-o", self.options, "-l", str(self.folder / "log"), "-w", "start"])
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        """Stop the server; ``"fast"`` ends every open connection at once."""
        _run([*self.pg_ctl, "-m", mode, "-w", "stop"])
        self.running = False


@pytest.fixture
def postgresql_server():
    """A :class:`PostgresServer`, stopped and removed after the test."""
    binaries = _postgres_binaries()
    if binaries is None:
        reason = "PostgreSQL is not installed: `apt-get install postgresql`"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so this is a failure, not a skip")
        pytest.skip(reason)
    server = PostgresServer(binaries)
    try:
        yield server
    finally:
        if server.running:
            server.stop("immediate")
        shutil.rmtree(server.folder)


@pytest.fixture
def postgresql(postgresql_server):
    """The URL of a throw-away PostgreSQL server's database."""
    return postgresql_server.url


def test_two_workers_share_a_postgresql_study_and_a_killed_workers_trial_is_run_again(
    tmp_path, postgresql
):
    marks = tmp_path / "marks"
    sweep = make_sweep(marks, seconds=0.3)
    kill_mid_trial(sweep, postgresql, marks)


def test_an_interrupted_postgresql_sweep_resumes_without_redoing_finished_trials(
    tmp_path, postgresql
):
    marks = tmp_path / "marks"
    sweep = make_sweep(marks, seconds=0.1)
    (only,) = start_workers(sweep, postgresql, 1)
    wait_for(lambda: len(list(marks.glob("finish-*"))) >= 3, only)
    os.kill(only.pid, signal.SIGKILL)
    only.join()
    done_before = {name: complete_indices(sweep, postgresql, name) for name in sweep.studies}
    engine.work(sweep, postgresql, workers=2)
    assert_every_trial_finished_once(sweep, postgresql)
    assert_not_started_again(marks, done_before)


@pytest.mark.timeout(300)
def test_workers_outlast_a_restart_of_the_postgresql_server_and_lose_no_trial(
    tmp_path, postgresql_server
):
    marks = tmp_path / "marks"
    sweep = dataclasses.replace(make_sweep(marks, seconds=0.3), heartbeat_seconds=1)
    processes = start_workers(sweep, postgresql_server.url, 2)
    wait_for(lambda: len(list(marks.glob("finish-*"))) >= 2, processes[0])
    postgresql_server.stop()
    time.sleep(2 * sweep.heartbeat_seconds)  # trials end and workers beat while it is down
    postgresql_server.start()
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0
    assert_every_trial_finished_once(sweep, postgresql_server.url)


@pytest.mark.timeout(30)
def test_a_query_spoiled_by_a_lost_connection_is_tried_again():
    """Optuna answers a failed read by trying a slower query in the same transaction,
    which fails with a PendingRollbackError raised while handling the OperationalError;
    Optuna wraps that in a StorageInternalError. The server went away: try again."""
    import sqlalchemy

    attempts = []

    def read():
        attempts.append(1)
        if len(attempts) > 1:
            return "trials"
        try:
            try:
                raise sqlalchemy.exc.OperationalError("SELECT", {}, Exception("AdminShutdown"))
            except sqlalchemy.exc.OperationalError:
                raise sqlalchemy.exc.PendingRollbackError("rollback first") from None
        except sqlalchemy.exc.PendingRollbackError as spoiled:
            raise optuna.exceptions.StorageInternalError("during the commit") from spoiled

    assert engine._retrying(read, "postgresql://nowhere", seconds=10) == "trials"
    assert len(attempts) == 2


@pytest.mark.timeout(30)
def test_an_error_that_is_not_about_the_connection_is_not_tried_again():
    import sqlalchemy

    attempts = []

    def read():
        attempts.append(1)
        raise optuna.exceptions.StorageInternalError("max length") from (
            sqlalchemy.exc.DataError("INSERT", {}, Exception("value too long"))
        )

    with pytest.raises(optuna.exceptions.StorageInternalError):
        engine._retrying(read, "postgresql://nowhere", seconds=10)
    assert len(attempts) == 1


@pytest.mark.timeout(120)
def test_a_worker_gives_up_on_an_unreachable_database_with_a_one_line_error(
    tmp_path, postgresql_server
):
    sweep = dataclasses.replace(make_sweep(tmp_path / "marks"), reconnect_seconds=1.0)
    postgresql_server.stop()
    started = time.monotonic()
    with pytest.raises(StorageUnreachable) as raised:
        engine.work(sweep, postgresql_server.url)
    assert time.monotonic() - started < 30
    message = str(raised.value)
    assert message.startswith(f"expected to reach the database {postgresql_server.url} within")
    assert "\n" not in message


# The command line ----------------------------------------------------------------------


def test_the_command_line_refuses_unknown_experiments_and_those_without_a_search(capsys):
    from lstm.sweep.__main__ import main

    assert main(["no_such_chapter"]) == 2
    assert "unknown experiment 'no_such_chapter'" in capsys.readouterr().err
    assert main(["lstm_cell"]) == 2
    assert "has no random search; these do: ['search_space_odyssey']" in capsys.readouterr().err
    # chapter 12 imports a sweep builder (lstm.sweep.keyed.sweep); that is not a search
    assert main(["speech_recognition"]) == 2
    assert "has no random search" in capsys.readouterr().err


def test_a_search_is_a_sweep_function_the_chapter_module_defines_itself():
    from lstm.reproduce import registry
    from lstm.sweep.__main__ import has_search

    assert has_search(registry.module("search_space_odyssey"))
    assert not has_search(registry.module("speech_recognition"))  # imports keyed.sweep
    assert not has_search(registry.module("lstm_cell"))  # has none


def test_the_command_line_reports_progress_from_the_storage_it_is_given(tmp_path, capsys):
    from lstm.sweep.__main__ import main

    journal = tmp_path / "odyssey.journal"
    assert (
        main(["search_space_odyssey", "--profile", "smoke", "--storage", str(journal), "--status"])
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 18
    assert lines[0].endswith("/jsb/greff_vanilla: 0 of 16 trials finished")


@pytest.mark.timeout(120)
def test_the_status_lists_each_failed_trial_with_its_one_line_reason(tmp_path):
    from lstm.sweep.__main__ import status

    sweep = make_sweep(tmp_path / "marks", objective="sweep_objectives:bad_data", trials=3)
    with pytest.raises(ValueError):
        engine.work(sweep, tmp_path / "sweep.journal")
    assert status(sweep, str(tmp_path / "sweep.journal")) == [
        "test-sweep/a: 1 of 3 trials finished",
        f"  trial 1 failed: ValueError: {sweep_objectives.BAD_DATA}",
        "test-sweep/b: 0 of 3 trials finished",
    ]


@pytest.mark.timeout(120)
def test_the_command_line_stops_on_bad_data_with_one_line_and_exit_code_2(monkeypatch, capsys):
    from lstm.sweep import __main__ as command

    def unusable(*args, **kwargs):
        raise ValueError(sweep_objectives.BAD_DATA)

    monkeypatch.setattr(command.engine, "work", unusable)
    assert command.main(["search_space_odyssey", "--profile", "smoke"]) == 2
    assert capsys.readouterr().err == f"error: {sweep_objectives.BAD_DATA}\n"


# Where an experiment keeps its sweep ---------------------------------------------------


def test_finish_runs_the_workers_where_storage_says_and_returns_every_trial(tmp_path, monkeypatch):
    sweep = make_sweep(tmp_path / "marks", trials=3)
    journal = tmp_path / "elsewhere.journal"
    monkeypatch.setenv(local.STORAGE_ENV, str(journal))
    monkeypatch.setenv(local.WORKERS_ENV, "1")
    found = local.finish(sweep)
    assert journal.exists()
    assert [(row["index"], row["value"]) for row in found["a"]] == [
        (index, value) for index, _, value in expected_rows(sweep)["a"]
    ]
    started = len(list((tmp_path / "marks").glob("start-*")))
    assert local.finish(sweep) == found  # a finished sweep runs nothing again
    assert len(list((tmp_path / "marks").glob("start-*"))) == started


def test_storage_and_workers_of_a_sweep_follow_the_environment(tmp_path, monkeypatch):
    search = make_sweep(tmp_path / "marks", trials=1)
    monkeypatch.delenv(local.STORAGE_ENV, raising=False)
    assert local.storage(search).endswith(f"data/cache/sweeps/{search.name}.journal")
    monkeypatch.setenv(local.STORAGE_ENV, "postgresql://host/db")
    assert local.storage(search) == "postgresql://host/db"
    monkeypatch.delenv(local.WORKERS_ENV, raising=False)
    assert local.workers() == 2
    monkeypatch.setenv(local.WORKERS_ENV, "3")
    assert local.workers() == 3
    for bad in ("0", "two", "-1"):
        monkeypatch.setenv(local.WORKERS_ENV, bad)
        with pytest.raises(ValueError, match="expected LSTM_SWEEP_WORKERS to be an int >= 1"):
            local.workers()
