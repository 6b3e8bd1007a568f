"""Turning a rendered digest into what a channel carries: a MIME email or a webhook's JSON.

The Message-ID is derived from the send's key, so every retry of the same digest carries the
same id (mail systems and clients that see it twice keep one).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr

from digest.links import Links
from digest.render import Rendered
from indexes.digest import DigestContent, as_dict


def message_id(send_id: str, from_address: str) -> str:
    domain = parseaddr(from_address)[1].rpartition("@")[2] or "kabarchy.local"
    return f"<{send_id}@{domain}>"


def build_email(rendered: Rendered, *, to: str, from_address: str, msg_id: str, links: Links,
                lang: str, now: datetime | None = None) -> bytes:
    """multipart/alternative (plain text first, HTML second), headers encoded per RFC 2047/5322."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = from_address
    msg["To"] = to
    msg["Subject"] = rendered.subject  # the SMTP policy writes non-ASCII as =?utf-8?...?=
    msg["Date"] = format_datetime(now or datetime.now(timezone.utc))
    msg["Message-ID"] = msg_id
    msg["Auto-Submitted"] = "auto-generated"
    msg["Precedence"] = "bulk"
    sender = parseaddr(from_address)[1]
    unsubscribe = [f"<mailto:{sender}?subject=unsubscribe>"] if sender else []
    one_click = links.unsubscribe(to)
    if one_click:
        unsubscribe.insert(0, f"<{one_click}>")
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058: only with an https URI
    if unsubscribe:
        msg["List-Unsubscribe"] = ", ".join(unsubscribe)
    msg["List-Id"] = f"Kabarchy digest <digest.{Address(addr_spec=sender).domain if sender else 'kabarchy.local'}>"
    msg.set_content(rendered.text, subtype="plain", charset="utf-8")
    msg.add_alternative(rendered.html, subtype="html", charset="utf-8")
    msg["Content-Language"] = lang  # after the parts: set_content drops Content-* headers
    return msg.as_bytes()


def build_webhook(content: DigestContent, rendered: Rendered, *, msg_id: str, kind: str, links: Links) -> bytes:
    """The JSON a webhook receives: the same selection as the email, plus its text for chat tools."""
    body = {
        "id": msg_id, "kind": kind, "day": content.day.isoformat(), "language": content.language,
        "subject": rendered.subject, "text": rendered.text, "url": links.digest(content.day, content.language),
        "digest": as_dict(content),
    }
    return json.dumps(body, ensure_ascii=False).encode("utf-8")
