"""The registration record: when each claim's criteria took their form, from git history.

Runs repeat bit for bit, so running an experiment again after its criteria changed does
not make them pre-registered: the history is the record. For every claim this module
reads, from ``git log``, each version of its chapter's code that git holds, and finds
in it the claim's criteria (the ``criterion`` (once called ``test``), ``weaker``,
``opposite``, ``testable``, ``evidence`` and ``not_judged_in_smoke`` of its ``Claim(...)``,
with every function and constant of the module they name, compared as code, so that a
reformatting or a docstring is no change). It records

- the commit and date at which the claim first appeared, and at which each part took its
  current form;
- the first commit that committed the experiment's full result, and whether each part
  took its form before it (an ancestor of that commit), i.e. was registered before the
  full run that judges it;
- every change after the first appearance: which part, the commit, its date and subject,
  whether it came before the first full result, and the lines that went and came
  (old → new).

A commit's subject is written for the people who change the code. Readers see, for each
change made after a first full run, the reason in their own words from
``data/registration_reasons.json`` (commit -> reason), written by whoever makes the
change; a test requires one for every such commit in the record.

``python -m lstm.reproduce.registration`` writes the record to ``data/registration.json``;
a test computes it again from the repository and requires the same, so that nobody can
edit it by hand. The chapters' Deviations and the claims ledger show it.
"""

from __future__ import annotations

import ast
import difflib
import json
import os
import subprocess
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from pathlib import Path

from lstm.reproduce import claims, registry
from lstm.reproduce.results import REPOSITORY

PARTS = ("criterion", "weaker", "opposite", "testable", "evidence", "not_judged_in_smoke")
# Earlier names of the same parts: before verdicts were outcomes, a claim's ``test`` was
# what its ``criterion`` is now.
EARLIER_NAMES = {"test": "criterion"}
PATH = REPOSITORY / "data" / "registration.json"
REASONS = REPOSITORY / "data" / "registration_reasons.json"
# The files of a chapter folder, in the order their code is read.
FILES = tuple(registry.OUTLINE)
# At most this many lines that went and came are kept per change.
LINES_SHOWN = 8


class HistoryUnavailable(RuntimeError):
    """The repository's history cannot be read (no git, or a shallow clone)."""


def record() -> dict[str, dict]:
    """Claim id -> its registration record, for every registered claim, in claim order."""
    _require_history()
    by_experiment = {}
    for claim in claims.all_claims():
        if claim.experiment not in by_experiment:
            by_experiment[claim.experiment] = _experiment_record(claim.experiment)
    return {claim.id: by_experiment[claim.experiment][claim.id] for claim in claims.all_claims()}


def write(path: Path = PATH) -> Path:
    """Write :func:`record` as JSON to ``path`` and return it."""
    path.write_text(json.dumps(record(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def load(path: Path = PATH) -> dict[str, dict]:
    """The committed record."""
    if not path.is_file():
        raise FileNotFoundError(
            f"no registration record at {path}; `python -m lstm.reproduce.registration` writes it"
        )
    return json.loads(path.read_text(encoding="utf-8"))


def sentence(claim_id: str, entry: dict) -> str:
    """One claim's registration record for readers (Markdown): when it was registered,
    whether its criteria stand as they were before the first full run, and each later
    change with its date, the parts it touched and its reason, shortened."""
    first_full = entry["first_full_result"]
    text = f"**`{claim_id}`**: registered on {_day(entry['registered']['date'])}"
    if first_full is None:
        return text + "; not run in full yet."
    late: dict[str, dict] = {}
    for change in entry["changes"]:
        if not change["before_first_full_result"]:
            late.setdefault(change["commit"], change | {"parts": []})["parts"].append(
                change["part"].replace("_", " ")
            )
    if not late:
        return text + (
            f"; its criteria stand as they were before the first full run "
            f"({_day(first_full['date'])})."
        )
    text += f"; changed after the first full run ({_day(first_full['date'])}):"
    for change in late.values():
        text += f"\n  - {_day(change['date'])}, {', '.join(change['parts'])}: {reason(change)}"
    return text


def reason(change: dict) -> str:
    """Why a change after the first full run was made, in readers' words (:data:`REASONS`)."""
    reasons = json.loads(REASONS.read_text(encoding="utf-8"))
    if change["commit"] not in reasons:
        raise KeyError(
            f"{REASONS.name}: expected a reader's reason for commit {change['commit'][:12]} "
            f"({change['subject'][:60]!r}), which changed criteria after a first full run; "
            "got none"
        )
    return reasons[change["commit"]]


def _day(iso: str) -> str:
    """``2026-11-22T08:40:41+00:00`` as ``22 Nov 2026``."""
    return datetime.fromisoformat(iso).strftime("%-d %b %Y")


def _experiment_record(name: str) -> dict[str, dict]:
    first_full = _first_full_result(name)
    versions = list(_versions(name))  # oldest first
    current = {claim.id for claim in claims.claims_of(name)}
    out = {}
    for claim_id in current:
        history = [
            (commit, parts[claim_id])
            for commit, parts in ((c, _claim_parts(text)) for c, text in versions)
            if claim_id in parts
        ]
        if not history:
            raise HistoryUnavailable(
                f"{claim_id}: expected the claim in a commit of lstm/experiments/{name}/, "
                "found it in none; commit it, then run `python -m lstm.reproduce.registration`"
            )
        out[claim_id] = _claim_record(history, first_full)
    return out


def _claim_record(history: list[tuple[dict, dict]], first_full: dict | None) -> dict:
    first_commit, first_parts = history[0]
    since = dict.fromkeys(first_parts, first_commit)
    changes = []
    previous = first_parts
    for commit, parts in history[1:]:
        for part in PARTS:
            old, new = previous.get(part, ""), parts.get(part, "")
            if old == new:
                continue
            since[part] = commit
            went, came = _changed_lines(old, new)
            changes.append(
                _stamp(commit, first_full) | {"part": part, "removed": went, "added": came}
            )
        previous = parts
    return {
        "first_full_result": first_full,
        "registered": _stamp(first_commit, first_full),
        "current_form": {
            part: _stamp(since[part], first_full) for part in PARTS if previous.get(part)
        },
        "changes": changes,
    }


def _stamp(commit: dict, first_full: dict | None) -> dict:
    before = first_full is None or _is_ancestor(commit["commit"], first_full["commit"])
    return commit | {"before_first_full_result": before}


def _changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.ndiff(old.splitlines(), new.splitlines()))
    went = [line[2:].strip() for line in diff if line.startswith("- ")]
    came = [line[2:].strip() for line in diff if line.startswith("+ ")]
    return went[:LINES_SHOWN], came[:LINES_SHOWN]


def _claim_parts(source: str) -> dict[str, dict[str, str]]:
    """Claim id -> part -> that part's code (its expression and every module-level
    function and constant it reaches), for every ``Claim(...)`` call in ``source``."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    definitions = _definitions(tree)
    found = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _called_name(node) == "Claim"):
            continue
        keywords = {
            EARLIER_NAMES.get(keyword.arg, keyword.arg): keyword.value
            for keyword in node.keywords
            if keyword.arg
        }
        claim_id = keywords.get("id")
        if not (isinstance(claim_id, ast.Constant) and isinstance(claim_id.value, str)):
            continue
        found[claim_id.value] = {
            part: _code(keywords[part], definitions)
            for part in PARTS
            if part in keywords and not _is_none(keywords[part])
        }
    return found


def _definitions(tree: ast.Module) -> dict[str, ast.stmt]:
    """Module-level functions and assigned names -> their statements, docstrings removed."""
    out = {}
    for statement in tree.body:
        if isinstance(statement, ast.FunctionDef):
            body = statement.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                statement.body = body[1:] or [ast.Pass()]
            out[statement.name] = statement
        elif isinstance(statement, ast.Assign | ast.AnnAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id != "CLAIMS":
                    out[target.id] = statement
    return out


def _code(expression: ast.expr, definitions: dict[str, ast.stmt]) -> str:
    """``expression`` and the module-level definitions it reaches, as normalised code."""
    reached: dict[str, str] = {}
    pending = [expression]
    while pending:
        node = pending.pop()
        for name in sorted({n.id for n in ast.walk(node) if isinstance(n, ast.Name)}):
            if name in definitions and name not in reached:
                reached[name] = ast.unparse(definitions[name])
                pending.append(definitions[name])
    return "\n".join([ast.unparse(expression), *(reached[name] for name in sorted(reached))])


def _called_name(call: ast.Call) -> str | None:
    function = call.func
    if isinstance(function, ast.Name):
        return function.id
    if isinstance(function, ast.Attribute):
        return function.attr
    return None


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _versions(name: str) -> Iterator[tuple[dict, str]]:
    """Each commit that changed chapter ``name``'s code, oldest first, with that code: its
    module ``lstm/experiments/<name>.py`` where the chapter was one file, else the files of
    its folder one after another (a claim and the definitions it names may live in
    different files of the folder)."""
    single, folder = f"lstm/experiments/{name}.py", f"lstm/experiments/{name}"
    log = _git("log", "--format=%x00%H%x09%cI%x09%s", "--", single, folder)
    for chunk in reversed(log.split("\x00")[1:]):
        commit, date, subject = chunk.strip("\n").split("\t", 2)
        text = _git("show", f"{commit}:{single}", check=False)
        if text is None:
            files = (_git("show", f"{commit}:{folder}/{file}.py", check=False) for file in FILES)
            text = "\n".join(file for file in files if file is not None)
        if text:
            yield {"commit": commit, "date": date, "subject": subject}, text


def _first_full_result(name: str) -> dict | None:
    log = _git(
        "log", "--diff-filter=A", "--format=%H%x09%cI%x09%s", "--", f"data/results/{name}.json"
    )
    lines = [line for line in log.splitlines() if line]
    if not lines:
        return None
    commit, date, subject = lines[-1].split("\t", 2)
    return {"commit": commit, "date": date, "subject": subject}


@cache
def _is_ancestor(commit: str, descendant: str) -> bool:
    completed = subprocess.run(
        ["git", "merge-base", "--is-ancestor", commit, descendant],
        cwd=REPOSITORY,
        capture_output=True,
        check=False,
    )
    return completed.returncode == 0


def _require_history() -> None:
    shallow = _git("rev-parse", "--is-shallow-repository", check=False)
    if shallow is None:
        raise HistoryUnavailable(f"expected a git repository at {REPOSITORY}, found none")
    if shallow.strip() == "true":
        raise HistoryUnavailable(
            f"expected the full git history at {REPOSITORY}, found a shallow clone; run "
            "`git fetch --unshallow` to read when each criterion took its form"
        )


def _git(*arguments: str, check: bool = True) -> str | None:
    completed = subprocess.run(
        ["git", *arguments],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=False,
        env=os.environ | {"GIT_PAGER": "cat"},
    )
    if completed.returncode != 0:
        if check:
            raise HistoryUnavailable(f"git {' '.join(arguments)}: {completed.stderr.strip()}")
        return None
    return completed.stdout


if __name__ == "__main__":
    print(f"wrote {write()}")
