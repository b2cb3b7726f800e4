"""Fill the database with the demo content: organisations, categories, authors, articles with
pictures, and one staff account per role. Idempotent: a second run changes nothing."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portal.demo import content
from portal.demo.images import demo_picture
from portal.models import Organization
from portal.text import slugify_vi


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (chuyên mục, tác giả, bài viết có ảnh, tài khoản thử) để dùng thử."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chỉ cho biết sẽ tạo những gì, không ghi vào cơ sở dữ liệu.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Cho phép chạy khi DEBUG tắt (tài khoản mẫu có mật khẩu công khai).",
        )

    def handle(self, *args, dry_run: bool = False, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Dữ liệu mẫu tạo tài khoản có mật khẩu công khai: không chạy khi DEBUG tắt. "
                "Dùng --force nếu thật sự muốn."
            )
        self.created: list[str] = []
        self.dry_run = dry_run
        with transaction.atomic():
            self.load()
            if dry_run:
                transaction.set_rollback(True)
        verb = "Sẽ tạo" if dry_run else "Đã tạo"
        if self.created:
            self.stdout.write(self.style.SUCCESS(f"{verb} {len(self.created)} đối tượng mẫu."))
        else:
            self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã có sẵn, không thay đổi gì."))
        self.stdout.write("Tài khoản thử (chỉ dùng để thử nghiệm):")
        for username, password, _name, role, _author in content.STAFF:
            self.stdout.write(f"  {role:<15} {username:<12} mật khẩu: {password}")

    def note(self, created: bool, what: str) -> None:
        if created:
            self.created.append(what)

    def load(self) -> None:
        from articles import services
        from articles.models import Article, Author, Category

        orgs: dict[str, Organization] = {}
        for name, short_name, parent in content.ORGANIZATIONS:
            org, created = Organization.objects.get_or_create(
                name=name,
                defaults={"short_name": short_name, "parent": orgs.get(parent)},
            )
            orgs[name] = org
            self.note(created, name)

        categories: dict[str, Category] = {}
        for name, slug, parent_slug, order, description in content.CATEGORIES:
            slug = slug or slugify_vi(name)
            category, created = Category.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "parent": categories.get(parent_slug),
                    "order": order,
                    "description": description,
                },
            )
            categories[slug] = category
            self.note(created, name)

        authors: list[Author] = []
        for name, org_name in content.AUTHORS:
            author, created = Author.objects.get_or_create(
                slug=slugify_vi(name), defaults={"name": name, "organization": orgs[org_name]}
            )
            authors.append(author)
            self.note(created, name)

        User = get_user_model()
        users = {}
        for username, password, full_name, role, author_name in content.STAFF:
            last, _, first = full_name.rpartition(" ")
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "is_staff": True},
            )
            if created:
                user.set_password(password)
                user.save()
                user.groups.add(Group.objects.get(name=role))
                self.note(True, username)
            if author_name:
                Author.objects.filter(name=author_name, user__isnull=True).update(user=user)
            users[role] = user
        writer, editor = users["Phóng viên"], users["Biên tập viên"]

        now = timezone.now().replace(second=0, microsecond=0)
        for index, (title, cat_slug, summary, tags, author_ix, featured) in enumerate(
            content.ARTICLES
        ):
            if Article.objects.filter(slug=slugify_vi(title)).exists():
                continue
            article = services.article_create(
                title=title,
                category=categories[cat_slug],
                by=writer,
                summary=summary,
                body=self.body_for(index, summary),
                authors=[authors[i] for i in author_ix],
                tags=tags,
                source="Ban Tuyên giáo Thành ủy",
                is_featured=featured,
            )
            if not self.dry_run:  # files are not rolled back with the database
                self.attach_picture(article, index, by=writer)
            services.article_publish(
                article=article, by=editor, at=now - timedelta(hours=7 * index + 2)
            )
            self.note(True, title)

        for offset, (title, cat_slug, summary, status, hours) in enumerate(content.UNPUBLISHED):
            if Article.objects.filter(slug=slugify_vi(title)).exists():
                continue
            article = services.article_create(
                title=title,
                category=categories[cat_slug],
                by=writer,
                summary=summary,
                body=self.body_for(offset, summary),
                authors=[authors[0]],
            )
            if status == Article.Status.PUBLISHED:
                services.article_publish(
                    article=article, by=editor, at=now + timedelta(hours=hours)
                )
            elif status == Article.Status.PENDING:
                services.article_submit(article=article, by=writer)
            self.note(True, title)

        from articles.demo_documents import load_documents  # the documents registry ("Văn bản")

        picture = None if self.dry_run else self.attach_picture
        load_documents(editor=editor, writer=writer, note=self.note, picture=picture)

        # The showcase of "mô hình học tập và làm theo Bác" (models_campaign).
        from models_campaign.demo import load_showcase

        load_showcase(editor=editor, writer=writer, note=self.note, with_pictures=not self.dry_run)
        # The bulletin, the radio programme (portal.demo.channels).
        from portal.demo.channels import load_channels

        load_channels(editor=editor, writer=writer, note=self.note, with_files=not self.dry_run)
        # Online knowledge contests (models_campaign.contests).
        from models_campaign.contests.demo import load_contests

        load_contests(editor=editor, writer=writer, organiser=users["Ban tổ chức hội thi"],
                      note=self.note)  # fmt: skip

    @staticmethod
    def body_for(index: int, summary: str) -> str:
        paragraphs = content.PARAGRAPHS
        chosen = [paragraphs[(index + step) % len(paragraphs)] for step in range(4)]
        body = [f"<p>{summary}</p>", f"<p>{chosen[0]}</p>", f"<p>{chosen[1]}</p>"]
        body.append("<h2>Lan tỏa trong cộng đồng</h2>")
        body += [f"<p>{chosen[2]}</p>", f"<blockquote><p>{chosen[3]}</p></blockquote>"]
        return "\n".join(body)

    @staticmethod
    def attach_picture(article, index: int, *, by) -> None:
        """Through the same path as a staff upload: checked and cleaned by portal.images, stored
        under a random name, renditions made (articles.services.article_save)."""
        from articles import services

        article.featured_image = ContentFile(demo_picture(index), name=f"{article.slug}.jpg")
        article.featured_image_alt = f"Ảnh minh họa: {article.title}"
        article.featured_image_caption = "Ảnh minh họa do Ban Tuyên giáo Thành ủy thực hiện."
        services.article_save(article=article, by=by)
