import pytest
from django.core.management import call_command

from models_campaign import demo
from models_campaign.models import AnnualTheme, EntryPhoto, ShowcaseEntry, ThemeArticle

pytestmark = pytest.mark.django_db


def _snapshot():
    return sorted(
        ShowcaseEntry.objects.values_list("slug", "publication", "updated_at", "publish_at")
    ), EntryPhoto.objects.count()


def test_load_demo_fills_the_showcase_idempotently(capsys):
    call_command("load_demo", force=True)
    published = ShowcaseEntry.objects.published()
    assert published.count() >= 20
    assert published.values("field").distinct().count() >= 6
    assert published.values("locality").distinct().count() >= 6
    assert published.values("year_started").distinct().count() >= 6
    assert published.filter(kind="person").count() >= 3
    assert published.filter(replicated_from__isnull=False).count() >= 4
    assert published.filter(recognitions__isnull=False).distinct().count() >= 10
    assert ShowcaseEntry.objects.exclude(publication="published").exists()  # the queue
    assert AnnualTheme.objects.count() >= 4 and ThemeArticle.objects.exists()
    assert all(entry.photos.count() == 2 for entry in published)
    assert not EntryPhoto.objects.filter(alt="").exists()
    assert all(entry.related_articles.exists() for entry in published)
    # What is loaded is what the data file says.
    showcase = demo.data()
    assert sorted(published.values_list("name", flat=True)) == sorted(
        row["name"] for row in showcase["entries"]
    )
    queue = ShowcaseEntry.objects.exclude(publication="published")
    assert sorted(queue.values_list("name", "publication")) == sorted(
        (row["name"], row["publication"]) for row in showcase["unpublished"]
    )
    first = _snapshot()

    capsys.readouterr()
    call_command("load_demo", force=True)
    assert "không thay đổi gì" in capsys.readouterr().out
    assert _snapshot() == first
