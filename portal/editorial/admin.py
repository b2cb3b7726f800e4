"""The staff screens every publishable type inherits: workflow buttons, approval bound to the
reviewed revision, pending changes with their diff, history with diff and restore, previews and
revocable preview links, the trash, and confirmation pages for bulk actions.

All changes go through `portal.editorial.workflow`; this module only collects input and shows
results. A type registers `class XAdmin(PublishableAdmin)` and may set `preview_template` and
override `preview_context()` and `save_content()` (its own pictures).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from portal import audit
from portal.editorial import conflicts, previews, snapshots, workflow
from portal.editorial.models import PreviewLink, Revision, Status
from portal.text import person_name


class PublishableForm(forms.ModelForm):
    """Base form of a publishable type: carries the version (and revision) the form was opened
    on, so a save based on an older one is refused, and then resolved in place
    (portal.editorial.conflicts): take theirs, merge, or keep yours over theirs."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict_rows: list = []
        self.conflict_with = None
        self.overrode = None
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
            self.fields["base_revision"].initial = workflow.latest_number(self.instance)
        pending = getattr(self.instance, "_shown_pending", None)
        if pending is not None:
            self._show_pending_relations(pending.content)
        self.choice = self.data.get("_conflict") if self.is_bound else None
        if self.choice == conflicts.MERGE and self.instance.pk:
            self.data = conflicts.merged_data(self, self._current(), self._base_revision())

    def _current(self):
        return (
            type(self.instance)
            ._default_manager.select_related("updated_by")
            .get(pk=self.instance.pk)
        )

    def _base_revision(self) -> int | None:
        value = self.data.get(self.add_prefix("base_revision"), "")
        return int(value) if str(value).isdigit() else None

    def _show_pending_relations(self, content: dict) -> None:
        """A writer editing their pending change sees its relations, not the live ones."""
        model = type(self.instance)
        for name in model.editorial.revised_relations:
            if name in self.fields and name in content:
                field = model._meta.get_field(name)
                if hasattr(field, "related_model") and name != "tags":
                    self.initial[name] = list(content[name])
                else:
                    tag_model = field.related_model
                    self.initial[name] = list(tag_model.objects.filter(name__in=content[name]))

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        if self.choice == conflicts.MERGE:
            raise forms.ValidationError(
                "Đã gộp: bản của người kia được giữ, phần bạn sửa được thêm vào. Hãy kiểm tra "
                "lại nội dung bên dưới rồi bấm Lưu."
            )
        base_version = cleaned.get("base_version")
        current = self._current()
        if base_version is None or current.version == base_version:
            return cleaned
        if self.choice == conflicts.OVERRIDE:
            # An explicit choice to keep this text over theirs: saved, and recorded.
            self.overrode = current
            cleaned["base_version"] = current.version
            return cleaned
        self.conflict_with = current
        self.conflict_rows = conflicts.rows(self, current, self._base_revision())
        who = person_name(current.updated_by) or "Một người khác"
        when = timezone.localtime(current.updated_at).strftime("%H:%M:%S ngày %d/%m/%Y")
        raise forms.ValidationError(
            f"{who} đã lưu {current.editorial.noun} này lúc {when}, sau khi bạn mở trang. Bản của "
            "bạn chưa được lưu và vẫn ở bên dưới: so sánh và chọn cách làm tiếp ở khung "
            "“Xung đột chỉnh sửa”."
        )


class LabelledSplitDateTime(admin.widgets.AdminSplitDateTime):
    """Django's split date/time inputs, each with its own label for screen readers."""

    def __init__(self, label: str = "", attrs=None):
        super().__init__(attrs)
        date, time = self.widgets
        date.attrs["aria-label"] = f"{label}: ngày (ngày/tháng/năm)".strip(": ")
        time.attrs["aria-label"] = f"{label}: giờ (giờ:phút)".strip(": ")


class TransitionForm(forms.Form):
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    publish_at = forms.SplitDateTimeField(
        label="Xuất bản lúc",
        required=False,
        help_text="Để trống để xuất bản ngay; chọn thời điểm trong tương lai để hẹn giờ.",
        widget=LabelledSplitDateTime("Xuất bản lúc"),
    )
    expire_at = forms.SplitDateTimeField(
        label="Hết hạn lúc",
        required=False,
        help_text="Để trống nếu không hết hạn.",
        widget=LabelledSplitDateTime("Hết hạn lúc"),
    )
    # The revision the editor saw: an approval is refused if the item changed since.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


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


class PublishableAdmin(admin.ModelAdmin):
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

    # --- previews -------------------------------------------------------------------------------
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

    # --- the trash ------------------------------------------------------------------------------
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
    if not isinstance(model_admin, PublishableAdmin):
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
        if not isinstance(model_admin, PublishableAdmin):
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
