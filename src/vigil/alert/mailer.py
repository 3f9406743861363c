"""Email delivery over SMTP (smtplib), configured by ``VIGIL_SMTP_*``.

``VIGIL_SMTP_HOST`` (default localhost), ``VIGIL_SMTP_PORT`` (25),
``VIGIL_SMTP_FROM`` (vigil@localhost), ``VIGIL_SMTP_USER``/``VIGIL_SMTP_PASSWORD``
(login when set), ``VIGIL_SMTP_STARTTLS=1`` to upgrade the connection.
"""

from __future__ import annotations

import os
import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage

from vigil.alert.model import Alert


@dataclass
class SmtpConfig:
    host: str = field(default_factory=lambda: os.environ.get("VIGIL_SMTP_HOST", "localhost"))
    port: int = field(default_factory=lambda: int(os.environ.get("VIGIL_SMTP_PORT", "25")))
    sender: str = field(
        default_factory=lambda: os.environ.get("VIGIL_SMTP_FROM", "vigil@localhost")
    )
    user: str | None = field(default_factory=lambda: os.environ.get("VIGIL_SMTP_USER"))
    password: str | None = field(default_factory=lambda: os.environ.get("VIGIL_SMTP_PASSWORD"))
    starttls: bool = field(default_factory=lambda: os.environ.get("VIGIL_SMTP_STARTTLS") == "1")


def message(alert: Alert, to: str, sender: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = f"[vigil] {alert.headline}"
    msg["From"] = sender
    msg["To"] = to
    msg["X-Vigil-Alert"] = alert.dedupe_key
    lines = [alert.description, ""]
    for r in alert.payload.get("reasons", []):
        lines.append(f"- {r['summary']}")
        if r.get("sentence"):
            who = r.get("cited") or r.get("source") or "unknown source"
            lines.append(f'  "{r["sentence"].strip()}" ({who})')
    msg.set_content("\n".join(lines))
    return msg


def send(alert: Alert, to: str, config: SmtpConfig | None = None, timeout_s: float = 15.0) -> None:
    cfg = config or SmtpConfig()
    with smtplib.SMTP(cfg.host, cfg.port, timeout=timeout_s) as smtp:
        if cfg.starttls:
            smtp.starttls()
        if cfg.user:
            smtp.login(cfg.user, cfg.password or "")
        smtp.send_message(message(alert, to, cfg.sender))
