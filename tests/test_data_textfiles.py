"""Reading a text file users hand us: UTF-8 read, everything else named and explained."""

import codecs

import pytest

from lstm.data.textfiles import MissingFileError, TextFileError, read_text

TEXT = "Hi.\tSalut\u202f!\r\nCafé ?\n"


def test_reads_utf8_with_or_without_a_byte_order_mark_keeping_line_endings(tmp_path):
    plain, marked = tmp_path / "plain.txt", tmp_path / "marked.txt"
    plain.write_bytes(TEXT.encode("utf-8"))
    marked.write_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    assert read_text(plain, "sentences") == read_text(str(marked), "sentences") == TEXT


def test_a_missing_file_is_also_a_file_not_found_error(tmp_path):
    with pytest.raises(MissingFileError, match=r"expected sentences at .*nope\.txt, found none"):
        read_text(tmp_path / "nope.txt", "sentences")
    assert issubclass(MissingFileError, FileNotFoundError)
    assert issubclass(MissingFileError, TextFileError) and issubclass(TextFileError, ValueError)


def test_a_folder_where_the_file_belongs(tmp_path):
    (tmp_path / "pairs.tsv").mkdir()
    with pytest.raises(TextFileError, match=r"expected sentences at .*pairs\.tsv, found a folder"):
        read_text(tmp_path / "pairs.tsv", "sentences")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (TEXT.encode("utf-16"), r"found UTF-16 \(the file starts with a UTF-16 byte-order mark\)"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "found UTF-16"),
        (TEXT.encode("utf-16-le"), r"found NUL bytes \(the first at offset 1\): UTF-16 without"),
        (
            "ok\nna\u00efve caf\u00e9\n".encode("latin-1"),
            r"line 2: not valid UTF-8: expected sentences, found bytes that are not UTF-8 at "
            r"offset 5 \(ef\), perhaps Latin-1 or Windows-1252",
        ),
        ("\u201cquoted\u201d\n".encode("cp1252"), r"line 1: .* at offset 0 \(93\)"),
    ],
    ids=["utf-16-le-bom", "utf-16-be-bom", "utf-16-no-bom", "latin-1", "windows-1252"],
)
def test_text_that_is_not_utf8_is_named_with_what_it_might_be(tmp_path, data, message):
    path = tmp_path / "sentences.txt"
    path.write_bytes(data)
    with pytest.raises(TextFileError, match=message) as error:
        read_text(path, "sentences")
    assert str(path) in str(error.value) and "UTF-8" in str(error.value)
