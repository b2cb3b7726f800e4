"""Online knowledge contests ("Hội thi tìm hiểu trực tuyến").

A `Contest` is a publishable type of the editorial core; its `ContestRound`s are public with it.
`Question` is the bank; a round picks a fixed list (`RoundQuestion`) or draws N per attempt from
topics. A `Participant` is one person in one contest (phone normalised, unit and locality from the
managed lists); a `ContestEntry` is one attempt at one round. The ranking rule lives in
`models_campaign/contests/ranking.py`, the actions in `services.py`.
"""

from __future__ import annotations

from ckeditor_uploader.fields import RichTextUploadingField
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from portal.editorial.models import (
    CleanedText,
    EditorialOptions,
    Publishable,
    PublishableQuerySet,
    SluggedName,
    publication_constraints,
)
from portal.models import Organization

OPTION_KEYS = ("a", "b", "c", "d")


class Contest(Publishable):
    slug_source = "title"
    slug_fallback = "cuoc-thi"
    line_fields = ("title",)
    text_fields = ("summary", "prizes")
    rich_fields = ("rules",)
    editorial = EditorialOptions(
        noun="cuộc thi",
        title_field="title",
        revised_fields=(
            "title", "summary", "rules", "prizes", "organiser", "starts_at", "ends_at",
            "first_prizes", "second_prizes", "third_prizes", "consolation_prizes",
            "collective_prizes",
        ),
    )  # fmt: skip

    title = models.CharField("tên cuộc thi", max_length=300)
    slug = models.SlugField(
        "đường dẫn",
        max_length=200,
        unique=True,
        blank=True,
        help_text="Để trống để tạo tự động từ tên. Không đổi được sau khi đã xuất bản.",
    )
    summary = models.TextField("giới thiệu ngắn", blank=True)
    rules = RichTextUploadingField("thể lệ", blank=True)
    prizes = models.TextField("cơ cấu giải thưởng (mô tả)", blank=True)
    organiser = models.ForeignKey(
        Organization,
        verbose_name="đơn vị tổ chức",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contests",
    )
    starts_at = models.DateTimeField("bắt đầu")
    ends_at = models.DateTimeField("kết thúc")
    # The prize structure of every round: the best-ranked entries take them in this order.
    first_prizes = models.PositiveSmallIntegerField("số giải Nhất mỗi vòng", default=1)
    second_prizes = models.PositiveSmallIntegerField("số giải Nhì mỗi vòng", default=2)
    third_prizes = models.PositiveSmallIntegerField("số giải Ba mỗi vòng", default=3)
    consolation_prizes = models.PositiveSmallIntegerField("số giải Khuyến khích mỗi vòng",
                                                          default=5)  # fmt: skip
    collective_prizes = models.PositiveSmallIntegerField(
        "số giải tập thể mỗi vòng",
        default=3,
        help_text="Trao cho các đơn vị có nhiều người dự thi nhất.",
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        verbose_name = "cuộc thi"
        verbose_name_plural = "cuộc thi"
        ordering = ["-starts_at", "-pk"]
        permissions = [
            ("publish_contest", "Có thể duyệt, xuất bản và gỡ cuộc thi"),
            ("empty_trash_contest", "Có thể xóa vĩnh viễn cuộc thi trong thùng rác"),
            (
                "run_contest",
                "Có thể điều hành cuộc thi: chốt kết quả, xem và xuất dữ liệu thí sinh",
            ),
        ]
        constraints = [
            *publication_constraints("contest", noun="Cuộc thi"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="contest_ends_after_start",
                violation_error_message="Thời điểm kết thúc phải sau thời điểm bắt đầu.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("contests:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = self.clean_publication()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "Thời điểm kết thúc phải sau thời điểm bắt đầu."
        if errors:
            raise ValidationError(errors)

    def prize_structure(self) -> list[tuple[str, int]]:
        return [
            ("Giải Nhất", self.first_prizes),
            ("Giải Nhì", self.second_prizes),
            ("Giải Ba", self.third_prizes),
            ("Giải Khuyến khích", self.consolation_prizes),
        ]


class Topic(SluggedName):
    """A topic of the question bank ("Tiểu sử", "Tác phẩm", "Chỉ thị 05"...)."""

    slug_fallback = "chu-de"

    name = models.CharField("tên chủ đề", max_length=150, unique=True)

    class Meta:
        verbose_name = "chủ đề câu hỏi"
        verbose_name_plural = "chủ đề câu hỏi"
        ordering = ["name"]


class Question(CleanedText):
    """One multiple-choice question of the bank: four options, one correct."""

    line_fields = ("option_a", "option_b", "option_c", "option_d")
    text_fields = ("text", "explanation")

    class Difficulty(models.IntegerChoices):
        EASY = 1, "Dễ"
        MEDIUM = 2, "Trung bình"
        HARD = 3, "Khó"

    class Option(models.TextChoices):
        A = "a", "A"
        B = "b", "B"
        C = "c", "C"
        D = "d", "D"

    text = models.TextField("câu hỏi")
    option_a = models.CharField("phương án A", max_length=500)
    option_b = models.CharField("phương án B", max_length=500)
    option_c = models.CharField("phương án C", max_length=500)
    option_d = models.CharField("phương án D", max_length=500)
    correct = models.CharField("đáp án đúng", max_length=1, choices=Option.choices)
    explanation = models.TextField("giải thích", blank=True)
    topic = models.ForeignKey(
        Topic, verbose_name="chủ đề", on_delete=models.PROTECT, related_name="questions"
    )
    difficulty = models.PositiveSmallIntegerField(
        "độ khó", choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lần cuối", auto_now=True)

    class Meta:
        verbose_name = "câu hỏi"
        verbose_name_plural = "ngân hàng câu hỏi"
        ordering = ["topic__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(correct__in=OPTION_KEYS),
                name="question_correct_is_an_option",
                violation_error_message="Đáp án đúng phải là A, B, C hoặc D.",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:90]

    def options(self) -> list[tuple[str, str]]:
        return [(key, getattr(self, f"option_{key}")) for key in OPTION_KEYS]

    def used_in_opened_round(self, now=None) -> bool:
        """In a round that has opened (its fixed list, or a topic it draws from): the answer
        key must not change under the people who answered it."""
        now = now or timezone.now()
        opened = ContestRound.objects.filter(opens_at__lte=now)
        return (
            opened.filter(picks__question=self).exists()
            or opened.filter(selection=ContestRound.Selection.DRAWN, topics=self.topic_id).exists()
        )

    def clean(self) -> None:
        if self.pk is None:
            return
        stored = Question.objects.filter(pk=self.pk).first()
        if stored is None:
            return
        changed = any(
            getattr(stored, name) != getattr(self, name)
            for name in ("text", "option_a", "option_b", "option_c", "option_d", "correct",
                         "topic_id")
        )  # fmt: skip
        if changed and stored.used_in_opened_round():
            raise ValidationError(
                "Câu hỏi đã dùng trong một vòng thi đã mở: không được sửa nội dung, phương án "
                "hay đáp án (hãy tạo câu hỏi mới cho các vòng sau)."
            )


class ContestRound(models.Model):
    """One round ("vòng") of a contest: a window, a number of questions, a time limit."""

    class Selection(models.TextChoices):
        FIXED = "fixed", "Danh sách câu hỏi cố định"
        DRAWN = "drawn", "Rút ngẫu nhiên N câu từ các chủ đề cho mỗi lượt thi"

    # Fields that may not change once the round has opened: entries depend on them.
    LOCKED_FIELDS = ("number", "opens_at", "closes_at", "question_count", "time_limit_minutes",
                     "attempts_allowed", "selection")  # fmt: skip

    contest = models.ForeignKey(
        Contest, verbose_name="cuộc thi", on_delete=models.CASCADE, related_name="rounds"
    )
    number = models.PositiveSmallIntegerField("vòng số")
    title = models.CharField("tên vòng", max_length=200, blank=True)
    opens_at = models.DateTimeField("mở lúc")
    closes_at = models.DateTimeField("đóng lúc")
    question_count = models.PositiveSmallIntegerField("số câu hỏi", default=10)
    time_limit_minutes = models.PositiveSmallIntegerField("thời gian làm bài (phút)", default=15)
    attempts_allowed = models.PositiveSmallIntegerField("số lượt thi mỗi người", default=1)
    selection = models.CharField(
        "cách chọn câu hỏi", max_length=10, choices=Selection.choices, default=Selection.FIXED
    )
    questions = models.ManyToManyField(
        Question, verbose_name="câu hỏi", through="RoundQuestion", blank=True,
        related_name="rounds",
    )  # fmt: skip
    topics = models.ManyToManyField(
        Topic, verbose_name="chủ đề để rút câu hỏi", blank=True, related_name="rounds"
    )
    # Freezing ("chốt"): the actual number of all-correct entries, the winners, the statistics.
    frozen_at = models.DateTimeField("chốt kết quả lúc", null=True, blank=True, editable=False)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người chốt", null=True, blank=True,
        editable=False, on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    all_correct_count = models.PositiveIntegerField(
        "số bài đúng tất cả các câu", null=True, blank=True, editable=False
    )
    ranked_count = models.PositiveIntegerField("số người được xếp hạng", null=True, blank=True,
                                               editable=False)  # fmt: skip
    statistics = models.JSONField("thống kê", default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = "vòng thi"
        verbose_name_plural = "vòng thi"
        ordering = ["contest", "number"]
        permissions = [("freeze_contestround", "Có thể chốt kết quả vòng thi")]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "number"],
                name="round_unique_number",
                violation_error_message="Cuộc thi đã có vòng thi số này.",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="round_closes_after_open",
                violation_error_message="Thời điểm đóng phải sau thời điểm mở.",
            ),
            models.CheckConstraint(
                condition=Q(question_count__gte=1) & Q(time_limit_minutes__gte=1)
                & Q(attempts_allowed__gte=1),
                name="round_positive_settings",
                violation_error_message="Số câu hỏi, thời gian và số lượt phải lớn hơn 0.",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.contest} – {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("contests:round", kwargs={"slug": self.contest.slug, "number": self.number})

    @property
    def label(self) -> str:
        return f"Vòng {self.number}" + (f": {self.title}" if self.title else "")

    def is_open_at(self, now) -> bool:
        return self.opens_at <= now < self.closes_at

    @property
    def is_open(self) -> bool:
        return self.is_open_at(timezone.now())

    @property
    def is_closed(self) -> bool:
        return self.closes_at <= timezone.now()

    @property
    def is_upcoming(self) -> bool:
        return timezone.now() < self.opens_at

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    def has_opened(self, now=None) -> bool:
        return self.opens_at <= (now or timezone.now())

    def clean(self) -> None:
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = "Thời điểm đóng phải sau thời điểm mở."
        if self.pk:
            stored = ContestRound.objects.filter(pk=self.pk).first()
            if stored is not None and stored.has_opened():
                changed = [n for n in self.LOCKED_FIELDS if getattr(stored, n) != getattr(self, n)]
                if changed or stored.contest_id != self.contest_id:
                    raise ValidationError(
                        "Vòng thi đã mở: không được sửa thời gian, số câu, thời gian làm bài, số "
                        "lượt hay cách chọn câu hỏi (người dự thi đã làm bài theo các điều kiện "
                        "đó)."
                    )
        if errors:
            raise ValidationError(errors)


class RoundQuestion(models.Model):
    """A question of a round's fixed list."""

    round = models.ForeignKey(ContestRound, verbose_name="vòng thi", on_delete=models.CASCADE,
                              related_name="picks")  # fmt: skip
    question = models.ForeignKey(Question, verbose_name="câu hỏi", on_delete=models.PROTECT,
                                 related_name="picks")  # fmt: skip
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "câu hỏi của vòng"
        verbose_name_plural = "câu hỏi của vòng (danh sách cố định)"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "question"], name="round_question_once",
                                    violation_error_message="Câu hỏi đã có trong vòng này.")
        ]  # fmt: skip

    def __str__(self) -> str:
        return str(self.question)


class Participant(models.Model):
    """One person taking part in one contest. Only what the rules need: the name (to announce
    winners), birth year (age groups), phone (to reach winners, and to find one's own data), unit
    and locality (the per-unit results)."""

    contest = models.ForeignKey(Contest, verbose_name="cuộc thi", on_delete=models.CASCADE,
                                related_name="participants")  # fmt: skip
    full_name = models.CharField("họ và tên", max_length=150)
    birth_year = models.PositiveSmallIntegerField("năm sinh", null=True, blank=True)
    phone = models.CharField("số điện thoại", max_length=20)
    unit = models.ForeignKey(
        Organization, verbose_name="đơn vị", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="contest_participants",
    )  # fmt: skip
    locality = models.ForeignKey(
        "models_campaign.Locality", verbose_name="địa bàn", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="contest_participants",
    )  # fmt: skip
    consent_at = models.DateTimeField("đồng ý xử lý dữ liệu lúc")
    created_at = models.DateTimeField("đăng ký lúc", auto_now_add=True)
    anonymised_at = models.DateTimeField("ẩn danh hóa lúc", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "người dự thi"
        verbose_name_plural = "người dự thi"
        ordering = ["contest", "full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "phone"], name="participant_one_per_phone",
                                    violation_error_message="Số điện thoại đã đăng ký dự thi.")
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.full_name


class ContestEntry(models.Model):
    """One attempt of one participant at one round. Started when the questions are handed out
    (their order is fixed then); submitted once: the score, the duration and the receipt code
    are set on the server."""

    class State(models.TextChoices):
        STARTED = "started", "Đang làm bài"
        SUBMITTED = "submitted", "Đã nộp"
        EXPIRED = "expired", "Quá thời gian"

    participant = models.ForeignKey(Participant, verbose_name="người dự thi",
                                    on_delete=models.CASCADE, related_name="entries")  # fmt: skip
    round = models.ForeignKey(ContestRound, verbose_name="vòng thi", on_delete=models.CASCADE,
                              related_name="entries")  # fmt: skip
    attempt = models.PositiveSmallIntegerField("lượt thi", default=1)
    state = models.CharField("tình trạng", max_length=10, choices=State.choices,
                             default=State.STARTED)  # fmt: skip
    question_ids = models.JSONField("câu hỏi (theo thứ tự đã giao)", default=list)
    answers = models.JSONField("trả lời", default=dict, blank=True)
    score = models.PositiveSmallIntegerField("số câu đúng", null=True, blank=True)
    prediction = models.PositiveIntegerField("dự đoán số bài đúng tất cả", null=True, blank=True)
    started_at = models.DateTimeField("bắt đầu lúc")
    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True)
    duration_ms = models.PositiveBigIntegerField("thời gian làm bài (ms)", null=True, blank=True)
    receipt_code = models.CharField("mã xác nhận", max_length=12, unique=True, null=True,
                                    blank=True)  # fmt: skip
    # Set when the round is frozen, for the prize winners only.
    rank = models.PositiveIntegerField("hạng", null=True, blank=True)
    prize = models.CharField("giải", max_length=40, blank=True)

    class Meta:
        verbose_name = "bài dự thi"
        verbose_name_plural = "bài dự thi"
        ordering = ["round", "-submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "participant", "attempt"],
                                    name="entry_one_per_attempt",
                                    violation_error_message="Lượt thi này đã được ghi nhận.")
        ]  # fmt: skip
        indexes = [models.Index(fields=["round", "state"], name="entry_round_state_idx")]

    def __str__(self) -> str:
        return self.receipt_code or f"#{self.pk}"

    @property
    def duration_label(self) -> str:
        if self.duration_ms is None:
            return ""
        seconds = self.duration_ms / 1000
        minutes, rest = divmod(seconds, 60)
        return f"{int(minutes)} phút {rest:.1f} giây".replace(".", ",")
