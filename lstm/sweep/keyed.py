"""A sweep named after what decides its trials, so that a journal is reused only by the
very same runs.

An experiment on the sweep engine (:mod:`lstm.sweep.study`) keeps its finished trials in
a journal (:mod:`lstm.sweep.local`), and a rerun takes them from there rather than train
again. That is right only while the trials would come out the same: :func:`sweep` names
the sweep with a hash of its config, of the package modules that train a network and of
the trial functions' source, so a change to any of them starts a fresh sweep.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from collections.abc import Callable, Mapping, Sequence

from lstm.reproduce import results
from lstm.sweep import study as engine


def sweep(
    experiment: str,
    phase: str,
    studies: Sequence[str],
    config: Mapping,
    *,
    objective: str,
    modules: Sequence[str],
    code: Sequence[Callable],
) -> engine.Sweep:
    """One trial per seed of ``config["seeds"]`` in each of ``studies``, run by
    ``objective`` (``"module:function"``), named ``"<experiment>-<phase>-<key>"``: ``key``
    hashes ``config``, the package ``modules`` (dotted names under ``lstm``, as
    :func:`lstm.reproduce.results.module_hash` reads them) and the source of ``code``."""
    seeds = config.get("seeds")
    if not isinstance(seeds, list) or not seeds:
        raise ValueError(f"expected config['seeds'] as a non-empty list, got {seeds!r}")
    hashes = [results.module_hash(f"lstm.{module}") for module in modules]
    sources = [inspect.getsource(function) for function in code]
    key = hashlib.sha256(
        json.dumps({"config": config, "code": hashes, "trial": sources}, sort_keys=True).encode()
    ).hexdigest()[:16]
    return engine.Sweep(
        name=f"{experiment}-{phase}-{key}",
        studies=tuple(studies),
        trials=len(config["seeds"]),
        space={},
        objective=objective,
        config=dict(config),
    )
