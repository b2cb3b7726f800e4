"""Staff screens for articles. Every change of state goes through `articles.services`; this module
only collects input and shows results."""

from __future__ import annotations

import difflib

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from articles import preview, services
from articles.models import Article, ArticleEvent, ArticleRevision, Author, Category, Tag
from portal import images
from portal.richtext import html_to_text


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "order", "slug"]
    list_editable = ["order"]
    list_filter = ["parent"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["parent"]
    fields = ["name", "slug", "parent", "description", "order"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "user"]
    list_filter = ["organization"]
    search_fields = ["name", "slug", "organization__name"]
    autocomplete_fields = ["organization", "user"]
    list_select_related = ["organization", "user"]
    formfield_overrides = {models.ImageField: {"form_class": images.ImageFormField}}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug"]


class ArticleAdminForm(forms.ModelForm):
    # The version the form was opened on; a save based on an older one is refused.
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "title", "slug", "summary", "body", "category", "authors", "tags", "source",
            "is_featured", "featured_image", "featured_image_alt", "featured_image_caption",
            "publish_at", "expire_at",
        ]  # fmt: skip
        # Checked and cleaned by portal.images: a refused file is a Vietnamese form error.
        field_classes = {"featured_image": images.ImageFormField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        base_version = cleaned.get("base_version")
        if self.instance.pk and base_version is not None:
            current = (
                Article.objects.select_related("updated_by")
                .only("version", "updated_at", "updated_by")
                .get(pk=self.instance.pk)
            )
            if current.version != base_version:
                raise forms.ValidationError(services.EditConflict(current).message)
        return cleaned


class TransitionForm(forms.Form):
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    publish_at = forms.SplitDateTimeField(
        label="Xuất bản lúc",
        required=False,
        help_text="Để trống để xuất bản ngay; chọn thời điểm trong tương lai để hẹn giờ.",
        widget=admin.widgets.AdminSplitDateTime,
    )
    expire_at = forms.SplitDateTimeField(
        label="Hết hạn lúc",
        required=False,
        help_text="Để trống nếu bài không hết hạn.",
        widget=admin.widgets.AdminSplitDateTime,
    )


def _status_label(article: Article) -> str:
    if article.deleted_at is not None:
        return "Trong thùng rác"
    if article.is_scheduled:
        return "Hẹn giờ"
    if article.status == Article.Status.PUBLISHED and not article.is_published:
        return "Hết hạn"
    return article.get_status_display()


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = ["title", "category", "status_label", "publish_at", "author_names",
                    "is_featured"]  # fmt: skip
    list_filter = ["status", "category", "is_featured", "authors"]
    search_fields = ["title", "summary", "slug"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["category", "authors"]
    list_select_related = ["category"]
    list_per_page = 50
    # No COUNT(*) of the whole table on every page of the change list (100,000+ rows).
    show_full_result_count = False
    actions = ["submit_selected", "publish_selected", "unpublish_selected", "delete_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "base_version"]}),
        ("Phân loại", {"fields": ["category", "authors", "tags", "source", "is_featured"]}),
        (
            "Ảnh đại diện",
            {"fields": ["featured_image", "featured_image_alt", "featured_image_caption"]},
        ),
        ("Xuất bản", {"fields": ["status_label", "publish_at", "expire_at"]}),
        (
            "Thông tin",
            {
                "classes": ["collapse"],
                "fields": [
                    "first_published_at",
                    "created_by",
                    "created_at",
                    "updated_by",
                    "updated_at",
                    "version",
                ],  # fmt: skip
            },
        ),
    ]

    def get_search_results(self, request, queryset, search_term):
        """The admin's search box (and the article pickers that use it) searches like the public
        site: diacritics, case and tone-mark placement ignored, through the search index
        (portal.search), plus an exact slug. `icontains` over 100,000 bodies took seconds."""
        from portal.search import match, parse_query
        from portal.text import slugify_vi

        term = search_term.strip()
        if not term:
            return queryset, False
        matching = match(Article.objects.all(), parse_query(term)).values("pk")
        slug = slugify_vi(term)
        condition = Q(pk__in=matching) | (Q(slug=slug) if slug else Q(pk__in=[]))
        return queryset.filter(condition), False

    # --- who sees and edits what (server side; the buttons only mirror it) --------------------
    def get_queryset(self, request):
        queryset = super().get_queryset(request).live().prefetch_related("authors")
        if not services.is_editor(request.user):
            queryset = queryset.filter(created_by=request.user)  # writers: their own articles
        return queryset

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.deleted_at is None)

    def get_readonly_fields(self, request, obj=None):
        fields = ["status_label", "first_published_at", "created_by", "created_at",
                  "updated_by", "updated_at", "version"]  # fmt: skip
        if obj is not None and obj.slug_is_frozen:
            fields.append("slug")
        if not services.is_editor(request.user):
            fields += ["publish_at", "expire_at", "is_featured"]
        return fields

    # --- columns ----------------------------------------------------------------------------
    @admin.display(description="trạng thái", ordering="status")
    def status_label(self, obj: Article) -> str:
        return _status_label(obj)

    @admin.display(description="tác giả")
    def author_names(self, obj: Article) -> str:
        return ", ".join(author.name for author in obj.authors.all())

    # --- saving through the services --------------------------------------------------------
    def save_model(self, request, obj, form, change):
        services.article_save(
            article=obj, by=request.user, base_version=form.cleaned_data.get("base_version")
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.WorkflowError as exc:
            # A save that lost a race after validation: nothing was written.
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.path)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["workflow_actions"] = services.allowed_transitions(request.user, obj)
            context["article_status"] = _status_label(obj)
            context["latest_note"] = (
                obj.events.filter(action="reject").order_by("-at").first()
                if obj.status == Article.Status.REJECTED
                else None
            )
            context["can_preview_link"] = services.is_editor(request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def delete_model(self, request, obj):
        services.article_trash(article=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.article_trash(article=article, by=request.user)

    # --- bulk actions: the same services, one article at a time -------------------------------
    def _bulk(self, request, queryset, action: str, **kwargs):
        done, refused = 0, []
        for article in queryset:
            try:
                services.article_transition(article=article, by=request.user, action=action,
                                            **kwargs)  # fmt: skip
                done += 1
            except services.WorkflowError as exc:
                refused.append(f"“{article.title}”: {exc.message}")
        label = services.TRANSITIONS[action].label
        if done:
            self.message_user(request, f"{label}: {done} bài viết.", messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description="Gửi duyệt các bài đã chọn", permissions=["change"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description="Duyệt và xuất bản ngay các bài đã chọn", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish")

    @admin.action(description="Gỡ các bài đã chọn", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, "unpublish")

    def has_publish_permission(self, request):
        return services.is_editor(request.user)

    # --- extra screens ----------------------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("hang-doi/", view(self.list_view), {"kind": "queue"}, name="articles_queue"),
            path("cua-toi/", view(self.list_view), {"kind": "mine"}, name="articles_mine"),
            path(
                "hen-gio/", view(self.list_view), {"kind": "scheduled"}, name="articles_scheduled"
            ),  # fmt: skip
            path("thung-rac/", view(self.trash_view), name="articles_trash"),
            path(
                "thung-rac/<path:object_id>/<str:op>/",
                view(self.trash_action_view),
                name="articles_trash_action",
            ),  # fmt: skip
            path(
                "<path:object_id>/chuyen-trang-thai/<str:action>/",
                view(self.transition_view),
                name="articles_transition",
            ),  # fmt: skip
            path("<path:object_id>/so-sanh/", view(self.compare_view), name="articles_compare"),
            path(
                "<path:object_id>/khoi-phuc/<int:number>/",
                view(self.restore_view),
                name="articles_restore_revision",
            ),  # fmt: skip
            path(
                "<path:object_id>/xem-truoc/",
                view(never_cache(self.preview_view)),
                name="articles_preview",
            ),  # fmt: skip
            path(
                "<path:object_id>/lien-ket-xem-truoc/",
                view(self.preview_link_view),
                name="articles_preview_link",
            ),  # fmt: skip
            *super().get_urls(),
        ]

    def _article_or_404(self, request, object_id) -> Article:
        article = self.get_queryset(request).filter(pk=unquote(object_id)).first()
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404("Không tìm thấy bài viết.")
        return article

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def list_view(self, request, kind: str):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        queryset = self.get_queryset(request).select_related("category", "created_by")
        now = timezone.now()
        if kind == "queue":
            title = "Hàng đợi duyệt (bài gửi trước ở trên)"
            queryset = queryset.filter(status=Article.Status.PENDING).order_by("updated_at")
        elif kind == "scheduled":
            title = "Bài hẹn giờ xuất bản"
            queryset = queryset.filter(status=Article.Status.PUBLISHED, publish_at__gt=now)
            queryset = queryset.order_by("publish_at")
        else:
            title = "Bài viết của tôi"
            queryset = queryset.filter(created_by=request.user).order_by("-updated_at")
        rows = list(queryset[:200])
        notes = {}
        rejected = [a.pk for a in rows if a.status == Article.Status.REJECTED]
        for event in ArticleEvent.objects.filter(article_id__in=rejected, action="reject"):
            notes.setdefault(event.article_id, event)  # newest first by Meta.ordering
        for article in rows:
            article.status_text = _status_label(article)
            article.return_note = notes.get(article.pk)
        return TemplateResponse(
            request,
            "admin/articles/article/worklist.html",
            self._context(request, title=title, rows=rows, kind=kind),
        )

    def transition_view(self, request, object_id, action):
        article = self._article_or_404(request, object_id)
        transition = services.TRANSITIONS.get(action)
        if transition is None:
            raise Http404
        form = TransitionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.article_transition(
                    article=article,
                    by=request.user,
                    action=action,
                    note=form.cleaned_data["note"],
                    publish_at=form.cleaned_data["publish_at"],
                    expire_at=form.cleaned_data["expire_at"],
                )
            except services.WorkflowError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(
                    request, f"{transition.label}: “{article.title}”.", messages.SUCCESS
                )
                return HttpResponseRedirect(
                    reverse("admin:articles_article_change", args=[article.pk])
                )
        elif request.method == "GET" and not services.can_transition(request.user, article, action):
            self.message_user(
                request,
                f"Không thể “{transition.label.lower()}” bài viết này.",
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        return TemplateResponse(
            request,
            "admin/articles/article/transition.html",
            self._context(
                request,
                title=f"{transition.label}: {article.title}",
                article=article,
                transition=transition,
                action=action,
                form=form,
                media=self.media + form.media,
                asks_schedule=transition.target == Article.Status.PUBLISHED,
            ),
        )

    def history_view(self, request, object_id, extra_context=None):
        article = self._article_or_404(request, object_id)
        events = article.events.select_related("actor")
        for event in events:
            event.label = services.ACTION_LABELS.get(event.action, event.action)
        revisions = article.revisions.select_related("created_by")
        return TemplateResponse(
            request,
            "admin/articles/article/history.html",
            self._context(
                request,
                title=f"Lịch sử: {article.title}",
                article=article,
                events=events,
                revisions=revisions,
                can_restore=services.can_edit(request.user, article),
            ),
        )

    def compare_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        revisions = {r.number: r for r in article.revisions.all()}
        try:
            old = revisions[int(request.GET.get("a", ""))]
            new = revisions[int(request.GET.get("b", ""))]
        except (KeyError, ValueError):
            self.message_user(request, "Hãy chọn hai phiên bản để so sánh.", messages.ERROR)
            return HttpResponseRedirect(
                reverse("admin:articles_article_history", args=[article.pk])
            )
        if old.number > new.number:
            old, new = new, old
        rows = [
            ("Tiêu đề", _word_diff(old.title, new.title)),
            ("Sapo", _word_diff(old.summary, new.summary)),
            ("Nội dung", _word_diff(html_to_text(old.body), html_to_text(new.body))),
            ("Ảnh đại diện", _word_diff(old.featured_image, new.featured_image)),
        ]
        return TemplateResponse(
            request,
            "admin/articles/article/compare.html",
            self._context(
                request,
                title=f"So sánh phiên bản {old.number} và {new.number}",
                article=article,
                old=old,
                new=new,
                rows=rows,
            ),
        )

    def restore_view(self, request, object_id, number):
        article = self._article_or_404(request, object_id)
        revision = get_object_or_404(ArticleRevision, article=article, number=number)
        if request.method != "POST":
            return HttpResponseRedirect(
                reverse("admin:articles_article_history", args=[article.pk])
            )
        try:
            services.revision_restore(revision=revision, by=request.user)
        except services.WorkflowError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(
                request,
                f"Đã khôi phục phiên bản {number}; bản đang có vẫn được lưu trong lịch sử.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:articles_article_history", args=[article.pk]))

    def preview_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        return preview.render_preview(request, article)

    def preview_link_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        if not services.is_editor(request.user):
            raise PermissionDenied
        link = None
        if request.method == "POST":
            link = request.build_absolute_uri(preview.preview_url(article))
        return TemplateResponse(
            request,
            "admin/articles/article/preview_link.html",
            self._context(
                request,
                title=f"Liên kết xem trước: {article.title}",
                article=article,
                link=link,
                days=preview.max_age_days(),
            ),
        )

    def trash_view(self, request):
        if not services.is_editor(request.user):
            raise PermissionDenied
        rows = Article.objects.trashed().select_related("deleted_by").order_by("-deleted_at")
        return TemplateResponse(
            request,
            "admin/articles/article/trash.html",
            self._context(
                request,
                title="Thùng rác",
                rows=rows[:500],
                can_purge=request.user.has_perm("articles.empty_trash"),
            ),
        )

    def trash_action_view(self, request, object_id, op):
        article = get_object_or_404(Article.objects.trashed(), pk=unquote(object_id))
        if request.method != "POST" or op not in ("khoi-phuc", "xoa-vinh-vien"):
            raise Http404
        try:
            if op == "khoi-phuc":
                services.article_restore(article=article, by=request.user)
                message = f"Đã khôi phục “{article.title}” cùng toàn bộ lịch sử."
            else:
                services.article_purge(article=article, by=request.user)
                message = f"Đã xóa vĩnh viễn “{article.title}”."
        except services.WorkflowError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_trash"))


def _word_diff(old: str, new: str) -> str:
    """Readable inline diff: removed words struck through, added words highlighted."""
    old_words, new_words = (old or "").split(), (new or "").split()
    out = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
    return mark_safe(" ".join(out))  # every piece is escaped above


def dashboard(user) -> dict:
    """Counts per state and recent activity for the admin home page."""
    now = timezone.now()
    live = Article.objects.live()
    if not services.is_editor(user):
        live = live.filter(created_by=user)
    counts = dict(live.values_list("status").annotate(n=Count("pk")).order_by())
    scheduled = live.filter(status=Article.Status.PUBLISHED, publish_at__gt=now).count()
    states = [(label, counts.get(value, 0), value) for value, label in Article.Status.choices]
    events = ArticleEvent.objects.select_related("article", "actor").filter(article__in=live)[:15]
    for event in events:
        event.label = services.ACTION_LABELS.get(event.action, event.action)
    return {"states": states, "scheduled": scheduled, "events": events}
