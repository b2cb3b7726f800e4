"""Demo content of the contests, loaded by `manage.py load_demo`: a contest with a closed, frozen
round (with results) and a round open now. The questions were written for this demo; the
participants are invented (their phone numbers use an 11-digit prefix retired in 2018)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

TOPICS = ["Tiểu sử và sự nghiệp", "Tác phẩm", "Học tập và làm theo Bác"]

# (topic index, question, A, B, C, D, correct, explanation)
QUESTIONS = [
    (0, "Chủ tịch Hồ Chí Minh sinh ngày, tháng, năm nào?", "19/5/1890", "19/5/1891",
     "2/9/1890", "5/6/1890", "a", "Bác sinh ngày 19/5/1890 tại quê ngoại, làng Hoàng Trù."),
    (0, "Quê nội của Chủ tịch Hồ Chí Minh ở đâu?", "Làng Sen, xã Kim Liên, huyện Nam Đàn, Nghệ An",
     "Thành phố Huế", "Làng Chùa, huyện Nam Đàn, Nghệ An", "Thị xã Sa Đéc, Đồng Tháp", "a",
     "Quê nội của Bác là làng Kim Liên (làng Sen), huyện Nam Đàn, tỉnh Nghệ An."),
    (0, "Tên gọi lúc nhỏ của Chủ tịch Hồ Chí Minh là gì?", "Nguyễn Tất Thành", "Nguyễn Sinh Cung",
     "Nguyễn Ái Quốc", "Lý Thụy", "b", "Tên lúc nhỏ của Bác là Nguyễn Sinh Cung."),
    (0, "Ngày 5/6/1911, người thanh niên Nguyễn Tất Thành ra đi tìm đường cứu nước từ bến "
     "cảng nào?",
     "Cảng Hải Phòng", "Bến Nhà Rồng", "Cảng Đà Nẵng", "Bến Ninh Kiều", "b",
     "Người rời Bến Nhà Rồng (Sài Gòn) ngày 5/6/1911."),
    (0, "Chủ tịch Hồ Chí Minh đọc bản Tuyên ngôn độc lập khai sinh nước Việt Nam Dân chủ Cộng hòa "
     "ở đâu?", "Quảng trường Ba Đình, Hà Nội", "Tân Trào, Tuyên Quang", "Pác Bó, Cao Bằng",
     "Nhà hát Lớn Hà Nội", "a", "Ngày 2/9/1945 tại Quảng trường Ba Đình."),
    (0, "Năm 1920, tại Đại hội Tours, Nguyễn Ái Quốc đã làm gì?",
     "Thành lập Hội Việt Nam Cách mạng Thanh niên", "Bỏ phiếu tán thành Quốc tế III và tham gia "
     "sáng lập Đảng Cộng sản Pháp", "Gửi Bản yêu sách của nhân dân An Nam",
     "Xuất bản báo Thanh niên",
     "b", "Tháng 12/1920, Người bỏ phiếu tán thành Quốc tế Cộng sản."),
    (1, "Tác phẩm “Đường Kách mệnh” được xuất bản năm nào?", "1925", "1927", "1930", "1945", "b",
     "Đường Kách mệnh tập hợp các bài giảng ở Quảng Châu, xuất bản năm 1927."),
    (1, "Tác phẩm “Sửa đổi lối làm việc” (1947) được Bác ký bút danh nào?", "X.Y.Z", "T.L.",
     "Trần Lực", "C.B.", "a", "Tác phẩm viết tháng 10/1947, ký bút danh X.Y.Z."),
    (1, "Tập thơ “Nhật ký trong tù” được Bác viết trong hoàn cảnh nào?",
     "Khi bị giam ở nhà tù Hỏa Lò", "Khi bị chính quyền Tưởng Giới Thạch giam giữ ở Quảng Tây",
     "Khi ở Pác Bó", "Khi ở Pháp", "b", "Tập thơ viết trong những năm 1942–1943."),
    (1, "Bác bắt đầu viết bản Di chúc vào năm nào?", "1965", "1960", "1968", "1969", "a",
     "Bác bắt đầu viết Di chúc ngày 10/5/1965."),
    (1, "Trong Thư gửi các học sinh nhân ngày khai trường đầu tiên (9/1945), Bác mong non sông "
     "Việt Nam sánh vai với ai?", "Các nước láng giềng", "Các cường quốc năm châu",
     "Các nước châu Á",
     "Các nước anh em", "b", "“…bước tới đài vinh quang để sánh vai với các cường quốc năm châu”."),
    (2, "Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, "
     "phong cách Hồ Chí Minh được ban hành ngày nào?", "15/5/2016", "7/11/2006", "14/5/2011",
     "19/5/2021", "a", "Chỉ thị 05-CT/TW ngày 15/5/2016 của Bộ Chính trị khóa XII."),
    (2, "Những phẩm chất đạo đức cách mạng Bác thường nêu là gì?", "Cần, kiệm, liêm, chính, chí "
     "công vô tư", "Nhân, lễ, nghĩa, trí, tín", "Trung, hiếu, tiết, nghĩa",
     "Dũng cảm, sáng tạo, đoàn kết", "a", "Cần, kiệm, liêm, chính, chí công vô tư."),
    (2, "Chủ tịch Hồ Chí Minh từ trần vào ngày nào?", "2/9/1969", "3/9/1969", "19/5/1969",
     "2/9/1968", "a", "Bác từ trần lúc 9 giờ 47 phút ngày 2/9/1969."),
]  # fmt: skip

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hoàng"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khoa", "Lan", "Mai", "Nam", "Phúc",
         "Quyên", "Sơn", "Tâm", "Uyên", "Vy"]  # fmt: skip


def load_contests(*, editor, writer, organiser, note: Callable[[bool, str], None]) -> None:
    from models_campaign.contests import services
    from models_campaign.contests.models import (
        Contest,
        ContestRound,
        Question,
        RoundQuestion,
        Topic,
    )
    from models_campaign.models import Locality
    from portal.editorial import workflow
    from portal.models import Organization

    topics = []
    for name in TOPICS:
        topic, created = Topic.objects.get_or_create(name=name)
        topics.append(topic)
        note(created, name)
    questions = []
    for topic_ix, text, a, b, c, d, correct, explanation in QUESTIONS:
        question, created = Question.objects.get_or_create(
            text=text,
            defaults={"option_a": a, "option_b": b, "option_c": c, "option_d": d,
                      "correct": correct, "explanation": explanation,
                      "topic": topics[topic_ix]},
        )  # fmt: skip
        questions.append(question)
        note(created, text)

    now = timezone.now().replace(second=0, microsecond=0)
    title = "Hội thi trực tuyến tìm hiểu tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    if Contest.objects.filter(title=title).exists():
        return
    organiser_unit = Organization.objects.filter(name="Ban Tuyên giáo Thành ủy Sa Đéc").first()
    contest = Contest(
        title=title,
        summary="Mỗi tuần một vòng thi trắc nghiệm trên điện thoại: 10 câu hỏi, 15 phút, "
        "kèm câu dự đoán. Dành cho cán bộ, đảng viên, đoàn viên và nhân dân thành phố.",
        rules="<p>Mỗi vòng có 10 câu hỏi trắc nghiệm, mỗi câu một đáp án đúng. Người dự thi có "
        "15 phút kể từ khi nhận câu hỏi và được thi một lượt mỗi vòng.</p>"
        "<p>Xếp hạng: nhiều câu đúng hơn; nếu bằng nhau, dự đoán gần nhất với số bài đúng tất cả "
        "các câu của vòng; rồi thời gian làm bài ngắn hơn; rồi nộp bài sớm hơn.</p>",
        prizes="Mỗi vòng: 1 giải Nhất, 2 giải Nhì, 3 giải Ba, 5 giải Khuyến khích; giải tập thể "
        "cho 3 đơn vị có nhiều người dự thi nhất.",
        organiser=organiser_unit,
        starts_at=now - timedelta(days=15),
        ends_at=now + timedelta(days=30),
    )
    workflow.save_content(item=contest, by=writer)
    workflow.transition(
        item=contest, by=editor, action="publish", publish_at=now - timedelta(days=15)
    )
    note(True, title)

    closed = ContestRound.objects.create(
        contest=contest, number=1, title="Tiểu sử và sự nghiệp",
        opens_at=now - timedelta(days=14), closes_at=now - timedelta(days=7),
        question_count=10, time_limit_minutes=15,
    )  # fmt: skip
    current = ContestRound.objects.create(
        contest=contest, number=2, title="Tác phẩm và Chỉ thị 05",
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=6),
        question_count=10, time_limit_minutes=15,
    )  # fmt: skip
    for order, question in enumerate(questions[:10]):
        RoundQuestion.objects.create(round=closed, question=question, order=order)
    for order, question in enumerate(questions[4:]):
        RoundQuestion.objects.create(round=current, question=question, order=order)
    note(True, "vòng thi")

    # Invented participants of round 1, answering with a made-up accuracy.
    rng = random.Random(2026)
    units = list(Organization.objects.order_by("pk"))
    localities = list(Locality.objects.order_by("pk"))
    key = {q.pk: q.correct for q in questions}
    for n in range(48):
        name = f"{FAMILY[n % 10]} {MIDDLE[n % 6]} {GIVEN[(n * 7) % 16]}"
        data = services.ParticipantData(
            full_name=name, birth_year=1960 + (n * 3) % 45, phone=f"0120000{n:04d}",
            unit_id=units[(n * n) % len(units)].pk if units else None,
            locality_id=localities[n % len(localities)].pk if localities else None,
        )  # fmt: skip
        started = closed.opens_at + timedelta(hours=2 + n * 3, minutes=rng.randint(0, 50))
        entry = services.start_attempt(round_=closed, data=data, now=started)
        accuracy = rng.choice([1.0, 1.0, 0.9, 0.8, 0.7])
        answers = {
            str(pk): (key[pk] if rng.random() < accuracy else rng.choice("abcd"))
            for pk in entry.question_ids
        }
        took = timedelta(seconds=rng.randint(150, 880))
        services.submit_attempt(
            token=services.attempt_token(entry), answers=answers,
            prediction=rng.randint(8, 40), now=started + took,
        )  # fmt: skip
    services.freeze_round(round_=closed, by=organiser, now=now)
    note(True, "kết quả vòng 1")
