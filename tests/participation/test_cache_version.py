"""The content version behind the page cache, the frame cache and the impact figures
(core/cache_version.py): bumped at once on every change, and once more when the transaction
commits, one on-commit bump per transaction however many rows it changes."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from community.models import Organisation
from core.cache_version import CacheVersion, CacheVersionMiddleware
from core.content_cache import FRAME_VERSION
from core.page_cache import PAGE_VERSION
from impact.cache import IMPACT_VERSION


def bumps_in(callbacks, version: CacheVersion) -> int:
    return sum(1 for callback in callbacks if callback is version._bump_at_commit)


@pytest.mark.django_db
def test_the_three_caches_share_one_mechanism_with_their_own_keys():
    keys = {PAGE_VERSION.key, FRAME_VERSION.key, IMPACT_VERSION.key}
    assert len(keys) == 3
    assert all(isinstance(v, CacheVersion) for v in (PAGE_VERSION, FRAME_VERSION, IMPACT_VERSION))


@pytest.mark.django_db
def test_two_processes_starting_together_agree_on_one_version():
    version = CacheVersion("test:agree", "test")
    first = version.current()
    assert CacheVersion("test:agree", "another process").current() == first
    assert version.current() == first


@pytest.mark.django_db
def test_many_changes_in_one_transaction_bump_at_once_each_time_and_once_at_commit(
    django_capture_on_commit_callbacks,
):
    seen = [PAGE_VERSION.current()]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for n in range(20):
            Organisation.objects.create(name=f"Council {n}")
            seen.append(PAGE_VERSION.current())
    # A change is seen at once by the transaction that made it (21 different versions) ...
    assert len(set(seen)) == 21
    # ... and the commit bumps each affected version once, not once per row.
    assert bumps_in(callbacks, PAGE_VERSION) == 1
    assert bumps_in(callbacks, IMPACT_VERSION) == 1
    before_commit = PAGE_VERSION.current()
    for callback in callbacks:
        callback()
    assert PAGE_VERSION.current() != before_commit


@pytest.mark.django_db
def test_a_rolled_back_savepoint_takes_its_bump_with_it_and_the_next_change_adds_it_again(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            Organisation.objects.create(name="Rolled back council")
            assert PAGE_VERSION.bump_pending_at_commit()
            raise RuntimeError("the form failed")
        assert not PAGE_VERSION.bump_pending_at_commit()
        Organisation.objects.create(name="Kept council")
        assert PAGE_VERSION.bump_pending_at_commit()
    assert bumps_in(callbacks, PAGE_VERSION) == 1


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_change_bumps_once_and_leaves_nothing_for_later():
    assert not connection.in_atomic_block
    before = PAGE_VERSION.current()
    Organisation.objects.create(name="Autocommitted council")
    assert PAGE_VERSION.current() != before
    assert not connection.run_on_commit


@pytest.mark.django_db(transaction=True)
def test_the_commit_bumps_again_after_a_reader_stored_the_old_rows():
    with transaction.atomic():
        Organisation.objects.create(name="Committed council")
        read_inside = IMPACT_VERSION.current()  # a reader storing values under this version
    assert IMPACT_VERSION.current() != read_inside


@pytest.mark.django_db
def test_a_request_reads_each_version_once_and_sees_its_own_bump(monkeypatch):
    """CacheVersionMiddleware: one cache read per version per request, however many cached
    values the page looks up; a change the request makes is read back by the request itself."""
    reads = []
    real_get = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *a, **kw: reads.append(key) or real_get(key, *a, **kw)
    )

    def view(_request):
        first = [PAGE_VERSION.current() for _ in range(5)]
        Organisation.objects.create(name="Saved by the request")  # bumps the page version
        after = PAGE_VERSION.current()
        return first, after

    first, after = CacheVersionMiddleware(view)(object())
    assert len(set(first)) == 1 and after != first[0]
    assert reads.count(PAGE_VERSION.key) == 1
    # Outside a request nothing is remembered: every read goes to the cache.
    reads.clear()
    PAGE_VERSION.current()
    PAGE_VERSION.current()
    assert reads.count(PAGE_VERSION.key) == 2
