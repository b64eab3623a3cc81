"""Judge an experiment's committed results again, from the numbers they store.

A verdict is a function of a result's stored metrics and data and of the claims that read
them. When the claims change (a criterion, a weaker form, a rule of evidence), the numbers
do not, and running the experiment again would compute the same numbers bit for bit:
what keeps such a change honest is its record, not a re-run. So this module re-judges:

1. The committed full result and smoke baseline must still stand for today's config and
   code (their config and code hashes); otherwise they must be run again (or
   re-certified, :mod:`lstm.reproduce.recertify`) first.
2. Every claim of the experiment judges their stored metrics and data again.
3. Each file takes today's criteria hash and verdicts, and its provenance records the
   re-judgement: today's commit, the old and the new criteria hash, the date and every
   verdict that moved (old → new). The registration record
   (:mod:`lstm.reproduce.registration`) shows, from git history, when and why each
   claim's criteria changed.
4. The robustness check keeps the smoke verdicts of the claims whose criteria did not
   change; a changed claim's verdicts there become ``None``: only a new check can
   replace them.

    python -m lstm NAME --rejudge
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

from lstm.reproduce import claims, registry, results, robustness


class NotRejudged(RuntimeError):
    """The committed numbers no longer stand for today's config or code."""


def rejudge(name: str) -> dict[Path, dict[str, list[str]]]:
    """Judge experiment ``name``'s committed full result and smoke baseline again under
    today's claims; rewrite them and the robustness check. Returns, per file rewritten,
    the verdicts that moved (claim id -> [old, new]). Today's claims must be committed,
    so that the record names the commit whose criteria judged."""
    if results.tree_is_dirty():
        raise NotRejudged(
            f"{name}: the tree has uncommitted changes; commit the claims to re-judge, so "
            "that the record names the commit whose criteria judged"
        )
    experiment = registry.get(name)
    commit = results.git("rev-parse", "HEAD")
    moved = {}
    for profile in ("full", "smoke"):
        path = results.result_path(name, profile)
        result = results.load(path)
        _require_current_numbers(result, experiment, path)
        verdicts = claims.judge_all(name, result.metrics, result.profile, result.data)
        changed = {
            claim: [result.verdicts.get(claim), verdict]
            for claim, verdict in verdicts.items()
            if result.verdicts.get(claim) != verdict
        }
        new_hash = claims.criteria_hash(name)
        if new_hash == result.provenance.criteria_hash and not changed:
            continue
        record = {
            "commit": commit,
            "from": result.provenance.criteria_hash,
            "to": new_hash,
            "changed": changed,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        provenance = dataclasses.replace(
            result.provenance,
            criteria_hash=new_hash,
            rejudged=[*result.provenance.rejudged, record],
        )
        results.save(dataclasses.replace(result, verdicts=verdicts, provenance=provenance))
        moved[path] = changed
    check_path = _rejudge_robustness(name)
    if check_path is not None:
        moved.setdefault(check_path, {})
    return moved


def _require_current_numbers(
    result: results.Result, experiment: registry.Experiment, path: Path
) -> None:
    recorded = result.provenance
    config = experiment.config(result.profile, recorded.seed_offset)
    problems = [
        f"its {what} changed (made with {made}, now {now})"
        for what, made, now in (
            ("config", recorded.config_hash, results.config_hash(config)),
            ("code", recorded.code_hash, results.code_hash(experiment)),
        )
        if made != now
    ]
    if problems:
        raise NotRejudged(
            f"{path}: {'; '.join(problems)}; its numbers must be computed again "
            f"(`python -m lstm {experiment.name} --recertify`, or run it) before they are "
            "judged again"
        )


def _rejudge_robustness(name: str) -> Path | None:
    """Drop the robustness verdicts of the claims whose criteria changed since the check;
    the path rewritten, or None where nothing changed."""
    if not robustness.path(name).exists():
        return None
    check = robustness.read(name)
    current = {claim.id: claims.claim_hash(claim) for claim in claims.claims_of(name)}
    verdicts = {
        claim: (check.verdicts.get(claim) if check.criteria.get(claim) == hashed else None)
        for claim, hashed in current.items()
    }
    if verdicts == check.verdicts and current == check.criteria:
        return None
    return robustness.save(dataclasses.replace(check, verdicts=verdicts, criteria=current))
