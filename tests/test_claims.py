import math

import pytest

from lstm import claims, profiles, results
from lstm.claims import Check, Claim
from lstm.experiments import registered


def score_is_high(metrics, profile):
    return claims.at_least(metrics["score"], profile.choose(smoke=0.4, full=1.0), "score")


def make_claim(claim_id="fake.score_is_high", test=score_is_high, **changes):
    fields = {
        "id": claim_id,
        "paper": "fake2024",
        "quote": "The score is <high>.",
        "paper_figure": "score 1.0",
        "experiment": "fake",
        "test": test,
        "counterexample": {"score": 0.1, "solved": False},
    }
    return Claim(**(fields | changes))


@pytest.fixture
def fake_claim(fake):
    """A claim about the fake experiment: its score is at least 1 (full) or 0.4
    (smoke); the fake experiment scores 1.01 (full) and 0.5 (smoke)."""
    claim = make_claim()
    with registered(claims=[claim]):
        yield claim


# The generic tests: they apply to every registered claim and are themselves
# tested on fake claims below, so that they prove something before any exist.


def claims_accepting_their_counterexample(claim_list):
    """Claims that cannot fail: their test passes on the metrics of a failed run."""
    return [
        f"{claim.id} ({profile})"
        for claim in claim_list
        for profile in profiles.PROFILES
        if claim.evaluate(claim.counterexample, profile).passed
    ]


def claims_failing_on_committed_results():
    """Claims that fail on their committed full result or smoke baseline."""
    failures = []
    for claim in claims.all_claims():
        for profile in profiles.PROFILES:
            path = results.result_path(claim.experiment, profile)
            if path.exists() and not claim.evaluate(results.load(path).metrics, profile).passed:
                failures.append(f"{claim.id} on {path}")
    return failures


def test_every_registered_claim_fails_on_its_counterexample_in_both_profiles():
    assert claims_accepting_their_counterexample(claims.all_claims()) == []


def test_every_registered_claim_holds_on_its_committed_results(monkeypatch):
    monkeypatch.delenv("LSTM_RESULTS_DIR", raising=False)
    assert claims_failing_on_committed_results() == []


def test_a_claim_that_holds_on_its_counterexample_is_caught():
    def always_holds(metrics, profile):
        return claims.at_least(1.0, 0.0, "a constant")

    claim_list = [make_claim(), make_claim("fake.constant", test=always_holds)]
    assert claims_accepting_their_counterexample(claim_list) == [
        "fake.constant (smoke)",
        "fake.constant (full)",
    ]


def test_a_claim_failing_on_a_committed_result_is_caught(fake_claim):
    results.save(results.run("fake", "full"))
    smoke = results.run("fake", "smoke")
    assert claims_failing_on_committed_results() == []
    smoke.metrics["score"] = 0.3
    path = results.save(smoke)
    assert claims_failing_on_committed_results() == [f"fake.score_is_high on {path}"]


# The helpers that claims are written with.


@pytest.mark.parametrize(
    "value, text",
    [
        (8440, "8,440"),
        (853_000, "853,000"),
        (0.0123456, "0.0123"),
        (0.93, "0.93"),
        (1.0, "1"),
        (999.7, "1,000"),
        (123_456.0, "123,000"),
        (2_500_000.0, "2.5e+06"),
        (0.0000123, "1.23e-05"),
        (-0.25, "-0.25"),
        (0.0, "0"),
        (math.nan, "nan"),
        (math.inf, "inf"),
        (True, "True"),
    ],
)
def test_format_number_rounds_to_three_significant_digits(value, text):
    assert claims.format_number(value) == text


@pytest.mark.parametrize("value", ["0.5", None, [1.0]])
def test_format_number_rejects_what_is_not_a_number(value):
    with pytest.raises(TypeError, match="expected a number"):
        claims.format_number(value)


def test_at_least_and_at_most_read_like_the_claim():
    assert claims.at_least(0.934, 0.9, "accuracy") == Check(
        True, "accuracy = 0.934", "accuracy ≥ 0.9"
    )
    assert not claims.at_least(0.85, 0.9, "accuracy").passed
    assert claims.at_most(5040, 10_000, "sequences to success") == Check(
        True, "sequences to success = 5,040", "sequences to success ≤ 10,000"
    )
    assert not claims.at_most(20_000, 10_000, "sequences to success").passed


def test_between_includes_its_bounds():
    assert claims.between(1.0, 0.9, 1.1, "gradient ratio") == Check(
        True, "gradient ratio = 1", "0.9 ≤ gradient ratio ≤ 1.1"
    )
    assert claims.between(0.9, 0.9, 1.1, "gradient ratio").passed
    assert not claims.between(1.2, 0.9, 1.1, "gradient ratio").passed


@pytest.mark.parametrize(
    "helper",
    [
        lambda value: claims.at_least(value, 0.0, "x"),
        lambda value: claims.at_most(value, 1.0, "x"),
        lambda value: claims.between(value, 0.0, 1.0, "x"),
    ],
)
def test_a_nan_measurement_never_passes(helper):
    assert not helper(math.nan).passed


def test_helpers_reject_values_that_are_not_numbers():
    with pytest.raises(TypeError, match="accuracy: expected value to be a number, got '0.9'"):
        claims.at_least("0.9", 0.5, "accuracy")
    with pytest.raises(TypeError, match="expected bound to be a number, got True"):
        claims.at_most(0.9, True, "accuracy")


def test_helpers_need_a_description_of_the_quantity():
    with pytest.raises(ValueError, match="non-empty description"):
        claims.at_least(1.0, 0.5, "")


def test_between_rejects_bounds_in_the_wrong_order():
    with pytest.raises(ValueError, match="low ≤ high, got low 2 and high 1"):
        claims.between(1.5, 2, 1, "x")


def test_all_of_passes_only_when_every_check_passes_and_joins_the_texts():
    low = claims.at_least(0.95, 0.9, "accuracy")
    high = claims.at_most(0.95, 1.0, "accuracy")
    slow = claims.at_most(900, 100, "epochs")
    both = claims.all_of(low, high)
    assert both == Check(True, "accuracy = 0.95", "accuracy ≥ 0.9; accuracy ≤ 1")
    combined = claims.all_of(low, slow)
    assert not combined.passed
    assert combined.measured == "accuracy = 0.95; epochs = 900"


def test_all_of_rejects_no_checks_and_other_objects():
    with pytest.raises(ValueError, match="at least one check"):
        claims.all_of()
    with pytest.raises(TypeError, match="Check objects, got bool"):
        claims.all_of(True)


# Claims, the registry and check().


@pytest.mark.parametrize(
    "changes, error, message",
    [
        ({"quote": ""}, ValueError, "non-empty quote"),
        ({"paper": None}, ValueError, "non-empty paper, got None"),
        ({"test": "at_least"}, TypeError, "callable test, got str"),
        ({"counterexample": {}}, ValueError, "counterexample of metric name -> number"),
    ],
)
def test_claim_rejects_bad_fields(changes, error, message):
    with pytest.raises(error, match=message):
        make_claim(**changes)


def test_evaluate_applies_the_profiles_requirement():
    claim = make_claim()
    assert claim.evaluate({"score": 0.5}, "smoke").passed
    assert not claim.evaluate({"score": 0.5}, profiles.get("full")).passed


def test_evaluate_names_a_metric_the_test_reads_but_the_result_lacks():
    with pytest.raises(ValueError, match=r"reads the metric 'score' .* only \['loss'\]"):
        make_claim().evaluate({"loss": 0.1}, "full")


def test_evaluate_rejects_a_test_that_returns_no_check():
    claim = make_claim(test=lambda metrics, profile: metrics["score"] > 1)
    with pytest.raises(TypeError, match="return a Check, got bool"):
        claim.evaluate({"score": 2.0}, "full")


def test_check_returns_a_verdict_that_shows_in_a_notebook(fake_claim):
    verdict = claims.check("fake.score_is_high", results.run("fake", "full"))
    assert verdict == claims.Verdict(
        "fake.score_is_high", "full", "score = 1.01", "score ≥ 1", passed=True
    )
    assert verdict._repr_markdown_().startswith("✔ **`fake.score_is_high` holds** (full profile)")


def test_a_failed_verdict_shows_as_a_cross():
    verdict = claims.Verdict("fake.x", "smoke", "score = 0.1", "score ≥ 0.4", passed=False)
    assert verdict._repr_markdown_() == (
        "✘ **`fake.x` fails** (smoke profile): score = 0.1 (required: score ≥ 0.4)"
    )


def test_check_uses_the_profile_of_the_result(fake_claim):
    assert claims.check("fake.score_is_high", results.run("fake", "smoke")).profile == "smoke"


def test_check_raises_claim_failed_with_profile_measured_and_required(fake_claim):
    result = results.run("fake", "full")
    result.metrics["score"] = 0.75
    message = "'fake.score_is_high' fails in the full profile: measured score = 0.75; required"
    with pytest.raises(claims.ClaimFailed, match=message):
        claims.check("fake.score_is_high", result)


def test_check_names_the_known_claims_when_the_id_is_unknown(fake_claim):
    with pytest.raises(ValueError, match=r"'fake.score_is_high'.*got 'fake.nope'"):
        claims.check("fake.nope", results.run("fake", "full"))


def test_check_rejects_a_result_of_another_experiment(fake_claim, make_experiment):
    with registered([make_experiment("other")]):
        other = results.run("other", "full")
        with pytest.raises(ValueError, match="experiment 'fake', got one of 'other'"):
            claims.check("fake.score_is_high", other)


def test_check_rejects_what_is_not_a_result(fake_claim):
    with pytest.raises(TypeError, match="Result, got dict"):
        claims.check("fake.score_is_high", {"metrics": {"score": 2.0}})


def test_all_claims_and_get_find_registered_claims(fake_claim):
    assert fake_claim in claims.all_claims()
    assert claims.get("fake.score_is_high") is fake_claim


@pytest.mark.parametrize(
    "registered_claims, error, message",
    [
        ([make_claim(), make_claim()], ValueError, "two claims have the id 'fake.score_is_high'"),
        ([make_claim(experiment="missing")], ValueError, r"\[.*'fake'.*\], got 'missing'"),
        (["a claim"], TypeError, "Claim objects, got str"),
    ],
)
def test_the_registry_rejects_duplicates_unknown_experiments_and_other_objects(
    fake, registered_claims, error, message
):
    with registered(claims=registered_claims), pytest.raises(error, match=message):
        claims.all_claims()


# The ledger.


def ledger_row(claim_id="fake.score_is_high"):
    return next(row for row in claims.ledger() if row["claim"] == claim_id)


def test_ledger_row_before_any_committed_result(fake_claim):
    assert ledger_row() == {
        "claim": "fake.score_is_high",
        "paper": "fake2024",
        "quote": "The score is <high>.",
        "paper_figure": "score 1.0",
        "our_figure": "not yet run",
        "required": "—",
        "profile": "—",
        "verdict": "not run",
        "chapter": "book/99_fake",
    }


def test_ledger_row_reads_the_committed_full_result(fake_claim):
    results.save(results.run("fake", "full"))
    row = ledger_row()
    assert (row["our_figure"], row["profile"], row["verdict"]) == ("score = 1.01", "full", "holds")
    assert row["required"].startswith("score ≥")


def test_ledger_says_fails_when_the_committed_result_fails(fake_claim):
    result = results.run("fake", "full")
    result.metrics["score"] = 0.5
    results.save(result)
    assert ledger_row()["verdict"] == "fails"


def test_ledger_ignores_a_committed_result_of_another_config(make_experiment, results_dir):
    with registered([make_experiment(scale=1.0)]):
        results.save(results.run("fake", "full"))
    with registered([make_experiment(scale=2.0)], claims=[make_claim()]):
        assert ledger_row()["verdict"] == "not run"


def test_ledger_html_links_each_chapter_beside_the_ledger_page_and_escapes_text(fake_claim):
    table = claims.ledger_html(claims.ledger())
    assert table.startswith('<div style="overflow-x: auto">\n<table class="claims-ledger"')
    assert '<a href="99_fake.html">99_fake</a>' in table
    assert "The score is &lt;high&gt;." in table
    assert '<td class="verdict-not-run">not run<br>(—)<br><small>required: —</small></td>' in table


def test_ledger_html_rejects_rows_without_the_columns_or_outside_book():
    with pytest.raises(ValueError, match=r"got one without \['paper'"):
        claims.ledger_html([{"claim": "x"}])
    row = dict.fromkeys(claims.LEDGER_COLUMNS, "x")
    with pytest.raises(ValueError, match="chapter docname in book/, got 'x'"):
        claims.ledger_html([row])
