"""The robustness check: smoke verdicts at seed offsets nobody tuned on."""

import pytest
from conftest import score_claim

from lstm.reproduce import robustness
from lstm.reproduce.registry import registered


def test_the_offsets_are_far_apart_and_beyond_the_tuned_seeds():
    assert len(robustness.OFFSETS) == 5
    assert min(robustness.OFFSETS) > 100
    gaps = [b - a for a, b in zip(robustness.OFFSETS, robustness.OFFSETS[1:], strict=False)]
    assert min(gaps) >= 50


def test_run_judges_every_claim_at_each_offset_and_writes_nothing(fake):
    # the fake's smoke score is 0.5 + seed / 100: 1.5 at offset 100, 2.5 at 200, ...
    with registered(claims=[score_claim(2.0)]):
        check = robustness.run("fake", offsets=(100, 200, 300))
    assert check.verdicts == {"fake.score": ["not reproduced", "reproduced", "reproduced"]}
    assert not fake.results_dir.exists()


def test_a_saved_check_loads_while_fresh_and_counts_agreement(fake, monkeypatch):
    monkeypatch.setattr(robustness, "OFFSETS", (100, 200, 300))
    with registered(claims=[score_claim(2.0)]):
        robustness.save(robustness.run("fake", offsets=(100, 200, 300)))
        assert robustness.load("fake").offsets == [100, 200, 300]
        assert robustness.agreement("fake.score", "reproduced") == "2 of 3"
        assert robustness.stale_checks() == []


def test_a_check_at_other_offsets_than_the_fixed_ones_is_not_used(fake):
    with registered(claims=[score_claim(2.0)]):
        robustness.save(robustness.run("fake", offsets=(7, 8)))
        assert robustness.load("fake") is None


def test_a_claim_whose_criteria_changed_since_the_check_is_not_checked(fake, monkeypatch):
    monkeypatch.setattr(robustness, "OFFSETS", (100,))
    with registered(claims=[score_claim(2.0), score_claim(9.0, "fake.other")]):
        robustness.save(robustness.run("fake", offsets=(100,)))
    with registered(claims=[score_claim(1.0), score_claim(9.0, "fake.other")]):
        assert robustness.load("fake") is not None  # the smoke config and code still stand
        assert robustness.agreement("fake.score", "reproduced") == "not checked"
        assert robustness.agreement("fake.other", "not reproduced") == "1 of 1"
        (problem,) = robustness.stale_checks()
    assert problem.startswith("fake.score: its criteria changed since the robustness check")
    assert "--rejudge" in problem


def test_a_check_goes_stale_when_the_code_changes(fake, monkeypatch):
    monkeypatch.setattr(robustness, "OFFSETS", (100,))
    with registered(claims=[score_claim(2.0)]):
        robustness.save(robustness.run("fake", offsets=(100,)))
        monkeypatch.setattr(robustness.results, "code_hash", lambda experiment: "0" * 16)
        assert robustness.load("fake") is None
        (problem,) = robustness.stale_checks()
    assert "run `python -m lstm fake --robustness`" in problem


def test_a_malformed_check_names_its_file(fake):
    robustness.path("fake").parent.mkdir(parents=True)
    robustness.path("fake").write_text('{"experiment": "fake"}')
    with pytest.raises(ValueError, match="fake.json is not a robustness check"):
        robustness.load("fake")
