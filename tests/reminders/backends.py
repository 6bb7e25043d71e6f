"""Fake mail backends: the outside world (the SMTP server) misbehaving, nothing else mocked.
Messages that "get through" land in Django's locmem outbox."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FlakySMTPBackend(LocmemBackend):
    """The SMTP server drops the connection on the first ``failures`` sends, then works."""

    failures = 2
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls <= type(self).failures:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class BusySMTPBackend(LocmemBackend):
    """The server always answers 451 (try again later)."""

    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        raise smtplib.SMTPDataError(451, b"4.3.0 Mail server temporarily rejected message")


class RejectingSMTPBackend(LocmemBackend):
    """The server refuses the recipient for good (550)."""

    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        raise smtplib.SMTPRecipientsRefused(
            {messages[0].to[0]: (550, b"5.1.1 The email account does not exist")}
        )
