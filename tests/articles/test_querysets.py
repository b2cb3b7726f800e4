from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
HOUR = timedelta(hours=1)
# When publish_at is in the past and expire_at too, publication comes first (constraint).
PUBLISH = {"past": NOW - 3 * HOUR, "future": NOW + 1 * HOUR, "none": None}
EXPIRE = {"past": NOW - 1 * HOUR, "future": NOW + 3 * HOUR, "none": None}


def _cases():
    for status in Article.Status.values:
        for publish in PUBLISH:
            for expire in EXPIRE:
                if status == "published" and publish == "none":
                    continue  # refused by the database (see test_models)
                if publish == "future" and expire == "past":
                    continue  # expiry before publication: refused too
                visible = status == "published" and publish == "past" and expire != "past"
                yield status, publish, expire, visible


@pytest.mark.parametrize(("status", "publish", "expire", "visible"), list(_cases()))
def test_visibility_matrix(status, publish, expire, visible):
    article = ArticleFactory(status=status, publish_at=PUBLISH[publish], expire_at=EXPIRE[expire])
    assert Article.objects.published(now=NOW).filter(pk=article.pk).exists() is visible
    assert article.is_visible_at(NOW) is visible


def test_published_defaults_to_the_current_time():
    ArticleFactory(published=True, title="Đang hiển thị")
    ArticleFactory(status="published", publish_at=timezone.now() + HOUR, title="Hẹn giờ")
    assert [a.title for a in Article.objects.published()] == ["Đang hiển thị"]


def test_scheduled_article_appears_at_its_time_and_expires_at_its_time():
    article = ArticleFactory(
        status=Article.Status.PUBLISHED, publish_at=NOW + HOUR, expire_at=NOW + 3 * HOUR
    )
    with time_machine.travel(NOW, tick=False):
        assert not Article.objects.published().filter(pk=article.pk).exists()
        assert article.is_scheduled
    with time_machine.travel(NOW + HOUR, tick=False):
        assert Article.objects.published().filter(pk=article.pk).exists()
        assert article.is_published
    with time_machine.travel(NOW + 3 * HOUR, tick=False):
        assert not Article.objects.published().filter(pk=article.pk).exists()
        assert not article.is_published
