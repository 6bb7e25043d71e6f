"""Which e-mail errors are worth retrying.

Transient: the connection dropped or could not be made, the server said 4xx ("try again later"),
a socket error or timeout. Permanent: 5xx answers (bad address, message refused, authentication),
and anything else (a bug will not fix itself by retrying).
"""

import smtplib

from celery.exceptions import SoftTimeLimitExceeded


def _code_is_transient(code) -> bool:
    try:
        return 400 <= int(code) < 500
    except (TypeError, ValueError):
        return False


def email_error_is_transient(exc: BaseException) -> bool:
    # smtplib's exceptions are OSError subclasses: classify them before the generic OSError rule.
    if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return bool(codes) and all(_code_is_transient(code) for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return _code_is_transient(exc.smtp_code)
    if isinstance(exc, smtplib.SMTPException):
        return False
    return isinstance(exc, OSError | TimeoutError | SoftTimeLimitExceeded)


def email_error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:1000]
