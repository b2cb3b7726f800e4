"""The portal's demo content: organisations, categories, authors, one staff account per role,
published articles with pictures and a few in the editors' queue. The content itself is in
`data/content.yaml` (written for this project: fictional but realistic news of a city's
propaganda office; names of people are made up); the functions below load it through the
article services, as staff work. Idempotent: a second run changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from portal.demo import datafile
from portal.demo.datafile import Rows, Texts
from portal.demo.images import demo_picture
from portal.models import Organization
from portal.text import slugify_vi

DATA_FILE = Path(__file__).parent / "data" / "content.yaml"
ORGANIZATION = Rows(("name", "short_name"), {"parent": None})
SCHEMA = {
    "organizations": ORGANIZATION,
    "categories": Rows(("name", "order", "description"), {"slug": "", "parent": ""}),
    "authors": Rows(("name", "organization")),
    "staff": Rows(("username", "password", "full_name", "role"), {"author": ""}),
    "articles": Rows(("title", "category", "summary", "tags", "authors"), {"is_featured": False}),
    "unpublished": Rows(
        ("title", "category", "summary", "authors", "status"), {"publish_in_hours": None}
    ),
    "paragraphs": Texts(),
}
SOURCE = "Ban Tuyên giáo Thành ủy"

Note = Callable[[bool, str], None]


def data() -> dict:
    return datafile.read(DATA_FILE, SCHEMA)


def load(*, note: Note, with_pictures: bool) -> dict:
    """Load the whole file; return the staff accounts by role for the other demo loaders."""
    from articles import services

    content = data()
    load_organizations(content["organizations"], note=note)
    categories = load_categories(content["categories"], note=note)
    authors = load_authors(content["authors"], note=note)
    users = load_staff(content["staff"], note=note)
    writer, editor = users["Phóng viên"], users["Biên tập viên"]
    now = timezone.now().replace(second=0, microsecond=0)
    add = {"content": content, "categories": categories, "authors": authors, "by": writer}
    for index, row in enumerate(content["articles"]):
        article = create_article(row, index, **add, source=SOURCE, tags=row["tags"],
                                 is_featured=row["is_featured"])  # fmt: skip
        if article is None:
            continue
        if with_pictures:  # files are not rolled back with the database (--dry-run)
            attach_picture(article, index, by=writer)
        services.article_publish(
            article=article, by=editor, at=now - timedelta(hours=7 * index + 2)
        )
        note(True, article.title)
    for offset, row in enumerate(content["unpublished"]):
        article = create_article(row, offset, **add)
        if article is None:
            continue
        if row["status"] == "published":  # scheduled
            at = now + timedelta(hours=row["publish_in_hours"])
            services.article_publish(article=article, by=editor, at=at)
        elif row["status"] == "pending":
            services.article_submit(article=article, by=writer)
        note(True, article.title)
    return users


def load_organizations(rows: list[dict], *, note: Note) -> None:
    """Units, parents first (a parent is looked up by name)."""
    for row in rows:
        parent = Organization.objects.filter(name=row["parent"]).first() if row["parent"] else None
        _org, created = Organization.objects.get_or_create(
            name=row["name"], defaults={"short_name": row["short_name"], "parent": parent}
        )
        note(created, row["name"])


def load_categories(rows: list[dict], *, note: Note) -> dict:
    from articles.models import Category

    categories = {}
    for row in rows:
        slug = row["slug"] or slugify_vi(row["name"])
        categories[slug], created = Category.objects.get_or_create(
            slug=slug,
            defaults={"name": row["name"], "parent": categories.get(row["parent"]),
                      "order": row["order"], "description": row["description"]},
        )  # fmt: skip
        note(created, row["name"])
    return categories


def load_authors(rows: list[dict], *, note: Note) -> dict:
    from articles.models import Author

    authors = {}
    for row in rows:
        authors[row["name"]], created = Author.objects.get_or_create(
            slug=slugify_vi(row["name"]),
            defaults={"name": row["name"],
                      "organization": Organization.objects.get(name=row["organization"])},
        )  # fmt: skip
        note(created, row["name"])
    return authors


def load_staff(rows: list[dict], *, note: Note) -> dict:
    """One account per role (demo only: `load_demo` refuses to run in production)."""
    from articles.models import Author

    users = {}
    for row in rows:
        last, _, first = row["full_name"].rpartition(" ")
        user, created = get_user_model().objects.get_or_create(
            username=row["username"],
            defaults={"first_name": first, "last_name": last, "is_staff": True},
        )
        if created:
            user.set_password(row["password"])
            user.save()
            user.groups.add(Group.objects.get(name=row["role"]))
            note(True, row["username"])
        if row["author"]:
            Author.objects.filter(name=row["author"], user__isnull=True).update(user=user)
        users[row["role"]] = user
    return users


def create_article(row: dict, index: int, *, content, categories, authors, by, **extra):
    """A new draft through the article services, or None when the demo already has it."""
    from articles import services
    from articles.models import Article

    if Article.objects.filter(slug=slugify_vi(row["title"])).exists():
        return None
    return services.article_create(
        title=row["title"],
        category=categories[row["category"]],
        by=by,
        summary=row["summary"],
        body=body_for(index, row["summary"], content["paragraphs"]),
        authors=[authors[name] for name in row["authors"]],
        **extra,
    )


def body_for(index: int, summary: str, paragraphs: list[str]) -> str:
    chosen = [paragraphs[(index + step) % len(paragraphs)] for step in range(4)]
    body = [f"<p>{summary}</p>", f"<p>{chosen[0]}</p>", f"<p>{chosen[1]}</p>"]
    body.append("<h2>Lan tỏa trong cộng đồng</h2>")
    body += [f"<p>{chosen[2]}</p>", f"<blockquote><p>{chosen[3]}</p></blockquote>"]
    return "\n".join(body)


def attach_picture(article, index: int, *, by) -> None:
    """Through the same path as a staff upload: checked and cleaned by portal.images, stored
    under a random name, renditions made (articles.services.article_save)."""
    from articles import services

    article.featured_image = ContentFile(demo_picture(index), name=f"{article.slug}.jpg")
    article.featured_image_alt = f"Ảnh minh họa: {article.title}"
    article.featured_image_caption = "Ảnh minh họa do Ban Tuyên giáo Thành ủy thực hiện."
    services.article_save(article=article, by=by)
