"""Demo content of the other channels (issue 16): a published cell-meeting bulletin made of demo
articles (with its stored print edition) and two radio items whose audio this module makes
itself (portal.demo.sounds). Everything goes through the editorial core and the article
services, as staff work; running it again changes nothing."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.base import ContentFile
from django.utils import timezone

from portal.demo import content
from portal.demo.sounds import tone_mp3
from portal.text import slugify_vi

GUIDANCE = (
    "Chi bộ tổ chức cho đảng viên thảo luận các bài trong bản tin, liên hệ với nhiệm vụ của "
    "khu phố, ấp và cơ quan.\n\n"
    "Mỗi đảng viên đăng ký ít nhất một việc làm cụ thể học tập và làm theo Bác trong tháng; bí "
    "thư chi bộ tổng hợp, báo cáo Đảng ủy cơ sở trước ngày 25."
)
EXCERPT = (
    "“Mỗi cán bộ, đảng viên phải gương mẫu học tập và làm theo tư tưởng, đạo đức, phong cách "
    "Hồ Chí Minh, gắn với việc thực hiện nhiệm vụ chính trị của cơ quan, đơn vị, địa phương.”"
)


def _published_demo_articles(count: int):
    from articles.models import Article

    slugs = [slugify_vi(row[0]) for row in content.ARTICLES[:count]]
    found = {a.slug: a for a in Article.objects.published().filter(slug__in=slugs)}
    return [found[s] for s in slugs if s in found]


def load_bulletin(*, editor, note: Callable[[bool, str], None], with_files: bool) -> None:
    from articles.bulletin_pdf import stored_pdf
    from articles.models import BulletinIssue, BulletinItem, BulletinSection
    from portal.editorial import workflow

    today = timezone.localdate()
    if BulletinIssue.objects.filter(year=today.year, number=today.month).exists():
        return
    articles = _published_demo_articles(4)
    issue = BulletinIssue(
        number=today.month,
        year=today.year,
        period_kind=BulletinIssue.PeriodKind.MONTH,
        period_value=today.month,
        introduction=(
            "Kính gửi các đồng chí bí thư chi bộ và đảng viên. Bản tin tháng này giới thiệu "
            "cách làm hay trong học tập và làm theo Bác, kèm định hướng nội dung sinh hoạt chi bộ."
        ),
    )

    def add_children() -> None:
        for order, article in enumerate(articles, start=1):
            mode = BulletinItem.Mode.SUMMARY if order == len(articles) else BulletinItem.Mode.FULL
            BulletinItem.objects.create(issue=issue, article=article, order=order, mode=mode)
        BulletinSection.objects.create(
            issue=issue, kind=BulletinSection.Kind.GUIDANCE, order=1,
            title="Định hướng sinh hoạt chi bộ tháng này", body=GUIDANCE,
        )  # fmt: skip
        BulletinSection.objects.create(
            issue=issue, kind=BulletinSection.Kind.EXCERPT, order=2,
            title="Trích Chỉ thị số 05-CT/TW của Bộ Chính trị", body=EXCERPT,
        )  # fmt: skip

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
