"""Are the smoke verdicts a measurement or a coin toss? Run each experiment's smoke
profile at seed offsets nobody tuned on and record every claim's verdict there.

A smoke verdict that flips with the seed measures nothing, so the book shows, per
claim, at how many of :data:`OFFSETS` the smoke verdict equals the committed smoke
baseline's. The outcome is committed to ``data/results/smoke/robustness/<name>.json``
(``python -m lstm NAME --robustness`` or ``make robustness``) with the hashes of
the smoke config and code it was run with, so that it goes stale, like a result, when
either changes, and with each claim's criteria hash, so that a claim judged again under
new criteria has its old smoke verdicts set aside.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from lstm.reproduce import claims, registry, results

# Fixed before any smoke budget was tuned against them; far from every seed a probe or a
# smoke budget was chosen on (0-9, 17, 100) and from each other's seed lists.
OFFSETS = (1000, 2000, 3000, 4000, 5000)


@dataclass(frozen=True)
class Robustness:
    """Every claim's smoke verdict at each of ``offsets`` for one experiment, and the
    hashes of what produced them: the smoke config's and the code's for the whole check,
    and each claim's own (:func:`lstm.reproduce.claims.claim_hash`) in ``criteria``.

    A claim judged again under new criteria (:mod:`lstm.reproduce.rejudge`) has ``None``
    for its verdicts: they were smoke verdicts of criteria that no longer stand, and only
    a new check (``python -m lstm NAME --robustness``) can replace them."""

    experiment: str
    offsets: list[int]
    verdicts: dict[str, list[str] | None]
    config_hash: str
    code_hash: str
    criteria: dict[str, str]


def path(name: str) -> Path:
    """Where the robustness check of experiment ``name`` is committed."""
    return results.results_dir() / "smoke" / "robustness" / f"{name}.json"


def run(name: str, offsets: tuple[int, ...] = OFFSETS) -> Robustness:
    """Run experiment ``name`` in the smoke profile at every offset; nothing is written."""
    experiment = registry.get(name)
    runs = [results.run(experiment, "smoke", offset) for offset in offsets]
    verdicts = {
        claim.id: [single.verdicts[claim.id] for single in runs] for claim in claims.claims_of(name)
    }
    criteria = {claim.id: claims.claim_hash(claim) for claim in claims.claims_of(name)}
    return Robustness(name, list(offsets), verdicts, **_hashes(experiment), criteria=criteria)


def save(check: Robustness) -> Path:
    """Write ``check`` to its :func:`path` (atomically) and return the path."""
    target = path(check.experiment)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(json.dumps(asdict(check), indent=1) + "\n")
    os.replace(temporary, target)
    return target


def read(name: str) -> Robustness:
    """The committed check of ``name`` as it is stored, fresh or not."""
    source = path(name)
    try:
        return Robustness(**json.loads(source.read_text()))
    except (TypeError, ValueError) as error:
        raise ValueError(f"{source} is not a robustness check: {error}") from None


def load(name: str) -> Robustness | None:
    """The committed check of ``name``; None when there is none or it is stale."""
    if not path(name).exists():
        return None
    check = read(name)
    current = _hashes(registry.get(name))
    fresh = all(getattr(check, key) == value for key, value in current.items())
    return check if fresh and tuple(check.offsets) == OFFSETS else None


def agreement(claim_id: str, baseline_verdict: str) -> str:
    """``"k of n"``: at how many offsets claim ``claim_id``'s smoke verdict equals
    ``baseline_verdict``; ``"not checked"`` without a fresh committed check of the claim's
    current criteria."""
    claim = claims.get(claim_id)
    check = load(claim.experiment)
    if (
        check is None
        or check.verdicts.get(claim_id) is None
        or check.criteria.get(claim_id) != claims.claim_hash(claim)
    ):
        return "not checked"
    verdicts = check.verdicts[claim_id]
    same = sum(verdict == baseline_verdict for verdict in verdicts)
    return f"{same} of {len(verdicts)}"


def stale_checks() -> list[str]:
    """One line per experiment whose committed robustness check is missing or stale, and
    per claim whose criteria changed since the check without a re-judgement having set
    its verdicts aside (``python -m lstm NAME --rejudge``)."""
    problems = []
    for name in registry.names():
        if not claims.claims_of(name):
            continue
        check = load(name)
        if check is None:
            problems.append(
                f"{name}: no fresh robustness check at {path(name)}; run "
                f"`python -m lstm {name} --robustness`"
            )
            continue
        problems += [
            f"{claim.id}: its criteria changed since the robustness check; run "
            f"`python -m lstm {name} --rejudge` or `python -m lstm {name} --robustness`"
            for claim in claims.claims_of(name)
            if check.verdicts.get(claim.id) is not None
            and check.criteria.get(claim.id) != claims.claim_hash(claim)
        ]
    return problems


def _hashes(experiment: registry.Experiment) -> dict[str, str]:
    return {
        "config_hash": results.config_hash(experiment.config("smoke")),
        "code_hash": results.code_hash(experiment),
    }
