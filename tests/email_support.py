"""Fake SMTP servers for the member e-mail tests (the one sending path, docs/emails.md): only
the server is faked, through EMAIL_BACKEND; tasks, retries and ledgers run for real. The
``smtp`` fixture that installs FakeSMTPBackend is in tests/conftest.py."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FakeSMTPBackend(LocmemBackend):
    """The SMTP server: answers ``code`` to the first ``failures`` messages (every one when
    None), then accepts. Records the Message-ID of every message it was given."""

    code = 250
    failures: int | None = None
    calls = 0
    seen_ids: list[str] = []

    def send_messages(self, messages):
        cls = type(self)
        cls.calls += 1
        cls.seen_ids += [m.message()["Message-ID"] for m in messages]
        if cls.code != 250 and (cls.failures is None or cls.calls <= cls.failures):
            raise smtplib.SMTPResponseException(cls.code, b"answer of the fake server")
        return super().send_messages(messages)


class RefusingOneAddressBackend(LocmemBackend):
    """The server refuses one recipient for good (550), accepts the others."""

    refused = "gone@example.org"

    def send_messages(self, messages):
        if any(self.refused in m.to for m in messages):
            raise smtplib.SMTPRecipientsRefused({self.refused: (550, b"5.1.1 No such user")})
        return super().send_messages(messages)
