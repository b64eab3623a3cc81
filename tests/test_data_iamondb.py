"""The IAM-OnDB reader on small files written here in the corpus's layout (two texts,
three forms, two writers), good ones and broken ones."""

import numpy as np
import pytest

from lstm.data import iamondb, pen

pytestmark = pytest.mark.timeout(60)

# Two strokes of a line: x, y, time per point, as a tablet records them.
STROKES = [
    [(1073, 1058, 769.05), (1072, 1085, 769.07), (1080, 1101, 769.09)],
    [(1176, 1237, 769.70), (1175, 1233, 769.72)],
]


def stroke_xml(strokes=STROKES):
    """A lineStrokes file holding ``strokes``, laid out as IAM-OnDB's are."""
    body = []
    for stroke in strokes:
        start, end = (stroke[0][2], stroke[-1][2]) if stroke else (0, 0)
        body.append(f'    <Stroke colour="black" start_time="{start}" end_time="{end}">')
        body += [f'      <Point x="{x}" y="{y}" time="{t}"/>' for x, y, t in stroke]
        body.append("    </Stroke>")
    return "\n".join(
        [
            '<?xml version="1.0" encoding="ISO-8859-1"?>',
            "<WhiteboardCaptureSession>",
            "  <WhiteboardDescription>",
            '    <SensorLocation corner="top_left"/>',
            '    <DiagonallyOppositeCoords x="6512" y="1376"/>',
            '    <VerticallyOppositeCoords x="966" y="1376"/>',
            '    <HorizontallyOppositeCoords x="6512" y="787"/>',
            "  </WhiteboardDescription>",
            "  <StrokeSet>",
            *body,
            "  </StrokeSet>",
            "</WhiteboardCaptureSession>",
            "",
        ]
    )


def ascii_text(csr, ocr=("A MOVE to stop Mr. Gaitskel", "nominating any more Lab0ur")):
    """An ascii file: a header, the OCR: section, then the CSR: section holding ``csr``.
    The header's lines are placeholders (its real content was not verified; it is not read)."""
    return "\n".join(
        ["header line", "another header line", "", "OCR:", "", *ocr, "", "CSR:", "", *csr, ""]
    )


def original_xml(writer):
    """A form's original file whose <General> names ``writer`` (the element under <General>
    that carries ``writerID`` is a placeholder name: the reader takes the first that has it)."""
    return (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<WhiteboardCaptureSession>\n'
        f'  <General>\n    <Form id="x" writerID="{writer}"/>\n  </General>\n'
        "  <StrokeSet/>\n</WhiteboardCaptureSession>\n"
    )


FORMS = {  # form -> (text folder, writer, CSR lines)
    "a01-000u": ("a01-000", "10058", ["A MOVE to stop Mr. Gaitskell", "nominating any more"]),
    "a01-000x": ("a01-000", "10062", ["A MOVE to stop", "Mr. Gaitskell from", "nominating"]),
    "b02-011": ("b02-011", "10062", ["'Are you sure?' she said."]),
}


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="latin-1")
    return path


def make_copy(root, forms=FORMS, original=True):
    """A copy of IAM-OnDB at ``root`` holding ``forms``: line N's strokes are STROKES
    shifted right by 100 N; with ``original``, each form's writer is in original/."""
    for form, (text, writer, csr) in forms.items():
        group = text.split("-")[0]
        write(root / "ascii" / group / text / f"{form}.txt", ascii_text(csr))
        for number in range(1, len(csr) + 1):
            shifted = [[(x + 100 * number, y, t) for x, y, t in s] for s in STROKES]
            path = root / "lineStrokes" / group / text / f"{form}-{number:02d}.xml"
            write(path, stroke_xml(shifted))
        if original:
            letter = form[len(text) :]
            write(root / "original" / group / text / f"strokes{letter}.xml", original_xml(writer))
    return root


def one_line(error, path):
    """The error's message is one line and names ``path``."""
    message = str(error.value)
    assert "\n" not in message, message
    assert str(path) in message, message
    return message


def test_read_strokes_returns_each_stroke_as_x_y_time(tmp_path):
    path = write(tmp_path / "a01-000u-01.xml", stroke_xml())
    strokes = iamondb.read_strokes(path)
    assert [s.shape for s in strokes] == [(3, 3), (2, 3)]
    assert all(s.dtype == np.float64 for s in strokes)
    np.testing.assert_array_equal(strokes[0][1], [1072, 1085, 769.07])
    np.testing.assert_array_equal(strokes[1][:, 0], [1176, 1175])


def test_times_of_a_long_session_keep_their_hundredths(tmp_path):
    path = write(tmp_path / "x-01.xml", stroke_xml([[(1, 2, 14978711.86), (3, 4, 14978711.88)]]))
    times = iamondb.read_strokes(path)[0][:, 2]
    assert times[1] - times[0] == pytest.approx(0.02, abs=1e-6)


def test_read_transcriptions_reads_the_csr_section_numbered_from_01(tmp_path):
    text = ascii_text(["  first line  ", "", "second, l\xe9gere line"])  # Latin-1, blank line
    path = write(tmp_path / "a01-000u.txt", text)
    assert iamondb.read_transcriptions(path) == {
        "a01-000u-01": "first line",
        "a01-000u-02": "second, l\xe9gere line",
    }


def test_read_transcriptions_reads_utf8_and_windows_line_ends(tmp_path):
    path = tmp_path / "d04-081.txt"
    path.write_bytes(ascii_text(["caf\xe9 noir", "two"]).replace("\n", "\r\n").encode())
    assert iamondb.read_transcriptions(path) == {"d04-081-01": "caf\xe9 noir", "d04-081-02": "two"}


def test_lines_pairs_every_stroke_file_with_its_csr_line_and_writer(tmp_path):
    found = iamondb.lines(make_copy(tmp_path))
    assert [line.id for line in found] == [
        "a01-000u-01",
        "a01-000u-02",
        "a01-000x-01",
        "a01-000x-02",
        "a01-000x-03",
        "b02-011-01",
    ]
    by_id = {line.id: line for line in found}
    assert by_id["a01-000u-02"].text == "nominating any more"
    assert by_id["a01-000x-02"].text == "Mr. Gaitskell from"
    assert by_id["b02-011-01"].text == "'Are you sure?' she said."
    assert [line.form for line in found] == ["a01-000u"] * 2 + ["a01-000x"] * 3 + ["b02-011"]
    assert [line.writer for line in found] == ["10058"] * 2 + ["10062"] * 4
    assert by_id["a01-000x-03"].strokes[0][0, 0] == 1073 + 300  # its own stroke file


def test_a_copy_without_original_has_no_writers(tmp_path):
    found = iamondb.lines(make_copy(tmp_path, original=False))
    assert len(found) == 6 and {line.writer for line in found} == {None}


def test_exclude_leaves_out_lines_and_whole_forms(tmp_path):
    make_copy(tmp_path)
    found = iamondb.lines(tmp_path, exclude={"a01-000x", "a01-000u-02"})
    assert [line.id for line in found] == ["a01-000u-01", "b02-011-01"]


def test_features_of_a_line_read_back_rebuild_its_points(tmp_path):
    strokes = iamondb.read_strokes(write(tmp_path / "a-01.xml", stroke_xml()))
    rows = pen.features(strokes)
    points = np.concatenate([s[:, :2] for s in strokes])
    np.testing.assert_array_equal(np.cumsum(rows[:, :2], axis=0) + points[0], points)
    assert rows[:, 2].tolist() == [0, 0, 1, 0, 1]


def test_read_split_lists_form_ids(tmp_path):
    path = write(tmp_path / "trainset.txt", " a01-020x\nd04-081\n\nf02-000 \n")
    assert iamondb.read_split(path) == ["a01-020x", "d04-081", "f02-000"]
    bad = write(tmp_path / "testset_v.txt", "a01-020x\na01 020x\n")
    with pytest.raises(iamondb.IamOnDbFormatError) as error:
        iamondb.read_split(bad)
    assert "line 2: expected a form id such as 'a01-000u', got 'a01 020x'" in one_line(error, bad)


BROKEN_STROKES = [
    (
        stroke_xml().replace("</StrokeSet>", ""),
        r"expected IAM-OnDB stroke XML .*, found XML that does not parse \(mismatched tag",
    ),
    ("", r"found XML that does not parse \(no element found"),
    (
        stroke_xml().replace("StrokeSet", "Strokes"),
        r"expected a <StrokeSet> element under <WhiteboardCaptureSession>, found none",
    ),
    (stroke_xml([]), r"expected at least one <Stroke> in <StrokeSet>, found none"),
    (
        stroke_xml([STROKES[0], []]),
        r"stroke 2 of 2: expected <Point> elements, found none",
    ),
    (
        stroke_xml().replace('x="1072"', 'x="10a2"'),
        r"stroke 1 of 2, point 2: expected a finite number for x, got '10a2'",
    ),
    (
        stroke_xml().replace('y="1233"', 'y="nan"'),
        r"stroke 2 of 2, point 2: expected a finite number for y, got 'nan'",
    ),
    (
        stroke_xml().replace(' time="769.05"', ""),
        r"stroke 1 of 2, point 1: expected a number in time=\"..\", found no time",
    ),
]


@pytest.mark.parametrize(
    "text, message",
    BROKEN_STROKES,
    ids=[
        "unclosed",
        "empty",
        "no-stroke-set",
        "no-strokes",
        "no-points",
        "letter",
        "nan",
        "no-time",
    ],
)
def test_a_broken_stroke_file_is_named_in_one_line(tmp_path, text, message):
    path = write(tmp_path / "a01-000u-01.xml", text)
    with pytest.raises(iamondb.IamOnDbFormatError, match=message) as error:
        iamondb.read_strokes(path)
    assert one_line(error, path).startswith(f"{path}: ")


def test_a_missing_stroke_file_or_a_folder_in_its_place_is_named(tmp_path):
    path = tmp_path / "a01-000u-01.xml"
    with pytest.raises(iamondb.IamOnDbFormatError, match="found no such file") as error:
        iamondb.read_strokes(path)
    one_line(error, path)
    path.mkdir()
    with pytest.raises(iamondb.IamOnDbFormatError, match="found a folder") as error:
        iamondb.read_strokes(path)
    one_line(error, path)


def test_an_ascii_file_without_csr_is_named(tmp_path):
    path = write(tmp_path / "a01-000u.txt", "OCR:\n\nA MOVE to stop\nCSR :\n")
    with pytest.raises(iamondb.IamOnDbFormatError) as error:
        iamondb.read_transcriptions(path)
    assert one_line(error, path) == (
        f"{path}: expected a line 'CSR:' before the corrected transcription, found none "
        "in its 4 lines"
    )


def test_an_ascii_file_with_an_empty_csr_section_is_named(tmp_path):
    path = write(tmp_path / "a01-000u.txt", ascii_text([]))
    with pytest.raises(iamondb.IamOnDbFormatError, match=r"line 9: expected transcription lines"):
        iamondb.read_transcriptions(path)


def test_a_stroke_file_beyond_the_csr_lines_is_named_with_the_way_to_leave_it_out(tmp_path):
    make_copy(tmp_path)
    extra = write(tmp_path / "lineStrokes/a01/a01-000/a01-000u-03.xml", stroke_xml())
    ascii_path = tmp_path / "ascii/a01/a01-000/a01-000u.txt"
    with pytest.raises(iamondb.IamOnDbFormatError) as error:
        iamondb.lines(tmp_path)
    assert one_line(error, extra) == (
        f"{extra}: expected line 3 of the CSR: section of {ascii_path}, which has 2 lines; "
        "exclude={'a01-000u-03'} leaves this stroke file out"
    )
    assert len(iamondb.lines(tmp_path, exclude=["a01-000u-03"])) == 6


def test_a_stroke_file_without_its_ascii_file_is_named(tmp_path):
    make_copy(tmp_path)
    missing = tmp_path / "ascii/b02/b02-011/b02-011.txt"
    missing.unlink()
    with pytest.raises(iamondb.IamOnDbFormatError) as error:
        iamondb.lines(tmp_path)
    stroke_file = tmp_path / "lineStrokes/b02/b02-011/b02-011-01.xml"
    assert one_line(error, stroke_file) == (
        f"{stroke_file}: expected its transcription in {missing}, found no such file"
    )


def test_a_broken_file_met_by_lines_is_named(tmp_path):
    make_copy(tmp_path)
    broken = write(tmp_path / "lineStrokes/a01/a01-000/a01-000x-02.xml", "<Whiteboard")
    with pytest.raises(iamondb.IamOnDbFormatError, match="does not parse") as error:
        iamondb.lines(tmp_path)
    one_line(error, broken)
    original = write(tmp_path / "original/a01/a01-000/strokesu.xml", "<General>")
    with pytest.raises(iamondb.IamOnDbFormatError, match="original form") as error:
        iamondb.lines(tmp_path, exclude={"a01-000x"})
    one_line(error, original)


@pytest.mark.parametrize(
    "relative",
    [
        "lineStrokes/a01/a01-000/a01-000u-1.xml",
        "lineStrokes/a01/a01-000u-01.xml",
        "lineStrokes/a01/a01-001/a01-000u-01.xml",
    ],
    ids=["one-digit", "too-shallow", "wrong-folder"],
)
def test_a_stroke_file_out_of_place_is_named(tmp_path, relative):
    make_copy(tmp_path)
    stray = write(tmp_path / relative, stroke_xml())
    with pytest.raises(iamondb.IamOnDbFormatError) as error:
        iamondb.lines(tmp_path)
    assert "expected a stroke file lineStrokes/<a01>/<a01-000>/<a01-000u-01>.xml" in one_line(
        error, stray
    )


@pytest.mark.parametrize("missing", ["lineStrokes", "ascii"])
def test_a_root_without_strokes_or_transcriptions_is_named(tmp_path, missing):
    make_copy(tmp_path)
    (tmp_path / missing).rename(tmp_path / "elsewhere")
    with pytest.raises(iamondb.IamOnDbFormatError) as error:
        iamondb.lines(tmp_path)
    message = one_line(error, tmp_path)
    assert f"found no {missing}/ (it holds: " in message
    assert "elsewhere/" in message


def test_a_missing_root_and_one_without_lines_are_named(tmp_path):
    with pytest.raises(iamondb.IamOnDbFormatError, match="found nothing there") as error:
        iamondb.lines(tmp_path / "absent")
    one_line(error, tmp_path / "absent")
    (tmp_path / "lineStrokes").mkdir()
    (tmp_path / "ascii").mkdir()
    with pytest.raises(iamondb.IamOnDbFormatError, match="found none") as error:
        iamondb.lines(tmp_path)
    one_line(error, tmp_path / "lineStrokes")


def test_from_environment_finds_the_folder_or_says_it_is_not_there(tmp_path, monkeypatch):
    variable = iamondb.ENVIRONMENT_VARIABLE
    assert variable == "LSTM_IAMONDB_DIR"
    monkeypatch.delenv(variable, raising=False)
    assert iamondb.from_environment() is None
    monkeypatch.setenv(variable, "  ")
    assert iamondb.from_environment() is None
    monkeypatch.setenv(variable, str(make_copy(tmp_path / "IAM-OnDB")))
    assert iamondb.from_environment() == tmp_path / "IAM-OnDB"
    assert len(iamondb.lines(iamondb.from_environment())) == 6
    monkeypatch.setenv(variable, str(tmp_path / "gone"))
    with pytest.raises(iamondb.IamOnDbFormatError) as error:
        iamondb.from_environment()
    assert one_line(error, tmp_path / "gone") == (
        f"LSTM_IAMONDB_DIR={tmp_path / 'gone'}: expected the IAM-OnDB folder (with "
        "lineStrokes/ and ascii/), found nothing there"
    )
