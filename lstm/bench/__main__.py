"""``python -m lstm.bench``: time every LSTM variant against PyTorch's kernels and write
``data/results/bench.json`` (``--quick``: tiny shapes, to check that it runs)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import torch

from lstm.bench import measure, suite

DEFAULT_OUTPUT = Path(__file__).resolve().parents[2] / "data" / "results" / "bench.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lstm.bench", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per case")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per process (the experiments use 1)"
    )
    parser.add_argument("--quick", action="store_true", help="tiny shapes, one round")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON to write")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.threads < 1:
        parser.error(f"expected --rounds and --threads >= 1, got {args.rounds}, {args.threads}")
    sizes = suite.QUICK if args.quick else suite.FULL
    rounds = 1 if args.quick else args.rounds
    threads = torch.get_num_threads()
    torch.set_num_threads(args.threads)
    try:
        record = {
            "measured": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": measure.machine(),
            "rounds": rounds,
            "rows": suite.run(sizes, rounds, progress=lambda text: print(text, file=sys.stderr)),
        }
    finally:
        torch.set_num_threads(threads)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
