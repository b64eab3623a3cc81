"""Re-certify an experiment's committed results after a change that moves none of its numbers.

A committed result goes stale when any code its experiment imports changes
(:func:`lstm.reproduce.results.code_hash`), because a change may move its numbers. Many
changes move none: a clearer error message, a sweep engine that survives a killed worker.
Re-running the full experiment to show that can cost an hour; re-certifying costs a few
smoke runs, and proves the same thing on this processor:

1. The committed full result, smoke baseline and robustness check must have been fresh at
   the ``base`` commit (each records the base's code hash), and the experiment's config
   and criteria must be unchanged since.
2. The smoke profile runs at seed offset 0 and at every robustness offset
   (:data:`lstm.reproduce.robustness.OFFSETS`), once with the base commit's code (in a
   temporary git worktree) and once with today's, side by side on this processor.
3. If every pair gives the same config, metrics, verdicts and data, bit for bit (wall-clock
   times and the names of trial journals aside: :data:`NOT_COMPUTED`), the
   committed files take today's code hash, and the provenance of the full result and of
   the smoke baseline records the re-certification (base commit, today's commit, both
   hashes, offsets, processor, date); today's code must be committed. Otherwise nothing
   is written, and the runs that differ are named: the experiment must be run again.

    python -m lstm NAME --recertify [BASE]

``BASE`` defaults to the commit that made the committed full result (or re-certified it
last). Only the smoke profile runs, so a change to a path that only the full profile takes
(a branch of the config that smoke never reaches) is not seen here: such a change calls
for ``python -m lstm NAME`` instead.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from lstm.reproduce import claims, registry, results, robustness
from lstm.reproduce.results import REPOSITORY, Result

#: The variables that point a chapter at a reader's own data; a re-certification runs
#: the committed, synthetic setting, so they are cleared.
_USER_DATA = ("LSTM_TIMIT_DIR", "LSTM_COCO_DIR", "LSTM_PARALLEL_FILE", "LSTM_RERUN")


class NotRecertified(RuntimeError):
    """The change moved a number, or the committed files were not fresh at the base."""


def recertify(
    name: str, base: str | None = None, offsets: tuple[int, ...] = (0, *robustness.OFFSETS)
) -> list[Path]:
    """Re-certify experiment ``name``'s committed results against commit ``base`` (default:
    :func:`made_at`) by smoke runs at seed ``offsets`` (default: 0 and every robustness
    offset; the record names those checked); return the paths rewritten. Raises
    :class:`NotRecertified`."""
    experiment = registry.get(name)
    base = base or made_at(name)
    if results.tree_is_dirty():
        raise NotRecertified(
            f"{name}: the tree has uncommitted changes; commit the code to re-certify, so "
            "that the record names the commit whose code was run"
        )
    base_commit = _git("rev-parse", "--verify", f"{base}^{{commit}}")
    new_hash = results.code_hash(experiment)
    with tempfile.TemporaryDirectory(prefix=f"recertify-{name}-") as scratch:
        scratch = Path(scratch)
        with _worktree(base_commit, scratch / "base") as tree:
            old_hash = _base_code_hash(tree, name)
            committed = _committed_files(name, old_hash)
            if old_hash == new_hash:
                raise NotRecertified(f"{name}: its code hash {new_hash} is the base's already")
            differing = {}
            for offset in offsets:
                paths = _differences(*_run_pair(tree, name, offset, scratch / str(offset)))
                if paths:
                    differing[offset] = paths
    if differing:
        where = "; ".join(
            f"offset {offset}: {', '.join(paths[:5])}" + (" ..." if len(paths) > 5 else "")
            for offset, paths in differing.items()
        )
        raise NotRecertified(
            f"{name}: the smoke runs differ between {base}'s code and today's ({where}); "
            f"run the experiment again (`python -m lstm {name}`)"
        )
    record = {
        "base": base_commit,
        "commit": _git("rev-parse", "HEAD"),
        "from": old_hash,
        "to": new_hash,
        "offsets": list(offsets),
        "cpu": results.cpu_name(),
        "isa": results.instruction_set(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return _restamp(committed, new_hash, record)


def made_at(name: str) -> str:
    """The commit whose code made experiment ``name``'s committed full result as it stands:
    the last re-certification's, or else the run's own."""
    provenance = results.load(results.result_path(name, "full")).provenance
    if provenance.recertified:
        return provenance.recertified[-1]["commit"]
    return provenance.git_commit


def _committed_files(name: str, old_hash: str) -> dict[str, object]:
    """The committed full result, smoke baseline and robustness check of ``name``, each of
    which must record ``old_hash`` and today's config and criteria."""
    experiment = registry.get(name)
    full = results.load(results.result_path(name, "full"))
    smoke = results.load(results.result_path(name, "smoke"))
    check = json.loads(robustness.path(name).read_text())
    criteria = {"criteria_hash": claims.criteria_hash(name)}
    recorded = {  # the robustness check records each claim's criteria, checked when read
        "full result": (dataclasses.asdict(full.provenance), experiment.config("full"), criteria),
        "smoke baseline": (
            dataclasses.asdict(smoke.provenance),
            experiment.config("smoke"),
            criteria,
        ),
        "robustness check": (check, experiment.config("smoke"), {}),
    }
    problems = [
        f"its {label} records the {key.replace('_', ' ')} {hashes[key]}, expected {want}"
        for label, (hashes, config, expected) in recorded.items()
        for key, want in (
            expected | {"code_hash": old_hash, "config_hash": results.config_hash(config)}
        ).items()
        if hashes[key] != want
    ]
    if problems:
        raise NotRecertified(f"{name}: " + "; ".join(problems))
    return {"full": full, "smoke": smoke, "robustness": check}


def _run_pair(tree: Path, name: str, offset: int, scratch: Path) -> tuple[Result, Result]:
    """The smoke run of ``name`` at ``offset`` with the base's code (``tree``) and with
    today's, run side by side, each in a process of its own with its own results folder
    and sweep journal."""
    processes = {}
    for label, code in (("base", tree), ("today", REPOSITORY)):
        folder = scratch / label
        folder.mkdir(parents=True)
        environment = {k: v for k, v in os.environ.items() if k not in _USER_DATA}
        environment |= {
            "PYTHONPATH": str(code),
            results.RESULTS_ENV: str(folder),
            "LSTM_SWEEP_STORAGE": str(folder / "sweep.journal"),
        }
        command = [sys.executable, "-m", "lstm", name, "--profile", "smoke", "--seed", str(offset)]
        log = open(folder / "log", "w")  # closed once the process has ended
        process = subprocess.Popen(
            command, cwd=code, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        processes[label] = (process, log, folder)
    for process, log, _ in processes.values():  # both end before either is judged
        process.wait()
        log.close()
    runs = []
    for label, (process, _, folder) in processes.items():
        if process.returncode != 0:
            raise NotRecertified(
                f"{name}: the smoke run at offset {offset} with {label}'s code failed "
                f"(exit code {process.returncode}):\n{(folder / 'log').read_text()[-2000:]}"
            )
        written = results.result_path(name, "smoke", offset).name
        runs.append(results.load(folder / "smoke" / written))
    return runs[0], runs[1]


#: Entries of a run's data that are not numbers the experiment computes, with the reason:
#: re-certification leaves them out of the comparison, wherever they are nested.
NOT_COMPUTED = {
    "seconds": "a wall-clock time, which differs from one run to the next",
    "sweep": "the name of the journal that keeps a search's trials, which hashes the code",
}


def _differences(base: Result, today: Result) -> list[str]:
    """Where two runs computed different numbers: the paths (``data.runs[3].loss``) of the
    config, metrics, verdicts and data entries that are not the same, bit for bit (their
    provenance and the :data:`NOT_COMPUTED` entries aside). Empty when they are the same."""
    found: list[str] = []
    for key in ("config", "metrics", "verdicts", "data"):
        _compare(_computed(getattr(base, key)), _computed(getattr(today, key)), key, found)
    return found


def _compare(old: object, new: object, path: str, found: list[str]) -> None:
    if isinstance(old, dict) and isinstance(new, dict) and old.keys() == new.keys():
        for key in old:
            _compare(old[key], new[key], f"{path}.{key}", found)
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            _compare(a, b, f"{path}[{index}]", found)
    elif json.dumps(old) != json.dumps(new):  # bit for bit, NaN equal to NaN
        found.append(path)


def _computed(value: object) -> object:
    """``value`` without its :data:`NOT_COMPUTED` entries, at any depth."""
    if isinstance(value, dict):
        return {k: _computed(v) for k, v in value.items() if k not in NOT_COMPUTED}
    if isinstance(value, list):
        return [_computed(item) for item in value]
    return value


def _restamp(committed: dict[str, object], new_hash: str, record: dict) -> list[Path]:
    written = []
    for key in ("full", "smoke"):
        result = committed[key]
        provenance = dataclasses.replace(
            result.provenance,
            code_hash=new_hash,
            recertified=[*result.provenance.recertified, record],
        )
        written.append(results.save(dataclasses.replace(result, provenance=provenance)))
    check = robustness.Robustness(**(committed["robustness"] | {"code_hash": new_hash}))
    written.append(robustness.save(check))
    return written


def _base_code_hash(tree: Path, name: str) -> str:
    """The code hash of experiment ``name`` as the base commit's code computes it."""
    script = f"from lstm.reproduce import results; print(results.code_hash({name!r}))"
    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tree,
        env=os.environ | {"PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise NotRecertified(f"{name}: cannot hash the base's code: {completed.stderr[-2000:]}")
    return completed.stdout.strip()


@contextmanager
def _worktree(commit: str, where: Path) -> Iterator[Path]:
    """A detached git worktree of ``commit`` at ``where``, removed afterwards."""
    _git("worktree", "add", "--detach", str(where), commit)
    try:
        yield where
    finally:
        _git("worktree", "remove", "--force", str(where))


def _git(*arguments: str) -> str:
    completed = subprocess.run(
        ["git", *arguments], cwd=REPOSITORY, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise NotRecertified(f"git {' '.join(arguments)}: {completed.stderr.strip()}")
    return completed.stdout.strip()
