"""Demo content of the showcase, written for this project: fictional models and people of a
city's campaign "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh". Every name,
number and decision below is invented. Pictures are drawn by `portal.demo.images`.

`load_showcase()` is called by `manage.py load_demo`; it is idempotent (get_or_create) and
publishes through the same service that editors use.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from portal.demo.images import demo_picture
from portal.models import Organization

FIELDS = [
    # (name, order, description)
    ("Giáo dục", 1, "Trường học, khuyến học, tủ sách, giáo dục truyền thống."),
    ("Y tế", 2, "Chăm sóc sức khỏe nhân dân, khám chữa bệnh nhân đạo."),
    ("Môi trường", 3, "Thu gom rác thải, trồng cây xanh, giữ gìn cảnh quan."),
    ("Kinh tế", 4, "Sinh kế, sản xuất, xây dựng nông thôn mới."),
    ("Chuyển đổi số", 5, "Đưa người dân lên môi trường số, dịch vụ công trực tuyến."),
    ("An sinh xã hội", 6, "Từ thiện, nhân đạo, hỗ trợ người khó khăn."),
    ("Văn hóa", 7, "Đời sống văn hóa, thể thao, giữ gìn truyền thống."),
    ("An ninh trật tự", 8, "Giữ gìn an ninh, trật tự ở khu dân cư."),
]

LOCALITIES = [
    # (name, kind, order)
    ("Phường 1", "ward", 1),
    ("Phường 2", "ward", 2),
    ("Phường 3", "ward", 3),
    ("Phường 4", "ward", 4),
    ("Phường An Hòa", "ward", 5),
    ("Phường Tân Quy Đông", "ward", 6),
    ("Xã Tân Khánh Đông", "commune", 7),
    ("Xã Tân Quy Tây", "commune", 8),
    ("Xã Tân Phú Đông", "commune", 9),
]

THEMES = [
    # (year, title, description)
    (
        2021,
        "Chuyên đề năm 2021: Ý chí tự lực, tự cường và khát vọng phát triển",
        "Khơi dậy tinh thần tự lực, tự cường trong từng cơ quan, đơn vị, khu dân cư; "
        "mỗi tập thể đăng ký ít nhất một việc làm cụ thể.",
    ),
    (
        2022,
        "Chuyên đề năm 2022: Xây dựng văn hóa, con người thành phố nghĩa tình",
        "Phát huy truyền thống tương thân tương ái, xây dựng khu dân cư văn minh, nghĩa tình.",
    ),
    (
        2023,
        "Chuyên đề năm 2023: Nêu gương, trách nhiệm của người đứng đầu",
        "Người đứng đầu nói đi đôi với làm, gần dân, trọng dân, vì dân.",
    ),
    (
        2024,
        "Chuyên đề năm 2024: Chuyển đổi số vì người dân",
        "Đưa dịch vụ công, thanh toán không dùng tiền mặt và kỹ năng số đến từng hộ gia đình.",
    ),
    (
        2025,
        "Chuyên đề năm 2025: Đoàn kết, kỷ cương, đổi mới, phát triển",
        "Tổng kết, nhân rộng các mô hình hiệu quả trong nhiệm kỳ.",
    ),
]

# Units carrying out the models, besides those of the articles' demo content.
ORGANIZATIONS = [
    # (name, short name, parent name)
    ("Trường Tiểu học Hòa Bình", "TH Hòa Bình", None),
    ("Trường THCS Nguyễn Văn Bé", "THCS Nguyễn Văn Bé", None),
    ("Trung tâm Y tế thành phố", "TTYT", None),
    ("Hội Nông dân thành phố", "Hội ND", None),
    ("Hội Cựu chiến binh thành phố", "Hội CCB", None),
    ("Đảng ủy Phường 2", "ĐU Phường 2", "Thành ủy Sa Đéc"),
    ("Đảng ủy phường An Hòa", "ĐU phường An Hòa", "Thành ủy Sa Đéc"),
    ("Đảng ủy xã Tân Quy Tây", "ĐU xã Tân Quy Tây", "Thành ủy Sa Đéc"),
]

C, P = "collective", "person"
REG, PROG, RECOG, REPL = "registered", "in_progress", "recognised", "replicated"

# (name, kind, unit, locality, field, theme year, year started, status, summary,
#  people reached, value raised (đồng), results, replicated from, recognitions, featured)
# recognitions: (level, decision number, date, issuer)
ENTRIES = [
    (
        "Tủ sách Bác Hồ ở Trường Tiểu học Hòa Bình",
        C,
        "Trường Tiểu học Hòa Bình",
        "Phường 1",
        "Giáo dục",
        2022,
        2019,
        REPL,
        "Mỗi lớp một góc sách về Bác Hồ; học sinh kể chuyện Bác vào giờ sinh hoạt dưới cờ "
        "hằng tuần.",
        1250,
        38_000_000,
        "Hơn 1.800 đầu sách do phụ huynh và cựu học sinh góp tặng; 40 buổi kể chuyện mỗi năm.",
        None,
        [("city", "1245/QĐ-UBND", date(2022, 8, 19), "Ủy ban nhân dân thành phố")],
        True,
    ),
    (
        "Tủ sách Bác Hồ ở Trường THCS Nguyễn Văn Bé",
        C,
        "Trường THCS Nguyễn Văn Bé",
        "Phường 3",
        "Giáo dục",
        2023,
        2023,
        RECOG,
        "Nhân rộng từ Trường Tiểu học Hòa Bình, thêm mục sách điện tử cho học sinh lớp lớn.",
        860,
        12_500_000,
        "Thư viện số với 300 đầu sách; câu lạc bộ đọc sách sinh hoạt hai tuần một lần.",
        "Tủ sách Bác Hồ ở Trường Tiểu học Hòa Bình",
        [("ward", "87/QĐ-UBND", date(2024, 5, 10), "Ủy ban nhân dân Phường 3")],
        False,
    ),
    (
        "Góc đọc sách Bác Hồ ở nhà văn hóa ấp Tân Hòa",
        C,
        "Đảng ủy xã Tân Khánh Đông",
        "Xã Tân Khánh Đông",
        "Giáo dục",
        2024,
        2024,
        PROG,
        "Góc đọc sách cho thiếu nhi ấp Tân Hòa mở cửa chiều thứ Bảy và Chủ nhật.",
        320,
        6_000_000,
        "Đoàn viên thay phiên trực, hướng dẫn các em đọc và ghi chép.",
        "Tủ sách Bác Hồ ở Trường Tiểu học Hòa Bình",
        [],
        False,
    ),
    (
        "Ngôi nhà gom rác thải nhựa",
        C,
        "Hội Liên hiệp Phụ nữ thành phố",
        "Phường 2",
        "Môi trường",
        2022,
        2020,
        REPL,
        "Hội viên gom chai nhựa, bao bì, bán lấy tiền giúp học sinh nghèo mua đồ dùng học tập.",
        2100,
        54_000_000,
        "Mỗi năm thu gom khoảng 9 tấn rác nhựa; 120 suất học bổng trao cho học sinh khó khăn.",
        None,
        [
            ("city", "310/QĐ-UBND", date(2021, 3, 8), "Ủy ban nhân dân thành phố"),
            ("province", "56/QĐ-HLHPN", date(2023, 10, 20), "Hội Liên hiệp Phụ nữ tỉnh"),
        ],
        True,
    ),
    (
        "Ngôi nhà gom rác thải nhựa ấp Phú Long",
        C,
        "Đảng ủy xã Tân Quy Tây",
        "Xã Tân Quy Tây",
        "Môi trường",
        2023,
        2022,
        RECOG,
        "Chi hội phụ nữ ấp Phú Long làm theo mô hình của Hội Phụ nữ thành phố.",
        640,
        15_200_000,
        "Đường làng sạch rác nhựa; tiền bán ve chai lập quỹ giúp 18 hộ nghèo.",
        "Ngôi nhà gom rác thải nhựa",
        [("ward", "21/QĐ-UBND", date(2023, 12, 1), "Ủy ban nhân dân xã Tân Quy Tây")],
        False,
    ),
    (
        "Tuyến đường hoa, cây xanh của cựu chiến binh",
        C,
        "Hội Cựu chiến binh thành phố",
        "Phường An Hòa",
        "Môi trường",
        None,
        2021,
        RECOG,
        "Cựu chiến binh nhận chăm sóc 3 km đường hoa dọc kênh, mỗi hội viên một đoạn.",
        4500,
        80_000_000,
        "Trồng 1.200 cây xanh, 2 km hàng rào hoa; kênh được khơi thông mỗi quý.",
        None,
        [("city", "902/QĐ-UBND", date(2022, 7, 27), "Ủy ban nhân dân thành phố")],
        False,
    ),
    (
        "Tổ công nghệ số cộng đồng Phường 1",
        C,
        "Thành đoàn Sa Đéc",
        "Phường 1",
        "Chuyển đổi số",
        2024,
        2022,
        REPL,
        "Đoàn viên hướng dẫn người dân cài ứng dụng định danh điện tử, nộp hồ sơ trực tuyến.",
        3900,
        None,
        "Hỗ trợ 3.900 lượt người dân; 70% hồ sơ hành chính của phường được nộp trực tuyến.",
        None,
        [
            ("city", "1502/QĐ-UBND", date(2023, 9, 15), "Ủy ban nhân dân thành phố"),
            ("national", "88/QĐ-TWĐTN", date(2024, 3, 26), "Ban Chấp hành Trung ương Đoàn"),
        ],
        True,
    ),
    (
        "Tổ công nghệ số cộng đồng xã Tân Phú Đông",
        C,
        "Thành đoàn Sa Đéc",
        "Xã Tân Phú Đông",
        "Chuyển đổi số",
        2024,
        2023,
        RECOG,
        "Đội hình thanh niên đến từng ấp hướng dẫn nông dân bán hàng trên mạng.",
        1150,
        None,
        "60 hộ trồng hoa mở gian hàng trực tuyến; tập huấn thanh toán qua mã QR ở chợ xã.",
        "Tổ công nghệ số cộng đồng Phường 1",
        [("ward", "45/QĐ-UBND", date(2024, 11, 5), "Ủy ban nhân dân xã Tân Phú Đông")],
        False,
    ),
    (
        "Chợ không dùng tiền mặt Phường 2",
        C,
        "Đảng ủy Phường 2",
        "Phường 2",
        "Chuyển đổi số",
        2024,
        2024,
        PROG,
        "Tiểu thương chợ phường treo mã QR, người mua quét mã để trả tiền.",
        210,
        None,
        "185 trên 210 tiểu thương đã nhận thanh toán không dùng tiền mặt.",
        "Tổ công nghệ số cộng đồng Phường 1",
        [],
        False,
    ),
    (
        "Câu lạc bộ Thầy thuốc trẻ khám bệnh nhân đạo",
        C,
        "Trung tâm Y tế thành phố",
        "Phường 3",
        "Y tế",
        2023,
        2018,
        RECOG,
        "Mỗi tháng một buổi khám bệnh, cấp thuốc miễn phí cho người cao tuổi ở vùng ven.",
        5200,
        210_000_000,
        "5.200 lượt người được khám, cấp thuốc; 36 ca được chuyển viện kịp thời.",
        None,
        [("province", "1780/QĐ-UBND", date(2023, 2, 27), "Ủy ban nhân dân tỉnh")],
        True,
    ),
    (
        "Tủ thuốc nhân ái ở trạm y tế xã",
        C,
        "Đảng ủy xã Tân Khánh Đông",
        "Xã Tân Khánh Đông",
        "Y tế",
        None,
        2020,
        PROG,
        "Người dân góp thuốc còn hạn dùng, trạm y tế kiểm tra và cấp lại cho người nghèo.",
        780,
        9_000_000,
        "Thuốc thông thường luôn sẵn cho 780 lượt người bệnh khó khăn.",
        None,
        [],
        False,
    ),
    (
        "Bếp ăn nghĩa tình cho người nuôi bệnh",
        C,
        "Hội Liên hiệp Phụ nữ thành phố",
        "Phường 1",
        "An sinh xã hội",
        2022,
        2017,
        RECOG,
        "Mỗi trưa thứ Tư, hội viên nấu cơm phát cho người nuôi bệnh ở bệnh viện thành phố.",
        16000,
        320_000_000,
        "Hơn 16.000 suất cơm sau bảy năm; nhiều tiểu thương góp gạo, rau đều đặn.",
        None,
        [("city", "77/QĐ-UBND", date(2019, 1, 15), "Ủy ban nhân dân thành phố")],
        True,
    ),
    (
        "Mái ấm cựu chiến binh",
        C,
        "Hội Cựu chiến binh thành phố",
        "Phường 4",
        "An sinh xã hội",
        2023,
        2019,
        REPL,
        "Hội viên góp công, góp vật liệu sửa nhà cho đồng đội và người có công khó khăn.",
        58,
        960_000_000,
        "Xây mới và sửa chữa 58 căn nhà; không còn hội viên ở nhà tạm.",
        None,
        [
            ("city", "1120/QĐ-UBND", date(2021, 7, 20), "Ủy ban nhân dân thành phố"),
            ("province", "2210/QĐ-UBND", date(2024, 7, 25), "Ủy ban nhân dân tỉnh"),
        ],
        False,
    ),
    (
        "Mái ấm nghĩa tình xã Tân Quy Tây",
        C,
        "Đảng ủy xã Tân Quy Tây",
        "Xã Tân Quy Tây",
        "An sinh xã hội",
        2025,
        2024,
        PROG,
        "Học cách làm của Hội Cựu chiến binh, xã vận động mỗi ấp sửa một căn nhà mỗi năm.",
        9,
        185_000_000,
        "9 căn nhà đã được sửa, 4 căn đang xây.",
        "Mái ấm cựu chiến binh",
        [],
        False,
    ),
    (
        "Hỗ trợ sinh kế nuôi bò cho hộ cận nghèo",
        C,
        "Hội Nông dân thành phố",
        "Xã Tân Phú Đông",
        "Kinh tế",
        2021,
        2021,
        RECOG,
        "Cho hộ cận nghèo mượn bò giống, hộ nuôi trả lại bê con để chuyền cho hộ khác.",
        42,
        420_000_000,
        "42 hộ được nhận bò; 17 hộ đã thoát cận nghèo.",
        None,
        [("city", "655/QĐ-UBND", date(2023, 4, 18), "Ủy ban nhân dân thành phố")],
        False,
    ),
    (
        "Tổ hợp tác trồng hoa kiểng kiểu mẫu",
        C,
        "Hội Nông dân thành phố",
        "Phường Tân Quy Đông",
        "Kinh tế",
        2024,
        2020,
        REG,
        "Các hộ trồng hoa góp vốn mua chung giống, bán chung đầu ra, chia sẻ kỹ thuật.",
        65,
        1_200_000_000,
        "Thu nhập bình quân của tổ viên tăng khoảng 20% so với năm bắt đầu.",
        None,
        [],
        False,
    ),
    (
        "Khu dân cư tự quản về an ninh trật tự",
        C,
        "Đảng ủy phường An Hòa",
        "Phường An Hòa",
        "An ninh trật tự",
        2022,
        2019,
        RECOG,
        "Mỗi tổ dân phố có nhóm tin nhắn chung với công an khu vực, tuần tra ban đêm.",
        3400,
        25_000_000,
        "Ba năm liền không có vụ trộm cắp tài sản ở khu dân cư.",
        None,
        [("city", "1999/QĐ-UBND", date(2022, 11, 30), "Ủy ban nhân dân thành phố")],
        False,
    ),
    (
        "Đờn ca tài tử giữ hồn quê",
        C,
        "Đảng ủy Phường 2",
        "Phường 2",
        "Văn hóa",
        None,
        2016,
        RECOG,
        "Câu lạc bộ đờn ca tài tử truyền dạy cho thiếu nhi vào tối thứ Sáu hằng tuần.",
        150,
        8_000_000,
        "Đào tạo 150 em; câu lạc bộ biểu diễn ở các ngày lễ lớn của thành phố.",
        None,
        [("city", "540/QĐ-UBND", date(2020, 5, 19), "Ủy ban nhân dân thành phố")],
        False,
    ),
    (
        "Bà Nguyễn Thị Thu Ba, 20 năm nấu cháo từ thiện",
        P,
        "Hội Liên hiệp Phụ nữ thành phố",
        "Phường 3",
        "An sinh xã hội",
        2023,
        2006,
        RECOG,
        "Mỗi sáng, bà Ba nấu cháo phát miễn phí cho bệnh nhân nghèo ở trạm y tế phường.",
        30000,
        None,
        "Ước tính hơn 30.000 tô cháo trong gần hai mươi năm.",
        None,
        [("province", "3012/QĐ-UBND", date(2023, 9, 2), "Ủy ban nhân dân tỉnh")],
        True,
    ),
    (
        "Thầy Lê Văn Hậu và lớp học tình thương",
        P,
        "Trường THCS Nguyễn Văn Bé",
        "Phường 4",
        "Giáo dục",
        2022,
        2012,
        RECOG,
        "Thầy giáo về hưu mở lớp miễn phí buổi tối cho trẻ bán vé số, phụ giúp gia đình.",
        240,
        None,
        "240 em được học đọc, viết, toán; nhiều em trở lại trường chính quy.",
        None,
        [("city", "402/QĐ-UBND", date(2021, 11, 20), "Ủy ban nhân dân thành phố")],
        False,
    ),
    (
        "Anh Trần Minh Phúc, đoàn viên tiên phong chuyển đổi số",
        P,
        "Thành đoàn Sa Đéc",
        "Xã Tân Khánh Đông",
        "Chuyển đổi số",
        2024,
        2022,
        RECOG,
        "Kỹ sư trẻ về quê lập trang thông tin của ấp, dạy người cao tuổi dùng điện thoại.",
        900,
        None,
        "Hơn 900 người cao tuổi biết gọi video, nhận lương hưu qua tài khoản.",
        None,
        [("city", "1388/QĐ-UBND", date(2024, 8, 30), "Ủy ban nhân dân thành phố")],
        False,
    ),
    (
        "Ông Phạm Văn Sáu hiến đất làm đường",
        P,
        "Đảng ủy xã Tân Quy Tây",
        "Xã Tân Quy Tây",
        "Kinh tế",
        2021,
        2021,
        RECOG,
        "Cựu chiến binh hiến 600 m² đất, vận động 30 hộ cùng làm đường bê tông liên ấp.",
        1200,
        650_000_000,
        "Đường liên ấp dài 1,8 km hoàn thành, xe chở nông sản vào tận vườn.",
        None,
        [("province", "512/QĐ-UBND", date(2022, 3, 4), "Ủy ban nhân dân tỉnh")],
        False,
    ),
    (
        "Chị Võ Thị Mỹ Linh, người gom rác thuê giàu lòng nhân ái",
        P,
        "Hội Liên hiệp Phụ nữ thành phố",
        "Phường Tân Quy Đông",
        "Môi trường",
        None,
        2018,
        PROG,
        "Công nhân vệ sinh dành tiền bán ve chai nuôi ba trẻ mồ côi trong xóm.",
        3,
        None,
        "Ba em đều học hết phổ thông; một em đỗ đại học năm 2024.",
        None,
        [],
        False,
    ),
]

# Entries written but not published (to show the editors' queue).
UNPUBLISHED = [
    # (name, unit, locality, field, year started, publication)
    ("Vườn rau sạch cho bếp ăn bán trú", "Trường Tiểu học Hòa Bình", "Phường 1", "Giáo dục",
     2025, "pending"),
    ("Nhóm Zalo hỏi đáp pháp luật cho người lao động", "Liên đoàn Lao động thành phố",
     "Phường 4", "An ninh trật tự", 2025, "draft"),
]  # fmt: skip

DEMO_CATEGORY_SLUG = "hoc-tap-va-lam-theo-bac"


def load_showcase(
    *, editor, writer, note: Callable[[bool, str], None], with_pictures: bool = True
) -> None:
    """Create the showcase's demo content if it is not there yet; `note(created, what)`.

    `with_pictures=False` (a dry run) writes no picture files: files are not rolled back with
    the database."""
    from articles.models import Article
    from models_campaign import services
    from models_campaign.models import (
        AnnualTheme,
        EntryPhoto,
        Field,
        Locality,
        Recognition,
        ShowcaseEntry,
        ThemeArticle,
    )

    fields = {}
    for name, order, description in FIELDS:
        fields[name], created = Field.objects.get_or_create(
            name=name, defaults={"order": order, "description": description}
        )
        note(created, name)
    localities = {}
    for name, kind, order in LOCALITIES:
        localities[name], created = Locality.objects.get_or_create(
            name=name, defaults={"kind": kind, "order": order}
        )
        note(created, name)
    themes = {}
    for year, title, description in THEMES:
        themes[year], created = AnnualTheme.objects.get_or_create(
            year=year, defaults={"title": title, "description": description}
        )
        note(created, title)
    for name, short_name, parent in ORGANIZATIONS:
        _org, created = Organization.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short_name,
                "parent": Organization.objects.filter(name=parent).first(),
            },
        )
        note(created, name)
    orgs = {org.name: org for org in Organization.objects.all()}

    articles = list(
        Article.objects.published()
        .filter(category__slug=DEMO_CATEGORY_SLUG)
        .order_by("-publish_at", "pk")
    )
    # The newest articles of the campaign's category belong to this year's theme.
    for article in articles[:4]:
        _link, created = ThemeArticle.objects.get_or_create(
            article=article, defaults={"theme": themes[2025]}
        )
        note(created, f"chuyên đề: {article.title}")

    now = timezone.now().replace(second=0, microsecond=0)
    entries: dict[str, ShowcaseEntry] = {}
    for index, row in enumerate(ENTRIES):
        (name, kind, org, locality, field, theme, year, status, summary, people, value,
         results, origin, recognitions, featured) = row  # fmt: skip
        entry, created = ShowcaseEntry.objects.get_or_create(
            organization=orgs[org],
            name=name,
            defaults={
                "kind": kind,
                "locality": localities[locality],
                "field": fields[field],
                "theme": themes.get(theme),
                "year_started": year,
                "status": status,
                "summary": summary,
                "description": _description(org, locality, year, field),
                "people_reached": people,
                "value_raised": value,
                "results": results,
                "replicated_from": entries.get(origin),
                "is_featured": featured,
                "created_by": writer,
            },
        )
        entries[name] = entry
        note(created, name)
        if not created:
            continue
        for level, number, decided_on, issuer in recognitions:
            Recognition.objects.create(
                entry=entry,
                level=level,
                decision_number=number,
                decided_on=decided_on,
                issuer=issuer,
            )
        for step in range(2 if with_pictures else 0):
            photo = EntryPhoto(
                entry=entry,
                alt=f"Ảnh minh họa {step + 1} của mô hình “{name}”",
                caption=_CAPTIONS[(index + step) % len(_CAPTIONS)],
                order=step,
            )
            picture = demo_picture(200 + index * 2 + step)
            photo.image = ContentFile(picture, name=f"{entry.slug}.jpg")
            services.photo_save(photo=photo)
        if articles:
            entry.related_articles.add(articles[index % len(articles)])
        services.entry_publish(entry=entry, by=editor, at=now - timedelta(days=index, hours=3))

    for name, org, locality, field, year, publication in UNPUBLISHED:
        entry, created = ShowcaseEntry.objects.get_or_create(
            organization=orgs[org],
            name=name,
            defaults={
                "locality": localities[locality],
                "field": fields[field],
                "year_started": year,
                "summary": "Mô hình mới đăng ký, đang chờ biên tập viên xem xét.",
                "created_by": writer,
            },
        )
        note(created, name)
        if created and publication == "pending":
            services.entry_submit(entry=entry, by=writer)


_CAPTIONS = [
    "Các thành viên của mô hình trong một buổi sinh hoạt. Ảnh minh họa.",
    "Người dân tham gia hoạt động của mô hình. Ảnh minh họa.",
    "Một góc hoạt động thường ngày của mô hình. Ảnh minh họa.",
]

_FIELD_PARAGRAPHS = {
    "Giáo dục": "Nhà trường phối hợp với ban đại diện cha mẹ học sinh duy trì hoạt động đều đặn, "
    "gắn việc đọc và kể chuyện về Bác với rèn luyện nếp sống của các em.",
    "Y tế": "Các y, bác sĩ tham gia ngoài giờ làm việc, xem đây là cách làm theo lời Bác dạy "
    "“lương y phải như từ mẫu”.",
    "Môi trường": "Mô hình được duy trì bằng sự tự nguyện của người dân, không cần kinh phí nhà "
    "nước, và đã thay đổi thói quen xả rác ở khu dân cư.",
    "Kinh tế": "Cách làm dựa trên tinh thần tương trợ: người đi trước giúp người đi sau, "
    "không ai bị bỏ lại phía sau.",
    "Chuyển đổi số": "Đội hình đến tận nhà người dân, hướng dẫn từng bước, kiên nhẫn với người "
    "cao tuổi; mỗi lần hỗ trợ đều được ghi lại để theo dõi.",
    "An sinh xã hội": "Nguồn lực đến từ những đóng góp nhỏ nhưng đều đặn của cán bộ, hội viên "
    "và các nhà hảo tâm trong thành phố.",
    "Văn hóa": "Hoạt động góp phần giữ gìn bản sắc văn hóa địa phương và gắn kết các thế hệ.",
    "An ninh trật tự": "Mô hình phát huy vai trò của người dân trong giữ gìn an ninh, "
    "trật tự ngay tại nơi mình sinh sống.",
}


def _description(org: str, locality: str, year: int, field: str) -> str:
    """The rich-text introduction (the summary and results have their own places on the page)."""
    return (
        f"<p>{org} bắt đầu thực hiện mô hình từ năm {year} trên địa bàn {locality}, sau khi "
        "chi bộ và ban chấp hành họp bàn, chọn một việc làm cụ thể, vừa sức, thiết thực với "
        "người dân.</p>\n"
        f"<p>{_FIELD_PARAGRAPHS.get(field, '')}</p>\n"
        "<h3>Cách làm</h3>\n"
        "<ul><li>Phân công rõ người phụ trách, lịch hoạt động công khai.</li>"
        "<li>Huy động đóng góp tự nguyện, công khai thu chi hằng quý.</li>"
        "<li>Sơ kết mỗi năm, rút kinh nghiệm và đề xuất nhân rộng.</li></ul>"
    )
