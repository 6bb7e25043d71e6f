"""A local SMTP sink (aiosmtpd) for tests that need a real SMTP conversation.

    with smtp_sink() as sink:
        ... EMAIL_URL = f"smtp://127.0.0.1:{sink.port}" ...
        sink.messages  # email.message.EmailMessage objects, in arrival order

``rcpt_delay`` makes the server slow before it accepts a recipient (a message is only stored
once its DATA is complete), so a test can kill a client in the middle of a conversation.
``data_reply_delay`` makes it store the message at the end of DATA and only then wait before
answering "250": a client killed in that wait has had its message accepted without knowing it.
``arrived_at`` holds each message's arrival time (time.monotonic()).
"""

import asyncio
import contextlib
import email
import socket
import threading
import time
from email import policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SinkHandler:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.rcpt_delay = 0.0
        self.in_conversation = 0  # recipients currently held in the slow RCPT step
        self.data_reply_delay = 0.0
        self.awaiting_reply = 0  # messages stored whose "250" the server is holding back
        self.arrived_at: list[float] = []
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_delay:
            with self._lock:
                self.in_conversation += 1
            try:
                await asyncio.sleep(self.rcpt_delay)
            finally:
                with self._lock:
                    self.in_conversation -= 1
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)
            self.arrived_at.append(time.monotonic())
        delay = self.data_reply_delay
        if delay:
            with self._lock:
                self.awaiting_reply += 1
            try:
                await asyncio.sleep(delay)
            finally:
                with self._lock:
                    self.awaiting_reply -= 1
        return "250 Message accepted for delivery"

    def recipients(self) -> list[str]:
        with self._lock:
            return [str(m["To"]) for m in self.messages]


@contextlib.contextmanager
def smtp_sink():
    handler = SinkHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.port = port
    try:
        yield handler
    finally:
        controller.stop()
