import math

import pytest

from lstm.reproduce import claims, profiles, results
from lstm.reproduce.claims import Check, Claim
from lstm.reproduce.registry import registered


def score_is_high(metrics, profile):
    return claims.at_least(metrics["score"], profile.choose(smoke=0.4, full=1.0), "score")


def score_is_positive(metrics, profile):
    return claims.at_least(metrics["score"], 0.1, "score")


def score_is_negative(metrics, profile):
    return claims.at_most(metrics["score"], -0.1, "score")


def make_claim(claim_id="fake.score_is_high", **changes):
    fields = {
        "id": claim_id,
        "paper": "fake2024",
        "quote": "The score is <high>.",
        "paper_figure": "score 1.0",
        "experiment": "fake",
        "criterion": score_is_high,
        "examples": {"reproduced": {"score": 2.0}, "not reproduced": {"score": 0.0}},
    }
    return Claim(**(fields | changes))


def make_graded_claim():
    """A claim that can give every verdict: high (reproduced), positive (weaker form),
    around zero (not reproduced), negative (contradicted)."""
    return make_claim(
        "fake.graded",
        weaker=score_is_positive,
        weaker_reason="a smaller budget",
        opposite=score_is_negative,
        opposite_power="three seeds of a score that moves by less than 0.1 between seeds.",
        examples={
            "reproduced": {"score": 2.0},
            "weaker form": {"score": 0.2},
            "not reproduced": {"score": 0.0},
            "contradicted": {"score": -1.0},
        },
    )


@pytest.fixture
def fake_claim(fake):
    """A claim about the fake experiment: its score is at least 1 (full) or 0.4
    (smoke); the fake experiment scores 1.01 (full) and 0.5 (smoke)."""
    claim = make_claim()
    with registered(claims=[claim]):
        yield claim


def expected_verdict(claim, verdict, profile):
    """The verdict an example filed under ``verdict`` must give under ``profile``: the
    same, except that a claim not judged in smoke gives the weaker form there where the
    full profile says reproduced, and is not tested there where neither holds."""
    if claim.not_judged_in_smoke and profiles.get(profile).is_smoke:
        return {
            claims.REPRODUCED: claims.WEAKER_FORM,
            claims.NOT_REPRODUCED: claims.NOT_TESTED,
            claims.CONTRADICTED: claims.NOT_TESTED,
        }.get(verdict, verdict)
    return verdict


def examples_giving_another_verdict(claim_list):
    """Claims whose examples do not give the verdict they are filed under."""
    return [
        f"{claim.id} ({profile}): {expected} example gave {claim.judge(metrics, profile).outcome}"
        for claim in claim_list
        for expected, metrics in claim.examples.items()
        for profile in profiles.PROFILES
        if claim.judge(metrics, profile).outcome != expected_verdict(claim, expected, profile)
    ]


# The generic tests: they apply to every registered claim and are themselves tested on
# fake claims below, so that they prove something before any exist.


def test_every_registered_claim_gives_each_verdict_on_its_example_in_both_profiles():
    assert examples_giving_another_verdict(claims.all_claims()) == []


def test_a_claim_whose_example_gives_another_verdict_is_caught():
    def always_holds(metrics, profile):
        return claims.at_least(1.0, 0.0, "a constant")

    claim_list = [make_claim(), make_claim("fake.constant", criterion=always_holds)]
    assert examples_giving_another_verdict(claim_list) == [
        "fake.constant (smoke): not reproduced example gave reproduced",
        "fake.constant (full): not reproduced example gave reproduced",
    ]


def test_every_registered_claim_can_fail():
    assert all(claims.NOT_REPRODUCED in claim.examples for claim in claims.all_claims())


# Judging: five verdicts, each a legitimate outcome.


@pytest.mark.parametrize(
    "score, verdict",
    [(2.0, "reproduced"), (0.2, "weaker form"), (0.0, "not reproduced"), (-1.0, "contradicted")],
)
def test_judge_gives_each_of_the_four_verdicts(score, verdict):
    assert make_graded_claim().judge({"score": score}, "full").outcome == verdict


def test_judge_reports_what_the_papers_strength_and_the_weaker_form_require():
    verdict = make_graded_claim().judge({"score": 0.2}, "full")
    assert verdict == claims.Verdict(
        "fake.graded",
        "full",
        "weaker form",
        "score = 0.2",
        "score ≥ 1",
        "score ≥ 0.1",
        "three seeds of a score that moves by less than 0.1 between seeds.",
    )


def test_a_claim_without_weaker_form_or_opposite_is_reproduced_or_not():
    claim = make_claim()
    assert claim.possible_verdicts() == ("reproduced", "not reproduced")
    assert claim.judge({"score": -5.0}, "full").outcome == "not reproduced"


def test_a_claim_not_judged_in_smoke_says_weaker_form_there_at_most():
    claim = make_claim(
        "fake.unjudged",
        weaker=score_is_positive,
        weaker_reason="a smaller budget",
        not_judged_in_smoke="one seed is noisier than the effect",
        examples={
            "reproduced": {"score": 2.0},
            "weaker form": {"score": 0.2},
            "not reproduced": {"score": -1.0},
        },
    )
    assert claim.judge({"score": 2.0}, "full").outcome == "reproduced"
    smoke = claim.judge({"score": 2.0}, "smoke")
    assert smoke.outcome == "weaker form"
    # neither side is judged in smoke: a score that would contradict is not tested there
    assert claim.judge({"score": -1.0}, "smoke").outcome == "not tested"
    assert smoke.required == "not judged at smoke scale (one seed is noisier than the effect)"
    assert examples_giving_another_verdict([claim]) == []
    with pytest.raises(ValueError, match="needs a weaker form for the smoke profile to judge"):
        make_claim("fake.alone", not_judged_in_smoke="too noisy")


def test_judge_applies_the_profiles_criterion():
    claim = make_claim()
    assert claim.judge({"score": 0.5}, "smoke").outcome == "reproduced"
    assert claim.judge({"score": 0.5}, profiles.get("full")).outcome == "not reproduced"


def test_judge_names_a_metric_the_criterion_reads_but_the_result_lacks():
    with pytest.raises(ValueError, match=r"score_is_high reads the metric 'score' .* \['loss'\]"):
        make_claim().judge({"loss": 0.1}, "full")


def test_judge_rejects_a_criterion_that_returns_no_check():
    claim = make_claim(criterion=lambda metrics, profile: metrics["score"] > 1)
    with pytest.raises(TypeError, match="return a Check, got bool"):
        claim.judge({"score": 2.0}, "full")


@pytest.mark.parametrize(
    "changes, error, message",
    [
        ({"quote": ""}, ValueError, "non-empty quote"),
        ({"paper": None}, ValueError, "non-empty paper, got None"),
        ({"criterion": "at_least"}, TypeError, "callable criterion, got str"),
        ({"weaker": 0.5}, TypeError, "callable weaker, got float"),
        ({"weaker": score_is_positive}, ValueError, "weaker form together with the reason"),
        ({"weaker_reason": "why"}, ValueError, "weaker form together with the reason"),
        ({"examples": {"reproduced": {"score": 2.0}}}, ValueError, "examples for the verdicts"),
        (
            {"opposite": score_is_negative, "opposite_power": "three seeds"},
            ValueError,
            r"\['contradicted', 'not reproduced', 'reproduced'\]",
        ),
        # contradicted needs a setup that could have shown the paper's effect
        ({"opposite": score_is_negative}, ValueError, "could have shown the paper's effect"),
        ({"opposite_power": "three seeds"}, ValueError, "opposite together with the argument"),
    ],
)
def test_claim_rejects_bad_fields(changes, error, message):
    with pytest.raises(error, match=message):
        make_claim(**changes)


def test_the_criteria_hash_changes_with_a_criterion_its_words_or_a_threshold(fake):
    with registered(claims=[make_claim()]):
        original = claims.criteria_hash("fake")
    with registered(claims=[make_claim(quote="Another sentence.")]):
        assert claims.criteria_hash("fake") != original
    with registered(claims=[make_claim(criterion=score_is_positive)]):
        assert claims.criteria_hash("fake") != original
    with registered(claims=[make_claim()]):
        assert claims.criteria_hash("fake") == original


# check(): shows the verdict, raises only for a broken result.


def test_check_returns_a_verdict_that_shows_as_a_badge_in_a_notebook(fake_claim):
    verdict = claims.check("fake.score_is_high", results.run("fake", "full"))
    assert verdict == claims.Verdict(
        "fake.score_is_high", "full", "reproduced", "score = 1.01", "score ≥ 1"
    )
    assert verdict._repr_markdown_() == (
        '<span class="verdict verdict-reproduced">✔ reproduced</span> '
        "**`fake.score_is_high`**: score = 1.01\n\n"
        "<details><summary>What this verdict needed</summary>"
        "at the paper's strength, score ≥ 1</details>"
    )


def test_check_shows_a_claim_that_is_not_reproduced_without_raising(fake_claim):
    result = results.run("fake", "full")
    result.metrics["score"] = 0.75
    verdict = claims.check("fake.score_is_high", result)
    assert verdict.outcome == "not reproduced"
    assert "verdict-not-reproduced" in verdict._repr_markdown_()


def test_a_verdict_names_the_weaker_forms_requirement():
    verdict = claims.Verdict("x.y", "full", "weaker form", "s = 1", "s ≥ 2", "s ≥ 0.5")
    assert verdict._repr_markdown_().endswith(
        "at the paper's strength, s ≥ 2; for the weaker form, s ≥ 0.5</details>"
    )
    smoke = claims.Verdict("x.y", "smoke", "not tested", "1 of 3 seeds judged", "2 seeds")
    assert "**`x.y`** (scaled-down run): 1 of 3 seeds judged" in smoke._repr_markdown_()
    assert "to test the claim at all, 2 seeds" in smoke._repr_markdown_()


def test_a_verdict_must_be_one_of_the_five():
    with pytest.raises(ValueError, match="expected a verdict in .*got 'holds'"):
        claims.Verdict("x.y", "full", "holds", "s = 1", "s ≥ 2")
    with pytest.raises(ValueError, match="got 'fails'"):
        claims.badge_html("fails")


def test_check_uses_the_profile_of_the_result(fake_claim):
    assert claims.check("fake.score_is_high", results.run("fake", "smoke")).profile == "smoke"


def test_check_raises_for_a_broken_result_missing_a_metric(fake_claim):
    result = results.run("fake", "full")
    del result.metrics["score"]
    with pytest.raises(ValueError, match="reads the metric 'score'"):
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


def test_all_claims_get_and_claims_of_find_registered_claims(fake_claim):
    assert fake_claim in claims.all_claims()
    assert claims.get("fake.score_is_high") is fake_claim
    assert claims.claims_of("fake") == [fake_claim]
    assert claims.judge_all("fake", {"score": 0.0}, "full") == {
        "fake.score_is_high": "not reproduced"
    }


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


# The rules of evidence, each shown on a counterexample.


def lstm_beats_tanh(metrics, profile):
    return claims.consistent(metrics["lstm"], metrics["tanh"], "accuracy")


def tanh_beats_lstm(metrics, profile):
    return claims.consistent(metrics["tanh"], metrics["lstm"], "accuracy")


def both_trained(metrics, profile):
    n = len(metrics["lstm_trained"])
    judged = claims.judged_seeds({"lstm": metrics["lstm_trained"], "tanh": metrics["tanh_trained"]})
    return claims.enough_seeds(judged, n, "the tanh net stayed on its plateau")


def make_comparison():
    trained = {"lstm_trained": (True,) * 3, "tanh_trained": (True,) * 3}
    return make_claim(
        "fake.comparison",
        criterion=lstm_beats_tanh,
        opposite=tanh_beats_lstm,
        opposite_power="three seeds, each arm trained, the arms alike but for the cell.",
        testable=both_trained,
        examples={
            "reproduced": trained | {"lstm": (0.9, 0.8, 0.85), "tanh": (0.5, 0.4, 0.45)},
            "not reproduced": trained | {"lstm": (0.6, 0.4, 0.5), "tanh": (0.5, 0.5, 0.5)},
            "contradicted": trained | {"lstm": (0.5, 0.4, 0.45), "tanh": (0.9, 0.8, 0.85)},
            "not tested": {
                "lstm_trained": (True,) * 3,
                "tanh_trained": (True, False, False),
                "lstm": (0.9, 0.8, 0.85),
                "tanh": (0.5, 0.1, 0.1),
            },
        },
    )


def test_a_comparison_gives_each_of_its_verdicts_on_its_examples():
    assert examples_giving_another_verdict([make_comparison()]) == []


def test_an_arm_that_did_not_train_at_most_seeds_makes_the_claim_not_tested():
    verdict = make_comparison().judge(make_comparison().examples["not tested"], "full")
    assert verdict.outcome == "not tested"
    assert verdict.measured == "1 of 3 seeds judged; 2 left out: the tanh net stayed on its plateau"
    assert verdict.required == "at least 2 seeds at which every arm trained"


def test_judged_seeds_keeps_only_the_seeds_where_every_arm_trained():
    trained = {"a": (True, True, False, True), "b": (True, False, True, True)}
    assert claims.judged_seeds(trained) == [0, 3]
    with pytest.raises(ValueError, match="one flag per seed for every arm"):
        claims.judged_seeds({"a": (True,), "b": (True, True)})


def test_a_difference_that_fails_at_one_seed_needs_a_paired_test():
    # better at 2 of 3 seeds: the one-sided paired t-test decides, and here it is not enough
    check = claims.consistent([0.9, 0.9, 0.5], [0.5, 0.5, 0.6], "accuracy")
    assert not check.passed
    assert "better at 2 of 3 seeds, paired t-test p = 0.148 (n = 3)" in check.measured
    # many seeds with one exception: the test carries it
    better = [0.9, 0.8, 0.85, 0.9, 0.8, 0.85, 0.9, 0.4]
    worse = [0.5, 0.4, 0.45, 0.5, 0.4, 0.45, 0.5, 0.45]
    check = claims.consistent(better, worse, "accuracy")
    assert check.passed and "better at 7 of 8 seeds" in check.measured


def test_a_pooled_mean_carried_by_one_seed_is_not_evidence():
    # the mean favours the first arm by 0.3, all of it from one seed
    check = claims.consistent([1.0, 0.5, 0.5], [0.1, 0.55, 0.45], "accuracy")
    assert not check.passed and "at 2 of 3 seeds" in check.measured


def test_a_difference_inside_the_seeds_spread_does_not_pass():
    # better at every seed, by 0.002 to 0.005, where the seeds differ by about 0.01
    check = claims.consistent([0.902, 0.913, 0.925], [0.900, 0.910, 0.920], "accuracy")
    assert not check.passed
    assert "better at 3 of 3 seeds" in check.measured
    assert "mean difference 0.00333 against a spread of 0.0115" in check.measured
    assert claims.beyond_spread([0.9, 0.91, 0.92], [0.5, 0.51, 0.52], "accuracy").passed


def test_at_every_seed_says_at_how_many_seeds_a_bound_holds():
    check = claims.at_every_seed([2.5, 1.3, 1.2], 2.0, "error ratio")
    assert not check.passed
    assert check.measured == "error ratio 1.2 to 2.5, ≥ 2 at 1 of 3 seeds"
    assert claims.at_every_seed([0.0, 0.0], 0.0, "errors", below=True).passed
    with pytest.raises(ValueError, match="one value per judged seed"):
        claims.at_every_seed([], 1.0, "errors")


def test_holm_corrects_several_tests_of_one_claim():
    p_values = {"a": 0.001, "b": 0.03, "c": 0.04}
    # uncorrected, all three are below 0.05; Holm keeps a (0.001 ≤ 0.05/3) and stops at
    # b (0.03 > 0.05/2)
    assert claims.holm(p_values) == {"a": True, "b": False, "c": False}
    assert claims.holm({"a": 0.01, "b": 0.02}) == {"a": True, "b": True}


def test_several_comparisons_of_one_claim_are_holm_corrected_together():
    # each comparison better at 3 of 4 seeds; alone each paired test clears 0.05, but not
    # after Holm's correction over the two
    one = ([0.9, 0.8, 0.85, 0.5], [0.5, 0.45, 0.4, 0.55])
    alone = claims.consistent_over({"accuracy, a": one})
    assert alone.passed and "n = 4)" in alone.measured
    two = claims.consistent_over({"accuracy, a": one, "accuracy, b": one})
    assert not two.passed
    assert "better at 3 of 4 seeds, paired t-test p = 0.0" in two.measured
    assert "Holm-corrected over 2" in two.measured
    with pytest.raises(ValueError, match="at least one comparison"):
        claims.consistent_over({})


def test_a_verdict_says_why_a_contradiction_would_count():
    claim = make_graded_claim()
    verdict = claim.judge({"score": -1.0}, "full")
    assert verdict.outcome == "contradicted"
    shown = verdict._repr_markdown_()
    assert "A contradiction would count here: three seeds of a score" in shown
    assert "contradiction" not in make_claim().judge({"score": 2.0}, "full")._repr_markdown_()


def test_a_papers_zero_percent_needs_none_of_the_seeds():
    # the paper's 0%: one success in a hundred is not it, however small
    one = claims.none_of(1, 100, "perfect networks without forget gate:")
    assert not one.passed
    assert one.measured == "perfect networks without forget gate: at 1 of 100 seeds"
    assert (
        one.required
        == "perfect networks without forget gate: at none of the seeds (the paper's 0%)"
    )
    assert claims.none_of(0, 100, "perfect networks").passed
    with pytest.raises(ValueError, match=r"0 ≤ count ≤ n and n ≥ 1, got 5 of 3"):
        claims.none_of(5, 3, "perfect networks")


def test_a_best_model_is_chosen_on_validation_data_whatever_the_test_data_says():
    validation = {"lstm-1x64": 2.31, "lstm-2x64": 2.29, "lstm-2x128": 2.35}
    test = {"lstm-1x64": 2.30, "lstm-2x64": 2.33, "lstm-2x128": 2.20}
    chosen = claims.chosen_on_validation(validation, higher_is_better=False)
    assert chosen == "lstm-2x64"
    assert chosen != min(test, key=test.get)  # the test text would have chosen another
    # a tie goes to the first candidate in the order given
    assert claims.chosen_on_validation({"d2": 0.6, "d0": 0.7, "d4": 0.7}) == "d0"
    with pytest.raises(ValueError, match="at least one candidate"):
        claims.chosen_on_validation({})
    with pytest.raises(TypeError, match="validation score of d0: expected value"):
        claims.chosen_on_validation({"d0": "0.7"})


def score_in_words(metrics, profile):
    return f"The score was {metrics['score']:.1f}, against the paper's 1.0."


def test_a_summary_says_the_measurement_in_one_sentence_and_decides_nothing():
    plain = make_graded_claim()
    worded = make_claim(
        "fake.graded",
        weaker=score_is_positive,
        weaker_reason="a smaller budget",
        opposite=score_is_negative,
        opposite_power="three seeds of a score that moves by less than 0.1 between seeds.",
        summary=score_in_words,
        examples=plain.examples,
    )
    verdict = worded.judge({"score": 0.2}, "full")
    assert verdict.outcome == plain.judge({"score": 0.2}, "full").outcome
    assert verdict.summary == "The score was 0.2, against the paper's 1.0."
    shown = verdict._repr_markdown_()
    assert "**`fake.graded`**: The score was 0.2, against the paper's 1.0." in shown
    assert "Measured: score = 0.2. Needed: at the paper's strength, score ≥ 1" in shown
    # words, not evidence: the criteria hash does not see it
    assert worded.criteria_text() == plain.criteria_text()


def test_a_summary_that_reads_a_missing_metric_or_is_not_one_line_is_named():
    def reads_missing(metrics, profile):
        return f"{metrics['width']}"

    with pytest.raises(ValueError, match="its summary reads the metric 'width'"):
        make_claim(summary=reads_missing).judge({"score": 2.0}, "full")
    with pytest.raises(TypeError, match="expected its summary as one line"):
        make_claim(summary=lambda metrics, profile: "two\nlines").judge({"score": 2.0}, "full")


@pytest.mark.timeout(120)
def test_every_registered_claim_says_what_it_measured_in_one_plain_sentence():
    missing = [claim.id for claim in claims.all_claims() if claim.summary is None]
    assert missing == []
    for claim in claims.all_claims():
        for metrics in claim.examples.values():
            for profile in profiles.PROFILES:
                summary = claim.judge(metrics, profile).summary
                assert summary[0].isupper() or summary[0].isdigit(), (claim.id, summary)
                assert summary.endswith(".") and "\n" not in summary, (claim.id, summary)
