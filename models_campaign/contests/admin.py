"""Staff pages of the contests: the contest (a publishable type: the editorial core's workflow),
the question bank with its import, the round builder with live counts, freezing and the jury's
export. Participants and their entries (personal data) are shown only to the people who run
contests (permissions of the "Ban tổ chức hội thi" role)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from models_campaign.contests import export, services
from models_campaign.contests.models import (
    Contest,
    ContestEntry,
    ContestRound,
    Participant,
    Question,
    RoundQuestion,
    Topic,
)
from portal import audit
from portal.editorial.admin import PublishableAdmin, PublishableForm


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    fields = ["name", "slug"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "topic", "difficulty", "correct"]
    list_filter = ["topic", "difficulty"]
    search_fields = ["text", "option_a", "option_b", "option_c", "option_d"]
    fields = ["text", "option_a", "option_b", "option_c", "option_d", "correct", "explanation",
              "topic", "difficulty"]  # fmt: skip
    autocomplete_fields = ["topic"]
    change_list_template = "admin/models_campaign/question/change_list.html"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(action="contest_change", actor=request.user, request=request,
                     target=f"Câu hỏi #{obj.pk}", detail="Sửa" if change else "Thêm")  # fmt: skip

    def delete_model(self, request, obj):
        audit.record(action="contest_change", actor=request.user, request=request,
                     target=f"Câu hỏi #{obj.pk}", detail="Xóa")  # fmt: skip
        super().delete_model(request, obj)

    def get_urls(self):
        from models_campaign.contests.importer import import_view

        view = self.admin_site.admin_view(import_view)
        return [path("nhap/", view, name="models_campaign_question_import"), *super().get_urls()]


class ContestAdminForm(PublishableForm):
    class Meta:
        model = Contest
        fields = [
            "title", "slug", "summary", "rules", "prizes", "organiser", "starts_at", "ends_at",
            "first_prizes", "second_prizes", "third_prizes", "consolation_prizes",
            "collective_prizes", "publish_at", "expire_at",
        ]  # fmt: skip


@admin.register(Contest)
class ContestAdmin(PublishableAdmin):
    form = ContestAdminForm
    list_display = ["title", "starts_at", "ends_at", "state_label"]
    search_fields = ["title", "slug"]
    autocomplete_fields = ["organiser"]
    date_hierarchy = "starts_at"
    preview_template = "models_campaign/contest_detail.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "rules", "organiser", "starts_at",
                           "ends_at", "base_version"]}),
        ("Giải thưởng", {"fields": ["prizes", "first_prizes", "second_prizes", "third_prizes",
                                    "consolation_prizes", "collective_prizes"]}),
        ("Xuất bản", {"fields": ["state_label", "publish_at", "expire_at"]}),
        PublishableAdmin.info_fieldset,
    ]  # fmt: skip

    def preview_context(self, request, item) -> dict:
        from models_campaign.contests.views import detail_context

        return detail_context(item)


class RoundQuestionInline(admin.TabularInline):
    model = RoundQuestion
    extra = 0
    autocomplete_fields = ["question"]
    fields = ["question", "order"]

    def _locked(self, obj) -> bool:
        return obj is not None and obj.has_opened()

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


class ContestRoundForm(forms.ModelForm):
    class Meta:
        model = ContestRound
        fields = ["contest", "number", "title", "opens_at", "closes_at", "question_count",
                  "time_limit_minutes", "attempts_allowed", "selection", "topics"]  # fmt: skip

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.has_opened() and self.has_changed():
            if set(self.changed_data) - {"title"}:
                raise forms.ValidationError(
                    "Vòng thi đã mở: không được sửa (người dự thi đã làm bài theo các điều kiện "
                    "hiện tại). Chỉ được sửa tên vòng."
                )
        return data


@admin.register(ContestRound)
class ContestRoundAdmin(admin.ModelAdmin):
    """The round builder: window, settings, the questions (a fixed list or topics to draw
    from), live counts while it runs, then freezing and the jury's export."""

    form = ContestRoundForm
    inlines = [RoundQuestionInline]
    list_display = ["__str__", "opens_at", "closes_at", "started", "submitted", "frozen_label"]
    list_filter = ["contest"]
    filter_horizontal = ["topics"]
    autocomplete_fields = ["contest"]
    readonly_fields = ["live_counts", "frozen_at", "all_correct_count"]
    fieldsets = [
        (None, {"fields": ["contest", "number", "title", "opens_at", "closes_at"]}),
        ("Cách thi", {"fields": ["question_count", "time_limit_minutes", "attempts_allowed",
                                 "selection", "topics"]}),
        ("Theo dõi", {"fields": ["live_counts", "frozen_at", "all_correct_count"]}),
    ]  # fmt: skip

    def get_queryset(self, request):
        submitted = Q(entries__state=ContestEntry.State.SUBMITTED)
        return (
            super().get_queryset(request).select_related("contest")
            .annotate(n_started=Count("entries"), n_submitted=Count("entries", filter=submitted))
        )  # fmt: skip

    @admin.display(description="Đã nhận câu hỏi")
    def started(self, obj) -> int:
        return obj.n_started

    @admin.display(description="Đã nộp")
    def submitted(self, obj) -> int:
        return obj.n_submitted

    @admin.display(description="Tình trạng kết quả")
    def frozen_label(self, obj) -> str:
        if obj.frozen_at:
            return timezone.localtime(obj.frozen_at).strftime("Đã chốt %H:%M %d/%m/%Y")
        return "Đang mở" if obj.is_open else ("Chưa mở" if obj.is_upcoming else "Chưa chốt")

    @admin.display(description="Số liệu trực tiếp")
    def live_counts(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "—"
        entries = obj.entries.all()
        submitted = entries.filter(state=ContestEntry.State.SUBMITTED)
        return (
            f"{entries.count()} lượt nhận câu hỏi; {submitted.count()} bài đã nộp; "
            f"{submitted.filter(score=obj.question_count).count()} bài đúng tất cả; "
            f"{entries.filter(state=ContestEntry.State.EXPIRED).count()} bài quá giờ."
        )

    @admin.display(description="Chốt kết quả")
    def freeze_link(self, obj):
        if obj.frozen_at or not obj.is_closed:
            return "—"
        url = reverse("admin:models_campaign_contestround_freeze", args=[obj.pk])
        return format_html('<a href="{}">Chốt kết quả</a>', url)

    @admin.display(description="Xuất cho ban giám khảo")
    def export_links(self, obj):
        csv_url, xlsx_url = (
            reverse("admin:models_campaign_contestround_export", args=[obj.pk, fmt])
            for fmt in ("csv", "xlsx")
        )
        return format_html('<a href="{}">CSV</a> · <a href="{}">XLSX</a>', csv_url, xlsx_url)

    def get_list_display(self, request):
        # The tools only for those who may use them (the views check again).
        shown = list(super().get_list_display(request))
        if request.user.has_perm("models_campaign.freeze_contestround"):
            shown.append("freeze_link")
        if request.user.has_perm("models_campaign.run_contest"):
            shown.append("export_links")
        return shown

    def has_delete_permission(self, request, obj=None):
        # A round that has opened holds entries: it stays (its contest can be taken down).
        if obj is not None and obj.has_opened():
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        audit.record(action="contest_change", actor=request.user, request=request,
                     target=str(obj), detail="Xóa vòng thi")  # fmt: skip
        super().delete_model(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(action="contest_change", actor=request.user, request=request,
                     target=str(obj), detail=", ".join(form.changed_data) or "Lưu")  # fmt: skip

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/chot/", wrap(self.freeze_view),
                 name="models_campaign_contestround_freeze"),
            path("<int:pk>/xuat.<str:fmt>", wrap(self.export_view),
                 name="models_campaign_contestround_export"),
            *super().get_urls(),
        ]  # fmt: skip

    def freeze_view(self, request, pk: int):
        round_ = get_object_or_404(ContestRound, pk=pk)
        if not request.user.has_perm("models_campaign.freeze_contestround"):
            raise PermissionDenied
        back = reverse("admin:models_campaign_contestround_changelist")
        if request.method != "POST":
            from django.template.response import TemplateResponse

            return TemplateResponse(request, "admin/models_campaign/contestround/freeze.html", {
                **self.admin_site.each_context(request), "round": round_, "opts": self.model._meta,
                "title": f"Chốt kết quả {round_}",
            })  # fmt: skip
        try:
            round_ = services.freeze_round(round_=round_, by=request.user)
        except services.ContestError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(back)
        self.message_user(
            request,
            f"Đã chốt kết quả {round_}: {round_.all_correct_count} bài đúng tất cả các câu, "
            f"{round_.ranked_count} người được xếp hạng.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(back)

    def export_view(self, request, pk: int, fmt: str):
        if not request.user.has_perm("models_campaign.run_contest"):
            raise PermissionDenied
        round_ = get_object_or_404(ContestRound.objects.select_related("contest"), pk=pk)
        if fmt == "csv":
            body, kind = export.as_csv(round_), "text/csv; charset=utf-8"
        elif fmt == "xlsx":
            body = export.as_xlsx(round_)
            kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            raise PermissionDenied
        audit.record(action="contest_export", actor=request.user, request=request,
                     target=str(round_), detail=fmt.upper())  # fmt: skip
        response = HttpResponse(body, content_type=kind)
        name = f"{round_.contest.slug}-vong-{round_.number}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "phone", "unit", "locality", "contest", "consent_at",
                    "anonymised_at"]  # fmt: skip
    list_filter = ["contest", "locality"]
    search_fields = ["full_name", "phone"]
    list_select_related = ["unit", "locality", "contest"]


@admin.register(ContestEntry)
class ContestEntryAdmin(ReadOnlyAdmin):
    list_display = ["receipt_code", "participant", "round", "attempt", "state", "score",
                    "prediction", "duration_ms", "submitted_at", "rank", "prize"]  # fmt: skip
    list_filter = ["round__contest", "round", "state"]
    search_fields = ["receipt_code", "participant__full_name", "participant__phone"]
    list_select_related = ["participant", "round__contest"]

    def has_delete_permission(self, request, obj=None):
        return False
