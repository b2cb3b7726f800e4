from datetime import timedelta

import pytest
from django.utils import timezone

from models_campaign.models import ShowcaseEntry
from tests.models_campaign.factories import ShowcaseEntryFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
PUBLISH = {"past": NOW - timedelta(hours=3), "future": NOW + timedelta(hours=1), "none": None}


def _cases():
    for publication in ShowcaseEntry.Publication.values:
        for publish in PUBLISH:
            if publication == "published" and publish == "none":
                continue  # refused by the database (see test_models)
            yield publication, publish, publication == "published" and publish == "past"


@pytest.mark.parametrize(("publication", "publish", "visible"), list(_cases()))
def test_visibility_matrix(publication, publish, visible):
    entry = ShowcaseEntryFactory(publication=publication, publish_at=PUBLISH[publish])
    assert ShowcaseEntry.objects.published(now=NOW).filter(pk=entry.pk).exists() is visible
    assert entry.is_visible_at(NOW) is visible


@pytest.mark.parametrize("status", ShowcaseEntry.Status.values)
def test_campaign_status_does_not_decide_visibility(status):
    # "Đăng ký thực hiện" or "Được nhân rộng": the campaign status is not the publication.
    shown = ShowcaseEntryFactory(status=status, published=True)
    hidden = ShowcaseEntryFactory(status=status)
    assert list(ShowcaseEntry.objects.published()) == [shown]
    assert shown.is_published and not hidden.is_published


def test_scheduled_entry_becomes_visible_when_its_time_comes():
    import time_machine

    entry = ShowcaseEntryFactory(publication="published", publish_at=NOW + timedelta(hours=1))
    assert entry.is_scheduled
    assert not ShowcaseEntry.objects.published().exists()
    with time_machine.travel(NOW + timedelta(hours=2)):
        assert list(ShowcaseEntry.objects.published()) == [entry]
        assert entry.is_published
