"""`manage.py relink_documents [--dry-run]`: link every article to the registered documents."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from articles.documents import relink_articles

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Gắn liên kết từ nội dung mọi bài viết tới các văn bản đã xuất bản (chạy sau khi thêm "
        "văn bản) và cập nhật danh sách bài viết liên quan của từng văn bản."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chỉ đếm những bài sẽ được gắn liên kết, không ghi gì.",
        )
        parser.add_argument(
            "--chunk-size", type=int, default=1000, help="Số bài viết xử lý trong một lượt."
        )
        parser.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến độ.")

    def handle(self, *args, dry_run=False, chunk_size=1000, no_progress=False, **options):
        started = time.monotonic()
        interactive = self.stderr.isatty()
        last_tenth = [-1]

        def progress(done: int, total: int) -> None:
            if no_progress or not total:
                return
            filled = BAR_WIDTH * done // total
            line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} bài viết"
            if interactive:
                self.stderr.write("\r" + line, ending="\n" if done == total else "")
            elif done * 10 // total != last_tenth[0]:  # a log gets a line every tenth
                last_tenth[0] = done * 10 // total
                self.stderr.write(line)

        report = relink_articles(dry_run=dry_run, chunk_size=max(1, chunk_size), progress=progress)
        seconds = time.monotonic() - started
        verb = "Sẽ gắn" if dry_run else "Đã gắn"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} liên kết văn bản cho {report.changed} trên {report.articles} bài viết; "
                f"trích dẫn thêm {report.citations_added}, bỏ {report.citations_removed} "
                f"({seconds:.1f} giây)."
            )
        )
        if dry_run:
            self.stdout.write("Chạy thử: chưa ghi gì vào cơ sở dữ liệu.")
