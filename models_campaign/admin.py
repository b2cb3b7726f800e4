from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export.admin import ImportExportModelAdmin
from import_export.forms import ExportForm, ImportForm

from articles.models import Article
from models_campaign import services
from models_campaign.models import (
    AnnualTheme,
    EntryPhoto,
    Field,
    Locality,
    Recognition,
    ShowcaseEntry,
    ThemeArticle,
)
from models_campaign.resources import (
    HEADERS,
    REQUIRED,
    ImportFileError,
    ShowcaseCSV,
    ShowcaseEntryResource,
    ShowcaseXLSX,
)
from portal import images
from portal.editorial.admin import PublishableAdmin, PublishableForm, StateFilter


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "slug"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]
    fields = ["name", "slug", "description", "order"]


@admin.register(Locality)
class LocalityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "order", "slug"]
    list_editable = ["order"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    fields = ["name", "slug", "kind", "order"]


@admin.register(AnnualTheme)
class AnnualThemeAdmin(admin.ModelAdmin):
    list_display = ["year", "title"]
    search_fields = ["title", "year"]
    fields = ["year", "title", "description"]


# --- the theme picker on the Article admin (contributed from here: articles stays unaware) ----
class ThemeArticleInline(admin.TabularInline):
    model = ThemeArticle
    fk_name = "article"
    extra = 0
    max_num = 1
    autocomplete_fields = ["theme"]
    verbose_name = "chuyên đề năm"
    verbose_name_plural = "chuyên đề năm"


def _contribute_theme_inline() -> None:
    article_admin = admin.site._registry.get(Article)
    if article_admin is not None and ThemeArticleInline not in article_admin.inlines:
        article_admin.inlines = [*article_admin.inlines, ThemeArticleInline]


_contribute_theme_inline()


# --- entries -------------------------------------------------------------------------------
class EntryPhotoInline(admin.TabularInline):
    model = EntryPhoto
    extra = 1
    fields = ["image", "alt", "caption", "order"]
    # Pictures are checked and cleaned by portal.images (Vietnamese messages for bad files).
    formfield_overrides = {models.ImageField: {"form_class": images.ImageFormField}}


class RecognitionInline(admin.TabularInline):
    model = Recognition
    extra = 0
    fields = ["level", "decision_number", "decided_on", "issuer"]


class ShowcaseImportForm(ImportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["import_file"].label = "Tệp cần nhập (.csv hoặc .xlsx)"
        self.fields["format"].label = "Định dạng"
        if "resource" in self.fields:
            self.fields["resource"].label = "Kiểu dữ liệu"


class ShowcaseExportForm(ExportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].label = "Định dạng"
        if "resource" in self.fields:
            self.fields["resource"].label = "Kiểu dữ liệu"


class ShowcaseEntryAdminForm(PublishableForm):
    class Meta:
        model = ShowcaseEntry
        fields = [
            "name", "slug", "kind", "organization", "locality", "field", "theme",
            "year_started", "summary", "description", "people_reached", "value_raised",
            "results", "status", "replicated_from", "related_articles", "is_featured",
            "publish_at", "expire_at",
        ]  # fmt: skip


@admin.register(ShowcaseEntry)
class ShowcaseEntryAdmin(PublishableAdmin, ImportExportModelAdmin):
    form = ShowcaseEntryAdminForm
    resource_classes = [ShowcaseEntryResource]
    import_formats = [ShowcaseCSV, ShowcaseXLSX]
    export_formats = [ShowcaseCSV, ShowcaseXLSX]
    import_form_class = ShowcaseImportForm
    export_form_class = ShowcaseExportForm
    import_template_name = "admin/models_campaign/showcaseentry/import.html"
    # The uploaded file waits for the confirmation in the shared cache (Redis in production),
    # not on one host's disk: the confirmation may reach another app server.
    tmp_storage_class = "import_export.tmp_storages.CacheStorage"
    export_template_name = "admin/models_campaign/showcaseentry/export.html"
    inlines = [EntryPhotoInline, RecognitionInline]
    list_display = [
        "name",
        "kind",
        "field",
        "locality",
        "year_started",
        "status",
        "state_label",
    ]
    list_filter = [StateFilter, "field", "locality", "year_started", "theme", "status", "kind"]
    search_fields = ["name", "summary", "organization__name", "slug"]
    autocomplete_fields = [
        "organization",
        "locality",
        "field",
        "theme",
        "replicated_from",
        "related_articles",
    ]
    list_select_related = ["field", "locality"]
    list_per_page = 50
    date_hierarchy = "publish_at"
    preview_template = "models_campaign/showcaseentry_detail.html"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "kind",
                    "summary",
                    "description",
                    "base_version",
                    "base_revision",
                ]
            },
        ),  # fmt: skip
        (
            "Đơn vị, địa bàn, phân loại",
            {"fields": ["organization", "locality", "field", "theme", "year_started"]},
        ),
        ("Kết quả", {"fields": ["people_reached", "value_raised", "results"]}),
        ("Tình trạng, nhân rộng", {"fields": ["status", "replicated_from"]}),
        ("Liên kết", {"fields": ["related_articles", "is_featured"]}),
        ("Xuất bản", {"fields": ["state_label", "publish_at", "expire_at"]}),
        PublishableAdmin.info_fieldset,
    ]

    def preview_context(self, request, item) -> dict:
        from models_campaign.views import replication_tree

        item.public_articles = list(
            item.related_articles.published().select_related("category").order_by("-publish_at")
        )
        return {"entry": item, "object": item, "replication_tree": replication_tree(item)}

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except images.ImageStorageError as exc:
            # The storage failed after validation: the whole save was rolled back.
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.path)

    def save_formset(self, request, form, formset, change):
        if formset.model is not EntryPhoto:
            return super().save_formset(request, form, formset, change)
        for photo in formset.save(commit=False):
            services.photo_save(photo=photo)
        for photo in formset.deleted_objects:
            services.photo_delete(photo=photo)
        formset.save_m2m()

    # --- import / export -----------------------------------------------------------------------
    def has_import_permission(self, request) -> bool:
        return request.user.has_perm("models_campaign.add_showcaseentry")

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm("models_campaign.view_showcaseentry")

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except ImportFileError as exc:
            self.message_user(
                request, f"Không nhập mô hình nào: {exc} Hãy tải tệp lên lại.", messages.ERROR
            )
            return HttpResponseRedirect(reverse("admin:models_campaign_showcaseentry_import"))

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        if getattr(response, "context_data", None) is not None:
            response.context_data["title"] = "Nhập mô hình từ tệp"
        return response

    def export_action(self, request):
        response = super().export_action(request)
        if getattr(response, "context_data", None) is not None:
            response.context_data["title"] = "Xuất danh sách mô hình"
        return response

    def get_import_data_kwargs(self, **kwargs):
        # All or nothing, at the confirmation too: if the data changed since the preview and a
        # row became invalid, the whole import is rolled back.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            self.message_user(
                request,
                "Không nhập mô hình nào: dữ liệu không còn hợp lệ so với lúc xem trước. "
                "Hãy tải tệp lên lại để xem báo cáo lỗi.",
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:models_campaign_showcaseentry_import"))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        created = result.totals.get("new", 0)
        self.message_user(
            request, f"Đã nhập {created} mô hình (ở trạng thái nháp).", messages.SUCCESS
        )

    def get_import_context_data(self, **kwargs):
        return {
            **super().get_import_context_data(**kwargs),
            "columns": HEADERS,
            "required_columns": REQUIRED,
        }

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        elif isinstance(e, UnicodeDecodeError):
            form.add_error(
                "import_file",
                "Tệp CSV không đọc được: hãy lưu tệp với bảng mã UTF-8 "
                "(hoặc tệp này không phải là tệp CSV).",
            )
        else:
            form.add_error(
                "import_file",
                "Không đọc được tệp: hãy kiểm tra tệp đúng là định dạng đã chọn (CSV hoặc XLSX).",
            )


# The contests' staff pages (question bank, round builder, participants) live in their package.
from models_campaign.contests import admin as contest_admin  # noqa: E402, F401
