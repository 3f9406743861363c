"""WARC backfills: article responses become Documents, everything else is skipped or named.

The WARC files are written in the test with warcio's own writer, plain and
gzipped, holding what a news crawl holds: articles, images, robots.txt,
redirects, 404s, requests, revisits and a page with no article.
"""

from __future__ import annotations

import gzip
import io
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from vigil.cli.main import app
from vigil.document import Document
from vigil.ingest import IngestError, read_paths
from vigil.ingest.formats.warc import WarcStats, read_warc
from vigil.ingest.limits import MAX_ARTICLE_BYTES

PROSE = (
    "Rebels attacked a convoy near Goma on Friday, killing three soldiers and burning "
    "several trucks on the road north of the city, the army said in a statement.",
    "A spokesman said reinforcements had been sent to the area and that the road "
    "would stay closed until the attackers had been driven back into the hills.",
    "Residents of nearby villages said they had fled towards the lake overnight.",
)
SECOND = (
    "Flood waters rose across the delta on Tuesday after days of heavy rain, and the "
    "regional government said more than two thousand families had left their homes.",
    "Officials said emergency shelters in three towns were full and that more tents "
    "were being flown in from the capital by the air force.",
)


def article(title: str, paras: tuple[str, ...], head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title>{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>Contact</footer></body></html>"
    )


NO_ARTICLE = (
    "<html><head><title>Index</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
)


def http(status: str, ctype: str | None, extra: list | None = None) -> StatusAndHeaders:
    headers = [("Content-Type", ctype)] if ctype else []
    return StatusAndHeaders(status, headers + (extra or []), protocol="HTTP/1.1")


def write_warc(path: Path, gz: bool) -> None:
    """A small crawl: 3 articles, 1 page without an article, and 7 records to skip."""
    dated = article(
        "Convoy attacked near Goma",
        PROSE,
        head="<meta property='article:published_time' content='2021-03-05T08:00:00Z'>"
        "<link rel='canonical' href='https://news.example/2021/03/convoy'>",
    )
    undated = article("Delta floods", SECOND)
    latin = article("Caf\u00e9 attack in Bamako", PROSE[:2]).replace("Rebels", "Rebelles \u00e0")
    records = [
        ("request", "https://news.example/convoy", None, b"GET /convoy HTTP/1.1\r\n\r\n"),
        (
            "response",
            "https://news.example/convoy",
            http("200 OK", "text/html; charset=utf-8"),
            dated.encode(),
        ),
        (
            "response",
            "https://news.example/logo.png",
            http("200 OK", "image/png"),
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        ),
        (
            "response",
            "https://news.example/robots.txt",
            http("200 OK", "text/plain"),
            b"User-agent: *\nDisallow:\n",
        ),
        (
            "response",
            "https://news.example/old",
            http("301 Moved Permanently", "text/html", [("Location", "/convoy")]),
            b"<html><body>Moved</body></html>",
        ),
        (
            "response",
            "https://news.example/missing",
            http("404 Not Found", "text/html"),
            article("Not found", PROSE).encode(),
        ),
        ("response", "https://news.example/", http("200 OK", "text/html"), NO_ARTICLE.encode()),
        ("response", "https://news.example/floods", http("200 OK", "text/html"), undated.encode()),
        (
            "response",
            "https://news.example/bamako",
            http("200 OK", "text/html; charset=ISO-8859-1"),
            latin.encode("latin-1"),
        ),
        ("metadata", "https://news.example/floods", None, b"via: https://news.example/\n"),
    ]
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        for kind, uri, headers, payload in records:
            warc_headers = {"WARC-Date": "2024-03-06T12:00:00Z"}
            rec = w.create_warc_record(
                uri,
                kind,
                payload=io.BytesIO(payload),
                length=len(payload) if headers is None else None,
                http_headers=headers,
                warc_headers_dict=warc_headers,
                warc_content_type="application/http; msgtype=request" if kind == "request" else "",
            )
            w.write_record(rec)
        w.write_record(
            w.create_revisit_record(
                "https://news.example/convoy",
                "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "https://news.example/convoy",
                "2024-03-06T12:00:00Z",
                http_headers=http("200 OK", "text/html"),
            )
        )


@pytest.fixture(params=[False, True], ids=["warc", "warc.gz"])
def crawl(request, tmp_path: Path) -> Path:
    path = tmp_path / ("crawl.warc.gz" if request.param else "crawl.warc")
    write_warc(path, gz=request.param)
    return path


def test_articles_become_documents_and_the_rest_is_counted(crawl: Path):
    stats = WarcStats()
    items = list(read_warc(crawl, stats=stats))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert [d.url for d in docs] == [
        "https://news.example/convoy",
        "https://news.example/floods",
        "https://news.example/bamako",
    ]
    assert stats.records == 11 and stats.responses == 8
    assert (stats.documents, stats.rejected) == (3, 1)
    assert (stats.not_html, stats.not_ok, stats.revisits, stats.other) == (2, 2, 1, 2)
    assert not stats.truncated
    convoy, floods, bamako = docs
    assert convoy.raw_text.split("\n")[-3:] == list(PROSE)
    assert convoy.title == "Convoy attacked near Goma"
    assert convoy.published == date(2021, 3, 5) and convoy.meta["date_from"] == "metadata"
    assert convoy.meta["canonical_url"] == "https://news.example/2021/03/convoy"
    assert floods.published == date(2024, 3, 6) and floods.meta["date_from"] == "warc-date"
    assert "Rebelles \u00e0" in bamako.raw_text  # charset from the HTTP header
    assert bamako.title == "Caf\u00e9 attack in Bamako"
    # sources name the file and the record's offset; the offset finds the record again
    offsets = [d.meta["warc_offset"] for d in docs]
    assert [d.source for d in docs] == [f"{crawl}#{o}" for o in offsets]
    assert offsets == sorted(set(offsets)) and offsets[0] > 0
    with crawl.open("rb") as fh:
        fh.seek(offsets[1])
        rest = fh.read()
    head = gzip.decompress(rest) if crawl.suffix == ".gz" else rest
    assert head.startswith(b"WARC/1.") and b"https://news.example/floods" in head[:1000]
    assert all(d.meta["warc_record_id"].startswith("<urn:uuid:") for d in docs)
    (err,) = errors
    assert err.source.startswith(f"{crawl}#") and err.source.endswith("(https://news.example/)")
    assert "no extractable article body" in err.reason


def test_published_option_is_used_before_the_warc_date(crawl: Path):
    docs = [i for i in read_warc(crawl, published=date(2020, 1, 1)) if isinstance(i, Document)]
    assert [d.published for d in docs] == [date(2021, 3, 5), date(2020, 1, 1), date(2020, 1, 1)]


def test_read_paths_recognises_warc_by_extension_and_by_sniffing(crawl: Path, tmp_path: Path):
    odd = tmp_path / "crawl-no-extension"
    odd.write_bytes(
        gzip.decompress(crawl.read_bytes()) if crawl.suffix == ".gz" else crawl.read_bytes()
    )
    for path in (crawl, odd):
        items = list(read_paths([path]))
        assert sum(isinstance(i, Document) for i in items) == 3
        assert sum(isinstance(i, IngestError) for i in items) == 1


@pytest.mark.parametrize("where", ["in-headers", "in-body"])
@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_truncated_warc_keeps_earlier_records_and_names_the_break(
    tmp_path: Path, gz: bool, where: str
):
    whole = tmp_path / "whole.warc"
    write_warc(whole, gz=gz)
    full = [i for i in read_warc(whole) if isinstance(i, Document)]
    start, end = full[1].meta["warc_offset"], full[2].meta["warc_offset"]  # the floods record
    cut_at = start + 60 if where == "in-headers" else (start + end) // 2
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(whole.read_bytes()[:cut_at])
    stats = WarcStats()
    items = list(read_warc(cut, stats=stats))
    assert [i.url for i in items if isinstance(i, Document)] == ["https://news.example/convoy"]
    last = items[-1]
    assert isinstance(last, IngestError) and stats.truncated
    assert "truncated" in last.reason and "rest of the file is not" in last.reason
    assert f"the {stats.records} records before it were read" in last.reason
    assert last.source == f"{cut}#{full[1].meta['warc_offset']}"


def test_garbage_after_good_records_is_one_error(tmp_path: Path):
    path = tmp_path / "tail.warc"
    write_warc(path, gz=False)
    path.write_bytes(path.read_bytes() + b"this is not a WARC record\r\n\r\n" * 3)
    items = list(read_warc(path))
    assert sum(isinstance(i, Document) for i in items) == 3
    bad = [i for i in items if isinstance(i, IngestError) and "corrupt" in i.reason]
    assert len(bad) == 1 and "11 records before it" in bad[0].reason


def test_not_a_warc_at_all(tmp_path: Path):
    path = tmp_path / "fake.warc.gz"
    path.write_bytes(gzip.compress(b"hello, this is a text file\n" * 10))
    (err,) = list(read_paths([path]))
    assert isinstance(err, IngestError) and err.source == str(path)
    assert err.reason == 'not a WARC file (it does not open with "WARC/1.")'


def test_oversized_record_is_rejected_and_the_next_still_read(tmp_path: Path):
    path = tmp_path / "big.warc.gz"
    huge = (
        "<html><body>" + "<p>" + "word " * (MAX_ARTICLE_BYTES // 5) + "</p></body></html>"
    ).encode()
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for uri, payload in (
            ("https://x.example/huge", huge),
            ("https://x.example/ok", article("Ok", PROSE).encode()),
        ):
            w.write_record(
                w.create_warc_record(
                    uri,
                    "response",
                    payload=io.BytesIO(payload),
                    http_headers=http("200 OK", "text/html"),
                )
            )
    items = list(read_warc(path))
    assert isinstance(items[0], IngestError) and "too large" in items[0].reason
    assert items[0].source.endswith("#0 (https://x.example/huge)")
    assert isinstance(items[1], Document) and items[1].url == "https://x.example/ok"


def test_extract_cli_on_a_warc_gz(tmp_path: Path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gz=True)
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 1  # one record was rejected
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(records) == 3
    assert all(r["source"].startswith(f"{path}#") for r in records)
    assert [r["url"] for r in records] == [
        "https://news.example/convoy",
        "https://news.example/floods",
        "https://news.example/bamako",
    ]
    assert "(https://news.example/): no extractable article body" in result.stderr
    assert "Traceback" not in result.stderr
