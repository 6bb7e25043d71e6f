import pytest

from tests.factories.casestudies import library_index


@pytest.fixture
def library(home_page):
    return library_index(home_page)
