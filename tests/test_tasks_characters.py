"""Character-level tasks: encoding texts, windows of a stream, arithmetic with distractors,
synthetic XML."""

import numpy as np
import pytest
import torch

from lstm.tasks import arithmetic, xml_tags
from lstm.tasks.characters import encode, indices, windows

# encode and windows -------------------------------------------------------------------


def test_encode_shifts_targets_by_one_and_pads_at_the_end():
    batch = encode(["abc", "ab"], "abc", [0, 0])
    assert batch.inputs.tolist() == [[0, 1], [0, 0]]
    assert batch.targets.tolist() == [[1, 2], [1, 0]]
    assert batch.scored.tolist() == [[True, True], [True, False]]


def test_encode_scores_the_predictions_of_characters_from_scored_from_on():
    batch = encode(["abcab"], "abc", [3])  # characters 3 and 4 are predicted at steps 2, 3
    assert batch.scored.tolist() == [[False, False, True, True]]


@pytest.mark.parametrize(
    ("texts", "scored_from", "message"),
    [
        ([], [], "at least one text"),
        (["ab"], [0, 1], "one scored_from per text"),
        (["a"], [0], "at least 2 characters"),
        (["ab"], [2], r"scored_from in 0\.\.1"),
        (["az"], [0], "alphabet 'abc', got 'z'"),
    ],
)
def test_encode_refuses_bad_texts(texts, scored_from, message):
    with pytest.raises(ValueError, match=message):
        encode(texts, "abc", scored_from)


def test_indices_refuses_a_text_that_is_not_a_str():
    with pytest.raises(TypeError, match="expected a text as a str, got list"):
        indices(["a"], "abc")


def test_windows_are_cut_from_the_text_with_every_step_scored():
    text = "abcabcabcabc"
    batch = windows(text, "abc", 5, 4, seed=0)
    assert batch.inputs.shape == (5, 4) and batch.scored.all()
    for inputs, targets in zip(batch.inputs, batch.targets, strict=True):
        assert (targets[:-1] == inputs[1:]).all()
        cut = "".join("abc"[i] for i in inputs.tolist())
        assert cut in text
    assert torch.equal(windows(text, "abc", 5, 4, seed=0).inputs, batch.inputs)


def test_windows_need_a_text_longer_than_a_window():
    with pytest.raises(ValueError, match="at least length \\+ 1 = 5 characters, got 4"):
        windows("abca", "abc", 1, 4, seed=0)
    with pytest.raises(ValueError, match="count"):
        windows("abcabc", "abc", 0, 2, seed=0)


# arithmetic ---------------------------------------------------------------------------


def test_every_problem_carries_its_true_answer():
    rng = np.random.default_rng(0)
    for _ in range(300):
        text = arithmetic.problem(rng, max_digits=3, distractor_rate=0.5)
        question, answer = text[:-1].split("=")
        assert text.endswith(".")
        assert set(text) <= set(arithmetic.ALPHABET)
        digits = "".join(c for c in question if c not in arithmetic.DISTRACTORS)
        left, operator, right = digits[0], None, None
        for op in "+-":
            if op in digits:
                left, right = digits.split(op)
                operator = op
        assert 1 <= len(left) <= 3 and 1 <= len(right) <= 3
        expected = int(left) + int(right) if operator == "+" else int(left) - int(right)
        assert int(answer) == expected


def test_the_papers_example_is_solved():
    assert arithmetic.solve("3e36d9-h1h39f94eeh43keg3c") == "-13991064"


def test_distractors_come_only_with_a_positive_rate_and_grow_with_it():
    rng = np.random.default_rng(1)
    plain = [arithmetic.problem(rng, max_digits=3, distractor_rate=0.0) for _ in range(50)]
    assert not any(set(text) & set(arithmetic.DISTRACTORS) for text in plain)

    def distractors(rate):
        texts = [arithmetic.problem(rng, max_digits=3, distractor_rate=rate) for _ in range(300)]
        return np.mean([sum(c in arithmetic.DISTRACTORS for c in text) for text in texts])

    assert distractors(0.2) < distractors(0.6)


def test_digit_counts_are_uniform_up_to_max_digits():
    rng = np.random.default_rng(2)
    lengths = [
        len(arithmetic.problem(rng, max_digits=2, distractor_rate=0.0).split("+")[0].split("-")[0])
        for _ in range(2000)
    ]
    assert set(lengths) == {1, 2}
    assert 0.45 < np.mean(np.array(lengths) == 1) < 0.55


def test_an_arithmetic_batch_scores_the_answer_and_its_final_dot_only():
    batch = arithmetic.batch(20, 3, max_digits=2, distractor_rate=0.3)
    for row in range(20):
        targets = "".join(arithmetic.ALPHABET[i] for i in batch.targets[row][batch.scored[row]])
        assert targets.endswith(".") and targets[:-1].lstrip("-").isdigit()


def test_problems_repeat_for_a_seed():
    assert arithmetic.problem(7, max_digits=3, distractor_rate=0.5) == arithmetic.problem(
        7, max_digits=3, distractor_rate=0.5
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"max_digits": 0, "distractor_rate": 0.5}, ValueError, "max_digits"),
        ({"max_digits": 2, "distractor_rate": 1.0}, ValueError, r"distractor_rate in \[0, 1\)"),
        ({"max_digits": 2, "distractor_rate": "0.5"}, TypeError, "distractor_rate as a number"),
    ],
)
def test_bad_arithmetic_settings_are_named(kwargs, error, message):
    with pytest.raises(error, match=message):
        arithmetic.problem(0, **kwargs)


@pytest.mark.parametrize("question", ["12", "a+b", "+3"])
def test_solve_refuses_what_is_not_two_numbers(question):
    with pytest.raises(ValueError, match="two numbers joined by"):
        arithmetic.solve(question)


def test_answer_start_needs_an_equals_sign():
    assert arithmetic.answer_start("1+2=3.") == 4
    with pytest.raises(ValueError, match="with '='"):
        arithmetic.answer_start("1+2")


# XML ----------------------------------------------------------------------------------


def test_documents_are_well_formed_with_the_given_tags_and_depth():
    rng = np.random.default_rng(0)
    for _ in range(200):
        text = xml_tags.document(rng, tags=5, max_depth=3, name_length=(1, 3))
        assert xml_tags.is_well_formed(text)
        lines = text.splitlines()
        assert sum(not line.strip().startswith("</") for line in lines) == 5
        assert max(len(line) - len(line.lstrip(" ")) for line in lines) <= 2
        names = [line.strip().strip("</>") for line in lines]
        assert all(1 <= len(name) <= 3 for name in names)


def test_a_closing_tag_repeats_the_latest_open_name():
    text = xml_tags.document(3, tags=6, max_depth=4)
    stack = []
    for line in text.splitlines():
        tag = line.strip()
        if tag.startswith("</"):
            assert tag[2:-1] == stack.pop()
        else:
            stack.append(tag[1:-1])
    assert not stack


@pytest.mark.parametrize(
    "text",
    [
        "<a>\n",  # never closed
        "<a>\n</b>\n",  # closes another name
        "<a>\n<b>\n </b>\n</a>\n",  # a nested tag not indented
        "</a>\n",  # closes nothing
        "<a>\n</a>",  # no final newline
        "<A>\n</A>\n",  # not lower-case letters
        "",
    ],
)
def test_malformed_documents_are_recognised(text):
    assert not xml_tags.is_well_formed(text)


def test_an_xml_batch_scores_every_prediction():
    batch = xml_tags.batch(4, 0, tags=3, max_depth=2)
    lengths = batch.scored.sum(1)
    assert (batch.scored.cumsum(1)[:, -1] == lengths).all() and (lengths > 0).all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"tags": 0, "max_depth": 2}, "tags"),
        ({"tags": 2, "max_depth": 0}, "max_depth"),
        ({"tags": 2, "max_depth": 2, "name_length": (3, 1)}, "name_length as"),
        ({"tags": 2, "max_depth": 2, "name_length": 3}, "name_length as"),
    ],
)
def test_bad_xml_settings_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        xml_tags.document(0, **kwargs)
