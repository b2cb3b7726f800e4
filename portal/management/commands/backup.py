from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.backup import create_backup


class Command(BaseCommand):
    help = "Sao lưu toàn bộ nội dung (cơ sở dữ liệu và tệp ảnh) vào một tệp .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Tệp sao lưu sẽ ghi (mặc định: BACKUP_DIR/portal-<thời điểm>.tar.gz).",
        )

    def handle(self, *args, output: Path | None = None, **options):
        if output is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.BACKUP_DIR) / f"portal-{stamp}.tar.gz"
        manifest = create_backup(output)
        rows = sum(manifest["models"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu {rows} bản ghi và {manifest['media_files']} tệp vào {output}"
            )
        )
