import pytest
from django.utils import timezone

from models_campaign import services
from models_campaign.models import ShowcaseEntry
from portal.editorial.workflow import WorkflowError
from tests.factories import UserFactory
from tests.models_campaign.factories import ShowcaseEntryFactory

pytestmark = pytest.mark.django_db

Publication = ShowcaseEntry.Publication


def test_writer_submits_but_cannot_publish_or_unpublish(writer):
    entry = ShowcaseEntryFactory(created_by=writer)
    services.entry_submit(entry=entry, by=writer)
    assert entry.publication == Publication.PENDING
    with pytest.raises(WorkflowError, match="biên tập viên"):
        services.entry_publish(entry=entry, by=writer)
    entry.refresh_from_db()
    assert entry.publication == Publication.PENDING and not entry.is_published

    live = ShowcaseEntryFactory(published=True, created_by=writer)
    with pytest.raises(WorkflowError):
        services.entry_unpublish(entry=live, by=writer)
    assert ShowcaseEntry.objects.get(pk=live.pk).is_published


@pytest.mark.parametrize("role", ["editor", "site_admin"])
def test_editors_and_site_admins_publish_and_take_down(request, role):
    user = request.getfixturevalue(role)
    entry = ShowcaseEntryFactory(publication=Publication.PENDING)
    services.entry_publish(entry=entry, by=user)
    assert entry.is_published
    assert entry.first_published_at == entry.publish_at
    services.entry_unpublish(entry=entry, by=user)
    assert entry.publication == Publication.UNPUBLISHED and not entry.is_published


def test_editor_schedules_publication(editor):
    at = timezone.now() + timezone.timedelta(days=1)
    entry = ShowcaseEntryFactory()
    services.entry_publish(entry=entry, by=editor, at=at)
    assert entry.publish_at == at and entry.is_scheduled and not entry.is_published


def test_staff_without_role_and_anonymous_cannot_do_anything():
    nobody = UserFactory(username="khach")
    entry = ShowcaseEntryFactory()
    for action in (services.entry_submit, services.entry_publish):
        with pytest.raises(WorkflowError):
            action(entry=entry, by=nobody)
        with pytest.raises(WorkflowError):
            action(entry=entry, by=None)
    assert ShowcaseEntry.objects.get(pk=entry.pk).publication == Publication.DRAFT


def test_refused_transitions(writer, editor):
    draft = ShowcaseEntryFactory()
    with pytest.raises(WorkflowError, match="Nháp"):
        services.entry_unpublish(entry=draft, by=editor)
    live = ShowcaseEntryFactory(published=True, created_by=writer)
    with pytest.raises(WorkflowError, match="Đã xuất bản"):
        services.entry_submit(entry=live, by=writer)
    other = ShowcaseEntryFactory()
    with pytest.raises(WorkflowError, match="của chính mình"):
        services.entry_submit(entry=other, by=writer)


def test_roles_hold_the_showcase_permissions(writer, editor, site_admin):
    assert writer.has_perm("models_campaign.add_showcaseentry")
    assert writer.has_perm("models_campaign.change_showcaseentry")
    assert not writer.has_perm("models_campaign.publish_showcaseentry")
    assert not writer.has_perm("models_campaign.delete_showcaseentry")
    assert editor.has_perm("models_campaign.publish_showcaseentry")
    assert not editor.has_perm("models_campaign.change_field")
    assert site_admin.has_perm("models_campaign.change_field")
    assert site_admin.has_perm("models_campaign.publish_showcaseentry")
