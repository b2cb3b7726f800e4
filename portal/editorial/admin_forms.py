"""The forms of the editorial core's staff screens: the base form of every publishable type
(version check and in-place conflict resolution) and the workflow step's form."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils import timezone

from portal.editorial import conflicts, workflow
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
