"""Tests for the files connector: CSV, JSONL and XLSX into canonical records, in chunks, resumable."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from connectors.files import FilesConnector, SourceError

FILES = Path(__file__).parent / "files"
CUSTOMER_MAPPING = {"external_id": "crm_id", "name": "full_name", "email": "mail", "phone": "mobile",
                    "handles.twitter": "twitter", "updated_at": "updated"}


def make_connector(path: Path | str, kind: str = "customer", **options) -> FilesConnector:
    """A files connector over one path with the given options."""
    return FilesConnector(name="files-test", options={"path": str(path), "kind": kind, **options}, secrets={})


def records(connector: FilesConnector, state: dict | None = None) -> list[dict]:
    """Every record of every page, in order."""
    return [record for page in connector.pages(state) for _, record in page.records]


@pytest.fixture
def customers_csv(tmp_path: Path) -> Path:
    """A private copy of customers.csv, so tests may touch or change it."""
    return Path(shutil.copy(FILES / "customers.csv", tmp_path / "customers.csv"))


def test_csv_mapping_and_defaults_build_nested_canonical_records():
    connector = make_connector(FILES / "customers.csv", mapping=CUSTOMER_MAPPING, defaults={"source": "crm-export"})
    pages = list(connector.pages())
    assert all(kind == "customer" for page in pages for kind, _ in page.records)
    first, second, third, fourth, _ = [record for page in pages for _, record in page.records]
    assert first == {"source": "crm-export", "external_id": "00123", "name": "Sanne de Vries",
                     "email": "sanne@example.nl", "phone": "06-12345678", "handles": {"twitter": "sannedv"},
                     "updated_at": "2026-01-05T10:00:00+00:00"}
    assert third["name"] == "Jansen, Piet" and third["handles"] == {"twitter": "@pietj"}
    assert "email" not in fourth and "handles" not in fourth and "updated_at" not in fourth


def test_leading_zeros_and_na_survive_and_empty_cells_are_missing():
    rows = records(make_connector(FILES / "customers.csv", mapping=CUSTOMER_MAPPING))
    assert [row["external_id"] for row in rows] == ["00123", "00124", "00125", "00126", "00127"]
    assert rows[1]["name"] == "NA"
    assert "phone" not in rows[1] and "handles" not in rows[1]


def test_chunk_size_two_over_five_rows_gives_three_pages_with_progressing_state(customers_csv: Path):
    pages = list(make_connector(customers_csv, chunk_size=2).pages())
    assert [len(page.records) for page in pages] == [2, 2, 1]
    entries = [page.state["files"][str(customers_csv)] for page in pages]
    assert [entry["rows"] for entry in entries] == [2, 4, 5]
    assert [entry["done"] for entry in entries] == [False, False, True]
    assert entries[0]["size"] == customers_csv.stat().st_size
    json.dumps(pages[-1].state)  # the state must be storable as JSON


def test_resume_from_state_reads_no_row_twice(customers_csv: Path):
    connector = make_connector(customers_csv, chunk_size=2, mapping=CUSTOMER_MAPPING)
    first_page = next(connector.pages())
    rest = records(connector, json.loads(json.dumps(first_page.state)))
    seen = [record["external_id"] for _, record in first_page.records] + [record["external_id"] for record in rest]
    assert seen == ["00123", "00124", "00125", "00126", "00127"]


def test_a_finished_file_is_skipped_and_a_changed_file_is_read_again(customers_csv: Path):
    connector = make_connector(customers_csv, mapping=CUSTOMER_MAPPING)
    final = list(connector.pages())[-1].state
    assert list(connector.pages(final)) == []
    with customers_csv.open("a", encoding="utf-8") as handle:
        handle.write("00128,Noor Visser,noor@example.nl,,,\n")
    again = records(connector, final)
    assert [record["external_id"] for record in again][-1] == "00128" and len(again) == 6


def test_a_glob_reads_every_matching_file_with_state_per_file(tmp_path: Path):
    for name in ("a.csv", "b.csv"):
        shutil.copy(FILES / "customers.csv", tmp_path / name)
    pages = list(make_connector(tmp_path / "*.csv", mapping=CUSTOMER_MAPPING).pages())
    assert sum(len(page.records) for page in pages) == 10
    assert sorted(Path(path).name for path in pages[-1].state["files"]) == ["a.csv", "b.csv"]


def test_semicolon_delimiter_is_sniffed_from_the_header():
    rows = records(make_connector(FILES / "semicolon.csv", kind="feedback",
                                  mapping={"external_id": "review_id", "rating": "stars", "text": "body"}))
    assert rows == [{"external_id": "x1", "rating": "5", "text": "Top"},
                    {"external_id": "x2", "rating": "1", "text": "Kapot"}]


def test_jsonl_dotted_columns_read_inside_objects_and_values_keep_their_json_type():
    mapping = {"external_id": "id", "author.twitter": "user.screen_name", "author.name": "user.name",
               "text": "full_text", "language": "lang", "posted_at": "created_at", "rating": "stars"}
    defaults = {"source": "twitter", "channel": "social", "party": "third"}
    rows = records(make_connector(FILES / "feedback.jsonl", kind="feedback", mapping=mapping, defaults=defaults))
    assert rows[0] == {"source": "twitter", "channel": "social", "party": "third", "external_id": "t1",
                       "author": {"twitter": "sannedv", "name": "Sanne"}, "text": "Super blij met mijn oordopjes!",
                       "language": "nl", "posted_at": "2026-03-01T08:00:00+00:00", "rating": 5}
    assert len(rows) == 5  # the blank line is no record
    assert "text" not in rows[3] and "author" not in rows[3]


def test_xlsx_rows_are_streamed_as_strings_with_mapping_and_defaults():
    mapping = {"external_id": "Review ID", "author.name": "Reviewer", "author.email": "E-mail", "rating": "Stars",
               "posted_at": "Date", "text": "Text", "order_ref": "Order"}
    defaults = {"source": "webshop", "channel": "review", "party": "first"}
    pages = list(make_connector(FILES / "reviews.xlsx", kind="feedback", mapping=mapping, defaults=defaults,
                                chunk_size=4).pages())
    assert [len(page.records) for page in pages] == [4, 2]
    rows = [record for page in pages for _, record in page.records]
    assert rows[0] == {"source": "webshop", "channel": "review", "party": "first", "external_id": "R-1",
                       "author": {"name": "Sanne", "email": "sanne@example.nl"}, "rating": "5",
                       "posted_at": "2026-02-01T09:30:00", "text": "Super blij met mijn koffiemachine",
                       "order_ref": "00123"}
    assert rows[2]["text"] == "NA" and "author" not in rows[2] and "order_ref" not in rows[2]
    assert rows[3]["rating"] == "4.5"
    assert rows[5]["_error"] == "more fields than the header" and rows[5]["_row"] == 6


def test_csv_rows_with_the_wrong_number_of_fields_are_marked_not_dropped():
    rows = records(make_connector(FILES / "bad.csv", kind="feedback", chunk_size=2,
                                  mapping={"external_id": "id", "text": "text", "posted_at": "posted"}))
    assert len(rows) == 4
    assert "_error" not in rows[0] and rows[3]["text"] == "Mooi, maar duur"
    assert rows[1]["_error"] == "more fields than the header" and rows[1]["_row"] == 2
    assert rows[1]["_file"] == "bad.csv" and json.loads(rows[1]["_raw"]) == ["r2", "Veel te veel", "kolommen", "hier"]
    assert rows[2]["_error"] == "fewer fields than the header" and rows[2]["_row"] == 3
    assert rows[2]["external_id"] == "r3" and "posted_at" not in rows[2]


def test_jsonl_lines_that_are_not_objects_are_marked_not_dropped():
    rows = records(make_connector(FILES / "bad.jsonl", kind="feedback"))
    assert [row.get("_error", "")[:15] for row in rows] == ["", "invalid JSON at", "line is not a J", ""]
    assert [row.get("_row") for row in rows] == [None, 2, 3, None]
    assert rows[3] == {"id": "b4", "text": "ook ok", "posted_at": "2026-03-04T08:00:00+00:00"}


def test_json_text_cells_for_list_fields_are_parsed(tmp_path: Path):
    path = tmp_path / "ledger.csv"
    path.write_text('source,external_id,consents\ncrm,C1,"[{""purpose"":""marketing"",""status"":""granted""}]"\n'
                    'crm,C2,[broken\n', encoding="utf-8")
    rows = records(make_connector(path))
    assert rows[0]["consents"] == [{"purpose": "marketing", "status": "granted"}]
    assert rows[1]["_error"] == "column 'consents' is not valid JSON" and rows[1]["_row"] == 2


@pytest.mark.parametrize("path", ["missing.csv", "nothing-*.csv"])
def test_a_missing_file_raises_source_error(path: str):
    with pytest.raises(SourceError, match="no such file"):
        list(make_connector(FILES / path).pages())


def test_an_unsupported_format_and_a_broken_workbook_raise_source_error(tmp_path: Path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    with pytest.raises(SourceError, match="unsupported format"):
        list(make_connector(tmp_path / "notes.pdf").pages())
    with pytest.raises(SourceError, match="not a readable xlsx workbook"):
        list(make_connector(FILES / "broken.xlsx").pages())
    with pytest.raises(SourceError, match="no sheet named"):
        list(make_connector(FILES / "reviews.xlsx", sheet="Orders").pages())


def test_an_undecodable_csv_raises_source_error_without_its_contents(tmp_path: Path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,text\n1,Geweldig caf\xe9 geheim\n".encode("latin-1"))
    with pytest.raises(SourceError) as raised:
        list(make_connector(path).pages())
    assert "geheim" not in str(raised.value) and "cannot read csv file" in str(raised.value)
    rows = records(make_connector(path, encoding="latin-1"))
    assert rows == [{"id": "1", "text": "Geweldig café geheim"}]


def test_options_without_a_kind_are_rejected():
    with pytest.raises(SourceError, match="kind"):
        FilesConnector(name="files-test", options={"path": str(FILES / "customers.csv")}, secrets={})


def test_an_empty_file_gives_one_empty_page_marking_it_done(tmp_path: Path):
    path = tmp_path / "empty.jsonl"
    path.write_text("", encoding="utf-8")
    pages = list(make_connector(path, kind="feedback").pages())
    assert len(pages) == 1 and pages[0].records == [] and pages[0].state["files"][str(path)]["done"] is True
    assert os.path.exists(path)


@pytest.mark.parametrize("cells", [
    {"source": "web", "external_id": "1", "author": {"email": "a@b.nl"}, "rating": 4, "text": "ok", "url": ""},
    {"source": "web", "_row": "3", "empty": None, "zero": 0, "flag": False},
    {"source": "web", "author.email": "a@b.nl", "author": {"name": "A"}},
    {"source": "web", "author": '{"email": "a@b.nl"}', "consents": "[]", "handles": "not json"},
    {"source": "web", "author": "{broken"},
])
def test_unmapped_rows_give_what_an_identity_mapping_gives(cells):
    """The quick path for unmapped rows builds exactly the record of the general path."""
    plain = make_connector("x.jsonl", "feedback")
    mapped = make_connector("x.jsonl", "feedback", mapping={column: column for column in cells})
    assert plain.record((3, dict(cells), None), "x.jsonl") == mapped.record((3, dict(cells), None), "x.jsonl")
