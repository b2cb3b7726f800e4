"""Demo content of the other channels (issue 16): a published cell-meeting bulletin made of demo
articles (with its stored print edition; its own texts are in `data/channels.yaml`) and two
radio items whose audio this module makes itself (portal.demo.sounds). Everything goes through
the editorial core and the article services, as staff work; running it again changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone

from portal.demo import content, datafile
from portal.demo.datafile import Record, Rows
from portal.demo.sounds import tone_mp3
from portal.text import slugify_vi

DATA_FILE = Path(__file__).parent / "data" / "channels.yaml"
SCHEMA = {
    "bulletin": Record(
        ("introduction", "sections"), nested={"sections": Rows(("kind", "title", "body"))}
    )
}


def _published_demo_articles(count: int):
    from articles.models import Article

    slugs = [slugify_vi(row["title"]) for row in content.data()["articles"][:count]]
    found = {a.slug: a for a in Article.objects.published().filter(slug__in=slugs)}
    return [found[s] for s in slugs if s in found]


def load_bulletin(*, editor, note: Callable[[bool, str], None], with_files: bool) -> None:
    from articles.bulletin_pdf import stored_pdf
    from articles.models import BulletinIssue, BulletinItem, BulletinSection
    from portal.editorial import workflow

    today = timezone.localdate()
    if BulletinIssue.objects.filter(year=today.year, number=today.month).exists():
        return
    text = datafile.read(DATA_FILE, SCHEMA)["bulletin"]
    articles = _published_demo_articles(4)
    issue = BulletinIssue(
        number=today.month,
        year=today.year,
        period_kind=BulletinIssue.PeriodKind.MONTH,
        period_value=today.month,
        introduction=text["introduction"],
    )

    def add_children() -> None:
        for order, article in enumerate(articles, start=1):
            mode = BulletinItem.Mode.SUMMARY if order == len(articles) else BulletinItem.Mode.FULL
            BulletinItem.objects.create(issue=issue, article=article, order=order, mode=mode)
        for order, section in enumerate(text["sections"], start=1):
            BulletinSection.objects.create(issue=issue, order=order, **section)

    workflow.save_content(item=issue, by=editor, after_save=add_children)
    workflow.transition(item=issue, by=editor, action="publish")
    if with_files:  # files are not rolled back with the database (--dry-run)
        stored_pdf(issue)
    note(True, issue.title)


def load_radio(*, editor, note: Callable[[bool, str], None], with_files: bool) -> None:
    from articles import services

    if not with_files:
        return
    for index, article in enumerate(_published_demo_articles(2)):
        if article.audio:
            continue
        article.audio = ContentFile(tone_mp3(4 + 2 * index, pitch=392 + 49 * index),
                                    name=f"{article.slug}.mp3")  # fmt: skip
        services.article_save(article=article, by=editor)
        note(True, f"Phát thanh: {article.title}")


def load_channels(*, editor, writer, note, with_files: bool) -> None:
    # Radio first: attaching audio makes a new version of an article, hence of the bulletin's
    # print edition, which is made last.
    load_radio(editor=editor, note=note, with_files=with_files)
    load_bulletin(editor=editor, note=note, with_files=with_files)
