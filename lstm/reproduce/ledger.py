"""The claims ledger: every claim of the book, with its verdict.

The page opens with the count of each verdict, then :func:`summary_html`, a compact table a
reader can scan (one row per claim, grouped by chapter with the chapter's counts: the claim
in plain words, the paper's figure, ours, the verdict, and a mark where the criteria changed
after the first full run), then :func:`table_html`, the detail: each claim's quote, the
paper's figure beside ours, measured on the committed full result, the verdict at the
paper's strength as a coloured badge, one line on why the two differ (written in the book,
passed in as ``notes``), when its criteria were set (:mod:`lstm.reproduce.registration`)
and a link to the chapter's verdict. How steady each smoke verdict is at other seeds
(:mod:`lstm.reproduce.robustness`) is a regression check, kept in ``data/`` and the tests.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from lstm.reproduce import claims, registration, registry, results

COLUMNS = (
    "claim",
    "paper",
    "quote",
    "paper_figure",
    "our_figure",
    "our_summary",
    "required",
    "verdict",
    "chapter",
)
# Words of claim ids that read better in capitals or otherwise in the summary table.
_WORDS = {
    "lstm": "LSTM",
    "lstmp": "LSTMP",
    "rnn": "RNN",
    "gru": "GRU",
    "cnn": "CNN",
    "mut": "MUT",
    "cifg": "CIFG",
    "np": "NP",
    "ngram": "n-gram",
    "exp3": "experiment 3",
    "49": "49",
}
# The summary shows at most this many characters of our figure; the detail has it all.
SHORT_FIGURE = 90
NOT_RUN = "not run"


def rows() -> list[dict[str, str]]:
    """One row per registered claim, judged on its experiment's committed full result
    (``"not run"`` while there is no fresh one)."""
    table = []
    fresh = {
        (name, "full"): _fresh(name, "full")
        for name in {claim.experiment for claim in claims.all_claims()}
    }
    for claim in claims.all_claims():
        row = {
            "claim": claim.id,
            "paper": claim.paper,
            "quote": claim.quote,
            "paper_figure": claim.paper_figure,
            "our_figure": "—",
            "our_summary": "",
            "required": "—",
            "verdict": NOT_RUN,
            "chapter": registry.get(claim.experiment).chapter,
        }
        full = fresh[claim.experiment, "full"]
        if full is not None:
            verdict = claims.check(claim.id, full)
            row |= {
                "our_figure": verdict.measured,
                "our_summary": verdict.summary or "",
                "required": verdict.required,
                "verdict": verdict.outcome,
            }
        table.append(row)
    return table


def counts(table: Sequence[Mapping[str, str]]) -> dict[str, int]:
    """How many rows have each verdict, in the order of :data:`lstm.reproduce.claims.VERDICTS`
    (then ``"not run"`` if any)."""
    tally = Counter(row["verdict"] for row in table)
    order = [*claims.VERDICTS, NOT_RUN]
    unknown = set(tally) - set(order)
    if unknown:
        raise ValueError(f"expected verdicts in {order}, got {sorted(unknown)}")
    return {verdict: tally[verdict] for verdict in order if verdict != NOT_RUN or tally[verdict]}


def chapter_titles(book: str | Path) -> dict[str, str]:
    """Docname (``"book/03_..."``) -> the chapter's title (its first ``# `` heading),
    for every ``NN_*.md`` chapter in the folder ``book``."""
    folder = Path(book).resolve()
    if not folder.is_dir():
        raise FileNotFoundError(f"expected the book's folder of chapters, got {folder}")
    titles = {}
    for chapter in sorted(folder.glob("[0-9][0-9]_*.md")):
        heading = re.search(r"^# (.+)$", chapter.read_text(encoding="utf-8"), re.MULTILINE)
        if heading is None:
            raise ValueError(f"{chapter}: expected a '# Title' heading, found none")
        titles[f"{folder.name}/{chapter.stem}"] = heading.group(1).strip()
    return titles


def counts_html(table: Sequence[Mapping[str, str]]) -> str:
    """The verdict counts as a line of badges for the top of the ledger page."""
    parts = [
        f"{claims.badge_html(verdict)} × {count}"
        if verdict in claims.VERDICTS
        else f"{html.escape(verdict)} × {count}"
        for verdict, count in counts(table).items()
    ]
    return f'<p class="verdict-counts">{" &nbsp; ".join(parts)}</p>'


def plain_words(claim_id: str) -> str:
    """A claim's id as words: ``"graves2013speech.lstm_far_beats_tanh"`` ->
    ``"LSTM far beats tanh"``."""
    words = [_WORDS.get(word, word) for word in claim_id.split(".", 1)[1].split("_")]
    text = " ".join(words)
    return text[0].upper() + text[1:]


def summary_html(
    table: Sequence[Mapping[str, str]], titles: Mapping[str, str], record: Mapping[str, dict]
) -> str:
    """The compact table: per chapter (in book order) a heading row with its title and its
    counts, then one row per claim: the claim in plain words (linked to the chapter's
    verdict), the paper's figure, ours (shortened), the verdict badge, and "criteria
    changed after the first full run" where the registration ``record`` says so."""
    by_chapter: dict[str, list] = {}
    for row in table:
        by_chapter.setdefault(row["chapter"], []).append(row)
    body = []
    for docname in sorted(by_chapter):
        rows_ = by_chapter[docname]
        page = html.escape(docname.split("/", 1)[1])
        tally = " ".join(
            f"{claims.badge_html(verdict)}&nbsp;{count}"
            if verdict in claims.VERDICTS
            else f"{html.escape(verdict)}&nbsp;{count}"
            for verdict, count in counts(rows_).items()
            if count
        )
        body.append(
            f'<tr class="chapter"><th colspan="4"><a href="{page}.html">'
            f"{html.escape(_title(titles, docname))}</a> <span>{tally}</span></th></tr>"
        )
        for row in rows_:
            body.append(_summary_row(row, page, record.get(row["claim"])))
    header = "<tr><th>Claim</th><th>Paper's figure</th><th>Ours</th><th>Verdict</th></tr>"
    return (
        f'<table class="claims-summary">\n<thead>{header}</thead>\n'
        f"<tbody>\n{chr(10).join(body)}\n</tbody>\n</table>"
    )


def _summary_row(row: Mapping[str, str], page: str, entry: dict | None) -> str:
    ours = row["our_summary"] or row["our_figure"]
    if not row["our_summary"] and len(ours) > SHORT_FIGURE:
        ours = ours[: SHORT_FIGURE - 1].rstrip() + "…"
    verdict = row["verdict"]
    badge = claims.badge_html(verdict) if verdict in claims.VERDICTS else html.escape(verdict)
    if entry is None:
        badge += "<br><small>not in the registration record</small>"
    elif _changed_after_first_full_run(entry):
        badge += "<br><small>criteria changed after the first full run</small>"
    return (
        f'<tr><td data-label="Claim"><a href="{page}.html#verdict">'
        f"{html.escape(plain_words(row['claim']))}</a></td>"
        f'<td data-label="Paper">{html.escape(row["paper_figure"])}</td>'
        f'<td data-label="Ours">{html.escape(ours)}</td>'
        f'<td data-label="Verdict">{badge}</td></tr>'
    )


def _changed_after_first_full_run(entry: dict) -> bool:
    return any(not stamp["before_first_full_result"] for stamp in entry["current_form"].values())


def _title(titles: Mapping[str, str], docname: str) -> str:
    if docname not in titles:
        raise ValueError(
            f"expected a title for the chapter {docname!r}, got titles of {sorted(titles)}"
        )
    return titles[docname]


def table_html(
    table: Sequence[Mapping[str, str]],
    titles: Mapping[str, str],
    notes: Mapping[str, str],
    record: Mapping[str, dict] | None = None,
) -> str:
    """The rows as an HTML table: the claim (id, paper, quote), the paper's figure and
    ours side by side, the verdict with what the paper's strength requires, why the
    figures differ (``notes``: claim id -> one line), when its criteria were set (from
    the registration ``record``, where given), and a link to the chapter's verdict
    titled by ``titles`` (docname -> title).

    The book's stylesheet lays each row out as a card of labelled lines."""
    missing = [row["claim"] for row in table if row.get("claim") not in notes]
    if missing:
        raise ValueError(
            f"expected a note on why the figures differ for every claim; none for {missing}"
        )
    header = (
        "<tr><th>Claim</th><th>Paper's figure</th><th>Our figure</th><th>Verdict</th>"
        "<th>Why they differ</th><th>Criteria set</th></tr>"
    )
    record = {} if record is None else record
    body = "\n".join(
        _row_html(row, titles, notes[row["claim"]], record.get(row["claim"])) for row in table
    )
    return (
        f'<table class="claims-ledger">\n<thead>{header}</thead>\n'
        f"<tbody>\n{body}\n</tbody>\n</table>"
    )


def _row_html(
    row: Mapping[str, str], titles: Mapping[str, str], note: str, entry: dict | None
) -> str:
    missing = [column for column in COLUMNS if column not in row]
    if missing:
        raise ValueError(
            f"expected ledger rows with the columns {COLUMNS}, got one without {missing}"
        )
    docname = row["chapter"]
    title = _title(titles, docname)
    registered = (
        "not in the registration record"
        if entry is None
        else registration.sentence(row["claim"], entry).split(": ", 1)[1].replace("\n  - ", " ")
    )
    cell = {column: html.escape(str(row[column])) for column in COLUMNS}
    verdict = row["verdict"]
    badge = claims.badge_html(verdict) if verdict in claims.VERDICTS else cell["verdict"]
    page = html.escape(docname.split("/", 1)[1])
    ours = cell["our_figure"]
    if row["our_summary"]:
        ours = f"{cell['our_summary']}<br><small>{ours}</small>"
    return (
        f'<tr><td data-label="Claim"><code>{cell["claim"]}</code> ({cell["paper"]})<br>'
        f"<q>{cell['quote']}</q><br>"
        f'<a href="{page}.html#verdict">{html.escape(title)}</a></td>'
        f'<td data-label="Paper\'s figure">{cell["paper_figure"]}</td>'
        f'<td data-label="Our figure">{ours}</td>'
        f'<td data-label="Verdict">{badge}<br>'
        f"<small>paper's strength: {cell['required']}</small></td>"
        f'<td data-label="Why they differ">{html.escape(note)}</td>'
        f'<td data-label="Criteria set">{html.escape(registered)}</td></tr>'
    )


def _fresh(name: str, profile: str) -> results.Result | None:
    path = results.result_path(name, profile)
    if not path.exists():
        return None
    committed = results.load(path)
    return None if results.staleness(committed) else committed
