"""Sitemaps: index, urlset, Google News, gzip, hostile XML; and `vigil ingest` refusing them."""

from __future__ import annotations

import gzip
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from vigil.ingest import IngestError, read_paths
from vigil.ingest.formats.sitemap import MAX_ENTRIES, looks_like_sitemap, sitemap_items
from vigil.ingest.limits import MAX_COLLECTION_BYTES, Rejected

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.example/sitemap-news.xml</loc>
    <lastmod>2024-05-01T10:30:00+02:00</lastmod></sitemap>
  <sitemap><loc> https://news.example/sitemap-2024-04.xml.gz </loc></sitemap>
  <sitemap><lastmod>2024-05-01</lastmod></sitemap>
</sitemapindex>"""

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url><loc>https://news.example/a?x=1&amp;y=2</loc><lastmod>2024-05-02</lastmod>
    <image:image><image:loc>https://img.example/1.jpg</image:loc>
      <image:title>A photo caption</image:title></image:image></url>
  <url><loc>https://news.example/b</loc><changefreq>daily</changefreq></url>
</urlset>"""

NEWS = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://news.example/2024/05/02/clashes-in-north</loc>
    <news:news>
      <news:publication><news:name>Example News</news:name>
        <news:language>fr-FR</news:language></news:publication>
      <news:publication_date>2024-05-02T07:15:00Z</news:publication_date>
      <news:title>Affrontements dans le nord \u2014 trois morts</news:title>
      <news:keywords>conflict, Mali,  army </news:keywords>
    </news:news></url>
</urlset>""".encode()


def test_index_lists_child_sitemaps_with_lastmod():
    sm = sitemap_items(INDEX, "index.xml")
    assert sm.is_index and sm.pages == [] and sm.items == []
    assert [c.url for c in sm.sitemaps] == [
        "https://news.example/sitemap-news.xml",
        "https://news.example/sitemap-2024-04.xml.gz",
    ]  # the entry without a <loc> is dropped
    assert sm.sitemaps[0].lastmod == datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
    assert sm.sitemaps[1].lastmod is None


def test_urlset_pages_become_summary_only_items():
    sm = sitemap_items(URLSET, "urls.xml")
    assert not sm.is_index and sm.sitemaps == []
    a, b = sm.pages
    assert a.url == "https://news.example/a?x=1&y=2"
    assert a.lastmod == datetime(2024, 5, 2, tzinfo=UTC)
    assert a.title is None  # the image's title is not the article's
    assert b.lastmod is None and b.n == 2
    item = sm.items[0]
    assert item.url == item.guid == a.url
    assert item.text == "" and item.summary_only is True


def test_google_news_fields():
    (page,) = sitemap_items(NEWS, "news.xml").pages
    assert page.title == "Affrontements dans le nord \u2014 trois morts"
    assert page.publication_date == date(2024, 5, 2)
    assert page.language == "fr"
    assert page.keywords == ["conflict", "Mali", "army"]
    item = page.item()
    assert item.published == date(2024, 5, 2) and item.language == "fr"
    assert item.title == page.title and item.tags == page.keywords


def test_namespaces_absent_or_odd_or_undeclared():
    bare = b"<urlset><url><loc>https://x.example/1</loc><lastmod>2024-01-02T03:04:05Z</lastmod></url></urlset>"
    odd = (
        b'<ns0:urlset xmlns:ns0="http://www.google.com/schemas/sitemap/0.84">'
        b"<ns0:url><ns0:loc>https://x.example/2</ns0:loc></ns0:url></ns0:urlset>"
    )
    undeclared = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
        b"<loc>https://x.example/3</loc><news:news><news:title>Undeclared</news:title>"
        b"</news:news></url></urlset>"
    )
    assert [p.url for p in sitemap_items(bare, "s").pages] == ["https://x.example/1"]
    assert sitemap_items(bare, "s").pages[0].lastmod == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert [p.url for p in sitemap_items(odd, "s").pages] == ["https://x.example/2"]
    (page,) = sitemap_items(undeclared, "s").pages
    assert page.url == "https://x.example/3" and page.title == "Undeclared"


def test_lastmod_keeps_its_zone():
    data = b"<urlset><url><loc>https://x.example/</loc><lastmod>2024-05-01T23:30:00-05:00</lastmod></url></urlset>"
    (page,) = sitemap_items(data, "s").pages
    assert page.lastmod == datetime(2024, 5, 1, 23, 30, tzinfo=timezone(timedelta(hours=-5)))


def test_relative_loc_resolves_against_base_url():
    data = b"<urlset><url><loc>/2024/story</loc></url></urlset>"
    (page,) = sitemap_items(data, "s", base_url="https://x.example/sitemap.xml").pages
    assert page.url == "https://x.example/2024/story"


def test_gzip_sitemap_reads_like_plain():
    gz = gzip.compress(NEWS)
    assert looks_like_sitemap(gz[:4096])
    (page,) = sitemap_items(gz, "news.xml.gz").pages
    assert page.title.startswith("Affrontements")


def test_looks_like_sitemap():
    assert looks_like_sitemap(INDEX) and looks_like_sitemap(URLSET)
    assert looks_like_sitemap(b"<ns0:urlset xmlns:ns0='x'>")
    assert not looks_like_sitemap(b"<rss version='2.0'><channel>")
    assert not looks_like_sitemap(b"<html><body>urlset</body></html>")
    assert not looks_like_sitemap(b"\x1f\x8b\x08 not really gzip")


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [
 <!ENTITY a "aaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<urlset><url><loc>https://x.example/&c;</loc></url></urlset>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<urlset><url><loc>&x;</loc></url></urlset>"""


@pytest.mark.parametrize(
    "data, words",
    [
        (BOMB, "unsafe xml"),
        (XXE, "unsafe xml"),
        (b"<!DOCTYPE urlset><urlset/>", "unsafe xml"),  # no use for any DTD
        (b"<urlset><url><loc>https://x/</loc></urlset>", "not well-formed xml"),
        (b"<rss><channel/></rss>", "not a sitemap (its root is <rss>"),
        (b"", "empty"),
        (gzip.compress(b"<urlset>")[:-6], "truncated"),
        (gzip.compress(b" " * (MAX_COLLECTION_BYTES + 1)), "inflates to more than 50.0 mb"),
        (b"<urlset>" + b" " * MAX_COLLECTION_BYTES + b"</urlset>", "too large"),
    ],
)
def test_hostile_sitemaps_are_refused_with_a_reason(data, words):
    with pytest.raises(Rejected) as exc:
        sitemap_items(data, "bad.xml")
    assert words in str(exc.value).lower()


def test_more_entries_than_the_protocol_allows_is_refused():
    data = (
        b"<urlset>"
        + b"<url><loc>https://x.example/p</loc></url>" * (MAX_ENTRIES + 1)
        + b"</urlset>"
    )
    with pytest.raises(Rejected, match="more than 50,000 entries"):
        sitemap_items(data, "s")


def test_ingest_refuses_a_sitemap_file_and_says_why(tmp_path: Path):
    (tmp_path / "sitemap.xml").write_bytes(NEWS)
    (tmp_path / "sitemap-index.xml.gz").write_bytes(gzip.compress(INDEX))
    (tmp_path / "list").write_bytes(URLSET)  # no extension: sniffed
    items = list(read_paths([tmp_path]))
    assert len(items) == 3 and all(isinstance(i, IngestError) for i in items)
    for err in items:
        assert "sitemap lists pages but carries no article text" in err.reason
        assert "vigil watch" in err.reason
    assert sorted(e.source for e in items) == sorted(str(p) for p in tmp_path.iterdir())
