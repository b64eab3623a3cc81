"""Work on an experiment's random search from the command line, on this machine.

    python -m lstm.sweep NAME [--profile full|smoke] [--seed N] [--storage URL] [--workers K]
    python -m lstm.sweep NAME --status [...]

Starts ``K`` worker processes (default: ``LSTM_SWEEP_WORKERS``, else 2) on the search of
experiment ``NAME`` (whose chapter module defines ``sweep(config)`` itself; a ``sweep``
it imports, such as :func:`lstm.sweep.keyed.sweep`, is not a search), until every trial of
its budget has finished; run again, it resumes. ``--storage`` names where the trials are
kept, as ``LSTM_SWEEP_STORAGE`` does (default: a journal file of the search's own in
``data/cache/sweeps/``). With a PostgreSQL URL, run the same command on every machine;
then ``LSTM_SWEEP_STORAGE=URL python -m lstm NAME`` on one of them judges the finished
search. ``--status`` prints how many trials of each study have finished, and each failed
trial with its one-line reason. As with ``python -m lstm``, unusable data of your own stops
the command with its one-line message and exit code 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from lstm.reproduce import profiles, registry
from lstm.reproduce.cli import reporting_data_errors
from lstm.sweep import local
from lstm.sweep import study as engine


def has_search(module: ModuleType) -> bool:
    """Whether a chapter module has a random search: a ``sweep`` function of its own."""
    sweep = getattr(module, "sweep", None)
    return callable(sweep) and getattr(sweep, "__module__", None) == module.__name__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv``; return 0 on success, 2 for a usage error or
    unusable data of your own."""
    return reporting_data_errors(_main, argv)


def status(search: engine.Sweep, where: str) -> list[str]:
    """What ``--status`` prints: each study's finished trials, then each failed trial
    whose index has not finished since, with its one-line reason."""
    lines = []
    failed = engine.failures(search, where)
    for name, done in engine.progress(search, where).items():
        lines.append(f"{search.study_name(name)}: {done} of {search.trials} trials finished")
        lines += [f"  trial {index} failed: {reason}" for index, reason in failed[name]]
    return lines


def _main(argv: Sequence[str] | None) -> int:
    try:
        arguments = _parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if arguments.name not in registry.names():
        print(f"unknown experiment {arguments.name!r}; known: {registry.names()}", file=sys.stderr)
        return 2
    module = registry.module(arguments.name)
    if not has_search(module):
        searches = [n for n in registry.names() if has_search(registry.module(n))]
        print(
            f"experiment {arguments.name!r} has no random search; these do: {searches}",
            file=sys.stderr,
        )
        return 2
    if arguments.storage:
        os.environ[local.STORAGE_ENV] = arguments.storage
    if arguments.workers:
        os.environ[local.WORKERS_ENV] = str(arguments.workers)
    try:
        profile = profiles.get(arguments.profile) if arguments.profile else profiles.current()
    except profiles.ProfileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    config = registry.get(arguments.name).config(profile.name, arguments.seed)
    search = module.sweep(config)
    where = module.storage(search)
    if arguments.status:
        print("\n".join(status(search, where)))
        return 0
    print(f"{search.name}: {len(search.studies)} studies of {search.trials} trials, in {where}")
    engine.work(search, where, workers=module.workers())
    print("every trial has finished")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m lstm.sweep",
        description="Run workers on an experiment's random search until it has finished.",
    )
    parser.add_argument("name", help="the experiment whose search to run")
    parser.add_argument("--profile", choices=profiles.PROFILES, help="default: LSTM_PROFILE")
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="shift every seed by N")
    parser.add_argument("--storage", help="a journal file or a postgresql:// URL")
    parser.add_argument("--workers", type=int, help="worker processes on this machine")
    parser.add_argument("--status", action="store_true", help="count the finished trials")
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
