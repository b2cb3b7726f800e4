"""Make again every rendition of every stored picture: the pictures of every model's ImageField
(articles' featured images, authors' photos, showcase galleries...) and the pictures uploaded
through the editor. Run it after changing the rendition widths or quality, after moving media to
another storage, or with --missing-only after a deployment."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import models

from portal import images

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Tạo lại các bản ảnh thu nhỏ (320, 640, 1024, 1600 px; WebP và JPEG) của mọi ảnh đã tải "
        "lên: ảnh đại diện, ảnh chân dung, ảnh trong nội dung bài viết."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chỉ liệt kê những ảnh sẽ được xử lý, không ghi gì.",
        )
        parser.add_argument(
            "--missing-only",
            action="store_true",
            help="Chỉ tạo cho ảnh còn thiếu bản thu nhỏ (nhanh hơn, dùng sau khi triển khai).",
        )

    def handle(self, *args, dry_run: bool = False, missing_only: bool = False, **options):
        self.unsized: set[str] = set()
        jobs = self.collect()
        if missing_only:
            jobs = [job for job in jobs if job[0] in self.unsized or self.is_missing(job[0])]
        total = len(jobs)
        if dry_run:
            for name, _fill in jobs:
                self.stdout.write(f"  {name}")
            self.stdout.write(self.style.SUCCESS(f"Sẽ tạo lại bản thu nhỏ cho {total} ảnh."))
            return
        failures = []
        for done, (name, fill) in enumerate(jobs, start=1):
            try:
                images.make_renditions(name)
                if fill is not None:
                    fill()
            except Exception as exc:  # reported below; one broken file does not stop the rest
                failures.append(f"{name}: {exc}")
            self.progress(done, total, name)
        if total:
            self.stdout.write("")
        for failure in failures:
            self.stderr.write(self.style.ERROR(f"Lỗi: {failure}"))
        if failures:
            raise CommandError(f"{len(failures)}/{total} ảnh không tạo được bản thu nhỏ.")
        self.stdout.write(self.style.SUCCESS(f"Đã tạo lại bản thu nhỏ cho {total} ảnh."))

    def progress(self, done: int, total: int, name: str) -> None:
        filled = BAR_WIDTH * done // total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stdout.write(f"\r[{bar}] {done}/{total} {name[-50:]:<50}", ending="")
        self.stdout.flush()

    def collect(self) -> list[tuple[str, object]]:
        """(stored name, function recording the picture's size or None), each name once."""
        jobs: dict[str, object] = {}
        for model in apps.get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, models.ImageField):
                    continue
                size_fields = images.size_fields(model, field) or ()
                rows = (
                    model._default_manager.exclude(**{field.attname: ""})
                    .exclude(**{f"{field.attname}__isnull": True})
                    .values_list("pk", field.attname, *size_fields)
                    .order_by("pk")
                )
                for pk, name, *size in rows.iterator():
                    jobs.setdefault(name, self.size_recorder(model, field, pk))
                    if size and not all(size):
                        self.unsized.add(name)
        for name in self.editor_uploads(settings.CKEDITOR_UPLOAD_PATH.strip("/")):
            jobs.setdefault(name, None)
        return list(jobs.items())

    @staticmethod
    def size_recorder(model, field, pk):
        """Record the size in the model's width/height fields (a derived value, so a plain
        update: no revision, no workflow event) when they are missing or wrong."""
        size_fields = images.size_fields(model, field)
        if size_fields is None:
            return None
        width_field, height_field = size_fields

        def fill() -> None:
            width, height = images.stored_size(
                model._default_manager.filter(pk=pk).values_list(field.attname, flat=True)[0]
            )
            if width:
                model._default_manager.filter(pk=pk).update(
                    **{width_field: width, height_field: height}
                )

        return fill

    @staticmethod
    def editor_uploads(folder: str):
        try:
            directories, files = default_storage.listdir(folder)
        except (FileNotFoundError, NotImplementedError, OSError):
            return
        for file_name in sorted(files):
            if file_name.rsplit(".", 1)[-1].lower() in {"jpg", "jpeg", "png", "webp"}:
                yield f"{folder}/{file_name}"
        for directory in sorted(directories):
            yield from Command.editor_uploads(f"{folder}/{directory}")

    @staticmethod
    def is_missing(name: str) -> bool:
        width, height = images.stored_size(name)
        if not width:
            return True
        return any(
            not default_storage.exists(r.name)
            for r in images.renditions_for(name, width=width, height=height)
        )
