"""The registration record: computed from git history, never typed by hand."""

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
