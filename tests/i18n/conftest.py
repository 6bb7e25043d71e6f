import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _restore_language():
    """A test-client request to /cy/ leaves Welsh active in this thread (LocaleMiddleware does
    not deactivate it); put English back so later tests render in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
