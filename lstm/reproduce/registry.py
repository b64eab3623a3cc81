"""The experiment registry: the one module that knows every chapter.

Each chapter of the book is a folder ``lstm/experiments/<name>/``, named in
:data:`MODULES` beside the chapter that shows its results. Every folder holds the same
three files, so that reading one teaches all (:data:`OUTLINE`)::

    experiment.py  # what computes the numbers, and only this is code-hashed:
        CONFIG     # {"smoke": {...}, "full": {...}}: budgets and "seeds" of each profile
        TOLERANCE  # {metric: distance}: how far a fresh smoke run may land from its baseline
        def run(config: dict) -> dict              # {"metrics": {...}, ...}: the numbers
    show.py        # what the page shows:
        PAPER      # dict: the paper's own figures that the chapter sets beside ours
        def tables(result: Result) -> dict[str, Table]
        def figures(result: Result) -> dict[str, Figure]
    claims.py      # under the criteria record:
        CLAIMS     # list[Claim]: what the paper says, judged on the metrics

beside an ``__init__.py`` that says what the chapter is. The machinery shifts every seed
of ``CONFIG`` before ``run`` sees it (see :meth:`Experiment.config`), so ``run`` reads its
seeds from its config. Modules are imported on first use, not when ``lstm`` is imported.

Tests add fake experiments and claims for the length of a ``with`` block, without
editing :data:`MODULES`::

    with lstm.reproduce.registry.registered([fake_experiment], claims=[fake_claim]):
        ...
"""

from __future__ import annotations

import copy
import importlib
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from lstm.reproduce import profiles

# Each chapter folder and the chapter (docname) that shows its results, in book order.
MODULES: dict[str, str] = {
    "lstm_cell": "book/01_lstm-cell",
    "vanishing_gradients": "book/02_bengio-1994_vanishing-gradients",
    "long_time_lags": "book/03_hochreiter-1997_long-time-lags",
    "learning_to_forget": "book/04_gers-2000_learning-to-forget",
    "framewise_phonemes": "book/05_graves-2005_bidirectional-lstm",
    "sequence_to_sequence": "book/06_sutskever-2014_sequence-to-sequence",
    "show_and_tell": "book/07_vinyals-2015_show-and-tell",
    "search_space_odyssey": "book/08_greff-2017_search-space-odyssey",
    "recurrent_architectures": "book/09_jozefowicz-2015_recurrent-architectures",
    "precise_timing": "book/10_gers-2002_precise-timing",
    "text_generation": "book/11_karpathy-2015_text-generation",
    "speech_recognition": "book/12_graves-2013_speech-recognition",
    "attention": "book/13_bahdanau-2015_attention",
}
OUTLINE = {
    "experiment": ("CONFIG", "TOLERANCE", "run"),
    "show": ("PAPER", "tables", "figures"),
    "claims": ("CLAIMS",),
}

_extra_experiments: list[Experiment] = []
_extra_claims: list[Any] = []

_CHAPTER = re.compile(r"book/[A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Experiment:
    """One chapter's experiment: what to run under each profile, and how to show it.

    ``configs`` maps each profile name to a JSON-serialisable config with a
    ``"seeds"`` list of non-negative ints. ``run(config)`` returns a
    JSON-serialisable dict with a ``"metrics"`` key: a flat dict of numbers that
    claims and baselines read (other keys, such as curves and tables, are free).
    ``baseline_tolerance`` maps each headline metric to the absolute distance a fresh
    smoke run may land from the committed smoke baseline. ``chapter`` is the docname
    of the chapter that shows the results, such as ``"book/01_lstm-cell"``;
    ``tables(result)`` and ``figures(result)`` give what the chapter shows, by name,
    and ``paper`` the paper's own figures.
    """

    name: str
    chapter: str
    configs: Mapping[str, Mapping[str, Any]]
    run: Callable[[dict], dict]
    baseline_tolerance: Mapping[str, float] = field(default_factory=dict)
    tables: Callable[[Any], dict] = field(default=lambda result: {}, compare=False)
    figures: Callable[[Any], dict] = field(default=lambda result: {}, compare=False)
    paper: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_folder(cls, name: str, chapter: str, files: Mapping[str, Any]) -> Experiment:
        """The experiment of a chapter folder's ``files`` (file name -> its module; see
        :data:`OUTLINE`)."""
        for file, parts in OUTLINE.items():
            missing = [part for part in parts if not hasattr(files[file], part)]
            if missing:
                raise TypeError(
                    f"expected {files[file].__name__} to define {list(parts)}; it lacks {missing}"
                )
        experiment, show = files["experiment"], files["show"]
        return cls(
            name=name,
            chapter=chapter,
            configs=experiment.CONFIG,
            run=experiment.run,
            baseline_tolerance=experiment.TOLERANCE,
            tables=show.tables,
            figures=show.figures,
            paper=show.PAPER,
        )

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ValueError(f"expected a non-empty experiment name, got {self.name!r}")
        if not isinstance(self.chapter, str) or not _CHAPTER.fullmatch(self.chapter):
            raise ValueError(
                f"experiment {self.name!r}: expected a chapter docname like "
                f"'book/01_lstm-cell', got {self.chapter!r}"
            )
        if not callable(self.run):
            raise TypeError(
                f"experiment {self.name!r}: expected a callable run, got {type(self.run).__name__}"
            )
        self._check_configs()
        self._check_tolerances()

    def _check_configs(self) -> None:
        if not isinstance(self.configs, Mapping) or set(self.configs) != set(profiles.PROFILES):
            found = sorted(self.configs) if isinstance(self.configs, Mapping) else self.configs
            raise ValueError(
                f"experiment {self.name!r}: expected one config for each "
                f"profile {profiles.PROFILES}, got {found!r}"
            )
        for profile, config in self.configs.items():
            where = f"experiment {self.name!r}, profile {profile!r}"
            if not isinstance(config, Mapping):
                raise TypeError(
                    f"{where}: expected the config to be a mapping, got {type(config).__name__}"
                )
            seeds = config.get("seeds")
            if (
                not isinstance(seeds, list | tuple)
                or not seeds
                or not all(_is_int(seed) and seed >= 0 for seed in seeds)
            ):
                raise ValueError(
                    f"{where}: expected a non-empty list of non-negative int 'seeds', got {seeds!r}"
                )
            try:
                json.dumps(config, allow_nan=False)
            except (TypeError, ValueError) as error:
                raise TypeError(f"{where}: expected a JSON-serialisable config: {error}") from None

    def _check_tolerances(self) -> None:
        if not isinstance(self.baseline_tolerance, Mapping):
            raise TypeError(
                f"experiment {self.name!r}: expected baseline_tolerance to be a "
                f"mapping, got {type(self.baseline_tolerance).__name__}"
            )
        for metric, tolerance in self.baseline_tolerance.items():
            if not isinstance(metric, str):
                raise TypeError(
                    f"experiment {self.name!r}: expected metric names as "
                    f"baseline_tolerance keys, got {metric!r}"
                )
            if not (_is_number(tolerance) and math.isfinite(tolerance) and tolerance >= 0):
                raise ValueError(
                    f"experiment {self.name!r}: expected a finite, non-negative "
                    f"tolerance for {metric!r}, got {tolerance!r}"
                )

    def config(
        self,
        profile: str | profiles.Profile,
        seed_offset: int = 0,
        changes: Mapping[str, Any] | None = None,
    ) -> dict:
        """A fresh copy of the config for ``profile``, every seed shifted by
        ``seed_offset`` (so that anyone can check a claim on seeds we did not pick), with
        ``changes`` (``{"corpus": "timit", "speech.utterances_per_speaker": 5}``: a dotted
        name reaches into a nested dict) made to it. A change may only replace a key the
        config has, so a misspelt name is an error, not a silent new key."""
        profile = profiles.get(profile)
        if not _is_int(seed_offset) or seed_offset < 0:
            raise ValueError(f"expected a non-negative int seed offset, got {seed_offset!r}")
        config = copy.deepcopy(dict(self.configs[profile.name]))
        config["seeds"] = [seed + seed_offset for seed in config["seeds"]]
        for name, value in (changes or {}).items():
            *path, key = name.split(".")
            inner = config
            for part in path:
                inner = inner.get(part) if isinstance(inner, dict) else None
            if not isinstance(inner, dict) or key not in inner:
                raise ValueError(
                    f"expected a key of {self.name}'s {profile.name} config "
                    f"({', '.join(_keys(config))}), got {name!r}"
                )
            inner[key] = copy.deepcopy(value)
        return config


def _keys(config: Mapping[str, Any], prefix: str = "") -> list[str]:
    """The dotted names of ``config``'s keys, nested dicts' included."""
    names = []
    for key, value in config.items():
        names.append(prefix + key)
        if isinstance(value, Mapping):
            names += _keys(value, f"{prefix}{key}.")
    return names


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _folders() -> dict[str, dict[str, Any]]:
    return {name: chapter_files(name) for name in MODULES}


def chapter_files(name: str) -> dict[str, Any]:
    """The modules of chapter folder ``name``, by file: ``experiment``, ``show``, ``claims``."""
    if name not in MODULES:
        raise ValueError(f"expected one of the chapter folders {list(MODULES)}, got {name!r}")
    return {file: importlib.import_module(f"lstm.experiments.{name}.{file}") for file in OUTLINE}


def module(name: str) -> Any:
    """The experiment module of chapter ``name`` (``lstm.experiments.<name>.experiment``)."""
    return chapter_files(name)["experiment"]


def all_experiments() -> list[Experiment]:
    """Every registered experiment, in the order of :data:`MODULES`."""
    experiments = [
        Experiment.from_folder(name, MODULES[name], files) for name, files in _folders().items()
    ]
    experiments += _extra_experiments
    seen: set[str] = set()
    for experiment in experiments:
        if not isinstance(experiment, Experiment):
            raise TypeError(f"expected Experiment objects, got {type(experiment).__name__}")
        if experiment.name in seen:
            raise ValueError(f"two experiments are named {experiment.name!r}")
        seen.add(experiment.name)
    return experiments


def names() -> list[str]:
    """The names of every registered experiment."""
    return [experiment.name for experiment in all_experiments()]


def get(name: str) -> Experiment:
    """The experiment called ``name``."""
    for experiment in all_experiments():
        if experiment.name == name:
            return experiment
    raise ValueError(f"expected one of the experiments {names()}, got {name!r}")


def declared_claims() -> list[Any]:
    """The ``CLAIMS`` of every experiment module plus those registered by tests,
    unchecked (:func:`lstm.reproduce.claims.all_claims` checks them)."""
    chapters = _folders().values()
    return [claim for files in chapters for claim in files["claims"].CLAIMS] + _extra_claims


@contextmanager
def registered(
    experiments: Iterable[Experiment] = (), claims: Iterable[Any] = ()
) -> Iterator[None]:
    """Add ``experiments`` and ``claims`` to the registry inside a ``with`` block.

    Meant for tests: the additions disappear when the block ends, even on error.
    """
    experiment_count, claim_count = len(_extra_experiments), len(_extra_claims)
    _extra_experiments.extend(experiments)
    _extra_claims.extend(claims)
    try:
        all_experiments()
        yield
    finally:
        del _extra_experiments[experiment_count:]
        del _extra_claims[claim_count:]
