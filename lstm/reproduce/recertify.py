"""Re-certify an experiment's committed results after a change that moves none of its numbers.

A committed result goes stale when any code its experiment imports changes
(:func:`lstm.reproduce.results.code_hash`), because a change may move its numbers. Many
changes move none: a clearer error message, a sweep engine that survives a killed worker.
Re-running the full experiment to show that can cost an hour; re-certifying costs a few
smoke runs, and proves the same thing on this processor:

1. The committed full result, smoke baseline and robustness check must have been fresh at
   the ``base`` commit (each records the base's code hash), and the experiment's config
   must be unchanged since. Its claims may have changed: verdicts are judged again from
   the stored numbers (:mod:`lstm.reproduce.rejudge`), so re-certification compares the
   numbers only.
2. If the change only moved code (:mod:`lstm.reproduce.moves`: every definition of the
   experiment's code is the base's, with the same code naming the same things, wherever
   they now live), the committed files take today's code hash at once, and the record
   says so; nothing runs. Otherwise:
3. The smoke profile runs at seed offset 0 and at every robustness offset
   (:data:`lstm.reproduce.robustness.OFFSETS`), once with the base commit's code (in a
   temporary git worktree) and once with today's, side by side on this processor.
4. If every pair gives the same config, metrics and data, bit for bit (wall-clock
   times and the names of trial journals aside: :data:`NOT_COMPUTED`), the
   committed files take today's code hash, and the provenance of the full result and of
   the smoke baseline records the re-certification (base commit, today's commit, both
   hashes, offsets, processor, date); today's code must be committed. Otherwise nothing
   is written, and the runs that differ are named: the experiment must be run again.

    python -m lstm NAME --recertify [BASE]

``BASE`` defaults to the commit that made the committed full result (or re-certified it
last).

Only the smoke profile runs, so a change on a path that only the full profile takes (a
branch of the config that smoke never reaches) would not be seen by comparing smoke runs.
So the runs with today's code are traced (coverage.py), and every line of the hashed code
that changed since the base (``git diff``) must have run in at least one of them: a changed
statement counts where it, or the statement it is part of, executed; a changed C++ source
counts where a Python module beside it (its loader aside) ran. Otherwise nothing is written
and the lines that no smoke run executed are named: the experiment must be run again, or,
where those lines are not on the full profile's path either (a figure's code, say), the
maintainer says why with ``--unrun-reason "..."``, and the record keeps the lines and the
reason.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import coverage

from lstm.reproduce import moves, registry, results, robustness
from lstm.reproduce.results import REPOSITORY, Result

#: The variables that point a chapter at a reader's own data; a re-certification runs
#: the committed, synthetic setting, so they are cleared.
_USER_DATA = ("LSTM_TIMIT_DIR", "LSTM_COCO_DIR", "LSTM_PARALLEL_FILE", "LSTM_RERUN")


class NotRecertified(RuntimeError):
    """The change moved a number, or the committed files were not fresh at the base."""


def recertify(
    name: str,
    base: str | None = None,
    offsets: tuple[int, ...] = (0, *robustness.OFFSETS),
    unrun_reason: str | None = None,
) -> list[Path]:
    """Re-certify experiment ``name``'s committed results against commit ``base`` (default:
    :func:`made_at`) by smoke runs at seed ``offsets`` (default: 0 and every robustness
    offset; the record names those checked); return the paths rewritten. Changed lines that
    no smoke run executed refuse it, unless ``unrun_reason`` says why they do not matter.
    Raises :class:`NotRecertified`."""
    experiment = registry.get(name)
    base = base or made_at(name)
    if results.tree_is_dirty():
        raise NotRecertified(
            f"{name}: the tree has uncommitted changes; commit the code to re-certify, so "
            "that the record names the commit whose code was run"
        )
    base_commit = _git("rev-parse", "--verify", f"{base}^{{commit}}")
    new_hash = results.code_hash(experiment)
    changed = changed_lines(base_commit, results.code_files(experiment))
    with tempfile.TemporaryDirectory(prefix=f"recertify-{name}-") as scratch:
        scratch = Path(scratch)
        with _worktree(base_commit, scratch / "base") as tree:
            old_hash, old_module = _base_code(tree, name)
            committed = _committed_files(name, old_hash)
            if old_hash == new_hash:
                raise NotRecertified(f"{name}: its code hash {new_hash} is the base's already")
            record = {
                "base": base_commit,
                "commit": _git("rev-parse", "HEAD"),
                "from": old_hash,
                "to": new_hash,
            }
            if not moves.moved_only(experiment.run.__module__, base_commit, old_module):
                record["moved"] = (
                    "every definition of the experiment's code is the base's, moved unchanged "
                    "(lstm.reproduce.moves); nothing was run"
                )
                record["created"] = datetime.now(UTC).isoformat(timespec="seconds")
                return _restamp(committed, new_hash, record)
            differing, executed = {}, {}
            for offset in offsets:
                folder = scratch / str(offset)
                paths = _differences(*_run_pair(tree, name, offset, folder, changed))
                if paths:
                    differing[offset] = paths
                for path, lines in _executed(folder / "today", changed).items():
                    executed.setdefault(path, set()).update(lines)
    if differing:
        where = "; ".join(
            f"offset {offset}: {', '.join(paths[:5])}" + (" ..." if len(paths) > 5 else "")
            for offset, paths in differing.items()
        )
        raise NotRecertified(
            f"{name}: the smoke runs differ between {base}'s code and today's ({where}); "
            f"run the experiment again (`python -m lstm {name}`)"
        )
    unrun = unrun_lines(changed, executed)
    if unrun and not unrun_reason:
        raise NotRecertified(
            f"{name}: lines changed since {base} that no smoke run executed: "
            f"{_describe(unrun)}; a path only the full profile takes may move its numbers, "
            f"so run the experiment again (`python -m lstm {name}`), or, if the full profile "
            "does not run them either, say why with --unrun-reason"
        )
    record |= {
        "offsets": list(offsets),
        "cpu": results.cpu_name(),
        "isa": results.instruction_set(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    if unrun:
        record["unrun"] = {"lines": _describe(unrun), "reason": unrun_reason}
    return _restamp(committed, new_hash, record)


def changed_lines(base_commit: str, files: list[Path]) -> dict[Path, set[int]]:
    """The lines of ``files`` (as they are today) that differ from ``base_commit``'s, from
    ``git diff``; where lines were only removed, the lines on either side of the cut."""
    relative = [str(path.relative_to(REPOSITORY)) for path in files]
    diff = _git("diff", "--unified=0", "--no-color", base_commit, "HEAD", "--", *relative)
    changed: dict[Path, set[int]] = {}
    current = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = None if name == "/dev/null" else REPOSITORY / name.removeprefix("b/")
        elif line.startswith("@@") and current is not None:
            hunk = re.match(r"@@ -\S+ \+(\d+)(?:,(\d+))? @@", line)
            start, count = int(hunk.group(1)), int(hunk.group(2) or 1)
            lines = range(start, start + count) if count else (start, start + 1)
            changed.setdefault(current, set()).update(n for n in lines if n > 0)
    return changed


def unrun_lines(
    changed: dict[Path, set[int]], executed: dict[Path, set[int]]
) -> dict[Path, list[int]]:
    """The changed lines whose code no traced run executed: for a Python file, each changed
    line's innermost enclosing statement (docstrings aside) must have run; a C++ file
    counts as run where a Python module in its folder, other than ``__init__.py`` and
    ``build.py`` (which load it), ran."""
    unrun = {}
    for path, lines in changed.items():
        if path.suffix == ".cpp":
            beside = [p for p in executed if p.parent == path.parent and p.name not in _LOADERS]
            if not any(executed[p] for p in beside):
                unrun[path] = sorted(lines)
            continue
        statements = _statements(path)
        missing = sorted(
            {start for line in lines if (start := _statement_at(statements, line)) is not None}
            - executed.get(path, set())
        )
        if missing:
            unrun[path] = missing
    return unrun


# The modules that build and load a compiled extension: that they ran says nothing of
# whether the compiled code was called.
_LOADERS = ("__init__.py", "build.py")


def _statements(path: Path) -> list[tuple[int, int]]:
    """(first line, last line) of every statement of ``path`` but docstrings."""
    tree = ast.parse(path.read_text())
    return [
        (node.lineno, node.end_lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.stmt)
        and not (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        )
    ]


def _statement_at(statements: list[tuple[int, int]], line: int) -> int | None:
    """The first line of the innermost statement that spans ``line``."""
    spans = [(end - start, start) for start, end in statements if start <= line <= end]
    return min(spans)[1] if spans else None


def _describe(unrun: dict[Path, list[int]]) -> str:
    return ", ".join(
        f"{path.relative_to(REPOSITORY)}:{','.join(map(str, lines))}"
        for path, lines in sorted(unrun.items())
    )


def _traced_files(changed: dict[Path, set[int]]) -> list[Path]:
    """The Python files a run is traced in: the changed ones, and those beside a changed
    C++ source."""
    files = {path for path, lines in changed.items() if path.suffix == ".py" and lines}
    for path, lines in changed.items():
        if path.suffix == ".cpp" and lines:
            files |= {p for p in path.parent.glob("*.py") if p.name not in _LOADERS}
    return sorted(files)


def _coverage_rc(folder: Path, changed: dict[Path, set[int]]) -> Path:
    """A coverage.py configuration that traces the changed files, in every process a run
    starts (the sweeps' workers are spawned processes)."""
    rc = folder / "coverage.rc"
    include = ",".join(str(path) for path in _traced_files(changed))
    rc.write_text(
        "[run]\n"
        f"data_file = {folder / '.coverage'}\n"
        "parallel = true\n"
        "concurrency = multiprocessing,thread\n"
        f"include = {include}\n"
    )
    return rc


def _executed(folder: Path, changed: dict[Path, set[int]]) -> dict[Path, set[int]]:
    """The lines of the traced files that the run in ``folder`` executed."""
    if not _traced_files(changed):
        return {}
    traced = coverage.Coverage(config_file=str(folder / "coverage.rc"))
    traced.combine([str(folder)])
    data = traced.get_data()
    return {Path(name): set(data.lines(name) or ()) for name in data.measured_files()}


def made_at(name: str) -> str:
    """The commit whose code made experiment ``name``'s committed full result as it stands:
    the last re-certification's, or else the run's own."""
    provenance = results.load(results.result_path(name, "full")).provenance
    if provenance.recertified:
        return provenance.recertified[-1]["commit"]
    return provenance.git_commit


def _committed_files(name: str, old_hash: str) -> dict[str, object]:
    """The committed full result, smoke baseline and robustness check of ``name``, each of
    which must record ``old_hash`` and today's config (their criteria may differ: the
    verdicts are re-judged apart)."""
    experiment = registry.get(name)
    full = results.load(results.result_path(name, "full"))
    smoke = results.load(results.result_path(name, "smoke"))
    check = json.loads(robustness.path(name).read_text())
    recorded = {
        "full result": (dataclasses.asdict(full.provenance), experiment.config("full")),
        "smoke baseline": (dataclasses.asdict(smoke.provenance), experiment.config("smoke")),
        "robustness check": (check, experiment.config("smoke")),
    }
    problems = [
        f"its {label} records the {key.replace('_', ' ')} {hashes[key]}, expected {want}"
        for label, (hashes, config) in recorded.items()
        for key, want in {"code_hash": old_hash, "config_hash": results.config_hash(config)}.items()
        if hashes[key] != want
    ]
    if problems:
        raise NotRecertified(f"{name}: " + "; ".join(problems))
    return {"full": full, "smoke": smoke, "robustness": check}


def _run_pair(
    tree: Path, name: str, offset: int, scratch: Path, changed: dict[Path, set[int]]
) -> tuple[Result, Result]:
    """The smoke run of ``name`` at ``offset`` with the base's code (``tree``) and with
    today's, run side by side, each in a process of its own with its own results folder
    and sweep journal; today's is traced in the files of ``changed``."""
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
        if label == "today" and _traced_files(changed):
            rc = _coverage_rc(folder, changed)
            command[1:1] = ["-m", "coverage", "run", f"--rcfile={rc}"]
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
    "ms_per_sentence": "a decoding speed in wall-clock milliseconds, which differs likewise",
    "sweep": "the name of the journal that keeps a search's trials, which hashes the code",
}


def _differences(base: Result, today: Result) -> list[str]:
    """Where two runs computed different numbers: the paths (``data.runs[3].loss``) of the
    config, metrics and data entries that are not the same, bit for bit (their
    provenance and the :data:`NOT_COMPUTED` entries aside). Empty when they are the same."""
    found: list[str] = []
    for key in ("config", "metrics", "data"):  # verdicts follow from these and the claims
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


def _base_code(tree: Path, name: str) -> tuple[str, str]:
    """The code hash of experiment ``name`` as the base commit's code computes it, and the
    module of its ``run`` there."""
    script = (
        "from lstm.reproduce import registry, results; "
        f"print(results.code_hash({name!r}), registry.get({name!r}).run.__module__)"
    )
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
    code_hash, module = completed.stdout.split()
    return code_hash, module


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
