"""Committed results with provenance, so the book never silently shows stale numbers.

A full-scale run is computed once (``python -m lstm.run NAME``) and committed to
``data/results/<name>.json``; a smoke run is committed to
``data/results/smoke/<name>.json`` as the baseline of its headline metrics. Each file
records how it was made: git commit, a hash of the experiment's config, seeds,
software versions, hardware and wall time. :func:`obtain` is what a chapter calls: in
the full profile it loads the committed result while its config hash still matches,
and in the smoke profile it runs afresh and checks the headline metrics against the
baseline.

Environment: ``LSTM_RESULTS_DIR`` moves the results directory (tests use a
throw-away one); ``LSTM_RERUN=1`` makes :func:`obtain` re-run instead of loading.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import platform
import subprocess
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import torch

from lstm import experiments, profiles
from lstm.experiments import Experiment

REPOSITORY = Path(__file__).resolve().parents[1]
RESULTS_ENV = "LSTM_RESULTS_DIR"
RERUN_ENV = "LSTM_RERUN"


class BaselineDrift(AssertionError):
    """A fresh smoke run moved a headline metric further from the committed
    baseline than the experiment's tolerance allows."""


@dataclass(frozen=True)
class Provenance:
    """How a result was made."""

    git_commit: str
    config_hash: str
    seeds: list[int]
    seed_offset: int
    torch_version: str
    python_version: str
    cpu: str
    gpu: str | None
    wall_time_s: float
    created: str


@dataclass
class Result:
    """One run of an experiment: its config, its ``metrics`` (the flat numbers that
    claims and baselines read), the rest of what it returned (``data``: curves,
    tables) and its provenance."""

    experiment: str
    profile: str
    config: dict
    metrics: dict[str, float | int | bool]
    data: dict[str, Any]
    provenance: Provenance

    def to_json(self) -> str:
        """The result as JSON with one key per line and each list of plain values on
        one line, so that a committed curve is one line of a diff, not thousands."""
        return _json_lines(dataclasses.asdict(self)) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Result:
        """Read a result written by :meth:`to_json`."""
        fields = json.loads(text)
        if not isinstance(fields, dict):
            raise TypeError(f"expected a JSON object, got {type(fields).__name__}")
        expected = {field.name for field in dataclasses.fields(cls)}
        provenance = fields.get("provenance")
        if set(fields) != expected or not isinstance(provenance, dict):
            raise ValueError(f"expected the keys {sorted(expected)}, got {sorted(fields)}")
        expected = {field.name for field in dataclasses.fields(Provenance)}
        if set(provenance) != expected:
            raise ValueError(
                f"expected the provenance keys {sorted(expected)}, got {sorted(provenance)}"
            )
        return cls(**(fields | {"provenance": Provenance(**provenance)}))


def results_dir() -> Path:
    """Where results live: ``data/results`` in the repository, or ``LSTM_RESULTS_DIR``."""
    return Path(os.environ.get(RESULTS_ENV) or REPOSITORY / "data" / "results")


def config_hash(config: Mapping[str, Any]) -> str:
    """The first 16 hex digits of the SHA-256 of the config as canonical JSON
    (sorted keys, no spaces), so that equal configs hash equally."""
    canonical = json.dumps(config, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def result_path(name: str, profile: str | profiles.Profile, seed_offset: int = 0) -> Path:
    """Where the result of ``name`` lives: ``<results>/<name>.json`` in the full
    profile, ``<results>/smoke/<name>.json`` in the smoke profile, and
    ``<name>.seed<offset>.json`` beside them for a shifted seed, so that a check on
    other seeds never overwrites the committed result."""
    profile = profiles.get(profile)
    if not isinstance(seed_offset, int) or isinstance(seed_offset, bool) or seed_offset < 0:
        raise ValueError(f"expected a non-negative int seed offset, got {seed_offset!r}")
    directory = results_dir() / "smoke" if profile.is_smoke else results_dir()
    suffix = f".seed{seed_offset}" if seed_offset else ""
    return directory / f"{name}{suffix}.json"


def run(
    experiment_or_name: Experiment | str,
    profile: str | profiles.Profile,
    seed_offset: int = 0,
) -> Result:
    """Run an experiment under ``profile`` with its seeds shifted by ``seed_offset``,
    timing it; nothing is written."""
    experiment = _experiment(experiment_or_name)
    profile = profiles.get(profile)
    config = experiment.config(profile, seed_offset)
    start = time.perf_counter()
    # The run gets its own copy, so that nothing it does to its config can change
    # the config (and hash) recorded with the result.
    output = experiment.run(experiment.config(profile, seed_offset))
    wall_time_s = time.perf_counter() - start
    _check_output(experiment.name, output)
    data = {key: value for key, value in output.items() if key != "metrics"}
    provenance = Provenance(
        git_commit=_git_commit(),
        config_hash=config_hash(config),
        seeds=config["seeds"],
        seed_offset=seed_offset,
        torch_version=torch.__version__,
        python_version=platform.python_version(),
        cpu=_cpu_name(),
        gpu=torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
        wall_time_s=round(wall_time_s, 3),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    return Result(experiment.name, profile.name, config, dict(output["metrics"]), data, provenance)


def save(result: Result) -> Path:
    """Write ``result`` to its :func:`result_path` (atomically) and return the path."""
    path = result_path(result.experiment, result.profile, result.provenance.seed_offset)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(result.to_json())
    os.replace(temporary, path)  # never a half-written result, even if interrupted
    return path


def load(path: str | os.PathLike) -> Result:
    """Read the result stored at ``path``."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"no result at {path}; `python -m lstm.run <experiment>` writes one"
        )
    try:
        return Result.from_json(path.read_text())
    except (ValueError, TypeError) as error:
        raise ValueError(f"{path} is not a result file: {error}") from None


def obtain(
    experiment_or_name: Experiment | str,
    profile: str | profiles.Profile | None = None,
    *,
    seed_offset: int = 0,
) -> Result:
    """The result a chapter shows, under ``profile`` (default: :func:`profiles.current`).

    Full profile: the committed result when its config hash equals the current
    config's and ``LSTM_RERUN`` is not ``1``; otherwise a fresh run, saved over it.
    Smoke profile: always a fresh run, never written; its headline metrics (the keys
    of ``baseline_tolerance``) must lie within tolerance of the committed smoke
    baseline, or :class:`BaselineDrift` is raised. Without a baseline of the same
    config there is nothing to compare, and a warning says so.
    """
    experiment = _experiment(experiment_or_name)
    profile = profiles.current() if profile is None else profiles.get(profile)
    if profile.is_smoke:
        result = run(experiment, profile, seed_offset)
        _compare_with_baseline(experiment, result)
        return result
    path = result_path(experiment.name, profile, seed_offset)
    if path.exists() and not _rerun_requested():
        committed = load(path)
        if committed.provenance.config_hash == config_hash(experiment.config(profile, seed_offset)):
            return committed
    result = run(experiment, profile, seed_offset)
    save(result)
    return result


def stale_results() -> list[str]:
    """One line for each committed result that no longer matches its experiment's
    config (full results and smoke baselines), and for each registered experiment
    that lacks a committed full result, or a smoke baseline while it names headline
    metrics. Empty when the book shows only current numbers."""
    problems = []
    for experiment in experiments.all_experiments():
        for profile in profiles.PROFILES:
            path = result_path(experiment.name, profile)
            if not path.exists():
                if profile == "full" or experiment.baseline_tolerance:
                    problems.append(
                        f"{experiment.name}: no committed {profile} result at {path}; "
                        f"run `python -m lstm.run {experiment.name} --profile {profile}`"
                    )
                continue
            try:
                committed = load(path).provenance.config_hash
            except ValueError as error:
                problems.append(f"{experiment.name}: {error}")
                continue
            current = config_hash(experiment.config(profile))
            if committed != current:
                problems.append(
                    f"{experiment.name}: {path} was made with config {committed}, the "
                    f"{profile} config is now {current}; run "
                    f"`python -m lstm.run {experiment.name} --profile {profile}`"
                )
    return problems


def _json_lines(value: Any, depth: int = 0) -> str:
    inner, outer = "  " * (depth + 1), "  " * depth
    if isinstance(value, dict) and value:
        items = [
            f"{inner}{json.dumps(key if isinstance(key, str) else json.dumps(key))}: "
            f"{_json_lines(item, depth + 1)}"
            for key, item in value.items()
        ]
        return "{\n" + ",\n".join(items) + f"\n{outer}}}"
    if isinstance(value, list | tuple) and any(
        isinstance(item, dict | list | tuple) for item in value
    ):
        items = [inner + _json_lines(item, depth + 1) for item in value]
        return "[\n" + ",\n".join(items) + f"\n{outer}]"
    return json.dumps(value)


def _experiment(experiment_or_name: Experiment | str) -> Experiment:
    if isinstance(experiment_or_name, Experiment):
        return experiment_or_name
    return experiments.get(experiment_or_name)


def _check_output(name: str, output: object) -> None:
    """An experiment's run must return a JSON-serialisable dict whose ``"metrics"``
    is a flat dict of numbers."""
    if not isinstance(output, dict) or not isinstance(output.get("metrics"), dict):
        raise TypeError(
            f"experiment {name!r}: expected run to return a dict with a 'metrics' dict, "
            f"got {type(output).__name__}"
        )
    for metric, value in output["metrics"].items():
        if not isinstance(metric, str) or not isinstance(value, int | float):
            raise TypeError(
                f"experiment {name!r}: expected metrics of name -> number, "
                f"got {metric!r} -> {type(value).__name__}"
            )
    try:
        json.dumps(output)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"experiment {name!r}: expected run to return JSON-serialisable data: {error}"
        ) from None


def _compare_with_baseline(experiment: Experiment, fresh: Result) -> None:
    path = result_path(experiment.name, "smoke", fresh.provenance.seed_offset)
    baseline = load(path) if path.exists() else None
    if baseline is None or baseline.provenance.config_hash != fresh.provenance.config_hash:
        warnings.warn(
            f"no smoke baseline of {experiment.name!r} with config "
            f"{fresh.provenance.config_hash} at {path}: nothing to compare the fresh run "
            f"with (`python -m lstm.run {experiment.name} --profile smoke` writes one)",
            stacklevel=3,
        )
        return
    drifts = []
    for metric, tolerance in experiment.baseline_tolerance.items():
        old, new = baseline.metrics.get(metric), fresh.metrics.get(metric)
        # Written so that a missing or NaN value counts as drift, never as a pass.
        if old is None or new is None or not abs(new - old) <= tolerance:
            drifts.append(f"{metric}: baseline {old}, fresh {new}, tolerance {tolerance}")
    if drifts:
        raise BaselineDrift(
            f"smoke run of {experiment.name!r} drifted from its baseline {path}:\n"
            + "\n".join(drifts)
        )


def _rerun_requested() -> bool:
    value = os.environ.get(RERUN_ENV, "")
    if value not in ("", "0", "1"):
        raise ValueError(f"expected {RERUN_ENV} to be '1' or '0' or unset, got {value!r}")
    return value == "1"


def _git_commit() -> str:
    """The commit of the repository, or ``"unknown"`` outside a git checkout."""
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=REPOSITORY,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return completed.stdout.strip()


def _cpu_name() -> str:
    """The CPU's model name from /proc/cpuinfo (Linux), else what ``platform`` knows."""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"
