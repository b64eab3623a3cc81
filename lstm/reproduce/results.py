"""Committed results with provenance, so the book never silently shows stale numbers.

A full-scale run is computed once (``python -m lstm NAME``) and committed to
``data/results/<name>.json``; a smoke run is committed to
``data/results/smoke/<name>.json`` as the baseline of its headline metrics and
verdicts. Each file records how it was made and what it showed: git commit (and
whether the tree had uncommitted changes), hashes of the experiment's config, of its
claims' criteria and of the package code it ran, seeds, software versions, hardware,
wall time, and the verdict of every claim of the experiment.

A committed result is *stale* when any of the three hashes no longer matches: a
changed config, a changed criterion or changed code each call for a new run, so a
criterion cannot be loosened after the fact without running the experiment again.

:func:`obtain` is what a chapter calls. In the full profile it loads the committed
result and never writes one; a stale or missing result is an error that names the
command to run. In the smoke profile it runs afresh, and the run must give the
baseline's verdicts and land within the experiment's tolerance of its metrics.

Environment: ``LSTM_RESULTS_DIR`` moves the results directory (tests use a
throw-away one); ``LSTM_RERUN=1`` makes :func:`obtain` run the full profile afresh
(in memory, never written) instead of loading.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import importlib.util
import json
import os
import platform
import re
import subprocess
import sys
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import torch

from lstm.reproduce import claims, profiles, registry
from lstm.reproduce.registry import Experiment

REPOSITORY = Path(__file__).resolve().parents[2]
RESULTS_ENV = "LSTM_RESULTS_DIR"
RERUN_ENV = "LSTM_RERUN"


# The reproduction machinery (the package ``lstm.reproduce``): it records and judges
# results but computes none of their numbers, so its code is not part of a result's code
# hash. ``lstm.experiments`` itself is only the folder of the chapter modules.
MACHINERY = "lstm.reproduce"


class BaselineDrift(AssertionError):
    """A fresh smoke run gave other verdicts than the committed baseline, or moved a
    headline metric further from it than the experiment's tolerance allows."""


class ProcessorDifference(UserWarning):
    """A fresh smoke run on another processor than its baseline's gave other verdicts or
    metrics: reported, never raised, since training repeats bit for bit only on one
    processor."""


class StaleResult(RuntimeError):
    """The committed full result is missing or no longer matches its experiment's
    config, criteria or code."""


@dataclass(frozen=True)
class Provenance:
    """How a result was made."""

    git_commit: str
    dirty: bool
    config_hash: str
    criteria_hash: str
    code_hash: str
    seeds: list[int]
    seed_offset: int
    torch_version: str
    python_version: str
    cpu: str
    gpu: str | None
    wall_time_s: float
    created: str
    # The instruction-set level (:func:`instruction_set`); "" in results made before it
    # was recorded, whose processor is then unknown.
    isa: str = ""
    # Each re-certification of this result after a change that moved none of its numbers
    # (lstm.reproduce.recertify): base commit, old and new code hash, offsets, processor.
    recertified: list[dict] = dataclasses.field(default_factory=list)
    # Each judgement of the stored numbers again under changed claims or rules of evidence
    # (lstm.reproduce.rejudge): commit, old and new criteria hash, the verdicts that moved.
    rejudged: list[dict] = dataclasses.field(default_factory=list)


@dataclass
class Result:
    """One run of an experiment: its config, its ``metrics`` (the flat numbers that
    claims and baselines read), the ``verdicts`` of the experiment's claims on them
    (claim id -> verdict), the rest of what it returned (``data``: curves, tables)
    and its provenance."""

    experiment: str
    profile: str
    config: dict
    metrics: dict[str, float | int | bool]
    verdicts: dict[str, str]
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
        optional = {"isa", "recertified", "rejudged"}
        if not expected - optional <= set(provenance) <= expected:
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


def code_hash(experiment_or_name: Experiment | str) -> str:
    """The first 16 hex digits of the SHA-256 of the code that computes the
    experiment's numbers: the module of its ``run`` (a chapter's ``experiment.py``) and
    every module of the package it imports, directly or not, except the reproduction
    machinery (:data:`MACHINERY`). A chapter's ``show.py`` and ``claims.py`` import its
    ``experiment.py``, never the reverse, so what a page shows is not hashed, and its
    claims are hashed apart (:func:`lstm.reproduce.claims.criteria_hash`).

    The source is hashed as Python's parser reads it (comments and layout do not
    count). Compiled code counts too: the C++ sources (``*.cpp``) beside any of those
    modules, as written.
    """
    return module_hash(_experiment(experiment_or_name).run.__module__)


def module_hash(name: str) -> str:
    """The first 16 hex digits of the SHA-256 of module ``name`` and every module of the
    package it imports, directly or not (the machinery aside), hashed as
    :func:`code_hash` hashes them: what a cache of that module's computations is keyed
    on."""
    _, sources = _sources(name)
    text = "\n".join(f"# {module}\n{sources[module]}" for module in sorted(sources))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def code_files(experiment_or_name: Experiment | str) -> list[Path]:
    """The source files whose code :func:`code_hash` hashes: the module of the experiment's
    ``run``, every package module it imports (the machinery aside) and the C++ sources
    beside them."""
    experiment = _experiment(experiment_or_name)
    modules, _ = _sources(experiment.run.__module__)
    return sorted({Path(_module_file(name)) for name in modules} | set(_cpp_files(modules)))


def _sources(start: str) -> tuple[list[str], dict[str, str]]:
    """The modules ``start`` reaches (itself and its package imports, the machinery aside)
    and the hashed text of each, C++ sources beside them included."""
    sources = {}
    pending = [start]
    while pending:
        name = pending.pop()
        if name in sources:
            continue
        tree = ast.parse(Path(_module_file(name)).read_text())
        sources[name] = ast.unparse(tree)
        pending += [module for module in _package_imports(tree) if not _is_machinery(module)]
    modules = list(sources)
    for path in _cpp_files(modules):
        sources[f"{path.parent.name}/{path.name}"] = path.read_text()
    return modules, sources


def _cpp_files(modules: list[str]) -> list[Path]:
    folders = {Path(_module_file(name)).parent for name in modules}
    return sorted(cpp for folder in folders for cpp in folder.glob("*.cpp"))


def _is_machinery(module: str) -> bool:
    return module in (MACHINERY, "lstm.experiments") or module.startswith(MACHINERY + ".")


def _module_file(name: str) -> str:
    module = sys.modules.get(name)
    if module is not None and getattr(module, "__file__", None):
        return module.__file__
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ValueError(f"expected an importable module with a source file, got {name!r}")
    return spec.origin


def _package_imports(tree: ast.Module) -> list[str]:
    """The modules of the package ``lstm`` that ``tree`` imports (``from lstm import x``
    counts ``lstm.x`` when ``x`` is a module)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append(node.module)
            found += [f"{node.module}.{alias.name}" for alias in node.names]
    return [name for name in found if _is_package_module(name)]


def _is_package_module(name: str) -> bool:
    if name != "lstm" and not name.startswith("lstm."):
        return False
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # ``lstm.nn.cells.LSTMCell``: a name inside a module
        return False


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
    changes: Mapping[str, Any] | None = None,
) -> Result:
    """Run an experiment under ``profile`` with its seeds shifted by ``seed_offset`` and
    its config changed by ``changes`` (:meth:`~lstm.reproduce.registry.Experiment.config`),
    timing it, and judge its claims; nothing is written.

    The experiment runs on one CPU thread (the book's networks are small, one thread is
    the fastest for them, and a run repeats bit for bit); the caller's thread count is
    restored afterwards."""
    experiment = _experiment(experiment_or_name)
    profile = profiles.get(profile)
    config = experiment.config(profile, seed_offset, changes)
    # The commit and the state of the tree when the run starts: the code it imports.
    commit, dirty = git("rev-parse", "HEAD") or "unknown", tree_is_dirty()
    start = time.perf_counter()
    # The run gets its own copy, so that nothing it does to its config can change
    # the config (and hash) recorded with the result.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        output = experiment.run(experiment.config(profile, seed_offset, changes))
    finally:
        torch.set_num_threads(threads)
    wall_time_s = time.perf_counter() - start
    _check_output(experiment.name, output)
    data = {key: value for key, value in output.items() if key != "metrics"}
    metrics = dict(output["metrics"])
    provenance = Provenance(
        git_commit=commit,
        dirty=dirty,
        config_hash=config_hash(config),
        criteria_hash=claims.criteria_hash(experiment.name),
        code_hash=code_hash(experiment),
        seeds=config["seeds"],
        seed_offset=seed_offset,
        torch_version=torch.__version__,
        python_version=platform.python_version(),
        cpu=cpu_name(),
        isa=instruction_set(),
        gpu=torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
        wall_time_s=round(wall_time_s, 3),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    verdicts = claims.judge_all(experiment.name, metrics, profile, data)
    return Result(experiment.name, profile.name, config, metrics, verdicts, data, provenance)


#: The corpora a config can name that are the reader's own, read from the folder or file
#: an environment variable names (TIMIT, a sentence-pair file, MS COCO): their results
#: never go where the book's own results are.
READERS_CORPORA = ("timit", "tsv", "coco")


def check_destination(config: Mapping[str, Any], changed: bool = False) -> None:
    """Refuse, in one line, to write a run on the reader's own data, or with a config
    ``changed`` from the book's, into the book's results directory: such a run needs
    ``LSTM_RESULTS_DIR`` to name a folder of its own, so that the committed results are
    never written over. Called before a run starts, so that an hour's run does not end in
    this error."""
    corpus = config.get("corpus")
    if changed and not os.environ.get(RESULTS_ENV):
        raise ValueError(
            f"expected {RESULTS_ENV} to name a folder for the results of a changed config, "
            f"got none; set {RESULTS_ENV}=data/results/mine so that the book's results in "
            f"{results_dir()} are never written over"
        )
    if corpus in READERS_CORPORA and not os.environ.get(RESULTS_ENV):
        raise ValueError(
            f"expected {RESULTS_ENV} to name a folder for results on your own data "
            f"(corpus {corpus!r}), got none; set {RESULTS_ENV}=data/results/mine so that "
            f"the book's results in {results_dir()} are never written over"
        )


def save(result: Result) -> Path:
    """Write ``result`` to its :func:`result_path` (atomically) and return the path; a run
    on the reader's own data only where ``LSTM_RESULTS_DIR`` is set
    (:func:`check_destination`)."""
    check_destination(result.config)
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
        raise FileNotFoundError(f"no result at {path}; `python -m lstm <experiment>` writes one")
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

    Full profile: the committed result, which must be fresh (:func:`staleness`);
    a missing or stale one raises :class:`StaleResult` naming the command that makes
    it. With ``LSTM_RERUN=1``, a fresh run instead, kept in memory: a chapter never
    writes into the results directory.
    Smoke profile: always a fresh run, never written; it must give the committed
    smoke baseline's verdicts and land within ``baseline_tolerance`` of its headline
    metrics, or :class:`BaselineDrift` is raised. Without a fresh baseline there is
    nothing to compare, and a warning says so.
    """
    experiment = _experiment(experiment_or_name)
    profile = profiles.current() if profile is None else profiles.get(profile)
    if profile.is_smoke:
        result = run(experiment, profile, seed_offset)
        _compare_with_baseline(experiment, result)
        return result
    if _rerun_requested():
        return run(experiment, profile, seed_offset)
    path = result_path(experiment.name, profile, seed_offset)
    command = _command(experiment.name, profile, seed_offset)
    if not path.exists():
        raise StaleResult(f"no committed result of {experiment.name!r} at {path}; run `{command}`")
    committed = load(path)
    problems = staleness(committed, experiment)
    if problems:
        raise StaleResult(f"{path} is stale ({'; '.join(problems)}); run `{command}`")
    return committed


def staleness(result: Result, experiment_or_name: Experiment | str | None = None) -> list[str]:
    """Why ``result`` no longer stands for its experiment: its config, criteria or code
    changed since it was made, or its recorded verdicts are not what the claims now
    give on its metrics. Empty for a fresh result."""
    experiment = _experiment(experiment_or_name or result.experiment)
    recorded = result.provenance
    current = {
        "config": config_hash(experiment.config(result.profile, recorded.seed_offset)),
        "criteria": claims.criteria_hash(experiment.name),
        "code": code_hash(experiment),
    }
    made_with = {
        "config": recorded.config_hash,
        "criteria": recorded.criteria_hash,
        "code": recorded.code_hash,
    }
    problems = [
        f"its {what} changed (made with {made_with[what]}, now {current[what]})"
        for what in current
        if made_with[what] != current[what]
    ]
    if not problems:
        verdicts = claims.judge_all(experiment.name, result.metrics, result.profile, result.data)
        if verdicts != result.verdicts:
            problems.append(
                f"it records the verdicts {result.verdicts}, its metrics give {verdicts}"
            )
    return problems


def stale_results() -> list[str]:
    """One line for each committed result that is stale (:func:`staleness`: full results
    and smoke baselines), and for each registered experiment that lacks a committed
    full result, or a smoke baseline while it names headline metrics. Empty when the
    book shows only current numbers."""
    problems = []
    for experiment in registry.all_experiments():
        for profile in profiles.PROFILES:
            path = result_path(experiment.name, profile)
            command = _command(experiment.name, profiles.get(profile), 0)
            if not path.exists():
                if profile == "full" or experiment.baseline_tolerance:
                    problems.append(
                        f"{experiment.name}: no committed {profile} result at {path}; "
                        f"run `{command}`"
                    )
                continue
            try:
                reasons = staleness(load(path), experiment)
            except ValueError as error:
                problems.append(f"{experiment.name}: {error}")
                continue
            if reasons:
                problems.append(
                    f"{experiment.name}: {path} is stale: {'; '.join(reasons)}; run `{command}`"
                )
    return problems


def _command(name: str, profile: profiles.Profile, seed_offset: int) -> str:
    seed = f" --seed {seed_offset}" if seed_offset else ""
    return f"python -m lstm {name} --profile {profile.name}{seed}"


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
    return registry.get(experiment_or_name)


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
    """Hold a fresh smoke run against the committed baseline. On the processor that made
    the baseline (:func:`same_processor`) training repeats bit for bit, so another verdict
    or a metric beyond its tolerance is drift, and :class:`BaselineDrift` is raised. On
    another processor the floats take another path, so the differences are reported as a
    :class:`ProcessorDifference` warning instead: the chapter still runs."""
    path = result_path(experiment.name, "smoke", fresh.provenance.seed_offset)
    baseline = load(path) if path.exists() else None
    if baseline is None or staleness(baseline, experiment):
        warnings.warn(
            f"no fresh smoke baseline of {experiment.name!r} at {path}: nothing to compare "
            f"the run with (`{_command(experiment.name, profiles.get('smoke'), 0)}` "
            f"writes one)",
            stacklevel=3,
        )
        return
    drifts = [
        _verdict_difference(claim_id, baseline, fresh)
        for claim_id, verdict in fresh.verdicts.items()
        if baseline.verdicts.get(claim_id) != verdict
    ]
    for metric, tolerance in experiment.baseline_tolerance.items():
        old, new = baseline.metrics.get(metric), fresh.metrics.get(metric)
        # Written so that a missing or NaN value counts as drift, never as a pass.
        if old is None or new is None or not abs(new - old) <= tolerance:
            drifts.append(f"{metric}: baseline {old}, fresh {new}, tolerance {tolerance}")
    if not drifts:
        return
    if same_processor(baseline.provenance, fresh.provenance):
        raise BaselineDrift(
            f"smoke run of {experiment.name!r} drifted from its baseline {path}:\n"
            + "\n".join(drifts)
        )
    warnings.warn(
        ProcessorDifference(
            f"smoke run of {experiment.name!r} on {describe_processor(fresh.provenance)} "
            f"differs from its baseline {path}, made on "
            f"{describe_processor(baseline.provenance)}; training takes another path on "
            "another processor, so this is reported, not raised:\n" + "\n".join(drifts)
        ),
        stacklevel=3,
    )


def _verdict_difference(claim_id: str, baseline: Result, fresh: Result) -> str:
    """One line on a claim whose verdict differs: both verdicts, what each run measured
    and what the claim requires, so that the margin shows."""
    old, new = claims.check(claim_id, baseline), claims.check(claim_id, fresh)
    return (
        f"{claim_id}: baseline verdict {old.outcome!r} ({old.measured}), "
        f"fresh {new.outcome!r} ({new.measured}); required: {new.required}"
    )


def _rerun_requested() -> bool:
    value = os.environ.get(RERUN_ENV, "")
    if value not in ("", "0", "1"):
        raise ValueError(f"expected {RERUN_ENV} to be '1' or '0' or unset, got {value!r}")
    return value == "1"


def git(*arguments: str) -> str | None:
    """What ``git ARGUMENTS`` prints in the repository, or None outside a checkout."""
    try:
        completed = subprocess.run(
            ["git", *arguments],
            cwd=REPOSITORY,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return completed.stdout.strip()


def tree_is_dirty() -> bool:
    """Whether a tracked file outside the results directory has uncommitted changes
    (results written by earlier runs do not count); True outside a git checkout,
    where nothing proves the code is a commit's."""
    status = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!data/results")
    return status is None or status != ""


def cpu_name() -> str:
    """The CPU's model name from /proc/cpuinfo (Linux), else what ``platform`` knows."""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


#: The /proc/cpuinfo flags that decide which vector instructions run: the compiled loop is
#: built with ``-march=native`` and PyTorch's kernels (oneDNN, MKL, ATen) choose theirs
#: by them, so two processors that differ in one of them may round differently.
_VECTOR_FLAGS = re.compile(r"sse\d\w*|ssse3|avx\w*|fma\w*|f16c|amx\w*")


def instruction_set() -> str:
    """The processor's instruction-set level, on which a run's floats depend: the vendor,
    PyTorch's vector level and the vector-instruction flags, e.g. ``"GenuineIntel AVX512:
    avx avx2 avx512f ... fma sse4_2"``; PyTorch's level alone where /proc/cpuinfo is
    missing."""
    vendor, flags = platform.machine(), []
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                key, _, value = line.partition(":")
                if key.strip() == "vendor_id":
                    vendor = value.strip()
                elif key.strip() == "flags":
                    flags = sorted(f for f in value.split() if _VECTOR_FLAGS.fullmatch(f))
                    break
    except OSError:
        pass
    level = f"{vendor} {torch.backends.cpu.get_cpu_capability()}"
    return f"{level}: {' '.join(flags)}" if flags else level


def same_processor(a: Provenance, b: Provenance) -> bool:
    """Whether two runs were made on processors of the same model and instruction-set
    level, where training repeats bit for bit. A run whose level was not recorded
    matches nothing."""
    return bool(a.isa) and (a.cpu, a.isa) == (b.cpu, b.isa)


def describe_processor(provenance: Provenance) -> str:
    """The processor of a run, for people: its model name and instruction-set level."""
    level = provenance.isa.split(":", 1)[0] if provenance.isa else "level not recorded"
    return f"{provenance.cpu} ({level})"
