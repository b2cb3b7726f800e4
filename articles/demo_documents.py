"""Demo content of the documents registry, loaded by `manage.py load_demo`.

The documents are real: their kind, number, issuing body, date, signer and abstract ("trích yếu")
are facts as printed on them. The summaries are written for this project. One demo article
(fictional) cites them, so its links and the documents' "Bài viết liên quan" show after
`make run`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

ISSUING_BODIES = [
    # (name, order)
    ("Ban Chấp hành Trung ương", 1),
    ("Bộ Chính trị", 2),
    ("Ban Bí thư", 3),
    ("Chính phủ", 4),
    ("Thành ủy", 5),
    ("Ủy ban nhân dân thành phố", 6),
    ("Ban Tuyên giáo Thành ủy", 7),
]

DOCUMENTS = [
    # (kind, number, issuing body, issued on, signer, abstract, summary)
    (
        "chi-thi",
        "06-CT/TW",
        "Bộ Chính trị",
        date(2006, 11, 7),
        "Nông Đức Mạnh",
        "Về tổ chức Cuộc vận động “Học tập và làm theo tấm gương đạo đức Hồ Chí Minh”",
        "Chỉ thị mở đầu cuộc vận động học tập và làm theo tấm gương đạo đức của Bác trong toàn "
        "Đảng, toàn dân. Mỗi cấp ủy, mỗi chi bộ được yêu cầu gắn việc học tập với công việc hằng "
        "ngày, để đạo đức của Người trở thành chuẩn mực trong lời nói và việc làm.",
    ),
    (
        "chi-thi",
        "03-CT/TW",
        "Bộ Chính trị",
        date(2011, 5, 14),
        "",
        "Về tiếp tục đẩy mạnh việc học tập và làm theo tấm gương đạo đức Hồ Chí Minh",
        "Sau năm năm thực hiện cuộc vận động, chỉ thị đưa việc học tập và làm theo Bác thành nội "
        "dung thường xuyên của các tổ chức đảng, với chuyên đề học tập cho từng năm và trách "
        "nhiệm nêu gương của người đứng đầu.",
    ),
    (
        "chi-thi",
        "05-CT/TW",
        "Bộ Chính trị",
        date(2016, 5, 15),
        "Nguyễn Phú Trọng",
        "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Chỉ thị mở rộng nội dung học tập từ tấm gương đạo đức sang cả tư tưởng và phong cách "
        "của Bác, coi đây là việc làm thường xuyên của mỗi cơ quan, đơn vị, gắn với việc xây "
        "dựng, chỉnh đốn Đảng và giải quyết những việc bức xúc ở từng nơi.",
    ),
    (
        "ket-luan",
        "01-KL/TW",
        "Bộ Chính trị",
        date(2021, 5, 18),
        "Võ Văn Thưởng",
        "Về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị khóa XII về đẩy mạnh học "
        "tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Kết luận nhìn lại năm năm thực hiện Chỉ thị 05 và đặt yêu cầu cho giai đoạn mới: học "
        "tập và làm theo Bác phải thiết thực, cụ thể, có mô hình, có điển hình, và được đưa vào "
        "sinh hoạt chi bộ hằng tháng.",
    ),
    (
        "ket-luan",
        "21-KL/TW",
        "Ban Chấp hành Trung ương",
        date(2021, 10, 25),
        "Nguyễn Phú Trọng",
        "Về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị; kiên quyết ngăn chặn, đẩy "
        "lùi, xử lý nghiêm cán bộ, đảng viên suy thoái về tư tưởng chính trị, đạo đức, lối sống, "
        "biểu hiện “tự diễn biến”, “tự chuyển hóa”",
        "Kết luận của Hội nghị Trung ương lần thứ tư khóa XIII đặt việc xây dựng, chỉnh đốn Đảng "
        "bên cạnh việc học tập và làm theo Bác: nêu gương, tự phê bình và phê bình, và xử lý "
        "nghiêm những biểu hiện suy thoái.",
    ),
    (
        "nghi-dinh",
        "42/2022/NĐ-CP",
        "Chính phủ",
        date(2022, 6, 6),
        "Vũ Đức Đam",
        "Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước "
        "trên môi trường mạng",
        "Nghị định nói cơ quan nhà nước phải đưa những thông tin nào lên cổng thông tin điện tử, "
        "trong đó có mục văn bản quy phạm pháp luật và văn bản chỉ đạo, điều hành để người dân "
        "tra cứu.",
    ),
]

# (source number, relation, target number)
RELATIONS = [("01-KL/TW", "implements", "05-CT/TW")]

ARTICLE_TITLE = "Sinh hoạt chi bộ chuyên đề: ôn lại các văn bản về học tập và làm theo Bác"
ARTICLE_SUMMARY = (
    "Các chi bộ trong thành phố dành buổi sinh hoạt tháng này để cùng đọc lại những văn bản "
    "của Trung ương về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh."
)
ARTICLE_BODY = (
    "<p>Năm năm sau Chỉ thị số 05-CT/TW, Bộ Chính trị ban hànhKết luận số 01-KL/TW ngày "
    "18/5/2021 về tiếp tục thực hiện chỉ thị này. Buổi sinh hoạt mở đầu bằng việc nhắc lại chặng "
    "đường từ Chỉ thị số 06-CT/TW năm 2006, Chỉ thị 03-CT/TW năm 2011 đến nay.</p>"
    "<h2>Gắn với xây dựng, chỉnh đốn Đảng</h2>"
    "<p>Các đảng viên cũng trao đổi về Kết luận số 21-KL/TW của Ban Chấp hành Trung ương khoá "
    "XIII, coi việc nêu gương là cách làm theo Bác gần gũi nhất.</p>"
    "<p>Toàn văn các văn bản được đăng trong mục Văn bản của cổng thông tin, theo tinh thần Nghị "
    "định 42/2022/NĐ-CP về cung cấp thông tin trên môi trường mạng.</p>"
)


def load_documents(
    *, editor, writer, note: Callable[[bool, str], None], picture: Callable | None = None
) -> None:
    """Create the registry's demo content if it is not there yet; `note(created, what)`.
    `picture(article, index, by=)` gives the demo article its picture (None: a dry run, which
    writes no file)."""
    from django.utils import timezone

    from articles import document_services, services
    from articles.models import Article, Category, Document, DocumentRelation, IssuingBody

    bodies = {}
    for name, order in ISSUING_BODIES:
        bodies[name], created = IssuingBody.objects.get_or_create(
            name=name, defaults={"order": order}
        )
        note(created, name)
    now = timezone.now().replace(second=0, microsecond=0)
    documents = {}
    for index, (kind, number, body, issued, signer, abstract, summary) in enumerate(DOCUMENTS):
        document = Document.objects.filter(number=number, kind=kind).first()
        if document is None:
            document = document_services.document_save(
                document=Document(
                    kind=kind, number=number, issuing_body=bodies[body], issued_on=issued,
                    signer=signer, abstract=abstract, summary=summary,
                ),
                by=writer,
            )  # fmt: skip
            document_services.document_publish(
                document=document, by=editor, at=now - timedelta(days=len(DOCUMENTS) - index)
            )
            note(True, document.heading)
        documents[number] = document
    for source, kind, target in RELATIONS:
        _relation, created = DocumentRelation.objects.get_or_create(
            source=documents[source], kind=kind, target=documents[target]
        )
        note(created, f"{source} – {target}")

    category = Category.objects.filter(slug="hoc-tap-va-lam-theo-bac").first()
    if category is None or Article.objects.filter(title=ARTICLE_TITLE).exists():
        return
    article = services.article_create(
        title=ARTICLE_TITLE, category=category, by=writer, summary=ARTICLE_SUMMARY,
        body=ARTICLE_BODY, tags=["Chỉ thị 05"], source="Ban Tuyên giáo Thành ủy",
    )  # fmt: skip
    if picture is not None:
        picture(article, len(DOCUMENTS), by=writer)
    services.article_publish(article=article, by=editor, at=now - timedelta(hours=1))
    note(True, ARTICLE_TITLE)
