"""The extra staff screens every publishable type inherits, one mixin per concern, composed by
`portal.editorial.admin.PublishableAdmin`: workflow steps and pending changes, history with diff
and restore, previews and revocable preview links, the trash. Plus two site-wide views: the
"Chờ duyệt" queue of every type and the public side of preview links.

The mixins rely on what PublishableAdmin provides (`_item_or_404`, `_context`, `_url`,
`is_editor`) and change nothing themselves: every change goes through `portal.editorial.workflow`.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache

from portal.editorial import previews, snapshots, workflow
from portal.editorial.admin_forms import TransitionForm
from portal.editorial.models import PreviewLink, Revision, Status


class WorkflowViews:
    """A workflow step with its form (approval bound to the reviewed revision), and the pending
    change over a live version: its diff, approve, return, withdraw."""

    def _approved_content(self, item) -> dict:
        """What the public saw last: the newest approved revision (or nothing yet)."""
        found = (
            Revision.for_item(item)
            .filter(state=Revision.State.APPROVED)
            .order_by("-number")
            .values_list("content", flat=True)
            .first()
        )
        return found or {}

    def transition_view(self, request, object_id, action):
        item = self._item_or_404(request, object_id)
        step = workflow.TRANSITIONS.get(action)
        if step is None:
            raise Http404
        latest = workflow.latest_revision(item)
        initial = {"revision": latest.number if latest else 0}
        form = TransitionForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            binds = step.target == Status.PUBLISHED
            try:
                workflow.transition(
                    item=item, by=request.user, action=action,
                    note=form.cleaned_data["note"],
                    publish_at=form.cleaned_data["publish_at"],
                    expire_at=form.cleaned_data["expire_at"],
                    revision_number=form.cleaned_data["revision"] if binds else None,
                )  # fmt: skip
            except workflow.WorkflowError as exc:
                # The form now carries the newest revision, whose diff is shown below.
                latest = workflow.latest_revision(item)
                data = request.POST.copy()
                data["revision"] = latest.number if latest else 0
                form = TransitionForm(data)
                form.is_valid()
                form.add_error(None, exc.message)
            else:
                self.message_user(request, f"{step.label}: “{item.display_title}”.",
                                  messages.SUCCESS)  # fmt: skip
                return HttpResponseRedirect(self._url("change", item.pk))
        elif request.method == "GET" and not workflow.can_transition(request.user, item, action):
            self.message_user(request, f"Không thể “{step.label.lower()}” mục này.",
                              messages.ERROR)  # fmt: skip
            return HttpResponseRedirect(self._url("change", item.pk))
        rows = []
        if step.target == Status.PUBLISHED and latest is not None:
            rows = snapshots.diff(self.model, self._approved_content(item), latest.content)
        return TemplateResponse(
            request,
            "admin/editorial/transition.html",
            self._context(
                request,
                title=f"{step.label}: {item.display_title}",
                item=item,
                transition=step,
                action=action,
                form=form,
                latest=latest,
                rows=rows,
                media=self.media + form.media,
                asks_schedule=step.target == Status.PUBLISHED,
            ),
        )

    def pending_view(self, request, object_id):
        """The pending change over the live version: its diff, approve, return, withdraw."""
        item = self._item_or_404(request, object_id)
        pending = item.pending_revision if item.pending_revision_id else None
        if request.method == "POST":
            op = request.POST.get("op")
            try:
                if op == "duyet":
                    seen = request.POST.get("revision", "")
                    workflow.approve_change(
                        item=item,
                        by=request.user,
                        revision_number=int(seen) if seen.isdigit() else -1,
                    )
                    message = "Đã duyệt thay đổi: trang công khai đã cập nhật."
                elif op == "tra-lai":
                    workflow.return_change(
                        item=item, by=request.user, note=request.POST.get("note", "")
                    )
                    message = "Đã trả lại thay đổi cho phóng viên."
                elif op == "rut":
                    workflow.withdraw_change(item=item, by=request.user)
                    message = "Đã rút đề xuất thay đổi."
                else:
                    raise Http404
            except workflow.WorkflowError as exc:
                self.message_user(request, exc.message, messages.ERROR)
                return HttpResponseRedirect(self._url("pending", item.pk))
            self.message_user(request, message, messages.SUCCESS)
            return HttpResponseRedirect(self._url("change", item.pk))  # fmt: skip
        if pending is None:
            self.message_user(request, "Không có thay đổi nào đang chờ duyệt.", messages.INFO)
            return HttpResponseRedirect(self._url("change", item.pk))
        rows = snapshots.diff(self.model, snapshots.take(item), pending.content)
        return TemplateResponse(
            request,
            "admin/editorial/pending.html",
            self._context(
                request,
                title=f"Thay đổi chờ duyệt: {item.display_title}",
                item=item,
                pending=pending,
                rows=rows,
                is_editor=self.is_editor(request),
                is_author=pending.created_by_id == request.user.pk,
            ),
        )


class HistoryViews:
    """The item's history: events and revisions, the diff of two revisions, restoring one."""

    def history_view(self, request, object_id, extra_context=None):
        item = self._item_or_404(request, object_id)
        events = list(item.events.select_related("actor"))
        for event in events:
            event.label = workflow.ACTION_LABELS.get(event.action, event.action)
        revisions = list(item.revisions.select_related("created_by"))
        return TemplateResponse(
            request,
            "admin/editorial/history.html",
            self._context(
                request,
                title=f"Lịch sử: {item.display_title}",
                item=item,
                events=events,
                revisions=revisions,
                can_restore=workflow.can_edit(request.user, item),
            ),
        )

    def compare_view(self, request, object_id):
        item = self._item_or_404(request, object_id)
        revisions = {r.number: r for r in item.revisions.all()}
        try:
            old = revisions[int(request.GET.get("a", ""))]
            new = revisions[int(request.GET.get("b", ""))]
        except (KeyError, ValueError):
            self.message_user(request, "Hãy chọn hai phiên bản để so sánh.", messages.ERROR)
            return HttpResponseRedirect(self._url("history", item.pk))
        if old.number > new.number:
            old, new = new, old
        return TemplateResponse(
            request,
            "admin/editorial/compare.html",
            self._context(
                request,
                title=f"So sánh phiên bản {old.number} và {new.number}",
                item=item,
                old=old,
                new=new,
                rows=snapshots.diff(self.model, old.content, new.content),
            ),
        )

    def restore_view(self, request, object_id, number):
        """Restoring a revision first shows what would change against the live text."""
        item = self._item_or_404(request, object_id)
        revision = get_object_or_404(Revision.for_item(item), number=number)
        if request.method != "POST":
            return TemplateResponse(
                request,
                "admin/editorial/restore_confirm.html",
                self._context(
                    request,
                    title=f"Khôi phục phiên bản {number}: {item.display_title}",
                    item=item,
                    revision=revision,
                    rows=snapshots.diff(self.model, snapshots.take(item), revision.content),
                    becomes_proposal=workflow.edit_is_proposal(request.user, item),
                    can_restore=workflow.can_edit(request.user, item),
                ),
            )
        try:
            result = workflow.restore_revision(revision=revision, by=request.user)
        except workflow.WorkflowError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            if isinstance(result, Revision):
                text = f"Đã gửi đề xuất khôi phục phiên bản {number} để biên tập viên duyệt."
            else:
                text = f"Đã khôi phục phiên bản {number}; bản trước vẫn được lưu trong lịch sử."
            self.message_user(request, text, messages.SUCCESS)
        return HttpResponseRedirect(self._url("history", item.pk))


class _Rollback(Exception):
    pass


def rendered_with(item, content: dict | None, render):
    """Render `render(item)` as if `content` were the item's content, then undo every write
    (used for previews of pending changes and of older revisions)."""
    from portal import cache as page_cache

    if content is None:
        response = render(item)
        response.render()
        return response
    box = {}
    try:
        with transaction.atomic(), page_cache.muted():
            snapshots.apply_fields(item, content)
            saver = workflow._SAVERS.get(type(item))
            if saver is not None:
                saver(item, content)
            else:
                item.save()
            snapshots.apply_related(item, content)
            box["response"] = render(item)
            box["response"].render()
            raise _Rollback
    except _Rollback:
        pass
    item.refresh_from_db()
    return box["response"]


class PreviewViews:
    """Staff previews of the newest content and revocable preview links for people without an
    account."""

    def preview_context(self, request, item) -> dict:
        """The context of the type's public detail page (override per type)."""
        return {"object": item}

    def render_preview(self, request, item, *, content=None, link=None):
        def render(current):
            context = {**self.preview_context(request, current), "preview": True,
                       "preview_link": link}  # fmt: skip
            response = TemplateResponse(request, self.preview_template, context)
            response["X-Robots-Tag"] = "noindex, nofollow"
            add_never_cache_headers(response)
            return response

        return rendered_with(item, content, render)

    def preview_view(self, request, object_id):
        """Staff see the newest content: the pending change if there is one."""
        item = self._item_or_404(request, object_id)
        pending = item.pending_revision if item.pending_revision_id else None
        return self.render_preview(request, item, content=pending.content if pending else None)

    def preview_link_view(self, request, object_id):
        item = self._item_or_404(request, object_id)
        if not self.is_editor(request):
            raise PermissionDenied
        made = None
        if request.method == "POST":
            if request.POST.get("revoke"):
                link = get_object_or_404(PreviewLink.for_item(item), pk=request.POST["revoke"])
                previews.revoke(link=link, by=request.user)
                self.message_user(request, "Đã thu hồi liên kết.", messages.SUCCESS)
                return HttpResponseRedirect(self._url("preview_link", item.pk))
            made = previews.create(
                item=item, by=request.user, revision_number=workflow.latest_number(item) or None
            )
        links = list(PreviewLink.for_item(item).select_related("created_by", "revoked_by"))
        now = timezone.now()
        for link in links:
            link.url = request.build_absolute_uri(
                reverse("preview_link", kwargs={"token": link.token})
            )
            link.active = link.is_active_at(now)
        return TemplateResponse(
            request,
            "admin/editorial/preview_links.html",
            self._context(
                request,
                title=f"Liên kết xem trước: {item.display_title}",
                item=item,
                links=links,
                made=made,
                days=previews.max_age_days(),
            ),
        )


class TrashViews:
    """The trash: list, restore, purge one item or empty it (site admins)."""

    def trash_view(self, request):
        if not self.is_editor(request):
            raise PermissionDenied
        rows = self.model._default_manager.trashed().select_related("deleted_by")
        return TemplateResponse(
            request,
            "admin/editorial/trash.html",
            self._context(
                request,
                title="Thùng rác",
                rows=rows.order_by("-deleted_at")[:500],
                can_purge=request.user.has_perm(workflow.permission(self.model, "purge")),
            ),
        )

    def empty_trash_view(self, request):
        """ "Dọn sạch thùng rác" for site admins: a page saying what goes, then each item purged
        through the workflow."""
        if not request.user.has_perm(workflow.permission(self.model, "purge")):
            raise PermissionDenied
        items = list(self.model._default_manager.trashed().order_by("deleted_at")[:500])
        if request.method == "POST" and request.POST.get("confirmed") == "1":
            chosen = {int(pk) for pk in request.POST.getlist("item") if pk.isdigit()}
            done = 0
            for item in items:
                if item.pk not in chosen:  # only what the page listed and the admin confirmed
                    continue
                try:
                    workflow.purge(item=item, by=request.user)
                    done += 1
                except workflow.WorkflowError as exc:
                    self.message_user(request, exc.message, messages.ERROR)
            self.message_user(request, f"Đã xóa vĩnh viễn {done} mục.", messages.SUCCESS)
            return HttpResponseRedirect(self._url("trash"))
        files = sorted({name for item in items for name in workflow.stored_files(item)})
        return TemplateResponse(
            request,
            "admin/editorial/empty_trash.html",
            self._context(request, title="Dọn sạch thùng rác", items=items, files=files),
        )

    def trash_action_view(self, request, object_id, op):
        item = get_object_or_404(self.model._default_manager.trashed(), pk=unquote(object_id))
        if op not in ("khoi-phuc", "xoa-vinh-vien"):
            raise Http404
        purging = op == "xoa-vinh-vien"
        if request.method != "POST" or (purging and request.POST.get("confirmed") != "1"):
            if op == "xoa-vinh-vien" and not request.user.has_perm(
                workflow.permission(self.model, "purge")
            ):
                raise PermissionDenied
            return TemplateResponse(
                request,
                "admin/editorial/trash_confirm.html",
                self._context(
                    request,
                    title="Xác nhận",
                    item=item,
                    op=op,
                    files=sorted(workflow.stored_files(item)) if op == "xoa-vinh-vien" else [],
                    revisions=item.revisions.count(),
                ),
            )
        try:
            if op == "khoi-phuc":
                workflow.restore(item=item, by=request.user)
                message = f"Đã khôi phục “{item.display_title}” cùng toàn bộ lịch sử."
            else:
                workflow.purge(item=item, by=request.user)
                message = f"Đã xóa vĩnh viễn “{item.display_title}”."
        except workflow.WorkflowError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(self._url("trash"))


# --- the public side of preview links, for every type ---------------------------------------------
@never_cache
def preview_by_link(request, token: str):
    """Read-only preview through a link; anything wrong (revoked, expired, taken down, trashed,
    deleted, unknown) is a plain 404."""
    found = previews.resolve(token)
    if found is None:
        raise Http404("Liên kết xem trước không hợp lệ hoặc đã hết hạn.")
    item, link = found
    model_admin = admin.site._registry.get(type(item))
    if not isinstance(model_admin, PreviewViews):
        raise Http404
    content = None
    if link.revision_number:
        revision = Revision.for_item(item).filter(number=link.revision_number).first()
        content = revision.content if revision is not None else None
    return model_admin.render_preview(request, item, content=content, link=link)


def review_queue(request):
    """ "Chờ duyệt": every type's items waiting for an editor (submitted items and pending
    changes over live versions), oldest first; writers see their own."""
    rows = []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, WorkflowViews):
            continue
        if not model_admin.has_view_or_change_permission(request):
            continue
        queryset = model_admin.get_queryset(request)
        status = {model.status_field_name: Status.PENDING}
        for item in queryset.filter(**status).select_related("created_by"):
            rows.append(
                (item.updated_at, model, item, "Chờ duyệt", model_admin._url("change", item.pk))
            )
        for item in queryset.with_pending_changes().select_related(
            "pending_revision", "created_by"
        ):
            rows.append(
                (
                    item.pending_revision.created_at,
                    model,
                    item,
                    "Thay đổi chờ duyệt",
                    model_admin._url("pending", item.pk),
                )
            )
    rows.sort(key=lambda row: row[0])
    return TemplateResponse(
        request,
        "admin/editorial/queue.html",
        {**admin.site.each_context(request), "title": "Chờ duyệt", "rows": rows},
    )  # fmt: skip
