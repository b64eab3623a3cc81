"""Re-certification: committed results take a new code hash only when the smoke runs of
the base commit's code and today's are bit-identical, and only when they were fresh at
the base."""

import dataclasses
import json

import pytest

from lstm.reproduce import cli, recertify, results, robustness


def _commit_fake_results(hash_at_base: str) -> None:
    """The fake experiment's committed full result, smoke baseline and robustness check,
    as if made when its code hash was ``hash_at_base``."""
    for profile in ("full", "smoke"):
        result = results.run("fake", profile)
        provenance = dataclasses.replace(result.provenance, code_hash=hash_at_base)
        results.save(dataclasses.replace(result, provenance=provenance))
    check = robustness.run("fake", offsets=(7,))
    robustness.save(dataclasses.replace(check, code_hash=hash_at_base))


@pytest.mark.timeout(30)
def test_the_committed_files_must_record_the_bases_code_hash(fake):
    _commit_fake_results("0123456789abcdef")
    committed = recertify._committed_files("fake", "0123456789abcdef")
    assert set(committed) == {"full", "smoke", "robustness"}
    with pytest.raises(recertify.NotRecertified) as raised:
        recertify._committed_files("fake", "fedcba9876543210")
    message = str(raised.value)
    for label in ("full result", "smoke baseline", "robustness check"):
        assert f"its {label} records the code hash 0123456789abcdef, expected fedcba9876543210" in (
            message
        )


@pytest.mark.timeout(30)
def test_restamping_makes_the_results_fresh_and_records_the_recertification(fake):
    _commit_fake_results("0123456789abcdef")
    committed = recertify._committed_files("fake", "0123456789abcdef")
    assert results.stale_results() != []
    record = {"base": "abc", "from": "0123456789abcdef", "to": results.code_hash("fake")}
    written = recertify._restamp(committed, results.code_hash("fake"), record)
    assert len(written) == 3
    for profile in ("full", "smoke"):
        restamped = results.load(results.result_path("fake", profile))
        assert restamped.provenance.recertified == [record]
        assert results.staleness(restamped) == []
        assert restamped.metrics == committed[profile].metrics
    assert robustness.load("fake") is None  # fresh hashes, but not the book's OFFSETS
    assert json.loads(robustness.path("fake").read_text())["code_hash"] == record["to"]


@pytest.mark.timeout(30)
def test_two_runs_differ_where_a_number_differs_by_one_bit(fake):
    first, second = results.run("fake", "smoke"), results.run("fake", "smoke")
    assert recertify._differences(first, second) == []  # provenance (the times) aside
    second.data["curve"][1] = second.data["curve"][1] + 1e-16
    assert second.data["curve"][1] != first.data["curve"][1]
    second.metrics["extra"] = 1.0
    assert recertify._differences(first, second) == ["metrics", "data.curve[1]"]


@pytest.mark.timeout(30)
def test_wall_clock_times_and_journal_names_are_not_compared(fake):
    first, second = results.run("fake", "smoke"), results.run("fake", "smoke")
    first.data["trials"] = [{"loss": 0.5, "seconds": 1.25}]
    second.data["trials"] = [{"loss": 0.5, "seconds": 2.5}]
    first.data["sweep"], second.data["sweep"] = "search-0123456789abcdef", "search-fedcba98"
    assert recertify._differences(first, second) == []
    second.data["trials"][0]["loss"] = 0.25
    assert recertify._differences(first, second) == ["data.trials[0].loss"]


@pytest.mark.timeout(30)
def test_uncommitted_code_is_never_recertified(monkeypatch):
    monkeypatch.setattr(results, "tree_is_dirty", lambda: True)
    with pytest.raises(recertify.NotRecertified, match="uncommitted changes; commit the code"):
        recertify.recertify("vanishing_gradients", "HEAD")


@pytest.mark.timeout(120)
def test_recertifying_against_the_commit_that_made_the_hash_changes_nothing(monkeypatch):
    monkeypatch.setattr(results, "tree_is_dirty", lambda: False)  # as in a clean clone
    already = "its code hash [0-9a-f]{16} is the base's already"
    with pytest.raises(recertify.NotRecertified, match=already):
        recertify.recertify("vanishing_gradients", "HEAD")


@pytest.mark.timeout(30)
def test_the_base_is_the_commit_that_made_the_result_or_last_recertified_it(fake):
    result = results.run("fake", "full")
    provenance = dataclasses.replace(result.provenance, git_commit="a" * 40)
    results.save(dataclasses.replace(result, provenance=provenance))
    assert recertify.made_at("fake") == "a" * 40
    recertified = dataclasses.replace(provenance, recertified=[{"commit": "b" * 40}])
    results.save(dataclasses.replace(result, provenance=recertified))
    assert recertify.made_at("fake") == "b" * 40


@pytest.mark.timeout(120)
def test_the_command_line_says_in_one_line_why_it_did_not_recertify(monkeypatch, capsys):
    monkeypatch.setattr(results, "tree_is_dirty", lambda: False)
    code = cli.main(["vanishing_gradients", "--recertify", "HEAD", "--offsets", "0,1000"])
    out, err = capsys.readouterr()
    assert code == 1 and out.startswith("re-certifying vanishing_gradients against HEAD")
    assert err.startswith("error: vanishing_gradients: its code hash ") and err.count("\n") == 1


def test_the_command_line_refuses_offsets_that_are_not_numbers(capsys):
    assert cli.main(["vanishing_gradients", "--recertify", "--offsets", "0,x"]) == 2
    assert "expected a non-negative integer, got 'x'" in capsys.readouterr().err
