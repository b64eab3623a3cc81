"""Run experiments from the command line and write their results.

    python -m lstm NAME [--profile full|smoke] [--seed N]   run one experiment
    python -m lstm --all [--profile full|smoke] [--seed N]  run every experiment
    python -m lstm NAME --robustness                        smoke verdicts at other seeds
    python -m lstm NAME --recertify [BASE]                  a change since BASE moved nothing
    python -m lstm NAME --rejudge                           judge the stored numbers again
    python -m lstm --list                                   name the experiments

The profile defaults to ``LSTM_PROFILE`` (itself ``full`` by default). Each run prints
its metrics and every claim's verdict. ``--seed N`` shifts every seed of the
experiment by ``N``, so that anyone can see the verdicts at seeds we did not choose;
such results are written beside the committed ones, never over them (see
:func:`lstm.reproduce.results.result_path`). ``--robustness`` runs the smoke profile at the
seed offsets of :data:`lstm.reproduce.robustness.OFFSETS` and writes the verdicts there.
``--recertify [BASE]`` shows that the code changed since commit ``BASE`` moved none of the
experiment's numbers, because it only moved code (:mod:`lstm.reproduce.moves`) or else by
smoke runs bit-identical to ``BASE``'s, and re-stamps its committed results
(:mod:`lstm.reproduce.recertify`). ``--set KEY=VALUE`` changes a key of the config for one
run (``--set corpus=timit`` runs a speech chapter on your TIMIT copy); its results go where
``LSTM_RESULTS_DIR`` says, never over the book's. ``--rejudge`` judges the committed
results' stored numbers again under today's claims, after a change of criteria
(:mod:`lstm.reproduce.rejudge`).

A run on your own data that stops because of the data (an unset variable, a folder that
is not TIMIT or COCO, a file that does not parse) prints the reader's one-line message
and exits with 2, without a traceback; any other error keeps its traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from lstm.reproduce import claims, profiles, recertify, registry, rejudge, results, robustness
from lstm.reproduce.claims import format_number

#: The environment variables that name a reader's own data (chapters 5, 8 and 12; 7; 6).
#: A ``ValueError`` whose message names one is about the reader's files.
DATA_VARIABLES = ("LSTM_TIMIT_DIR", "LSTM_COCO_DIR", "LSTM_PARALLEL_FILE")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: the process's); return the exit code:
    0 on success, 2 for a usage error, an unknown experiment or unusable data of your own."""
    return reporting_data_errors(_main, argv)


def reporting_data_errors(command: Callable[[Sequence[str] | None], int], argv) -> int:
    """``command(argv)``, where an error about the reader's own data (:func:`is_data_error`)
    is printed as its one line, with exit code 2 and no traceback; other errors go on up."""
    try:
        return command(argv)
    except ValueError as error:
        if not is_data_error(error):
            raise
        print(f"error: {error}", file=sys.stderr)
        return 2


def is_data_error(error: BaseException) -> bool:
    """Whether ``error`` is about the reader's own data: a ``ValueError`` whose message
    names one of :data:`DATA_VARIABLES` (the command line prints it as one line)."""
    return isinstance(error, ValueError) and any(v in str(error) for v in DATA_VARIABLES)


def _main(argv: Sequence[str] | None) -> int:
    try:
        arguments = _parser().parse_args(argv)
    except SystemExit as exit_:  # argparse exits on --help and on usage errors
        return int(exit_.code or 0)
    if arguments.list:
        experiments = registry.all_experiments()
        if arguments.longest_first:
            experiments.sort(key=_committed_wall_time, reverse=True)
        for experiment in experiments:
            print(f"{experiment.name}  ({experiment.chapter})")
        return 0
    known = registry.names()
    if not arguments.all and arguments.name not in known:
        print(f"unknown experiment {arguments.name!r}; known experiments: {known}", file=sys.stderr)
        return 2
    names = known if arguments.all else [arguments.name]
    if arguments.recertify is not None:
        for name in names:
            try:
                base = arguments.recertify or recertify.made_at(name)
                print(f"re-certifying {name} against {base} ...")
                written = recertify.recertify(name, base, arguments.offsets, arguments.unrun_reason)
            except recertify.NotRecertified as error:
                print(f"error: {error}", file=sys.stderr)
                return 1
            record = results.load(written[0]).provenance.recertified[-1]
            how = "the code only moved" if "moved" in record else "the smoke runs are bit-identical"
            print(f"{how}; re-stamped {', '.join(map(str, written))}")
        return 0
    if arguments.rejudge:
        for name in names:
            try:
                moved = rejudge.rejudge(name)
            except rejudge.NotRejudged as error:
                print(f"error: {error}", file=sys.stderr)
                return 1
            for path, changed in moved.items():
                print(f"re-judged {path}")
                for claim_id, (old, new) in changed.items():
                    print(f"  {claim_id}: {old} -> {new}")
        return 0
    if arguments.robustness:
        for name in names:
            offsets = ", ".join(map(str, robustness.OFFSETS))
            print(f"running {name} (smoke profile, seed offsets {offsets}) ...")
            check = robustness.run(name)
            print(f"wrote {robustness.save(check)}")
            for claim_id, verdicts in check.verdicts.items():
                print(f"  {claim_id}: {', '.join(verdicts)}")
        return 0
    try:
        profile = profiles.get(arguments.profile) if arguments.profile else profiles.current()
    except profiles.ProfileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    changes = dict(arguments.set)
    for name in names:
        try:
            config = registry.get(name).config(profile, arguments.seed, changes)
            results.check_destination(config, changed=bool(changes))
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(f"running {name} ({profile.name} profile, seed offset {arguments.seed}) ...")
        result = results.run(name, profile, arguments.seed, changes)
        print(f"wrote {results.save(result)} in {format_number(result.provenance.wall_time_s)} s")
        for metric, value in result.metrics.items():
            print(f"  {metric}: {format_number(value)}")
        for claim_id in result.verdicts:
            verdict = claims.check(claim_id, result)
            print(f"  {verdict.outcome.upper()}: {claim_id}: {verdict.measured}")
            print(f"    (paper's strength: {verdict.required})")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m lstm",
        description="Run the book's experiments and write their results to data/results.",
    )
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("name", nargs="?", help="the experiment to run")
    what.add_argument("--all", action="store_true", help="run every experiment")
    what.add_argument("--list", action="store_true", help="name the experiments and chapters")
    parser.add_argument(
        "--profile", choices=profiles.PROFILES, help="budget to run under (default: LSTM_PROFILE)"
    )
    parser.add_argument(
        "--robustness",
        action="store_true",
        help="run the smoke profile at the seed offsets of lstm.reproduce.robustness.OFFSETS",
    )
    parser.add_argument(
        "--recertify",
        nargs="?",
        const="",
        metavar="BASE",
        help="re-stamp the committed results if the change since commit BASE (default: the "
        "commit that made them) only moved code, or else if smoke runs are bit-identical to "
        "those of BASE's code and every line changed "
        "since BASE ran in them (traced with coverage.py); a changed line that no smoke run "
        "executes may be on a path only the full profile takes, and refuses",
    )
    parser.add_argument(
        "--unrun-reason",
        metavar="WHY",
        help="with --recertify: accept changed lines that no smoke run executed, saying why "
        "the full profile does not run them either; the record keeps the lines and the reason",
    )
    parser.add_argument(
        "--rejudge",
        action="store_true",
        help="judge the committed results' stored metrics and data again under today's "
        "claims, recording the verdicts that moved; nothing is run",
    )
    parser.add_argument(
        "--offsets",
        type=_offsets,
        default=(0, *robustness.OFFSETS),
        metavar="N,N,...",
        help="with --recertify: the seed offsets to compare (default: 0 and the robustness ones)",
    )
    parser.add_argument(
        "--seed", type=_seed_offset, default=0, metavar="N", help="shift every seed by N"
    )
    parser.add_argument(
        "--set",
        type=_change,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change a key of the profile's config for this run, e.g. --set corpus=timit "
        "(a dotted key reaches into a nested one; the value is read as JSON where it "
        "parses, else as text); the results then need LSTM_RESULTS_DIR",
    )
    parser.add_argument(
        "--longest-first",
        action="store_true",
        help="with --list: order by the committed full run's time, longest (or never run) first",
    )
    return parser


def _committed_wall_time(experiment: registry.Experiment) -> float:
    path = results.result_path(experiment.name, "full")
    return results.load(path).provenance.wall_time_s if path.exists() else float("inf")


def _offsets(text: str) -> tuple[int, ...]:
    return tuple(_seed_offset(part) for part in text.split(","))


def _change(text: str) -> tuple[str, Any]:
    """``KEY=VALUE`` as (key, value): the value as JSON where it parses, else as text."""
    key, equals, value = text.partition("=")
    if not equals or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


def _seed_offset(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {text!r}")
    return int(text)


if __name__ == "__main__":
    raise SystemExit(main())
