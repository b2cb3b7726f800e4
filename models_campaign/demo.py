"""Demo content of the showcase: fictional models and people of a city's campaign "Học tập và
làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", written for this project in
`demo_data/showcase.yaml` (every name, number and decision there is invented). Pictures are drawn
by `portal.demo.images`.

`load_showcase()` is called by `manage.py load_demo`; it is idempotent (get_or_create) and
publishes through the same service that editors use.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone

from portal.demo import content, datafile
from portal.demo.datafile import Record, Rows, Texts
from portal.demo.images import demo_picture
from portal.models import Organization

DATA_FILE = Path(__file__).parent / "demo_data" / "showcase.yaml"
RECOGNITION = Rows(("level", "decision_number", "decided_on", "issuer"))
SCHEMA = {
    "fields": Rows(("name", "order", "description", "paragraph")),
    "localities": Rows(("name", "kind", "order")),
    "themes": Rows(("year", "title", "description")),
    # Units carrying out the models, besides those of the articles' demo content.
    "organizations": content.ORGANIZATION,
    "entries": Rows(
        ("name", "kind", "organization", "locality", "field", "year_started", "status", "summary"),
        {
            "theme": None,
            "people_reached": None,
            "value_raised": None,
            "results": "",
            "replicated_from": None,
            "recognitions": [],
            "is_featured": False,
        },
        nested={"recognitions": RECOGNITION},
    ),  # fmt: skip
    # Entries written but not published (to show the editors' queue).
    "unpublished": Rows(
        ("name", "organization", "locality", "field", "year_started", "publication")
    ),
    "captions": Texts(),
    "texts": Record(("description", "unpublished_summary", "photo_alt")),
}
DEMO_CATEGORY_SLUG = "hoc-tap-va-lam-theo-bac"
THEME_OF_THE_NEWEST_ARTICLES = 2025


def data() -> dict:
    return datafile.read(DATA_FILE, SCHEMA)


def load_showcase(*, editor, writer, note, with_pictures: bool = True) -> None:
    """Create the showcase's demo content if it is not there yet; `note(created, what)`.

    `with_pictures=False` (a dry run) writes no picture files: files are not rolled back with
    the database."""
    from models_campaign import services
    from models_campaign.models import AnnualTheme, Field, Locality

    showcase = data()
    lookups = {
        "field": _get_or_create(Field, showcase["fields"], "name", note, exclude=("paragraph",)),
        "locality": _get_or_create(Locality, showcase["localities"], "name", note),
        "theme": _get_or_create(AnnualTheme, showcase["themes"], "year", note, label="title"),
    }
    content.load_organizations(showcase["organizations"], note=note)
    lookups["organization"] = {org.name: org for org in Organization.objects.all()}
    articles = _link_theme_articles(lookups["theme"][THEME_OF_THE_NEWEST_ARTICLES], note=note)
    paragraphs = {row["name"]: row["paragraph"] for row in showcase["fields"]}
    now = timezone.now().replace(second=0, microsecond=0)
    entries: dict = {}
    for index, row in enumerate(showcase["entries"]):
        description = showcase["texts"]["description"].format(
            organization=row["organization"], year=row["year_started"],
            locality=row["locality"], paragraph=paragraphs[row["field"]],
        )  # fmt: skip
        entry, created = _entry(row, lookups, writer=writer, description=description,
                                replicated_from=entries.get(row["replicated_from"]))  # fmt: skip
        entries[row["name"]] = entry
        note(created, row["name"])
        if created:
            _complete(entry, row, index, showcase, articles, with_pictures=with_pictures)
            at = now - timedelta(days=index, hours=3)
            services.entry_publish(entry=entry, by=editor, at=at)
    _load_unpublished(showcase, lookups, writer=writer, note=note)


def _get_or_create(model, rows, key: str, note, *, label: str = "name", exclude=()) -> dict:
    """Rows of a lookup table by `key`; a row already there is left as it is."""
    found = {}
    for row in rows:
        defaults = {k: v for k, v in row.items() if k != key and k not in exclude}
        found[row[key]], created = model.objects.get_or_create(**{key: row[key]}, defaults=defaults)
        note(created, row[label])
    return found


def _link_theme_articles(theme, *, note) -> list:
    """The newest articles of the campaign's category belong to this year's theme."""
    from articles.models import Article
    from models_campaign.models import ThemeArticle

    articles = list(
        Article.objects.published()
        .filter(category__slug=DEMO_CATEGORY_SLUG)
        .order_by("-publish_at", "pk")
    )
    for article in articles[:4]:
        _link, created = ThemeArticle.objects.get_or_create(
            article=article, defaults={"theme": theme}
        )
        note(created, f"chuyên đề: {article.title}")
    return articles


def _entry(row: dict, lookups: dict, *, writer, description: str, replicated_from):
    from models_campaign.models import ShowcaseEntry

    return ShowcaseEntry.objects.get_or_create(
        organization=lookups["organization"][row["organization"]],
        name=row["name"],
        defaults={
            "kind": row["kind"],
            "locality": lookups["locality"][row["locality"]],
            "field": lookups["field"][row["field"]],
            "theme": lookups["theme"].get(row["theme"]),
            "year_started": row["year_started"],
            "status": row["status"],
            "summary": row["summary"],
            "description": description,
            "people_reached": row["people_reached"],
            "value_raised": row["value_raised"],
            "results": row["results"],
            "replicated_from": replicated_from,
            "is_featured": row["is_featured"],
            "created_by": writer,
        },
    )


def _complete(entry, row: dict, index: int, showcase: dict, articles: list, *, with_pictures):
    """A new entry's recognitions, two photos (through the editors' service) and an article."""
    from models_campaign import services
    from models_campaign.models import EntryPhoto, Recognition

    for recognition in row["recognitions"]:
        Recognition.objects.create(entry=entry, **recognition)
    captions = showcase["captions"]
    for step in range(2 if with_pictures else 0):
        photo = EntryPhoto(
            entry=entry,
            alt=showcase["texts"]["photo_alt"].format(number=step + 1, name=row["name"]),
            caption=captions[(index + step) % len(captions)],
            order=step,
        )
        picture = demo_picture(200 + index * 2 + step)
        photo.image = ContentFile(picture, name=f"{entry.slug}.jpg")
        services.photo_save(photo=photo)
    if articles:
        entry.related_articles.add(articles[index % len(articles)])


def _load_unpublished(showcase: dict, lookups: dict, *, writer, note) -> None:
    from models_campaign import services
    from models_campaign.models import ShowcaseEntry

    for row in showcase["unpublished"]:
        entry, created = ShowcaseEntry.objects.get_or_create(
            organization=lookups["organization"][row["organization"]],
            name=row["name"],
            defaults={
                "locality": lookups["locality"][row["locality"]],
                "field": lookups["field"][row["field"]],
                "year_started": row["year_started"],
                "summary": showcase["texts"]["unpublished_summary"],
                "created_by": writer,
            },
        )
        note(created, row["name"])
        if created and row["publication"] == "pending":
            services.entry_submit(entry=entry, by=writer)
