from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from models_campaign.contests.services import anonymise_participants


class Command(BaseCommand):
    help = (
        "Ẩn danh hóa người dự thi của các cuộc thi đã kết thúc quá số tháng quy định "
        "(CONTEST_PERSONAL_DATA_MONTHS): xóa họ tên, số điện thoại, năm sinh; giữ đơn vị, địa "
        "bàn và kết quả để thống kê không đổi."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Số tháng sau khi cuộc thi kết thúc (mặc định: theo cấu hình).",
        )
        parser.add_argument("--dry-run", action="store_true",
                            help="Chỉ đếm, không thay đổi dữ liệu.")  # fmt: skip

    def handle(self, *args, months=None, dry_run=False, **options):
        months = settings.CONTEST_PERSONAL_DATA_MONTHS if months is None else months
        if months < 0:
            raise CommandError("Số tháng phải không âm.")
        count = anonymise_participants(months=months, dry_run=dry_run)
        verb = "Sẽ ẩn danh hóa" if dry_run else "Đã ẩn danh hóa"
        self.stdout.write(self.style.SUCCESS(f"{verb} {count} người dự thi (sau {months} tháng)."))
