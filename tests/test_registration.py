"""The registration record: computed from git history, never typed by hand."""

import json
import re

import pytest

from lstm.reproduce import registration

CLAIM = '''
BOUND = {bound}


def _high(metrics, profile):
    """{doc}"""
    return at_least(metrics["score"], BOUND, "score")


CLAIMS = [
    Claim(
        id="fake.high",
        paper="fake2024",
        quote="q",
        paper_figure="f",
        experiment="fake",
        {keyword}=_high,
        examples={{}},
    )
]
'''


def parts(bound=1.0, doc="The score is high.", keyword="criterion"):
    return registration._claim_parts(CLAIM.format(bound=bound, doc=doc, keyword=keyword))


def stamp(name):
    return {"commit": name, "date": "2026-12-01", "subject": f"commit {name}"}


def test_a_claims_criterion_is_its_code_and_the_constants_it_reads():
    (claim_parts,) = parts().values()
    assert "BOUND = 1.0" in claim_parts["criterion"]
    assert "def _high(metrics, profile):" in claim_parts["criterion"]
    # a docstring or a reformatting is no change; a threshold is, and so is the old name
    assert parts(doc="Reworded.") == parts()
    assert parts(bound=2.0) != parts()
    assert parts(keyword="test") == parts()


def test_the_record_dates_each_part_and_lists_every_later_change(monkeypatch):
    monkeypatch.setattr(registration, "_is_ancestor", lambda commit, later: commit in "ab")
    history = [
        (stamp("a"), parts()["fake.high"]),
        (stamp("b"), parts(doc="Reworded.")["fake.high"]),
        (stamp("c"), parts(bound=0.5)["fake.high"]),
    ]
    record = registration._claim_record(history, stamp("b"))
    assert record["registered"] == stamp("a") | {"before_first_full_result": True}
    assert record["current_form"]["criterion"]["commit"] == "c"
    assert record["current_form"]["criterion"]["before_first_full_result"] is False
    (change,) = record["changes"]
    assert change["subject"] == "commit c" and change["part"] == "criterion"
    assert change["removed"] == ["BOUND = 1.0"] and change["added"] == ["BOUND = 0.5"]


@pytest.mark.timeout(300)
def test_the_committed_record_is_the_one_git_history_gives():
    assert registration.load() == registration.record(), (
        "data/registration.json differs from the record computed from git history; "
        "run `python -m lstm.reproduce.registration` and commit it"
    )


def late_commits(record: dict) -> set[str]:
    """The commits that changed some claim's criteria after its first full run."""
    return {
        change["commit"]
        for entry in record.values()
        for change in entry["changes"]
        if not change["before_first_full_result"]
    }


@pytest.mark.timeout(30)
def test_every_change_after_a_first_full_run_has_a_readers_reason_and_no_other_does():
    reasons = json.loads(registration.REASONS.read_text(encoding="utf-8"))
    assert set(reasons) == late_commits(registration.load())
    for commit, text in reasons.items():
        assert text[:1].isupper() and text.endswith("."), f"{commit[:12]}: {text!r}"
        # readers' words: no module, function or file names
        assert not re.search(r"\w\.\w+\(|\.py\b|lstm\.|_\w+_", text), f"{commit[:12]}: {text!r}"


@pytest.mark.timeout(30)
def test_a_sentence_gives_the_readers_reason_and_a_missing_one_is_a_one_line_error(
    monkeypatch, tmp_path
):
    change = {
        "commit": "c" * 40,
        "date": "2026-11-22T08:40:41+00:00",
        "part": "criterion",
        "subject": "Chapter 9: claims via lstm.sweep.keyed",
        "before_first_full_result": False,
    }
    entry = {
        "registered": {"date": "2026-11-20T08:00:00+00:00"},
        "first_full_result": {"date": "2026-11-21T08:00:00+00:00"},
        "changes": [change],
    }
    reasons = tmp_path / "registration_reasons.json"
    monkeypatch.setattr(registration, "REASONS", reasons)
    reasons.write_text(json.dumps({"c" * 40: "The bar was raised to the paper's."}))
    text = registration.sentence("fake.high", entry)
    assert text.endswith("22 Nov 2026, criterion: The bar was raised to the paper's.")
    assert "lstm.sweep" not in text
    reasons.write_text("{}")
    with pytest.raises(
        KeyError, match="expected a reader's reason for commit cccccccccccc"
    ) as error:
        registration.sentence("fake.high", entry)
    assert "\n" not in str(error.value)
