"""The synthetic online handwriting: seeded, in writing order, with each writer's hand."""

import numpy as np
import pytest

from lstm.data import handwriting as hw
from lstm.data import pen

pytestmark = pytest.mark.timeout(60)

LINE = "To be, or not to be: that is the question"


def test_the_same_writer_writes_the_same_line_the_same_way_bit_for_bit():
    writer = hw.Writer.draw(3, seed=7)
    first, second = hw.write(LINE, writer, line=2), hw.write(LINE, hw.Writer.draw(3, 7), 2)
    assert len(first) == len(second)
    assert all(np.array_equal(a, b) for a, b in zip(first, second, strict=True))


def test_another_line_number_or_population_writes_it_differently():
    writer = hw.Writer.draw(3)
    base = np.concatenate(hw.write(LINE, writer, line=0))
    again = np.concatenate(hw.write(LINE, writer, line=1))
    other = np.concatenate(hw.write(LINE, hw.Writer.draw(3, seed=1), line=0))
    assert not np.array_equal(base, again) and not np.array_equal(base, other)


def test_writers_take_the_fonts_in_turn_and_each_has_its_own_hand():
    population = hw.writers(range(8))
    assert [w.font for w in population] == list(hw.FONTS) * 2
    assert len({w.slant for w in population}) == 8


def test_the_pen_is_fast_in_the_middle_of_a_stroke_and_slow_at_its_ends():
    strokes = hw.write("lo", hw.Writer.draw(2))  # print hand: a long straight l
    speeds = np.linalg.norm(np.diff(max(strokes, key=len), axis=0), axis=1)
    third = len(speeds) // 3
    assert speeds[third:-third].mean() > 2 * max(speeds[:3].mean(), speeds[-3:].mean())


def test_the_dot_of_an_i_comes_after_its_body_and_for_a_delaying_writer_after_the_word():
    writer = hw.Writer.draw(2)  # futural: the i's body and dot are separate strokes
    always = hw.Writer(**{**writer.__dict__, "delay": 1.0})
    never = hw.Writer(**{**writer.__dict__, "delay": 0.0})
    # "in": i's body, its dot, then n's strokes; delayed: i's body, n's strokes, the dot
    in_place, delayed = hw.write("in", never), hw.write("in", always)
    assert len(in_place) == len(delayed)

    def dot(strokes):
        return max(range(len(strokes)), key=lambda i: strokes[i][:, 1].min())

    assert dot(in_place) == 1 and dot(delayed) == len(delayed) - 1
    assert delayed[-1][:, 0].mean() < delayed[-2][:, 0].min()  # the pen goes back for it


def test_a_slanted_writer_leans_the_tops_of_letters_to_the_right():
    writer = hw.Writer.draw(2)
    upright = hw.Writer(**{**writer.__dict__, "slant": 0.0, "warp": 0.0, "drift": 0.0})
    slanted = hw.Writer(**{**upright.__dict__, "slant": 0.5})
    (l_upright,), (l_slanted,) = hw.write("l", upright), hw.write("l", slanted)

    def lean(stroke):
        top, bottom = stroke[np.argmax(stroke[:, 1])], stroke[np.argmin(stroke[:, 1])]
        return (top[0] - bottom[0]) / (top[1] - bottom[1])

    assert lean(l_slanted) == pytest.approx(lean(l_upright) + 0.5, abs=0.05)


def test_pen_features_are_offsets_that_add_up_to_the_path_and_a_flag_per_stroke():
    strokes = hw.write(LINE, hw.Writer.draw(0))
    features = pen.features(strokes)
    points = np.concatenate(strokes)
    assert features.shape == (len(points), 3) and features.dtype == np.float32
    assert features[:, 2].sum() == len(strokes)
    assert features[-1, 2] == 1.0
    path = points[0] + np.cumsum(features[:, :2].astype(float), axis=0)
    assert np.allclose(path, points, atol=1e-3)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("caf\u00e9", r"expected characters from the handwriting alphabet .* got '\u00e9'"),
        ("", "expected a line of text, got ''"),
        (None, "expected a line of text, got None"),
    ],
)
def test_a_line_the_fonts_cannot_write_is_refused_in_one_line(text, message):
    with pytest.raises(ValueError, match=message) as raised:
        hw.write(text, hw.Writer.draw(0))
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("writer_id", [-1, 1.5, True, "3"])
def test_a_writer_id_must_be_a_non_negative_int(writer_id):
    with pytest.raises(ValueError, match="expected a writer id that is an int >= 0"):
        hw.Writer.draw(writer_id)


def test_every_character_of_the_alphabet_is_written_in_every_font():
    for writer in hw.writers(range(len(hw.FONTS))):
        strokes = hw.write(hw.ALPHABET.replace(" ", ""), writer)
        assert len(strokes) >= len(hw.ALPHABET) - 10  # joined cursive shares strokes
        assert all(np.isfinite(s).all() and len(s) >= 2 for s in strokes)
