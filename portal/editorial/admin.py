"""The staff screens every publishable type inherits: workflow buttons, approval bound to the
reviewed revision, pending changes with their diff, history with diff and restore, previews and
revocable preview links, the trash, and confirmation pages for bulk actions.

All changes go through `portal.editorial.workflow`; this module only collects input and shows
results. A type registers `class XAdmin(PublishableAdmin)` and may set `preview_template` and
override `preview_context()` and `save_content()` (its own pictures). The forms are in
`admin_forms`, the extra screens in `admin_views` (mixins composed here), the wiring here.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from portal import audit
from portal.editorial import conflicts, snapshots, workflow
from portal.editorial.admin_forms import LabelledSplitDateTime, PublishableForm
from portal.editorial.admin_views import HistoryViews, PreviewViews, TrashViews, WorkflowViews
from portal.editorial.models import Status
from portal.text import person_name


class StateFilter(admin.SimpleListFilter):
    """ "Theo trạng thái" as staff think of it: scheduled apart from published, expired, and
    the trash (editors only)."""

    title = "trạng thái"
    parameter_name = "trang-thai"
    TRASH = "thung-rac"

    def lookups(self, request, model_admin):
        choices = [
            (Status.DRAFT, "Nháp"),
            (Status.PENDING, "Chờ duyệt"),
            ("dang-hien", "Đang xuất bản"),
            ("hen-gio", "Hẹn giờ"),
            ("het-han", "Hết hạn"),
            (Status.REJECTED, "Bị trả lại"),
            (Status.UNPUBLISHED, "Đã gỡ"),
            ("cho-duyet-thay-doi", "Có thay đổi chờ duyệt"),
        ]
        if model_admin.is_editor(request):
            choices.append((self.TRASH, "Thùng rác"))
        return choices

    def queryset(self, request, queryset):
        value, model = self.value(), queryset.model
        status, now = model.status_field_name, timezone.now()
        if value in (Status.DRAFT, Status.PENDING, Status.REJECTED, Status.UNPUBLISHED):
            return queryset.filter(**{status: value})
        if value == "dang-hien":
            return queryset.published(now)
        if value == "hen-gio":
            return queryset.scheduled(now)
        if value == "het-han":
            return queryset.filter(**{status: Status.PUBLISHED, "expire_at__lte": now})
        if value == "cho-duyet-thay-doi":
            return queryset.filter(pending_revision__isnull=False)
        return queryset  # the trash: chosen in PublishableAdmin.get_queryset


class _Staged(Exception):
    """Raised inside the admin's transaction to roll a writer's edit of live content back once
    its snapshot is taken: the snapshot becomes a pending change."""

    def __init__(self, content: dict):
        super().__init__("staged")
        self.content = content


class PublishableAdmin(WorkflowViews, HistoryViews, PreviewViews, TrashViews, admin.ModelAdmin):
    form = PublishableForm
    change_form_template = "admin/editorial/change_form.html"
    show_full_result_count = False
    # Only editors choose when an item goes public, when it expires, and what is featured.
    editor_only_fields: tuple[str, ...] = ("publish_at", "expire_at", "is_featured")
    preview_template: str = ""
    # Who made and changed the item, folded at the end of every type's form.
    info_fieldset = (
        "Thông tin",
        {
            "classes": ["collapse"],
            "fields": ["first_published_at", "created_by", "created_at", "updated_by",
                       "updated_at", "version"],
        },
    )  # fmt: skip
    actions = ["submit_selected", "publish_selected", "unpublish_selected", "delete_selected"]

    class Media:
        js = ["js/admin/editor-vi.js", "js/admin/writing.js", "js/admin/tag-chips.js"]

    # --- who sees and edits what (server side; the buttons only mirror it) ---------------------
    def is_editor(self, request) -> bool:
        return workflow.is_editor(request.user, self.model)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        in_trash = request.GET.get(StateFilter.parameter_name) == StateFilter.TRASH
        if (
            in_trash
            and self.is_editor(request)
            and request.resolver_match
            and (request.resolver_match.url_name == self._name("changelist"))
        ):
            return queryset.trashed()  # the change list's "Thùng rác" choice, read-only rows
        queryset = queryset.live()
        if not self.is_editor(request):
            queryset = queryset.filter(created_by=request.user)  # writers: their own items
        return queryset

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or workflow.can_trash(request.user, obj))

    def has_publish_permission(self, request) -> bool:
        return self.is_editor(request)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField) and db_field.editable:
            kwargs["widget"] = LabelledSplitDateTime(str(db_field.verbose_name).capitalize())
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "state_label", "rendered_text",
                  "first_published_at", "created_by", "created_at", "updated_by", "updated_at",
                  "version"]  # fmt: skip
        if obj is not None and obj.slug_is_frozen:
            fields.append("slug")
        if not self.is_editor(request):
            fields += [f for f in self.editor_only_fields if f not in fields]
        return fields

    def get_fieldsets(self, request, obj=None):
        """Someone who may only read an item (a writer, once it is submitted) reads its rich
        text rendered, not as HTML source."""
        fieldsets = super().get_fieldsets(request, obj)
        rich = set(self.model.rich_fields)
        if obj is None or not rich or self.has_change_permission(request, obj):
            return fieldsets
        shown = []
        for name, options in fieldsets:
            fields = []
            for field in options.get("fields", []):
                if field in rich:
                    if "rendered_text" not in fields:
                        fields.append("rendered_text")
                    continue
                fields.append(field)
            shown.append((name, {**options, "fields": fields}))
        return shown

    @admin.display(description="nội dung")
    def rendered_text(self, obj) -> str:
        # Rich text is sanitised on every save (portal.richtext): safe to show as it is.
        parts = [getattr(obj, name) for name in self.model.rich_fields if getattr(obj, name)]
        return mark_safe(f'<div class="rendered-body">{"".join(parts)}</div>')

    @admin.display(description="trạng thái")
    def state_label(self, obj) -> str:
        label = obj.state_label
        if obj.pending_revision_id:
            label += " (có thay đổi chờ duyệt)"
        return label

    # --- the change form: pending changes shown to their writer -------------------------------
    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if (
            obj is not None
            and obj.pending_revision_id
            and workflow.edit_is_proposal(request.user, obj)
        ):
            pending = obj.pending_revision
            snapshots.apply_fields(obj, pending.content)
            obj._shown_pending = pending
        return obj

    # --- saving through the workflow ------------------------------------------------------------
    def save_content(self, request, obj, base_version, note=""):
        """The type's way of saving (articles add their picture handling)."""
        workflow.save_content(item=obj, by=request.user, base_version=base_version, note=note)

    def save_model(self, request, obj, form, change):
        note = ""
        if form.overrode is not None:
            who = person_name(form.overrode.updated_by) or "người khác"
            when = timezone.localtime(form.overrode.updated_at).strftime("%H:%M %d/%m/%Y")
            note = f"Ghi đè thay đổi của {who} lúc {when}"
        self.save_content(request, obj, form.cleaned_data.get("base_version"), note)
        if note:
            audit.record(action="override", actor=request.user,
                         target=f"{self.model._meta.verbose_name}: {obj.display_title}",
                         detail=note)  # fmt: skip

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if getattr(request, "_editorial_staged", False):
            raise _Staged(snapshots.take(form.instance))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id:
            current = self.get_queryset(request).filter(pk=unquote(object_id)).first()
            if current is not None and workflow.edit_is_proposal(request.user, current):
                request._editorial_staged = True
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _Staged as staged:
            return self._record_proposal(request, object_id, staged.content)
        except workflow.WorkflowError as exc:
            # A save that lost a race after validation: nothing was written.
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.path)

    def _record_proposal(self, request, object_id, content):
        item = self.get_queryset(request).get(pk=unquote(object_id))
        base = request.POST.get("base_version")
        try:
            revision = workflow.propose_change(
                item=item, by=request.user, content=content,
                base_version=int(base) if base and base.isdigit() else None,
            )  # fmt: skip
        except workflow.WorkflowError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(
                request,
                f"Đã gửi đề xuất sửa (phiên bản {revision.number}) để biên tập viên duyệt. "
                "Trang công khai vẫn giữ bản đang xuất bản cho đến khi được duyệt.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._url("change", item.pk))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self._workflow_context(request, obj))
            form = context["adminform"].form
            if form.conflict_with is not None:
                context["conflict"] = {
                    "rows": [(row, conflicts.readable(row.opened), conflicts.readable(row.theirs),
                              conflicts.readable(row.yours)) for row in form.conflict_rows],
                    "who": person_name(form.conflict_with.updated_by) or "người khác",
                    "when": form.conflict_with.updated_at,
                }  # fmt: skip
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _workflow_context(self, request, obj) -> dict:
        latest_return = None
        if obj.publication_status == Status.REJECTED:
            latest_return = obj.events.filter(action="reject").order_by("-at").first()
        pending = obj.pending_revision if obj.pending_revision_id else None
        returned_change = None
        if pending is None and workflow.edit_is_proposal(request.user, obj):
            returned_change = obj.events.filter(action="return_change").order_by("-at").first()
        return {
            "editorial_url": self._prefix(),
            "workflow_actions": workflow.allowed_transitions(request.user, obj),
            "item_state": obj.state_label,
            "latest_note": latest_return,
            "returned_change": returned_change,
            "pending": pending,
            "shown_pending": getattr(obj, "_shown_pending", None),
            "is_editor": self.is_editor(request),
            "can_preview_link": self.is_editor(request),
            "editor_edits_live": self.is_editor(request)
            and obj.publication_status == Status.PUBLISHED,
            "writer_edits_live": workflow.edit_is_proposal(request.user, obj),
            "opts": self.model._meta,
        }

    def delete_model(self, request, obj):
        workflow.trash(item=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for item in queryset:
            workflow.trash(item=item, by=request.user)

    # --- bulk actions: the same workflow, one item at a time, after a confirmation ------------
    def _bulk(self, request, queryset, action: str):
        step = workflow.TRANSITIONS[action]
        items = list(queryset)
        if request.POST.get("confirmed") != "1":
            rows = [
                (
                    item,
                    workflow.latest_number(item),
                    workflow.can_transition(request.user, item, action),
                )
                for item in items
            ]
            return TemplateResponse(
                request,
                "admin/editorial/bulk_confirm.html",
                self._context(
                    request,
                    title=f"{step.label}: xác nhận",
                    step=step,
                    action_name=request.POST.get("action", ""),
                    rows=rows,
                    asks_note=step.note_required or action == "unpublish",
                ),
            )
        done, refused = 0, []
        note = request.POST.get("note", "")
        for item in items:
            seen = request.POST.get(f"revision-{item.pk}", "")
            try:
                workflow.transition(
                    item=item, by=request.user, action=action, note=note,
                    revision_number=int(seen) if seen.isdigit() else None,
                )  # fmt: skip
                done += 1
            except workflow.WorkflowError as exc:
                refused.append(f"“{item.display_title}”: {exc.message}")
        noun = self.model.editorial.noun
        if done:
            self.message_user(request, f"{step.label}: {done} {noun}.", messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.ERROR)
        return None

    @admin.action(description="Gửi duyệt các mục đã chọn", permissions=["change"])
    def submit_selected(self, request, queryset):
        return self._bulk(request, queryset, "submit")

    @admin.action(description="Duyệt và xuất bản các mục đã chọn", permissions=["publish"])
    def publish_selected(self, request, queryset):
        return self._bulk(request, queryset, "publish")

    @admin.action(description="Gỡ xuống các mục đã chọn", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        return self._bulk(request, queryset, "unpublish")

    # --- extra screens ----------------------------------------------------------------------------
    def _prefix(self) -> str:
        meta = self.model._meta
        return f"{meta.app_label}_{meta.model_name}"

    def _name(self, view: str) -> str:
        return f"{self._prefix()}_{view}"

    def _url(self, view: str, *args) -> str:
        return reverse(f"admin:{self._name(view)}", args=args)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("thung-rac/", view(self.trash_view), name=self._name("trash")),
            path("thung-rac/don-sach/", view(self.empty_trash_view),
                 name=self._name("empty_trash")),
            path("thung-rac/<path:object_id>/<str:op>/", view(self.trash_action_view),
                 name=self._name("trash_action")),
            path("<path:object_id>/chuyen-trang-thai/<str:action>/", view(self.transition_view),
                 name=self._name("transition")),
            path("<path:object_id>/thay-doi-cho-duyet/", view(self.pending_view),
                 name=self._name("pending")),
            path("<path:object_id>/so-sanh/", view(self.compare_view), name=self._name("compare")),
            path("<path:object_id>/khoi-phuc/<int:number>/", view(self.restore_view),
                 name=self._name("restore_revision")),
            path("<path:object_id>/xem-truoc/", view(never_cache(self.preview_view)),
                 name=self._name("preview")),
            path("<path:object_id>/lien-ket-xem-truoc/", view(self.preview_link_view),
                 name=self._name("preview_link")),
            *super().get_urls(),
        ]  # fmt: skip

    def _item_or_404(self, request, object_id):
        item = self.get_queryset(request).filter(pk=unquote(object_id)).first()
        if item is None or not self.has_view_or_change_permission(request, item):
            raise Http404("Không tìm thấy.")
        return item

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta,
                "editorial_url": self._prefix(), **extra}  # fmt: skip
