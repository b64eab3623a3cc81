"""The claims ledger: verdict counts, one row per claim, chapter titles and notes."""

import dataclasses
import json
from pathlib import Path

import pytest

from lstm.reproduce import claims, ledger, registry, results
from lstm.reproduce.claims import Claim
from lstm.reproduce.registry import registered


def score_is_high(metrics, profile):
    return claims.at_least(metrics["score"], profile.choose(smoke=0.4, full=1.0), "score")


def score_is_huge(metrics, profile):
    return claims.at_least(metrics["score"], 100.0, "score")


def make_claim(claim_id, criterion):
    return Claim(
        claim_id,
        "fake2024",
        "The score is <high>.",
        "score 1.0",
        "fake",
        criterion,
        {"reproduced": {"score": 1000.0}, "not reproduced": {"score": -1.0}},
    )


@pytest.fixture
def two_claims(fake):
    with registered(
        claims=[make_claim("fake.high", score_is_high), make_claim("fake.huge", score_is_huge)]
    ):
        yield


ROOT = Path(__file__).resolve().parents[1]
TITLES = {"book/99_fake": "A fake chapter"}
NOTES = {"fake.high": "same scale", "fake.huge": "the paper's budget is larger"}


def test_rows_before_any_committed_result_say_not_run(two_claims):
    rows = ledger.rows()
    assert [row["verdict"] for row in rows] == ["not run", "not run"]
    assert ledger.counts(rows) == {
        "reproduced": 0,
        "weaker form": 0,
        "not reproduced": 0,
        "contradicted": 0,
        "not tested": 0,
        "not run": 2,
    }


def test_rows_judge_the_committed_full_result_and_count_the_verdicts(two_claims):
    results.save(results.run("fake", "full"))
    rows = ledger.rows()
    assert [(row["claim"], row["verdict"]) for row in rows] == [
        ("fake.high", "reproduced"),
        ("fake.huge", "not reproduced"),
    ]
    assert rows[0]["our_figure"] == "score = 1.01" and rows[0]["required"] == "score ≥ 1"
    assert ledger.counts(rows) == {
        "reproduced": 1,
        "weaker form": 0,
        "not reproduced": 1,
        "contradicted": 0,
        "not tested": 0,
    }


def test_a_stale_committed_result_shows_as_not_run(two_claims):
    result = results.run("fake", "full")
    result.provenance = dataclasses.replace(result.provenance, code_hash="0" * 16)
    results.save(result)
    assert {row["verdict"] for row in ledger.rows()} == {"not run"}


def test_the_summary_groups_claims_by_chapter_with_counts_and_marks_late_criteria(two_claims):
    results.save(results.run("fake", "full"))
    early = {"current_form": {"criterion": {"before_first_full_result": True}}}
    late = {"current_form": {"criterion": {"before_first_full_result": False}}}
    summary = ledger.summary_html(ledger.rows(), TITLES, {"fake.high": early, "fake.huge": late})
    assert summary.startswith('<table class="claims-summary">')
    assert '<a href="99_fake.html">A fake chapter</a>' in summary
    assert "✔ reproduced</span>&nbsp;1" in summary and "✘ not reproduced</span>&nbsp;1" in summary
    assert summary.count("criteria changed after the first full run") == 1
    assert '<a href="99_fake.html#verdict">High</a>' in summary
    assert "not in the registration record" in ledger.summary_html(ledger.rows(), TITLES, {})


def test_plain_words_reads_a_claim_id_as_words():
    assert ledger.plain_words("graves2013speech.lstm_far_beats_tanh") == "LSTM far beats tanh"
    assert ledger.plain_words("karpathy2015.lstm_beats_ngram") == "LSTM beats n-gram"


def test_table_html_links_the_chapter_by_title_escapes_text_and_shows_badges(two_claims):
    results.save(results.run("fake", "full"))
    table = ledger.table_html(ledger.rows(), TITLES, NOTES)
    assert table.startswith('<table class="claims-ledger">')
    assert '<a href="99_fake.html#verdict">A fake chapter</a>' in table
    assert "The score is &lt;high&gt;." in table
    assert '<span class="verdict verdict-not-reproduced">✘ not reproduced</span>' in table
    assert "the paper&#x27;s budget is larger" in table
    assert table.count("<tr>") == 3


def test_counts_html_shows_a_badge_per_verdict(two_claims):
    results.save(results.run("fake", "full"))
    line = ledger.counts_html(ledger.rows())
    assert '<span class="verdict verdict-reproduced">✔ reproduced</span> × 1' in line


def test_table_html_needs_a_note_and_a_title_for_every_claim(two_claims):
    rows = ledger.rows()
    with pytest.raises(ValueError, match=r"none for \['fake.huge'\]"):
        ledger.table_html(rows, TITLES, {"fake.high": "x"})
    with pytest.raises(ValueError, match="title for the chapter 'book/99_fake'"):
        ledger.table_html(rows, {}, NOTES)
    with pytest.raises(ValueError, match=r"without \['paper'"):
        ledger.table_html([{"claim": "fake.high"}], TITLES, NOTES)


def test_counts_rejects_an_unknown_verdict():
    with pytest.raises(ValueError, match=r"got \['holds'\]"):
        ledger.counts([{"verdict": "holds"}])


def test_chapter_titles_reads_each_chapters_first_heading(tmp_path):
    (tmp_path / "01_cell.md").write_text(
        "---\nx: 1\n---\n\n(label)=\n# The cell, gate by gate\n\n## Setup\n"
    )
    (tmp_path / "intro.md").write_text("# Not a chapter\n")
    assert ledger.chapter_titles(tmp_path) == {f"{tmp_path.name}/01_cell": "The cell, gate by gate"}


def test_chapter_titles_names_a_chapter_without_a_title_and_a_missing_folder(tmp_path):
    (tmp_path / "02_x.md").write_text("## Only a section\n")
    with pytest.raises(ValueError, match="02_x.md: expected a '# Title' heading"):
        ledger.chapter_titles(tmp_path)
    with pytest.raises(FileNotFoundError, match="folder of chapters, got"):
        ledger.chapter_titles(tmp_path / "missing")


def test_the_book_has_a_note_for_every_registered_claim_and_none_for_others():
    notes = json.loads((ROOT / "book" / "ledger_notes.json").read_text(encoding="utf-8"))
    assert sorted(notes) == sorted(claim.id for claim in claims.all_claims())
    assert all(isinstance(note, str) and 0 < len(note) <= 200 for note in notes.values())


def test_the_book_has_a_title_for_every_chapter_an_experiment_names():
    titles = ledger.chapter_titles(ROOT / "book")
    assert {experiment.chapter for experiment in registry.all_experiments()} <= set(titles)
