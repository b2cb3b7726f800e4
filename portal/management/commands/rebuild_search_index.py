"""Rebuild the stored search document of everything searchable (every `SEARCH_SOURCES` entry).

Needed after changing how documents are built, after loading data with bulk tools that skip
`save()` (loaddata, bulk_create, raw SQL), or after moving data from SQLite to PostgreSQL.
Saving an object through the admin or the services keeps its document current by itself.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.search import get_sources


class Command(BaseCommand):
    help = (
        "Dựng lại chỉ mục tìm kiếm cho toàn bộ nội dung (bài viết và các loại nội dung khác "
        "được tìm kiếm), theo từng lô, có thanh tiến độ."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="Số đối tượng ghi trong một lô (mặc định 500).",
        )

    def handle(self, *args, batch_size: int = 500, **options):
        batch_size = max(1, batch_size)
        total_done = 0
        for source in get_sources():
            queryset = source.reindex()
            model = queryset.model
            total = queryset.count()
            label = model._meta.verbose_name_plural
            done = 0
            batch = []
            self._progress(label, done, total)
            for instance in queryset.iterator(chunk_size=batch_size):
                fields = source.index_fields(instance)
                for name, value in fields.items():
                    setattr(instance, name, value)
                batch.append(instance)
                if len(batch) >= batch_size:
                    done += self._write(model, batch, list(fields))
                    batch = []
                    self._progress(label, done, total)
            if batch:
                done += self._write(model, batch, list(fields))
            self._progress(label, done, total, end=True)
            total_done += done
        self.stdout.write(
            self.style.SUCCESS(f"Đã dựng lại chỉ mục tìm kiếm cho {total_done} đối tượng.")
        )

    def _write(self, model, batch, fields) -> int:
        with transaction.atomic():
            model.objects.bulk_update(batch, fields)
        return len(batch)

    def _progress(self, label: str, done: int, total: int, *, end: bool = False) -> None:
        width = 30
        filled = width if not total else round(width * done / total)
        bar = "█" * filled + "░" * (width - filled)
        self.stdout.write(f"\r{label}: [{bar}] {done}/{total}", ending="\n" if end else "")
        self.stdout.flush()
