"""A real SMTP server for the tests (aiosmtpd, on a free local port, in its own thread)."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

from workspace.mail.sender import TestMessage


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Recorder:
    """Keeps every message the server accepted, parsed, with the envelope's recipients."""

    def __init__(self):
        self.messages: list[TestMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(message_from_bytes(envelope.original_content or envelope.content, _class=TestMessage,
                                                policy=policy.default))
        return "250 Message accepted for delivery"


class SMTPServer:
    """``start()`` / ``stop()`` may be called more than once (the server is down in between); the port stays."""

    def __init__(self):
        self.port = free_port()
        self.recorder = Recorder()
        self.controller: Controller | None = None

    @property
    def messages(self) -> list[TestMessage]:
        return self.recorder.messages

    def start(self) -> None:
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address: str) -> list[TestMessage]:
        return [m for m in self.messages if m["To"] == address]
