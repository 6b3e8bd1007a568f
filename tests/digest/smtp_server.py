"""A real SMTP server (aiosmtpd) on localhost that can misbehave on purpose: 451 then 250, 550 for one
recipient, STARTTLS or implicit TLS with a self-signed certificate, and AUTH."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)  # type: ignore[return-value]


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)  # recipient -> reply for RCPT
    data_replies: list[str] = field(default_factory=list)  # replies to DATA before accepting ("451 …")

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, ANN201
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201
        if self.data_replies:
            return self.data_replies.pop(0)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1/localhost, made with `cryptography` for the TLS tests."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class Authenticator:
    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):  # noqa: ANN001, ANN204
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == self.user and \
            auth_data.password == self.password
        return AuthResult(success=ok, handled=False)


def start(handler: Handler, *, tls: str = "none", cert: tuple[Path, Path] | None = None,
          auth: tuple[str, str] | None = None) -> Controller:
    """Start a server; `tls` is none | starttls | ssl. Stop it with `.stop()`."""
    kwargs: dict[str, object] = {}
    if tls != "none":
        assert cert is not None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(cert[0]), str(cert[1]))
        kwargs["tls_context" if tls == "starttls" else "ssl_context"] = context
        if tls == "starttls":
            kwargs["require_starttls"] = True
    if auth is not None:
        kwargs["authenticator"] = Authenticator(*auth)
        kwargs["auth_require_tls"] = tls == "starttls"  # implicit TLS is not seen as "TLS started"
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **kwargs)
    if tls == "ssl":
        # Controller's readiness check would speak plain SMTP to an implicit-TLS port.
        controller.ready_timeout = 5.0
    controller.start()
    return controller
