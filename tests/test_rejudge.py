"""Re-judging: changed claims judge the committed numbers again, and the record says so."""

import dataclasses

import pytest
from conftest import score_claim

from lstm.reproduce import claims, rejudge, results, robustness
from lstm.reproduce.registry import registered


@pytest.fixture
def committed(fake, monkeypatch):
    """The fake experiment's full result and smoke baseline (scores 1.01 and 0.5) and a
    robustness check, committed under the claims 'score ≥ 0.4' and 'score ≥ 9'."""
    monkeypatch.setattr(results, "tree_is_dirty", lambda: False)
    monkeypatch.setattr(robustness, "OFFSETS", (100,))
    with registered(claims=[score_claim(0.4), score_claim(9.0, "fake.other")]):
        for profile in ("full", "smoke"):
            results.save(results.run("fake", profile))
        robustness.save(robustness.run("fake", offsets=(100,)))
    return fake


def test_changed_criteria_judge_the_stored_numbers_again_and_record_what_moved(committed):
    with registered(claims=[score_claim(1.0), score_claim(9.0, "fake.other")]):
        full_path = results.result_path("fake", "full")
        assert "criteria changed" in results.staleness(results.load(full_path))[0]
        moved = rejudge.rejudge("fake")
        full, smoke = results.load(full_path), results.load(results.result_path("fake", "smoke"))
        assert results.staleness(full) == results.staleness(smoke) == []
        assert robustness.stale_checks() == []
    assert full.verdicts["fake.score"] == "reproduced"  # 1.01 ≥ 1
    assert smoke.verdicts["fake.score"] == "not reproduced"  # 0.5 < 1
    assert moved[results.result_path("fake", "smoke")] == {
        "fake.score": ["reproduced", "not reproduced"]
    }
    (record,) = smoke.provenance.rejudged
    assert record["changed"] == {"fake.score": ["reproduced", "not reproduced"]}
    assert record["to"] == smoke.provenance.criteria_hash != record["from"]
    check = robustness.read("fake")
    assert check.verdicts == {"fake.score": None, "fake.other": ["not reproduced"]}


def test_nothing_is_rewritten_when_the_claims_did_not_change(committed):
    with registered(claims=[score_claim(0.4), score_claim(9.0, "fake.other")]):
        assert rejudge.rejudge("fake") == {}


def test_numbers_made_by_other_code_are_not_judged_again(committed):
    path = results.result_path("fake", "full")
    result = results.load(path)
    stale = dataclasses.replace(result.provenance, code_hash="0" * 16)
    results.save(dataclasses.replace(result, provenance=stale))
    with (
        registered(claims=[score_claim(1.0), score_claim(9.0, "fake.other")]),
        pytest.raises(rejudge.NotRejudged, match=r"its code changed .* --recertify"),
    ):
        rejudge.rejudge("fake")


def test_uncommitted_claims_are_not_used_to_judge(committed, monkeypatch):
    monkeypatch.setattr(results, "tree_is_dirty", lambda: True)
    with pytest.raises(rejudge.NotRejudged, match="commit the claims to re-judge"):
        rejudge.rejudge("fake")


def test_a_claim_hash_covers_the_claim_alone():
    assert claims.claim_hash(score_claim(1.0)) != claims.claim_hash(score_claim(2.0))
    assert claims.claim_hash(score_claim(1.0)) == claims.claim_hash(score_claim(1.0))
