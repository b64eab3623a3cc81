"""A sweep named after what decides its trials, so that a journal is reused only by the
very same runs.

An experiment on the sweep engine (:mod:`lstm.sweep.study`) keeps its finished trials in
a journal (:mod:`lstm.sweep.local`), and a rerun takes them from there rather than train
again. That is right only while the trials would come out the same: :func:`sweep` names
the sweep with a hash of its config, of the package modules that train a network, of
the trial functions' source and of the data of the reader's own that the trials read
(:func:`data_source`), so a change to any of them starts a fresh sweep: a run on a wrong
folder never leaves its failures in the way of a run on the right one.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

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
    data: Sequence[str] = (),
) -> engine.Sweep:
    """One trial per seed of ``config["seeds"]`` in each of ``studies``, run by
    ``objective`` (``"module:function"``), named ``"<experiment>-<phase>-<key>"``: ``key``
    hashes ``config``, the package ``modules`` (dotted names under ``lstm``, as
    :func:`lstm.reproduce.results.module_hash` reads them), the source of ``code`` and,
    for each environment variable of ``data`` (those naming data the trials read), the
    :func:`data_source` it names. Without ``data`` the key is what it was before
    ``data`` existed, so journals of the built-in data stay valid."""
    seeds = config.get("seeds")
    if not isinstance(seeds, list) or not seeds:
        raise ValueError(f"expected config['seeds'] as a non-empty list, got {seeds!r}")
    hashes = [results.module_hash(f"lstm.{module}") for module in modules]
    sources = [inspect.getsource(function) for function in code]
    keyed_on = {"config": config, "code": hashes, "trial": sources}
    if data:
        keyed_on["data"] = {variable: data_source(variable) for variable in data}
    key = hashlib.sha256(json.dumps(keyed_on, sort_keys=True).encode()).hexdigest()[:16]
    return engine.Sweep(
        name=f"{experiment}-{phase}-{key}",
        studies=tuple(studies),
        trials=len(config["seeds"]),
        space={},
        objective=objective,
        config=dict(config),
    )


def data_source(variable: str) -> dict[str, str] | None:
    """What a sweep's key knows of the file or folder that the environment variable
    ``variable`` names (None when it is unset or empty): its resolved path, and a hash of
    the relative path and size of every file in it (a folder's, all the way down), so
    that files added, removed or replaced change the key. A path with nothing there is
    keyed by the path alone; the trials then say what is wrong with it."""
    value = os.environ.get(variable, "").strip()
    if not value:
        return None
    root = Path(value).expanduser().resolve()
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
    listing = [[p.relative_to(root).as_posix(), p.stat().st_size] for p in files if p.exists()]
    contents = hashlib.sha256(json.dumps(listing).encode()).hexdigest()[:16]
    return {"path": str(root), "files": contents}
