"""CAP 1.2 and Atom renderings of stored alerts.

CAP (OASIS Common Alerting Protocol 1.2) is what emergency systems ingest: one
``<alert>`` per message. A "CAP feed" is, as public alert hubs publish it, an
Atom feed whose entries each carry a full CAP ``<alert>`` as content; the plain
Atom feed is for people's feed readers. The API serves the same documents.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import datetime

from vigil.alert.model import Alert
from vigil.registry.db import utcnow

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM_NS = "http://www.w3.org/2005/Atom"
SENDER = "vigil@localhost"

ET.register_namespace("", ATOM_NS)
ET.register_namespace("cap", CAP_NS)

#: CAP <event> for each kind of alert.
EVENT_NAMES = {
    "level_change": "Site threat level change",
    "severe_event": "Severe event near site",
    "advisory_change": "Travel advisory level change",
}
#: CAP severity for each vigil level (a site ladder of five).
SEVERITY = {1: "Minor", 2: "Moderate", 3: "Severe", 4: "Extreme", 5: "Extreme"}
URGENCY = {1: "Future", 2: "Future", 3: "Expected", 4: "Immediate", 5: "Immediate"}


def cap_time(dt: datetime | None) -> str:
    """CAP 1.2 times carry an explicit offset; "Z" is forbidden and UTC is "-00:00"."""
    return (dt or utcnow()).replace(microsecond=0).isoformat() + "-00:00"


def atom_time(dt: datetime | None) -> str:
    return (dt or utcnow()).replace(microsecond=0).isoformat() + "Z"


def identifier(alert: Alert) -> str:
    return f"vigil-{alert.id}" if alert.id is not None else f"vigil-{abs(hash(alert.dedupe_key))}"


def references(alert: Alert, sender: str = SENDER) -> str | None:
    """CAP ``<references>``: "sender,identifier,sent" of each earlier alert this updates."""
    refs = alert.payload.get("references") or []
    parts = []
    for r in refs:
        sent = datetime.fromisoformat(r["sent"]) if r.get("sent") else None
        parts.append(f"{sender},{r['identifier']},{cap_time(sent)}")
    return " ".join(parts) or None


def incidents(alert: Alert) -> str | None:
    """CAP ``<incidents>``: the canonical event an event alert is about (``vigil-ce12``)."""
    incident = str(alert.payload.get("incident") or "")
    tail = incident.rsplit(":", 1)[-1]
    return f"vigil-{tail}" if tail.startswith("ce") else None


def cap_element(alert: Alert, sender: str = SENDER) -> ET.Element:
    """The CAP 1.2 ``<alert>`` element of one alert."""
    q = f"{{{CAP_NS}}}"
    root = ET.Element(f"{q}alert")
    for tag, text in (
        ("identifier", identifier(alert)),
        ("sender", sender),
        ("sent", cap_time(alert.created_at)),
        ("status", "Actual"),
        ("msgType", alert.payload.get("msg_type") or "Alert"),
        ("scope", "Public"),
        ("references", references(alert, sender)),
        ("incidents", incidents(alert)),
    ):
        if text:
            ET.SubElement(root, q + tag).text = text
    info = ET.SubElement(root, q + "info")
    posture = alert.payload.get("posture") or ""
    for tag, text in (
        ("language", "en"),
        ("category", "Security"),
        ("event", EVENT_NAMES.get(alert.kind, "Security alert")),
        ("urgency", URGENCY.get(alert.level, "Unknown")),
        ("severity", SEVERITY.get(alert.level, "Unknown")),
        ("certainty", "Observed" if alert.kind == "severe_event" else "Likely"),
        ("headline", alert.headline[:160]),
        ("description", alert.description),
        ("instruction", f"Level {alert.level}: {posture}" if posture else None),
    ):
        if text:
            ET.SubElement(info, q + tag).text = text
    param = ET.SubElement(info, q + "parameter")
    ET.SubElement(param, q + "valueName").text = "vigil-level"
    ET.SubElement(param, q + "value").text = str(alert.level)
    area = ET.SubElement(info, q + "area")
    ET.SubElement(area, q + "areaDesc").text = alert.site
    if alert.lat is not None and alert.lon is not None:
        ET.SubElement(area, q + "circle").text = f"{alert.lat},{alert.lon} {alert.radius_km or 0}"
    return root


def cap_xml(alert: Alert, sender: str = SENDER) -> str:
    """One alert as a standalone CAP 1.2 document."""
    return _serialise(cap_element(alert, sender))


def _feed(title: str, feed_id: str, alerts: Sequence[Alert]) -> ET.Element:
    a = f"{{{ATOM_NS}}}"
    feed = ET.Element(f"{a}feed")
    ET.SubElement(feed, a + "title").text = title
    ET.SubElement(feed, a + "id").text = feed_id
    newest = max((x.created_at for x in alerts if x.created_at), default=None)
    ET.SubElement(feed, a + "updated").text = atom_time(newest)
    author = ET.SubElement(feed, a + "author")
    ET.SubElement(author, a + "name").text = "vigil"
    return feed


def _entry(feed: ET.Element, alert: Alert) -> ET.Element:
    a = f"{{{ATOM_NS}}}"
    entry = ET.SubElement(feed, a + "entry")
    ET.SubElement(entry, a + "id").text = f"urn:vigil:alert:{alert.dedupe_key}"
    ET.SubElement(entry, a + "title").text = alert.headline
    ET.SubElement(entry, a + "updated").text = atom_time(alert.created_at)
    ET.SubElement(entry, a + "summary").text = alert.description
    ET.SubElement(entry, a + "category", term=alert.kind)
    return entry


def atom_xml(alerts: Sequence[Alert], title: str = "vigil alerts") -> str:
    """A plain Atom 1.0 feed: one entry per alert, newest first."""
    feed = _feed(title, "urn:vigil:alerts", alerts)
    for alert in alerts:
        _entry(feed, alert)
    return _serialise(feed)


def cap_feed_xml(
    alerts: Sequence[Alert], title: str = "vigil CAP alerts", sender: str = SENDER
) -> str:
    """An Atom feed whose entries each carry the alert as a CAP 1.2 document."""
    feed = _feed(title, "urn:vigil:alerts:cap", alerts)
    for alert in alerts:
        entry = _entry(feed, alert)
        content = ET.SubElement(entry, f"{{{ATOM_NS}}}content", type="application/cap+xml")
        content.append(cap_element(alert, sender))
    return _serialise(feed)


def _serialise(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
