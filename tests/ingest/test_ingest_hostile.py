"""Hostile and broken input: each is an IngestError naming the file and the reason, and the
rest of the batch still comes through."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from vigil.document import Document
from vigil.ingest import IngestError, read_paths
from vigil.ingest.limits import MAX_ARTICLE_BYTES

GOOD = "Rebels attacked a convoy near Goma on Friday, the army said in a statement.\n"

BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><title>t</title>
<item><title>&lol4;</title><description>&lol4;</description></item></channel></rss>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>x</title><description>&xxe;</description></item>
</channel></rss>"""


def write_batch(folder: Path) -> dict[str, Path]:
    """One good file and one of every kind of bad input, in the same folder."""
    folder.mkdir()
    files = {
        "good": folder / "good.txt",
        "binary": folder / "binary.txt",
        "pdf": folder / "report.pdf",
        "empty": folder / "empty.txt",
        "blank": folder / "blank.html",
        "undecodable": folder / "undecodable.txt",
        "huge": folder / "huge.txt",
        "broken_html": folder / "broken.html",
        "bomb": folder / "bomb.rss",
        "xxe": folder / "xxe.xml",
        "jsonl": folder / "records.jsonl",
        "bad_sidecar": folder / "sidecar.txt",
        "gz_bomb": folder / "inflate.html.gz",
        "not_feed": folder / "data.xml",
    }
    files["good"].write_text(GOOD)
    files["binary"].write_bytes(b"\x00\x01\x02 not text \x00" * 20)
    files["pdf"].write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    files["empty"].write_bytes(b"")
    files["blank"].write_text("   \n\n  ")
    files["undecodable"].write_bytes(bytes(range(0x80, 0x100)) * 40)
    with files["huge"].open("wb") as fh:  # 50 MB of real text
        chunk = (GOOD * 1000).encode()
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            fh.write(chunk)
    files["broken_html"].write_text("<html><body><div><p>Unclosed <b>tag <<<>>> &&&")
    files["bomb"].write_text(BOMB)
    files["xxe"].write_text(XXE)
    files["jsonl"].write_text(
        json.dumps({"text": GOOD, "id": "first"})
        + "\n{not json at all\n"
        + json.dumps({"title": "no text"})
        + "\n"
        + json.dumps({"text": "Second good record about a ceasefire.", "id": "last"})
        + "\n"
    )
    files["bad_sidecar"].write_text(GOOD)
    (folder / "sidecar.meta.json").write_text("{ this is not json")
    files["gz_bomb"].write_bytes(gzip.compress(b" " * (MAX_ARTICLE_BYTES + 10)))
    files["not_feed"].write_text("<?xml version='1.0'?><inventory><item>5</item></inventory>")
    return files


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[dict[str, Path], list]:
    files = write_batch(tmp_path_factory.mktemp("hostile") / "in")
    return files, list(read_paths([files["good"].parent]))


def error_for(items: list, source: str) -> IngestError:
    found = [i for i in items if isinstance(i, IngestError) and i.source == source]
    assert len(found) == 1, (source, items)
    return found[0]


@pytest.mark.parametrize(
    "name, words",
    [
        ("binary", "binary"),
        ("pdf", "pdf"),
        ("empty", "empty"),
        ("blank", "empty"),
        ("undecodable", "undecodable"),
        ("huge", "too large"),
        ("broken_html", "no extractable article body"),
        ("bomb", "unsafe xml"),
        ("xxe", "unsafe xml"),
        ("bad_sidecar", "not valid json"),
        ("gz_bomb", "too large"),
        ("not_feed", "neither an rss/atom feed"),
    ],
)
def test_bad_input_is_named_with_its_reason(batch, name, words):
    files, items = batch
    err = error_for(items, str(files[name]))
    assert words in err.reason.lower()
    assert str(files[name]) in str(err)


def test_huge_file_reason_gives_the_size(batch):
    files, items = batch
    reason = error_for(items, str(files["huge"])).reason
    assert "50.0 MB" in reason and "10.0 MB" in reason


def test_malformed_jsonl_line_rejects_only_that_line(batch):
    files, items = batch
    src = str(files["jsonl"])
    assert "malformed json" in error_for(items, f"{src}:2").reason.lower()
    assert "no text" in error_for(items, f"{src}:3").reason.lower()
    ids = [
        i.id for i in items if isinstance(i, Document) and i.meta.get("record", "").startswith(src)
    ]
    assert ids == ["first", "last"]


def test_good_file_still_comes_through(batch):
    files, items = batch
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.source for d in docs if d.source == str(files["good"])] == [str(files["good"])]
    assert len(docs) == 3  # good.txt + two good JSONL records
    errors = [i for i in items if isinstance(i, IngestError)]
    assert len(errors) == 14  # 12 bad files + 2 bad JSONL lines


def test_missing_path_is_an_error_not_an_exception(tmp_path: Path):
    (item,) = list(read_paths([tmp_path / "nope.txt"]))
    assert isinstance(item, IngestError) and "no such file" in item.reason


def test_utf16_with_bom_and_cp1252_are_decoded(tmp_path: Path):
    (tmp_path / "u16.txt").write_bytes("Caf\u00e9 owners met the minister.".encode("utf-16"))
    text = "The caf\u00e9\u2019s owner said \u201cno\u201d to the plan, according to officials."
    (tmp_path / "w.txt").write_bytes(text.encode("cp1252"))
    a, b = list(read_paths([tmp_path / "u16.txt", tmp_path / "w.txt"]))
    assert a.raw_text == "Caf\u00e9 owners met the minister."
    assert b.raw_text == text


def test_utf8_with_one_stray_byte_stays_utf8(tmp_path: Path):
    body = "Le caf\u00e9 est tr\u00e8s bon, a d\u00e9clar\u00e9 le ministre. " * 50
    (tmp_path / "m.txt").write_bytes(body.encode() + b"\x92")
    (doc,) = list(read_paths([tmp_path / "m.txt"]))
    assert doc.raw_text.startswith("Le caf\u00e9 est tr\u00e8s bon")
    assert doc.raw_text.count("\ufffd") == 1


def test_device_files_are_refused_not_read_forever():
    (item,) = list(read_paths(["/dev/zero"]))
    assert isinstance(item, IngestError) and "not a regular file" in item.reason


def test_gzipped_jsonl_bomb_stops_after_the_good_records(tmp_path: Path):
    rec = (json.dumps({"text": GOOD}) + "\n").encode()
    (tmp_path / "bomb.jsonl.gz").write_bytes(gzip.compress(rec * 2 + b"\n" * 200_001))
    items = list(read_paths([tmp_path / "bomb.jsonl.gz"]))
    assert [type(i).__name__ for i in items] == ["Document", "Document", "IngestError"]
    assert "blank lines" in items[-1].reason
