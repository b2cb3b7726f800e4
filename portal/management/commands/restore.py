from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Khôi phục từ một tệp sao lưu của lệnh backup. THAY THẾ toàn bộ nội dung hiện có "
        "(bài viết, tài khoản, tệp ảnh) bằng nội dung trong tệp."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="Tệp .tar.gz do lệnh backup tạo ra.")
        parser.add_argument(
            "--yes", action="store_true", help="Xác nhận thay thế toàn bộ nội dung hiện có."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ kiểm tra tệp sao lưu, không ghi gì."
        )
        parser.add_argument(
            "--allow-superusers",
            action="store_true",
            help="Cho phép tệp sao lưu tạo tài khoản siêu quản trị mới hoặc nâng quyền một "
            "tài khoản lên siêu quản trị (mặc định: từ chối).",
        )

    def handle(self, *args, archive: Path, yes=False, dry_run=False, allow_superusers=False,
               **options):  # fmt: skip
        try:
            manifest = read_manifest(archive)
            rows = sum(manifest["models"].values())
            self.stdout.write(
                f"Tệp sao lưu lúc {manifest['created_at']}: {rows} bản ghi, "
                f"{manifest['media_files']} tệp."
            )
            if dry_run:
                return
            if not yes:
                raise CommandError(
                    "Khôi phục sẽ xóa và thay toàn bộ nội dung hiện có. Chạy lại với --yes."
                )
            restore_backup(archive, allow_superusers=allow_superusers)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Đã khôi phục xong; số bản ghi khớp với tệp sao lưu."))
