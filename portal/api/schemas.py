"""What the API returns: pydantic schemas read from model rows (ninja's `resolve_*` hooks).

Every row these schemas read comes from a `published()` queryset (portal.api.views).
"""

from datetime import date, datetime

from django.core.files.storage import default_storage
from ninja import Schema

from portal import images


def _absolute(context, path: str) -> str:
    return context["request"].build_absolute_uri(path)


class RenditionOut(Schema):
    url: str
    width: int
    height: int
    type: str


class ImageOut(Schema):
    url: str
    width: int | None
    height: int | None
    alt: str
    caption: str
    renditions: list[RenditionOut]


def image_out(context, file, *, width, height, alt: str = "", caption: str = ""):
    """A stored picture and its renditions (computed from the name: no storage access)."""
    if not file:
        return None
    renditions = [
        {
            "url": _absolute(context, default_storage.url(r.name)),
            "width": r.width,
            "height": r.height,
            "type": r.mime,
        }
        for r in images.renditions_for(file.name, width=width or 0, height=height or 0)
    ]
    return {
        "url": _absolute(context, file.url),
        "width": width,
        "height": height,
        "alt": alt,
        "caption": caption,
        "renditions": renditions,
    }


class CategoryRef(Schema):
    id: int
    name: str
    slug: str


class CategoryOut(CategoryRef):
    parent_id: int | None
    description: str
    url: str

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class ArticleOut(Schema):
    id: int
    title: str
    slug: str
    url: str
    summary: str
    category: CategoryRef
    authors: list[str]
    tags: list[str]
    publish_at: datetime
    updated_at: datetime
    image: ImageOut | None

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_authors(obj) -> list[str]:
        return [author.byline for author in obj.authors.all()]

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return [tag.name for tag in obj.tags.all()]

    @staticmethod
    def resolve_image(obj, context):
        return image_out(
            context,
            obj.featured_image,
            width=obj.featured_image_width,
            height=obj.featured_image_height,
            alt=obj.featured_image_alt,
            caption=obj.featured_image_caption,
        )


class AudioOut(Schema):
    url: str
    type: str
    size: int | None
    duration: int | None  # seconds
    bitrate: int | None  # kbit/s


class ArticleDetailOut(ArticleOut):
    body: str
    source: str
    audio: AudioOut | None

    @staticmethod
    def resolve_audio(obj, context):
        if not obj.audio:
            return None
        return {
            "url": _absolute(context, obj.audio.url),
            "type": obj.audio_type,
            "size": obj.audio_size,
            "duration": obj.audio_duration,
            "bitrate": obj.audio_bitrate,
        }


class PublicItemOut(Schema):
    """What every published item of a kind says about itself: its public address, its kind
    (in words) and when it was published and last changed."""

    url: str
    kind: str
    publish_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_kind(obj) -> str:
        return obj.get_kind_display()


class ShowcaseEntryOut(PublicItemOut):
    id: int
    name: str
    slug: str
    summary: str
    organization: str
    locality: str
    field: str
    year_started: int
    status: str

    @staticmethod
    def resolve_status(obj) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_organization(obj) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_locality(obj) -> str:
        return obj.locality.name

    @staticmethod
    def resolve_field(obj) -> str:
        return obj.field.name


class ErrorOut(Schema):
    detail: str


class BulletinArticleOut(Schema):
    id: int
    title: str
    slug: str
    url: str
    mode: str  # "full" or "summary"


class BulletinSectionOut(Schema):
    kind: str
    title: str
    body: str


class BulletinIssueOut(Schema):
    id: int
    number: int
    year: int
    period: str
    title: str
    slug: str
    url: str
    pdf_url: str
    introduction: str
    publish_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_period(obj) -> str:
        return obj.period_label

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_pdf_url(obj, context) -> str:
        return _absolute(context, obj.get_pdf_url())


class BulletinIssueDetailOut(BulletinIssueOut):
    articles: list[BulletinArticleOut]
    sections: list[BulletinSectionOut]

    @staticmethod
    def resolve_articles(obj, context) -> list[dict]:
        from articles.bulletin_pdf import public_items

        return [
            {
                "id": item.article.pk,
                "title": item.article.title,
                "slug": item.article.slug,
                "url": _absolute(context, item.article.get_absolute_url()),
                "mode": item.mode,
            }
            for item in public_items(obj)
        ]

    @staticmethod
    def resolve_sections(obj) -> list[dict]:
        return [
            {"kind": s.get_kind_display(), "title": s.title, "body": s.body}
            for s in obj.sections.all()
        ]


class DocumentAttachmentOut(Schema):
    title: str
    url: str
    file_type: str
    size: int

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.display_title

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class DocumentOut(PublicItemOut):
    id: int
    slug: str
    number: str
    abstract: str
    issuing_body: str
    issued_on: date
    signer: str
    validity: str

    @staticmethod
    def resolve_issuing_body(obj) -> str:
        return obj.issuing_body.name

    @staticmethod
    def resolve_validity(obj) -> str:
        return obj.get_validity_display()


class DocumentDetailOut(DocumentOut):
    summary: str
    attachments: list[DocumentAttachmentOut]

    @staticmethod
    def resolve_attachments(obj) -> list:
        return list(obj.attachments.all())
