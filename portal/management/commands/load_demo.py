"""Fill the database with the demo content: organisations, categories, authors, articles with
pictures, one staff account per role, documents, showcase entries, a bulletin, radio items and a
contest. The content is in YAML data files next to each loader (`portal/demo/data/`,
`articles/demo_data/`, `models_campaign/demo_data/`, `models_campaign/contests/demo_data/`),
checked by `portal.demo.datafile`. Idempotent: a second run changes nothing."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.demo import content
from portal.demo.datafile import DemoDataError


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
        try:
            with transaction.atomic():
                self.load()
                if dry_run:
                    transaction.set_rollback(True)
        except DemoDataError as exc:  # a data file was edited wrongly: nothing was written
            raise CommandError(str(exc)) from exc
        verb = "Sẽ tạo" if dry_run else "Đã tạo"
        if self.created:
            self.stdout.write(self.style.SUCCESS(f"{verb} {len(self.created)} đối tượng mẫu."))
        else:
            self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã có sẵn, không thay đổi gì."))
        self.stdout.write("Tài khoản thử (chỉ dùng để thử nghiệm):")
        for staff in content.data()["staff"]:
            role, username, password = staff["role"], staff["username"], staff["password"]
            self.stdout.write(f"  {role:<15} {username:<12} mật khẩu: {password}")

    def note(self, created: bool, what: str) -> None:
        if created:
            self.created.append(what)

    def load(self) -> None:
        """Each part loads its own data file; the order matters (later parts use earlier rows)."""
        from articles.demo_documents import load_documents  # the documents registry ("Văn bản")
        from models_campaign.contests.demo import load_contests
        from models_campaign.demo import load_showcase
        from portal.demo.channels import load_channels

        with_files = not self.dry_run  # files are not rolled back with the database
        users = content.load(note=self.note, with_pictures=with_files)
        editor, writer = users["Biên tập viên"], users["Phóng viên"]
        picture = content.attach_picture if with_files else None
        load_documents(editor=editor, writer=writer, note=self.note, picture=picture)
        # The showcase of "mô hình học tập và làm theo Bác" (models_campaign).
        load_showcase(editor=editor, writer=writer, note=self.note, with_pictures=with_files)
        # The bulletin, the radio programme.
        load_channels(editor=editor, writer=writer, note=self.note, with_files=with_files)
        # Online knowledge contests (models_campaign.contests).
        load_contests(editor=editor, writer=writer, organiser=users["Ban tổ chức hội thi"],
                      note=self.note)  # fmt: skip
