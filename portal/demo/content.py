"""Demo content written for this project: fictional but realistic news of a city's propaganda
office. Everything here is invented for the demo; names of people are made up."""

ORGANIZATIONS = [
    # (name, short name, parent name)
    ("Thành ủy Sa Đéc", "Thành ủy", None),
    ("Ban Tuyên giáo Thành ủy Sa Đéc", "BTG Thành ủy", "Thành ủy Sa Đéc"),
    ("Đảng ủy Phường 1", "ĐU Phường 1", "Thành ủy Sa Đéc"),
    ("Đảng ủy xã Tân Khánh Đông", "ĐU xã Tân Khánh Đông", "Thành ủy Sa Đéc"),
    ("Hội Liên hiệp Phụ nữ thành phố", "Hội LHPN", None),
    ("Thành đoàn Sa Đéc", "Thành đoàn", None),
    ("Liên đoàn Lao động thành phố", "LĐLĐ", None),
]

CATEGORIES = [
    # (name, slug or "", parent slug or "", order, description)
    (
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "hoc-tap-va-lam-theo-bac",
        "",
        1,
        "Tin bài về việc thực hiện Chỉ thị 05-CT/TW và các mô hình học tập và làm theo Bác.",
    ),
    ("Xây dựng Đảng", "", "", 2, "Công tác xây dựng, chỉnh đốn Đảng và hệ thống chính trị."),
    ("Tin tức - Sự kiện", "", "", 3, "Thời sự chính trị, kinh tế, văn hóa, xã hội của thành phố."),
    ("Kinh tế", "", "tin-tuc-su-kien", 1, "Sản xuất, kinh doanh, xây dựng nông thôn mới."),
    ("Văn hóa - Xã hội", "", "tin-tuc-su-kien", 2, "Giáo dục, y tế, văn hóa, an sinh xã hội."),
    (
        "Bảo vệ nền tảng tư tưởng của Đảng",
        "",
        "",
        4,
        "Đấu tranh phản bác các quan điểm sai trái, thù địch.",
    ),
]

AUTHORS = [
    # (name, organisation name)
    ("Trương Văn An", "Ban Tuyên giáo Thành ủy Sa Đéc"),
    ("Nguyễn Thị Bích Ngọc", "Ban Tuyên giáo Thành ủy Sa Đéc"),
    ("Lê Hoàng Đức", "Đảng ủy Phường 1"),
    ("Phạm Thị Thu Hà", "Hội Liên hiệp Phụ nữ thành phố"),
    ("Đặng Minh Khoa", "Thành đoàn Sa Đéc"),
    ("Võ Thanh Tùng", "Đảng ủy xã Tân Khánh Đông"),
    ("Huỳnh Kim Loan", "Liên đoàn Lao động thành phố"),
]

# The demo staff accounts, one per role. Demo only: `load_demo` refuses to run in production.
STAFF = [
    # (username, password, full name, role, author name or "")
    ("phongvien", "demo-phongvien-2026", "Trương Văn An", "Phóng viên", "Trương Văn An"),
    ("bientapvien", "demo-bientapvien-2026", "Lê Thị Mai", "Biên tập viên", ""),
    ("quantri", "demo-quantri-2026", "Ngô Quốc Bảo", "Quản trị", ""),
    ("bantochuc", "demo-bantochuc-2026", "Phan Thị Hồng", "Ban tổ chức hội thi", ""),
]

# (title, category slug, summary, tags, author indexes, featured)
ARTICLES = [
    (
        "Sa Đéc: Đổi mới công tác triển khai học tập và làm theo Bác năm 2026",
        "hoc-tap-va-lam-theo-bac",
        "Thành ủy Sa Đéc chọn cách làm gắn việc học tập với từng nhiệm vụ cụ thể của mỗi chi bộ, "
        "mỗi cán bộ, đảng viên, thay cho các buổi sinh hoạt chung chung.",
        ["Chỉ thị 05", "Sa Đéc", "chuyên đề năm"],
        [0],
        True,
    ),
    (
        "Tủ sách Bác Hồ ở Trường Tiểu học Phường 1 thu hút học sinh mỗi giờ ra chơi",
        "hoc-tap-va-lam-theo-bac",
        "Hơn 600 đầu sách về Bác và về quê hương được thầy cô, phụ huynh góp lại, đặt ngay "
        "hành lang lớp học để các em đọc bất cứ lúc nào.",
        ["Tủ sách Bác Hồ", "giáo dục", "Phường 1"],
        [2],
        True,
    ),
    (
        "Hội viên phụ nữ xã Tân Khánh Đông gom ve chai, lập quỹ giúp trẻ em nghèo đến trường",
        "hoc-tap-va-lam-theo-bac",
        "Mỗi tháng, các chi hội phụ nữ thu gom phế liệu, bán lấy tiền mua sách vở và xe đạp "
        "cho học sinh có hoàn cảnh khó khăn.",
        ["phụ nữ", "an sinh xã hội", "Tân Khánh Đông"],
        [3, 5],
        True,
    ),
    (
        "Đoàn viên thanh niên hướng dẫn người dân dùng dịch vụ công trực tuyến",
        "hoc-tap-va-lam-theo-bac",
        "Tổ công nghệ số cộng đồng của Thành đoàn có mặt tại bộ phận một cửa các phường vào mỗi "
        "sáng thứ Bảy, giúp người lớn tuổi nộp hồ sơ qua điện thoại.",
        ["chuyển đổi số", "thanh niên", "dịch vụ công"],
        [4],
        False,
    ),
    (
        "Câu lạc bộ thầy thuốc trẻ khám bệnh miễn phí cho công nhân khu công nghiệp",
        "hoc-tap-va-lam-theo-bac",
        "Sau giờ làm, các bác sĩ trẻ của Trung tâm Y tế thành phố tổ chức khám, tư vấn sức khỏe "
        "cho hơn 300 công nhân lao động.",
        ["y tế", "công đoàn", "người lao động"],
        [6],
        False,
    ),
    (
        "Nhân rộng mô hình “Ngôi nhà thu gom rác thải nhựa” ra toàn bộ các phường",
        "hoc-tap-va-lam-theo-bac",
        "Từ một điểm thu gom do chi hội phụ nữ khóm 3 khởi xướng, đến nay thành phố có 12 ngôi "
        "nhà thu gom, mỗi tháng nhận hơn hai tấn rác thải nhựa.",
        ["môi trường", "nhân rộng mô hình", "phụ nữ"],
        [3],
        False,
    ),
    (
        "Gương người tốt, việc tốt: bác xe ôm chở miễn phí bệnh nhân nghèo suốt mười năm",
        "hoc-tap-va-lam-theo-bac",
        "Ông Sáu Tâm ở Phường 3 dành mỗi buổi sáng chở bà con chạy thận, khám bệnh mà không lấy "
        "đồng nào, chỉ mong người bệnh bớt một nỗi lo.",
        ["gương người tốt việc tốt", "an sinh xã hội"],
        [1],
        False,
    ),
    (
        "Hội nghị sơ kết chuyên đề năm: nhiều cách làm hay từ cơ sở",
        "hoc-tap-va-lam-theo-bac",
        "Các đại biểu đánh giá việc học tập chuyên đề năm đã đi vào chiều sâu, có sản phẩm cụ "
        "thể, đo đếm được ở từng chi bộ.",
        ["chuyên đề năm", "hội nghị"],
        [0, 1],
        False,
    ),
    (
        "Nâng cao chất lượng sinh hoạt chi bộ ở khu dân cư",
        "xay-dung-dang",
        "Chi bộ khóm 2, Phường 1 đổi mới nội dung sinh hoạt: mỗi kỳ chọn một việc cụ thể của "
        "khu phố để bàn và phân công đảng viên phụ trách.",
        ["sinh hoạt chi bộ", "Phường 1"],
        [2],
        True,
    ),
    (
        "Kết nạp 45 đảng viên mới trong quý III",
        "xay-dung-dang",
        "Phần lớn đảng viên mới là đoàn viên ưu tú, công nhân và người lao động tại các doanh "
        "nghiệp ngoài nhà nước.",
        ["phát triển đảng viên", "đoàn viên ưu tú"],
        [0],
        False,
    ),
    (
        "Thành uỷ quán triệt các nghị quyết mới của Trung ương",
        "xay-dung-dang",
        "Hội nghị trực tiếp kết hợp trực tuyến đến 100% chi bộ, với hơn 2.500 cán bộ, đảng viên "
        "tham dự.",
        ["quán triệt nghị quyết", "Thành ủy"],
        [1],
        False,
    ),
    (
        "Đảng ủy xã Tân Khánh Đông đối thoại với nông dân về chuyển đổi cây trồng",
        "xay-dung-dang",
        "Bí thư Đảng ủy xã trực tiếp lắng nghe, giải đáp gần 30 ý kiến của bà con về giống, "
        "vốn và đầu ra cho cây hoa kiểng.",
        ["đối thoại", "nông dân", "Tân Khánh Đông"],
        [5],
        False,
    ),
    (
        "Kiểm tra, giám sát theo chuyên đề: phát hiện sớm, chấn chỉnh kịp thời",
        "xay-dung-dang",
        "Ủy ban Kiểm tra Thành ủy hoàn thành 14 cuộc giám sát chuyên đề, tập trung vào quản lý "
        "đất đai và đầu tư công.",
        ["kiểm tra giám sát", "Thành ủy"],
        [0],
        False,
    ),
    (
        "Bồi dưỡng lý luận chính trị cho đảng viên mới năm 2026",
        "xay-dung-dang",
        "Lớp học kéo dài 7 ngày tại Trung tâm Chính trị thành phố, kết hợp học trên lớp với đi "
        "thực tế tại các mô hình tiêu biểu.",
        ["lý luận chính trị", "đảng viên mới"],
        [1],
        False,
    ),
    (
        "Làng hoa Sa Đéc tất bật chuẩn bị vụ Tết",
        "kinh-te",
        "Các nhà vườn dự kiến đưa ra thị trường hơn ba triệu giỏ hoa, kiểng các loại, nhiều "
        "giống mới được ươm theo đơn đặt hàng.",
        ["làng hoa", "Sa Đéc", "nông nghiệp"],
        [5],
        True,
    ),
    (
        "Hợp tác xã trẻ bán nông sản qua sàn thương mại điện tử",
        "kinh-te",
        "Ba thành viên 8X, 9X đưa bột sen, hạt sen sấy và bánh phồng tôm lên các sàn trực tuyến, "
        "doanh thu tăng gấp đôi so với năm trước.",
        ["chuyển đổi số", "hợp tác xã", "thanh niên"],
        [4],
        False,
    ),
    (
        "Xây dựng nông thôn mới kiểu mẫu: người dân hiến đất làm đường",
        "kinh-te",
        "Hơn 40 hộ dân ấp Tân Hòa tự nguyện hiến gần 3.000 mét vuông đất để mở rộng tuyến "
        "đường liên ấp.",
        ["nông thôn mới", "Tân Khánh Đông"],
        [5],
        False,
    ),
    (
        "Doanh nghiệp chung tay chăm lo Tết cho công nhân khó khăn",
        "kinh-te",
        "Công đoàn các doanh nghiệp trao 1.200 phần quà, vé xe về quê cho đoàn viên, người lao "
        "động có hoàn cảnh khó khăn.",
        ["công đoàn", "người lao động", "Tết"],
        [6],
        False,
    ),
    (
        "Khởi công chợ truyền thống mới ở Phường 1",
        "kinh-te",
        "Công trình có hơn 300 điểm kinh doanh, bãi giữ xe và khu phân loại rác, dự kiến đưa vào "
        "sử dụng sau 18 tháng.",
        ["hạ tầng", "Phường 1"],
        [2],
        False,
    ),
    (
        "Thư viện thành phố mở cửa đến 21 giờ phục vụ học sinh ôn thi",
        "van-hoa-xa-hoi",
        "Phòng đọc được bố trí thêm chỗ ngồi, ổ cắm điện và mạng không dây miễn phí trong suốt "
        "mùa thi.",
        ["giáo dục", "thư viện"],
        [1],
        False,
    ),
    (
        "Hội thi tuyên truyền viên giỏi: những câu chuyện đời thường về Bác",
        "van-hoa-xa-hoi",
        "24 thí sinh là báo cáo viên, tuyên truyền viên cơ sở kể lại những câu chuyện gần gũi về "
        "đạo đức, phong cách của Người.",
        ["tuyên truyền viên", "hội thi"],
        [0],
        False,
    ),
    (
        "Trạm y tế phường triển khai bệnh án điện tử",
        "van-hoa-xa-hoi",
        "Người dân khám bệnh chỉ cần căn cước công dân gắn chip, hồ sơ được liên thông với bệnh "
        "viện tuyến trên.",
        ["y tế", "chuyển đổi số"],
        [2],
        False,
    ),
    (
        "Mùa hè xanh: sinh viên tình nguyện sửa nhà cho hộ nghèo",
        "van-hoa-xa-hoi",
        "Các đội hình tình nguyện sửa chữa 15 căn nhà, thắp sáng 3 tuyến đường quê bằng đèn năng "
        "lượng mặt trời.",
        ["thanh niên", "tình nguyện", "an sinh xã hội"],
        [4],
        False,
    ),
    (
        "Lớp học tình thương hơn hai mươi năm bên bờ sông Tiền",
        "van-hoa-xa-hoi",
        "Cô giáo về hưu Nguyễn Thị Hoà vẫn đều đặn mở lớp xóa mù chữ, dạy thêm miễn phí cho trẻ "
        "em vùng sông nước.",
        ["giáo dục", "gương người tốt việc tốt"],
        [3],
        False,
    ),
    (
        "Khoá bồi dưỡng kỹ năng số cho cán bộ khóm, ấp",
        "van-hoa-xa-hoi",
        "Học viên được hướng dẫn dùng chữ ký số, quản lý văn bản điện tử và nhận biết tin giả "
        "trên mạng xã hội.",
        ["chuyển đổi số", "bồi dưỡng cán bộ"],
        [1],
        False,
    ),
    (
        "Nhận diện thủ đoạn xuyên tạc trên mạng xã hội trước thềm đại hội",
        "bao-ve-nen-tang-tu-tuong-cua-dang",
        "Những luận điệu cắt ghép, bóp méo sự thật thường xuất hiện dày hơn vào thời điểm nhạy "
        "cảm; mỗi người dân cần tỉnh táo kiểm chứng nguồn tin.",
        ["bảo vệ nền tảng tư tưởng", "mạng xã hội"],
        [0],
        False,
    ),
    (
        "Ban Chỉ đạo 35 thành phố tập huấn kỹ năng phản bác quan điểm sai trái",
        "bao-ve-nen-tang-tu-tuong-cua-dang",
        "Gần 150 thành viên lực lượng nòng cốt được hướng dẫn cách viết bài, bình luận có lý lẽ, "
        "có dẫn chứng.",
        ["Ban Chỉ đạo 35", "tập huấn"],
        [1],
        False,
    ),
    (
        "Thông tin tích cực lan tỏa từ những trang mạng của đoàn viên",
        "bao-ve-nen-tang-tu-tuong-cua-dang",
        "Các chi đoàn lập trang cộng đồng chia sẻ việc tốt ở khu phố, thu hút hàng nghìn lượt "
        "theo dõi mỗi tuần.",
        ["thanh niên", "mạng xã hội"],
        [4],
        False,
    ),
    (
        "Đừng để tin giả về chính sách đất đai làm hoang mang người dân",
        "bao-ve-nen-tang-tu-tuong-cua-dang",
        "Cơ quan chức năng khuyến cáo người dân chỉ tin các thông báo chính thức của chính quyền "
        "và liên hệ bộ phận một cửa khi có thắc mắc.",
        ["tin giả", "đất đai"],
        [2],
        False,
    ),
    (
        "Đảng bộ thành phố Đà Nẵng chia sẻ kinh nghiệm với đoàn công tác Sa Đéc",
        "xay-dung-dang",
        "Đoàn công tác trao đổi về công tác dân vận, cải cách hành chính và xây dựng đô thị "
        "thông minh.",
        ["trao đổi kinh nghiệm", "Đà Nẵng"],
        [0, 1],
        False,
    ),
]

# Articles that are not public, to show the workflow in the admin:
# (title, category slug, summary, status, hours from now for publish_at or None)
UNPUBLISHED = [
    (
        "Dự thảo: Kế hoạch tuyên truyền kỷ niệm ngày thành lập Đảng",
        "xay-dung-dang",
        "Bản nháp đang soạn, chưa gửi duyệt.",
        "draft",
        None,
    ),
    (
        "Ra mắt mô hình “Chợ không tiền” cho người bán vé số",
        "hoc-tap-va-lam-theo-bac",
        "Bài đang chờ biên tập viên duyệt.",
        "pending",
        None,
    ),
    (
        "Hẹn giờ: Chương trình nghệ thuật chào mừng năm mới",
        "van-hoa-xa-hoi",
        "Bài đã được duyệt, hẹn giờ xuất bản sau hai ngày.",
        "published",
        48,
    ),
]

# Paragraphs of the body, combined with each article's own lead. Written for this demo.
PARAGRAPHS = [
    "Theo đánh giá của cấp ủy, điều làm nên kết quả là cách làm bắt đầu từ những việc nhỏ, "
    "gần dân, dễ thực hiện, có người phụ trách và có thời hạn hoàn thành rõ ràng.",
    "Nhiều đảng viên cho biết, khi nhiệm vụ được gắn với tên từng người, ai cũng thấy trách "
    "nhiệm của mình và cố gắng làm đến nơi đến chốn.",
    "Người dân trong khu vực đồng tình, tích cực tham gia đóng góp ngày công, kinh phí và ý "
    "kiến để công việc được triển khai thuận lợi.",
    "Thời gian tới, địa phương sẽ tiếp tục theo dõi, tổng hợp những cách làm hay để giới thiệu, "
    "nhân rộng, đồng thời kịp thời tháo gỡ khó khăn phát sinh ở cơ sở.",
    "Đại diện Ban Tuyên giáo Thành ủy ghi nhận những kết quả đạt được, đề nghị các đơn vị tiếp "
    "tục tuyên truyền để cán bộ, đảng viên và nhân dân hiểu, đồng thuận và cùng thực hiện.",
    "Qua đó, mỗi cán bộ, đảng viên càng thấm thía lời dạy của Bác: việc gì có lợi cho dân thì "
    "phải hết sức làm, việc gì có hại cho dân thì phải hết sức tránh.",
]
