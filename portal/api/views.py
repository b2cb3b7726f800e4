"""The read-only JSON API, version 1: `/api/v1/`.

Every list and detail starts from the model's `published()` queryset (the editorial core's one
visibility rule); nothing here decides on its own what citizens may see. ETag and 304 answers
come from Django's ConditionalGetMiddleware, CORS headers from django-cors-headers (the
`API_CORS_ORIGINS` allowlist), throttling per client address from `ClientThrottle` below.
"""

from datetime import datetime

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.pagination import CursorPagination, paginate
from ninja.throttling import SimpleRateThrottle

from articles.models import Article, Category, Tag
from portal.api import schemas
from portal.clientip import client_ip

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
LIST_ORDER = ("-publish_at", "-pk")


class ClientThrottle(SimpleRateThrottle):
    """At most `API_THROTTLE_RATE` requests ("120/min") per client address, counted in the
    shared cache (Redis in production), so every app server counts the same requests. The
    address is `portal.clientip.client_ip`'s, as for every other limit of the portal."""

    scope = "api"

    def __init__(self):  # the rate is read per request, so a settings change applies at once
        self.rate = None
        self.num_requests = self.duration = None

    def allow_request(self, request) -> bool:
        self.rate = settings.API_THROTTLE_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_ident(self, request) -> str:
        return client_ip(request) or "unknown"  # the portal's one rule (PROXY_COUNT)

    def get_cache_key(self, request) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


api = NinjaAPI(
    title="API Cổng thông tin Ban Tuyên giáo Thành ủy",
    version="1",
    description=(
        "API chỉ đọc cho ứng dụng của thành phố và Zalo mini app: bài viết, chuyên mục, mô hình "
        "“học tập và làm theo Bác”, văn bản, bản tin sinh hoạt chi bộ. Chỉ trả về nội dung đã "
        "xuất bản. Phân trang bằng con trỏ (`cursor`); hỗ trợ ETag/If-None-Match (304)."
    ),
    urls_namespace="api-v1",
    throttle=[ClientThrottle()],
)


@api.exception_handler(Throttled)
def throttled(request, exc: Throttled):
    wait = int(exc.wait or 1)
    response = api.create_response(
        request,
        {"detail": f"Quá nhiều yêu cầu từ địa chỉ của bạn. Hãy thử lại sau {wait} giây."},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


@api.exception_handler(ValidationError)
def invalid(request, exc: ValidationError):
    return api.create_response(
        request, {"detail": "Tham số không hợp lệ.", "errors": exc.errors}, status=422
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Không tìm thấy."}, status=404)


def _listing(path: str, out, *, tag: str, summary: str, ordering=LIST_ORDER):
    """Registers a published, cursor-paginated list endpoint (newest first by default)."""

    def register(view):
        paged = paginate(
            CursorPagination, ordering=ordering, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE
        )(view)
        return api.get(path, response=list[out], tags=[tag], summary=summary)(paged)

    return register


def _detail(path: str, out, *, tag: str, summary: str):
    """Registers a detail endpoint answering the item or a 404 in the API's error shape."""
    return api.get(path, response={200: out, 404: schemas.ErrorOut}, tags=[tag], summary=summary)


class ArticleFilters(Schema):
    category: str | None = None  # slug; articles of its subcategories are included
    tag: str | None = None  # slug
    updated_since: datetime | None = None


def _articles():
    return (
        Article.objects.published()
        .for_listing()
        .prefetch_related("authors__organization", "tags")  # the byline and the tags
    )


@_listing(
    "/articles",
    schemas.ArticleOut,
    tag="Bài viết",
    summary="Danh sách bài viết đã xuất bản, mới nhất trước",
)
def article_list(request, filters: Query[ArticleFilters]):
    articles = _articles()
    if filters.category:
        category = Category.objects.filter(slug=filters.category).first()
        if category is None:
            raise HttpError(404, "Không có chuyên mục này.")
        articles = articles.filter(category_id__in=category.descendant_ids())
    if filters.tag:
        tag = Tag.objects.filter(slug=filters.tag).first()
        if tag is None:
            raise HttpError(404, "Không có thẻ này.")
        articles = articles.filter(tags=tag)
    if filters.updated_since:
        articles = articles.filter(updated_at__gte=filters.updated_since)
    return articles


@_detail(
    "/articles/{slug}",
    schemas.ArticleDetailOut,
    tag="Bài viết",
    summary="Một bài viết: nội dung và các cỡ ảnh",
)
def article_detail(request, slug: str):
    return get_object_or_404(_articles(), slug=slug)


@api.get(
    "/categories",
    response=list[schemas.CategoryOut],
    tags=["Chuyên mục"],
    summary="Mọi chuyên mục",
)
def category_list(request):
    return Category.objects.order_by("order", "name")


def _entries():
    from models_campaign.models import ShowcaseEntry

    return ShowcaseEntry.objects.published().for_listing()


@_listing(
    "/showcase",
    schemas.ShowcaseEntryOut,
    tag="Mô hình",
    summary="Mô hình “học tập và làm theo Bác” đã xuất bản",
)
def showcase_list(request):
    return _entries()


@_detail(
    "/showcase/{slug}",
    schemas.ShowcaseEntryOut,
    tag="Mô hình",
    summary="Một mô hình",
)
def showcase_detail(request, slug: str):
    return get_object_or_404(_entries(), slug=slug)


class DocumentFilters(Schema):
    kind: str | None = None  # a kind code, as on /van-ban/?loai=
    issuing_body: str | None = None  # slug
    year: int | None = None
    validity: str | None = None


def _documents():
    from articles.models import Document

    return Document.objects.published().for_listing()


@_listing(
    "/documents",
    schemas.DocumentOut,
    tag="Văn bản",
    summary="Văn bản đã xuất bản, mới ban hành trước",
    ordering=("-issued_on", "-pk"),
)
def document_list(request, filters: Query[DocumentFilters]):
    documents = _documents()
    if filters.kind:
        documents = documents.filter(kind=filters.kind)
    if filters.issuing_body:
        documents = documents.filter(issuing_body__slug=filters.issuing_body)
    if filters.year:
        documents = documents.filter(issued_on__year=filters.year)
    if filters.validity:
        documents = documents.filter(validity=filters.validity)
    return documents


@_detail(
    "/documents/{slug}",
    schemas.DocumentDetailOut,
    tag="Văn bản",
    summary="Một văn bản: thông tin và tệp đính kèm",
)
def document_detail(request, slug: str):
    return get_object_or_404(_documents().prefetch_related("attachments"), slug=slug)


def _issues():
    from articles.models import BulletinIssue

    return BulletinIssue.objects.published()


@_listing(
    "/bulletins",
    schemas.BulletinIssueOut,
    tag="Bản tin sinh hoạt chi bộ",
    summary="Các số bản tin sinh hoạt chi bộ đã xuất bản",
)
def bulletin_list(request):
    return _issues()


@_detail(
    "/bulletins/{slug}",
    schemas.BulletinIssueDetailOut,
    tag="Bản tin sinh hoạt chi bộ",
    summary="Một số bản tin: các bài (chỉ bài đang xuất bản) và mục định hướng",
)
def bulletin_detail(request, slug: str):
    return get_object_or_404(_issues(), slug=slug)
