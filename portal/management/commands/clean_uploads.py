from datetime import timedelta

from django.core.management.base import BaseCommand

from portal import images
from portal.uploads import unused_uploads


class Command(BaseCommand):
    help = (
        "Xóa ảnh tải lên trong trình soạn thảo mà không bài nào dùng (ví dụ bài bị bỏ dở, không "
        "lưu) sau một thời gian, cùng các bản thu nhỏ. Nên chạy mỗi ngày."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=int, default=24, help="Chỉ xóa ảnh cũ hơn số giờ này (mặc định 24)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ liệt kê ảnh sẽ xóa, không xóa gì."
        )

    def handle(self, *args, hours: int = 24, dry_run: bool = False, **options):
        names = unused_uploads(older_than=timedelta(hours=max(hours, 1)))
        for number, name in enumerate(names, 1):
            self.stdout.write(f"[{number}/{len(names)}] {name}")
            if not dry_run:
                images.delete_image(name)
        verb = "Sẽ xóa" if dry_run else "Đã xóa"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(names)} ảnh không dùng đến."))
