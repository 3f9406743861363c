"""Every input format through ``read_paths``: text + sidecar, HTML, JSON Lines, JSON, RSS, Atom."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

from vigil.document import Document, content_id
from vigil.ingest import IngestError, read_paths

PROSE = (
    "Heavy rain caused the river to burst its banks on Tuesday, flooding hundreds of homes "
    "in the low-lying districts of the town and forcing residents to flee.",
    "Emergency services said about 300 people had been evacuated to the sports hall "
    "overnight, and more rain was expected later in the week.",
    "The mayor said the town would need months to recover from the damage.",
)


def docs_of(paths, published=None) -> list[Document]:
    items = list(read_paths(paths, published=published))
    errors = [i for i in items if isinstance(i, IngestError)]
    assert not errors, errors
    return items


def page(head: str = "", body_extra: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in PROSE)
    return (
        f"<html lang='en'><head><title>Flood hits town</title>{head}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Flood hits town</h1>{body_extra}{paras}</article>"
        f"<footer>Contact us</footer></body></html>"
    )


def test_text_with_sidecar_uses_sidecar_over_guesses(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Storm Warning\n\n" + "\n\n".join(PROSE))
    (tmp_path / "a.meta.json").write_text(
        json.dumps(
            {
                "title": "Storm warning",
                "published": "2021-03-02",
                "source": "https://example.org/a",
                "language": "en",
                "id": "flood-1",
            }
        )
    )
    (doc,) = docs_of([tmp_path / "a.txt"], published=date(1999, 1, 1))
    assert doc.title == "Storm warning"  # sidecar's spelling, not the guessed line
    assert doc.published == date(2021, 3, 2)  # sidecar beats --published
    assert doc.source == "https://example.org/a"
    assert doc.id == "flood-1"
    assert doc.raw_text.startswith("Heavy rain")  # the headline line left the body


def test_text_without_sidecar_guesses_title_and_takes_option_date(tmp_path: Path):
    (tmp_path / "b.txt").write_text("Flood Hits Town\r\n\r\n" + "\r\n\r\n".join(PROSE))
    (doc,) = docs_of([tmp_path / "b.txt"], published=date(2021, 3, 3))
    assert doc.title == "Flood Hits Town"
    assert doc.published == date(2021, 3, 3)
    assert "\r" not in doc.raw_text
    assert doc.source == str(tmp_path / "b.txt")


def test_text_starting_with_prose_keeps_its_first_line(tmp_path: Path):
    (tmp_path / "c.txt").write_text("\n\n".join(PROSE))
    (doc,) = docs_of([tmp_path / "c.txt"])
    assert doc.title is None and doc.raw_text.startswith("Heavy rain")
    assert doc.published is None


def test_html_with_metadata_date(tmp_path: Path):
    head = (
        "<meta property='article:published_time' content='2021-03-02T08:00:00Z'>"
        "<link rel='canonical' href='https://news.example.com/flood'>"
    )
    (tmp_path / "p.html").write_text(page(head))
    (doc,) = docs_of([tmp_path / "p.html"], published=date(1999, 1, 1))
    assert doc.published == date(2021, 3, 2)
    assert doc.meta["date_from"] == "metadata"
    assert doc.title == "Flood hits town"
    assert doc.url == "https://news.example.com/flood"
    assert "sports hall" in doc.raw_text
    assert "Contact us" not in doc.raw_text and "Home" not in doc.raw_text


def test_html_without_metadata_falls_back_to_htmldate(tmp_path: Path):
    (tmp_path / "q.html").write_text(page(body_extra="<p>Posted on 3 March 2021 by Staff</p>"))
    (doc,) = docs_of([tmp_path / "q.html"])
    assert doc.published == date(2021, 3, 3)
    assert doc.meta["date_from"] == "htmldate"


def test_html_without_any_date_takes_option(tmp_path: Path):
    (tmp_path / "r.html").write_text(page())
    (doc,) = docs_of([tmp_path / "r.html"], published=date(2020, 5, 5))
    assert doc.published == date(2020, 5, 5)
    assert doc.meta["date_from"] == "option"


def test_gzipped_html_in_declared_latin1(tmp_path: Path):
    html = page("<meta charset='iso-8859-1'>").replace("mayor", "maire d\u00e9l\u00e9gu\u00e9")
    (tmp_path / "s.html.gz").write_bytes(gzip.compress(html.encode("latin-1")))
    (doc,) = docs_of([tmp_path / "s.html.gz"])
    assert "maire d\u00e9l\u00e9gu\u00e9" in doc.raw_text


def test_jsonl_records_with_given_ids(tmp_path: Path):
    lines = [
        {"text": PROSE[0], "title": "One", "published": "2021-03-02", "id": 17},
        {"text": PROSE[1], "source": "wire", "url": "https://x.example/2"},
    ]
    (tmp_path / "r.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n\n")
    one, two = docs_of([tmp_path / "r.jsonl"], published=date(2020, 1, 1))
    assert (one.title, one.published, one.given_id, one.id) == (
        "One",
        date(2021, 3, 2),
        "17",
        "17",
    )
    assert two.published == date(2020, 1, 1)
    assert two.source == "wire" and two.url == "https://x.example/2"
    assert two.id == content_id(PROSE[1])


def test_json_list_and_html_record(tmp_path: Path):
    data = [{"text": PROSE[0]}, {"html": page(), "title": "From HTML"}]
    (tmp_path / "l.json").write_text(json.dumps(data))
    first, second = docs_of([tmp_path / "l.json"])
    assert first.raw_text == PROSE[0]
    assert second.title == "From HTML" and "sports hall" in second.raw_text


RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Town news</title><language>en-gb</language>
<item><title>Flood hits &lt;b&gt;town&lt;/b&gt;</title><link>https://t.example/1</link>
<guid>t-1</guid><pubDate>Tue, 02 Mar 2021 08:00:00 GMT</pubDate>
<description>Short teaser only.</description>
<content:encoded><![CDATA[<p>{PROSE[0]}</p><p>{PROSE[1]} <a href="/x">more</a></p>]]></content:encoded>
</item>
<item><title>Second</title><link>https://t.example/2</link>
<description><![CDATA[<p>{PROSE[2]}</p>]]></description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title>
<entry><title>Atom flood</title><link href="https://a.example/1"/><id>urn:a1</id>
<updated>2021-03-04T10:00:00Z</updated><summary>Teaser.</summary>
<content type="html">&lt;p&gt;{PROSE[0]}&lt;/p&gt;&lt;p&gt;{PROSE[2]}&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_uses_full_content_and_strips_html(tmp_path: Path):
    (tmp_path / "town.rss").write_text(RSS)
    first, second = docs_of([tmp_path / "town.rss"])
    assert first.raw_text == PROSE[0] + "\n" + PROSE[1] + " more"
    assert "teaser" not in first.raw_text.lower() and "<" not in first.raw_text
    assert first.title == "Flood hits town"
    assert first.published == date(2021, 3, 2)
    assert first.url == first.source == "https://t.example/1"
    assert first.language == "en"
    assert second.raw_text == PROSE[2]  # no content: the summary is the body


def test_atom_in_xml_file_is_sniffed_as_feed(tmp_path: Path):
    (tmp_path / "feed.xml").write_text(ATOM)
    (doc,) = docs_of([tmp_path / "feed.xml"])
    assert doc.raw_text.split("\n") == [PROSE[0], PROSE[2]]
    assert doc.published == date(2021, 3, 4)
    assert doc.title == "Atom flood"


def test_folders_are_read_recursively_in_sorted_order(tmp_path: Path):
    root = tmp_path / "in"
    (root / "b" / "deeper").mkdir(parents=True)
    (root / "a").mkdir()
    (root / "b" / "deeper" / "z.txt").write_text(PROSE[2])
    (root / "b" / "y.txt").write_text(PROSE[1])
    (root / "a" / "x.txt").write_text(PROSE[0])
    (root / "a" / "x.meta.json").write_text(json.dumps({"title": "X"}))
    (root / ".hidden.txt").write_text("should be skipped")
    docs = docs_of([root])
    # sorted by path: a/x.txt < b/deeper/z.txt < b/y.txt
    assert [d.raw_text for d in docs] == [PROSE[0], PROSE[2], PROSE[1]]
    assert docs[0].title == "X"


def test_same_content_gets_the_same_id(tmp_path: Path):
    (tmp_path / "one.txt").write_text("He said \u201chello\u201d.\n\nBye now, said the man.")
    (tmp_path / "two.txt").write_text('He said "hello".\n\n\nBye now,  said the man.\n')
    (tmp_path / "three.txt").write_text("Something else entirely was said.")
    one, two, three = docs_of([tmp_path / "one.txt", tmp_path / "two.txt", tmp_path / "three.txt"])
    assert one.id == two.id
    assert one.id != three.id
    again = docs_of([tmp_path / "one.txt"])[0]
    assert again.id == one.id


def test_feed_that_is_not_well_formed_but_declares_nothing_still_reads(tmp_path: Path):
    (tmp_path / "loose.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>Troops&nbsp;deployed</title>"
        f"<description>{PROSE[2]}&nbsp;</description></item></channel></rss>"
    )
    (doc,) = docs_of([tmp_path / "loose.rss"])
    assert doc.title == "Troops deployed"  # HTML entity accepted, no-break space folded
    assert doc.raw_text.strip() == PROSE[2]


def test_site_name_is_stripped_from_page_titles_only_when_it_is_the_site():
    from vigil.ingest.formats.html import strip_site_name

    assert strip_site_name("Storm hits coast | Example News", "Example News") == "Storm hits coast"
    assert strip_site_name("Example News: Storm hits coast", "Example News") == "Storm hits coast"
    assert strip_site_name("Storm hits coast - Example", "Example News") == "Storm hits coast"
    kept = "The Guardian view on the storm | Editorial"
    assert strip_site_name(kept, "The Guardian") == kept
    assert strip_site_name("Storm - Rain", None) == "Storm - Rain"
