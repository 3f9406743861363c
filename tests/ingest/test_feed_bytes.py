"""Feeds from bytes (as the watch gets them over HTTP): items, links, summary-only flags."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import pytest

from vigil.document import Document
from vigil.ingest import IngestError, read_paths
from vigil.ingest.formats.feed import feed_items, parse_feed
from vigil.ingest.limits import MAX_COLLECTION_BYTES, Rejected

BODY = (
    "Rebels attacked a convoy near Goma on Friday, the army said in a statement. "
    "Three soldiers were killed and several trucks were burned on the road north of the city."
)

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Kivu &amp; Region Desk</title><language>fr-CD</language>
<item><title>Convoy attacked</title><link>/news/convoy-attacked</link>
<guid isPermaLink="false">kivu-1001</guid><pubDate>Fri, 05 Mar 2021 08:00:00 GMT</pubDate>
<description>Rebels attacked a convoy.</description>
<content:encoded><![CDATA[<p>{BODY}</p>]]></content:encoded></item>
<item><title>Teaser only</title><link>news/teaser?id=2</link>
<description>&lt;p&gt;Shelling reported in the east.&lt;/p&gt;</description></item>
<item><title>Link only</title><link>https://other.example/abs/3</link></item>
<item><title>Nothing at all</title></item>
<item><title>Duplicate teaser</title><link>/4</link><description>Same words.</description>
<content:encoded>Same words.</content:encoded></item>
</channel></rss>""".encode()

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom desk</title>
<entry><title>Full</title><link href="a/1"/><id>urn:uuid:1</id>
<updated>2021-03-04T10:00:00Z</updated>
<content type="html">&lt;p&gt;{BODY}&lt;/p&gt;</content></entry>
<entry><title>Summary</title><link href="https://atom.example/2"/><id>urn:uuid:2</id>
<updated>2021-03-05T10:00:00Z</updated><summary>Short summary of the day.</summary></entry>
</feed>""".encode()


def test_items_resolve_relative_links_and_flag_summaries():
    items = feed_items(RSS, "https://kivu.example/rss", base_url="https://kivu.example/feeds/rss")
    assert [i.url for i in items] == [
        "https://kivu.example/news/convoy-attacked",
        "https://kivu.example/feeds/news/teaser?id=2",
        "https://other.example/abs/3",
        None,
        "https://kivu.example/4",
    ]
    full, teaser, link_only, nothing, dup = items
    assert full.text == BODY and full.summary_only is False
    assert full.guid == "kivu-1001"  # the entry id, not the link
    assert full.published == date(2021, 3, 5)
    assert full.language == "fr" and full.feed_title == "Kivu & Region Desk"
    assert teaser.text == "Shelling reported in the east." and teaser.summary_only is True
    assert teaser.guid == teaser.url  # no id: the link stands for it
    assert link_only.text == "" and link_only.summary_only is True
    assert nothing.url is None and nothing.guid is None and nothing.text == ""
    assert dup.summary_only is True  # content no longer than the summary is a teaser
    assert [i.n for i in items] == [1, 2, 3, 4, 5]


def test_atom_content_without_summary_is_full_content():
    full, summary = feed_items(ATOM, "atom", base_url="https://atom.example/feed.xml")
    assert full.url == "https://atom.example/a/1" and full.guid == "urn:uuid:1"
    assert full.summary_only is False and full.text == BODY
    assert summary.summary_only is True and summary.text == "Short summary of the day."
    assert summary.published == date(2021, 3, 5)


def test_without_base_url_links_stay_as_given():
    (first, *_) = feed_items(RSS, "rss")
    assert first.url == "/news/convoy-attacked"


def test_parse_feed_documents_carry_watch_meta_and_reject_textless_items():
    got = list(
        parse_feed(RSS, "https://kivu.example/rss", date(2020, 1, 1), "https://kivu.example/")
    )
    docs = [g for g in got if isinstance(g, Document)]
    errors = [g for g in got if isinstance(g, IngestError)]
    assert [d.title for d in docs] == ["Convoy attacked", "Teaser only", "Duplicate teaser"]
    first = docs[0]
    assert first.meta["guid"] == "kivu-1001"
    assert first.meta["link"] == first.url == first.source
    assert first.url == "https://kivu.example/news/convoy-attacked"
    assert first.meta["feed_title"] == "Kivu & Region Desk"
    assert first.meta["summary_only"] is False and docs[1].meta["summary_only"] is True
    assert docs[1].published == date(2020, 1, 1)  # no pubDate: the fallback
    assert [e.source for e in errors] == [
        "https://kivu.example/rss#item3",
        "https://kivu.example/rss#item4",
    ]
    assert "no text" in errors[0].reason and "https://other.example/abs/3" in errors[0].reason
    assert "its page" not in errors[1].reason


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "empty"),
        (b"%PDF-1.4 binary", "binary"),
        (b"<?xml version='1.0'?><rss><channel><title>x</title></channel></rss>", "no items"),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
            b"<rss><channel><item><title>&b;</title></item></channel></rss>",
            "unsafe xml",
        ),
        (
            b"<html><body>a web page</body></html>",
            "not a readable rss/atom feed (it is an html page)",
        ),
        (b"just words, no markup", "not a readable rss/atom feed"),
    ],
)
def test_unusable_feed_bytes_are_rejected_with_a_reason(data, words):
    with pytest.raises(Rejected) as exc:
        feed_items(data, "x")
    assert words in str(exc.value).lower()


def test_oversized_feed_bytes_are_rejected_before_parsing():
    data = b"<rss><channel>" + b" " * MAX_COLLECTION_BYTES + b"</channel></rss>"
    with pytest.raises(Rejected, match="too large"):
        list(parse_feed(data, "big"))


def test_read_feed_on_a_file_is_parse_feed_plus_the_path(tmp_path: Path):
    (tmp_path / "kivu.rss.gz").write_bytes(gzip.compress(RSS))
    got = list(read_paths([tmp_path]))
    docs = [g for g in got if isinstance(g, Document)]
    assert len(docs) == 3 and len(got) == 5
    assert docs[0].meta["path"] == str(tmp_path / "kivu.rss.gz")
    assert docs[0].source == "/news/convoy-attacked"  # a file has no URL to resolve against
    assert got[2].source == f"{tmp_path / 'kivu.rss.gz'}#item3"
