import pytest

from articles.roles import EDITOR, SITE_ADMIN, WRITER
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Every test writes uploads to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_view_counter():
    """Views counted by one test are never written into another's database."""
    from articles.viewcounts import counter

    counter.discard()
    yield
    counter.discard()


@pytest.fixture
def writer(db):
    return UserFactory(username="phongvien", roles=[WRITER])


@pytest.fixture
def editor(db):
    return UserFactory(username="bientapvien", roles=[EDITOR])


@pytest.fixture
def site_admin(db):
    return UserFactory(username="quantri", roles=[SITE_ADMIN])


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (pages, content generation), and so does this
    process's own copy of it (portal.cache.LocalState, the view counter's markers)."""
    from django.core.cache import cache

    from articles.viewcounts import forget_local_markers
    from portal.cache import forget_local

    cache.clear()
    forget_local()
    forget_local_markers()
    yield
    cache.clear()
    forget_local()
    forget_local_markers()
