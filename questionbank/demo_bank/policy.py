"""Demo questions: Chủ trương, chính sách về chuyển đổi số.

Every fact comes from the provincial documents in shared/seeds.
"""

from __future__ import annotations

from questionbank.demo_bank import CAO_BANG, FALSE, HAI_DUONG, KIEN_GIANG, TAY_NINH, TRUE, Q

NEWS_2022 = "Bản tin ngày 05/8/2022 về nhiệm vụ, cơ cấu Tổ công nghệ số cộng đồng"


DOCS = "Văn bản chỉ đạo"
TEAM = "Tổ công nghệ số cộng đồng"
TARGETS = "Mục tiêu, chỉ tiêu"
CAMPAIGN = "Chiến dịch, sự kiện"
LOCAL = "Kết quả triển khai tại địa phương"

QUESTIONS: list[Q] = [
    # --- Văn bản chỉ đạo ---------------------------------------------------
    Q(
        text="Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt nội dung nào?",
        choices=(
            ("Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030", True),
            ("Chiến lược phát triển Chính phủ điện tử hướng tới Chính phủ số giai đoạn 2021-2025", False),
            ("Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử", False),
            ("Kế hoạch Chuyển đổi số tỉnh Kiên Giang giai đoạn 2021-2025, định hướng đến năm 2030", False),
        ),
        explanation=(
            "Quyết định 749/QĐ-TTg ngày 03/6/2020 phê duyệt Chương trình Chuyển đổi số quốc gia "
            "đến năm 2025, định hướng đến năm 2030; đây là căn cứ đầu tiên của Kế hoạch."
        ),
        source="Quyết định 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ",
        difficulty=1,
        subtopic=DOCS,
    ),
    Q(
        text=(
            "Chiến lược phát triển Chính phủ điện tử hướng tới Chính phủ số giai đoạn 2021-2025, "
            "định hướng đến năm 2030 được phê duyệt tại văn bản nào?"
        ),
        choices=(
            ("Quyết định số 942/QĐ-TTg ngày 15/6/2021", True),
            ("Quyết định số 749/QĐ-TTg ngày 03/6/2020", False),
            ("Quyết định số 06/QĐ-TTg ngày 06/01/2022", False),
            ("Công văn số 820/BTTTT-THH ngày 09/3/2022", False),
        ),
        explanation=(
            "Quyết định 942/QĐ-TTg ngày 15/6/2021 của Thủ tướng Chính phủ phê duyệt Chiến lược "
            "phát triển Chính phủ điện tử hướng tới Chính phủ số."
        ),
        source="Quyết định 942/QĐ-TTg ngày 15/6/2021 của Thủ tướng Chính phủ",
        difficulty=2,
        subtopic=DOCS,
    ),
    Q(
        text="Quyết định số 06/QĐ-TTg phê duyệt Đề án 06 được Thủ tướng Chính phủ ký ngày nào?",
        choices=(
            ("Ngày 06/01/2022", True),
            ("Ngày 03/6/2020", False),
            ("Ngày 15/6/2021", False),
            ("Ngày 09/3/2022", False),
        ),
        explanation=(
            "Quyết định 06/QĐ-TTg được ban hành ngày 06/01/2022; các ngày còn lại là ngày của "
            "Quyết định 749, Quyết định 942 và Công văn 820 của Bộ Thông tin và Truyền thông."
        ),
        source="Quyết định 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ",
        difficulty=2,
        subtopic=DOCS,
    ),
    Q(
        text="Đề án 06 (Quyết định số 06/QĐ-TTg ngày 06/01/2022) là đề án về nội dung gì?",
        choices=(
            (
                "Phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia",
                True,
            ),
            ("Phát triển thanh toán không dùng tiền mặt tại Việt Nam giai đoạn 2021-2025", False),
            ("Đưa sản phẩm OCOP của hợp tác xã lên các sàn thương mại điện tử trong nước", False),
            ("Xây dựng mạng lưới Tổ công nghệ số cộng đồng tại tất cả các ấp, khu phố", False),
        ),
        explanation=(
            "Đề án 06 là Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử "
            "phục vụ chuyển đổi số quốc gia giai đoạn 2022-2025, tầm nhìn đến năm 2030."
        ),
        source="Quyết định 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ",
        difficulty=1,
        subtopic=DOCS,
    ),
    Q(
        text="Nghị quyết số 22-NQ/TU ngày 08/6/2022 về Chuyển đổi số tỉnh Kiên Giang do cơ quan nào ban hành?",
        choices=(
            ("Ban Thường vụ Tỉnh ủy Kiên Giang", True),
            ("Ủy ban nhân dân tỉnh Kiên Giang", False),
            ("Hội đồng nhân dân tỉnh Kiên Giang", False),
            ("Bộ Thông tin và Truyền thông", False),
        ),
        explanation=(
            "Ký hiệu NQ/TU cho biết đây là nghị quyết của Tỉnh ủy: Nghị quyết 22-NQ/TU do Ban Thường vụ "
            "Tỉnh ủy Kiên Giang ban hành về Chuyển đổi số tỉnh đến năm 2025, định hướng đến năm 2030."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        subtopic=DOCS,
    ),
    Q(
        text="Kế hoạch số 186/KH-UBND ngày 24/12/2020 của UBND tỉnh Kiên Giang là kế hoạch về việc gì?",
        choices=(
            ("Chuyển đổi số tỉnh Kiên Giang giai đoạn 2021-2025, định hướng đến năm 2030", True),
            ("Thành lập Tổ công nghệ số cộng đồng tại mọi ấp, khu phố trong tỉnh", False),
            ("Triển khai Đề án 06 trên địa bàn tỉnh Kiên Giang trong năm 2022", False),
            ("Phát triển thanh toán không dùng tiền mặt trên địa bàn tỉnh Kiên Giang", False),
        ),
        explanation=(
            "Kế hoạch 186/KH-UBND ngày 24/12/2020 là Kế hoạch Chuyển đổi số tỉnh Kiên Giang giai đoạn "
            "2021-2025, định hướng đến năm 2030; Đề án 06 năm 2022 do Kế hoạch 79/KH-BCĐ triển khai."
        ),
        source=KIEN_GIANG,
        difficulty=3,
        subtopic=DOCS,
    ),
    Q(
        text=(
            "Văn bản nào của Bộ Thông tin và Truyền thông hướng dẫn thí điểm triển khai Tổ công nghệ số cộng đồng tại "
            "các địa phương?"
        ),
        choices=(
            ("Công văn số 820/BTTTT-THH ngày 09/3/2022", True),
            ("Quyết định số 942/QĐ-TTg ngày 15/6/2021", False),
            ("Kế hoạch số 186/KH-UBND ngày 24/12/2020", False),
            ("Nghị quyết số 22-NQ/TU ngày 08/6/2022", False),
        ),
        explanation=(
            "Công văn 820/BTTTT-THH ngày 09/3/2022 của Bộ Thông tin và Truyền thông hướng dẫn thí điểm "
            "triển khai Tổ công nghệ số cộng đồng; các văn bản còn lại không do Bộ ban hành."
        ),
        source="Công văn 820/BTTTT-THH ngày 09/3/2022 của Bộ Thông tin và Truyền thông",
        difficulty=2,
        subtopic=DOCS,
    ),
    Q(
        text=(
            "Quyết định số 749/QĐ-TTg phê duyệt Chương trình Chuyển đổi số quốc gia được Thủ tướng Chính phủ ký ngày "
            "03/6/2020."
        ),
        choices=TRUE,
        explanation="Đúng: Quyết định 749/QĐ-TTg được Thủ tướng Chính phủ ban hành ngày 03/6/2020.",
        source="Quyết định 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ",
        difficulty=1,
        kind="true_false",
        subtopic=DOCS,
    ),
    Q(
        text=(
            "Quyết định số 942/QĐ-TTg ngày 15/6/2021 là văn bản phê duyệt Đề án 06 về dữ liệu dân cư, định danh và xác "
            "thực điện tử."
        ),
        choices=FALSE,
        explanation=(
            "Sai: Quyết định 942/QĐ-TTg phê duyệt Chiến lược phát triển Chính phủ điện tử hướng tới "
            "Chính phủ số; Đề án 06 được phê duyệt tại Quyết định 06/QĐ-TTg ngày 06/01/2022."
        ),
        source="Quyết định 942/QĐ-TTg ngày 15/6/2021 của Thủ tướng Chính phủ",
        difficulty=2,
        kind="true_false",
        subtopic=DOCS,
    ),
    Q(
        text="Những văn bản nào dưới đây do Thủ tướng Chính phủ ban hành?",
        choices=(
            ("Quyết định số 749/QĐ-TTg ngày 03/6/2020", True),
            ("Quyết định số 942/QĐ-TTg ngày 15/6/2021", True),
            ("Quyết định số 06/QĐ-TTg ngày 06/01/2022", True),
            ("Công văn số 820/BTTTT-THH ngày 09/3/2022", False),
            ("Kế hoạch số 186/KH-UBND ngày 24/12/2020", False),
        ),
        explanation=(
            "Ký hiệu QĐ-TTg chỉ quyết định của Thủ tướng Chính phủ; Công văn 820 là của Bộ Thông tin "
            "và Truyền thông, Kế hoạch 186 là của UBND tỉnh Kiên Giang."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        kind="multiple",
        subtopic=DOCS,
    ),
    Q(
        text=(
            "Văn bản nào của Thủ tướng Chính phủ ngày 26/4/2022 về phát triển Chính phủ điện tử hướng tới "
            "Chính phủ số giao địa phương thành lập tổ công nghệ số cộng đồng?"
        ),
        choices=(
            ("Chỉ thị số 02/CT-TTg", True),
            ("Quyết định số 06/QĐ-TTg", False),
            ("Quyết định số 749/QĐ-TTg", False),
            ("Thông báo số 159/TB-VPCP", False),
        ),
        explanation=(
            "Chỉ thị 02/CT-TTg ngày 26/4/2022, tại điểm r phần 1, giao địa phương thành lập tổ công nghệ "
            "số cộng đồng để tham gia mạng lưới công nghệ số cộng đồng quốc gia."
        ),
        source=TAY_NINH,
        difficulty=3,
        subtopic=DOCS,
    ),
    Q(
        text="Công văn số 2521/UBND-VX ngày 22/9/2024 của UBND tỉnh Cao Bằng có nội dung chính là gì?",
        choices=(
            ("Thúc đẩy hoạt động của Tổ chuyển đổi số cộng đồng trên địa bàn tỉnh", True),
            ("Thành lập thí điểm Tổ công nghệ số cộng đồng tại các tổ dân phố", False),
            ("Phê duyệt Chương trình Chuyển đổi số tỉnh đến năm 2025", False),
            ("Triển khai cấp thẻ Căn cước công dân gắn chip cho người dân", False),
        ),
        explanation=(
            "Công văn 2521/UBND-VX do Phó Chủ tịch UBND tỉnh ký ngày 22/9/2024 về việc thúc đẩy hoạt động "
            "của Tổ chuyển đổi số cộng đồng trên địa bàn tỉnh."
        ),
        source=CAO_BANG,
        difficulty=2,
        subtopic=DOCS,
    ),
]

QUESTIONS += [
    # --- Tổ công nghệ số cộng đồng -----------------------------------------
    Q(
        text="Theo Kế hoạch của UBND tỉnh Kiên Giang, một Tổ công nghệ số cộng đồng có tối đa bao nhiêu thành viên?",
        choices=(
            ("Không quá 10 người", True),
            ("Không quá 7 người", False),
            ("Không quá 15 người", False),
            ("Không quá 20 người", False),
        ),
        explanation=(
            "Kế hoạch quy định số lượng thành viên của 01 Tổ công nghệ số cộng đồng tối đa không quá "
            "10 người, kể cả khi ấp, khu phố đông dân tăng thêm đoàn viên thanh niên."
        ),
        source=KIEN_GIANG,
        difficulty=1,
        subtopic=TEAM,
    ),
    Q(
        text="Ai làm Tổ trưởng Tổ công nghệ số cộng đồng ở ấp, khu phố?",
        choices=(
            ("Trưởng ấp/khu phố", True),
            ("Bí thư Đoàn xã", False),
            ("Công chức văn hóa - xã hội", False),
            ("Nhân viên bưu điện trên địa bàn", False),
        ),
        explanation="Kế hoạch quy định Trưởng ấp/khu phố là Tổ trưởng Tổ công nghệ số cộng đồng.",
        source=KIEN_GIANG,
        difficulty=1,
        subtopic=TEAM,
    ),
    Q(
        text="Theo quy định về cơ cấu, Tổ phó Tổ công nghệ số cộng đồng là ai?",
        choices=(
            ("01 đoàn viên thanh niên thuộc ấp/khu phố", True),
            ("01 cán bộ Công an xã phụ trách địa bàn", False),
            ("01 nhân viên ngân hàng thương mại", False),
            ("01 công chức của Ủy ban nhân dân xã", False),
        ),
        explanation=(
            "Tổ phó là 01 đoàn viên thanh niên thuộc ấp/khu phố; Đoàn thanh niên được xác định là lực "
            "lượng nòng cốt, chủ công của Tổ."
        ),
        source=NEWS_2022,
        difficulty=1,
        subtopic=TEAM,
    ),
    Q(
        text="Ngoài Tổ trưởng và Tổ phó, các tổ viên còn lại của Tổ công nghệ số cộng đồng gồm những ai?",
        choices=(
            ("Tổ trưởng các tổ chức đoàn thể xã hội trên địa bàn", True),
            ("Nhân viên, cộng tác viên doanh nghiệp bưu chính - viễn thông", True),
            ("Nhân viên, cộng tác viên ngân hàng thương mại trên địa bàn", True),
            ("Lãnh đạo Sở Thông tin và Truyền thông của tỉnh", False),
            ("Chủ tịch Ủy ban nhân dân cấp huyện", False),
        ),
        explanation=(
            "Các tổ viên còn lại là tổ trưởng các tổ chức đoàn thể xã hội và nhân viên, cộng tác viên "
            "của doanh nghiệp bưu chính - viễn thông, ngân hàng thương mại trên địa bàn."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        kind="multiple",
        subtopic=TEAM,
    ),
    Q(
        text="Doanh nghiệp có trên bao nhiêu công nhân thì chủ động thành lập Tổ công nghệ số tại doanh nghiệp?",
        choices=(
            ("Trên 300 công nhân", True),
            ("Trên 100 công nhân", False),
            ("Trên 500 công nhân", False),
            ("Trên 1.000 công nhân", False),
        ),
        explanation=(
            "Doanh nghiệp có trên 300 công nhân, nhiều công nhân từ địa phương khác, chủ động thành lập "
            "Tổ công nghệ số tại doanh nghiệp theo cơ cấu tổ chức của mình."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        subtopic=TEAM,
    ),
    Q(
        text="Theo Kế hoạch của UBND tỉnh Kiên Giang, ai ban hành quyết định thành lập Tổ công nghệ số cộng đồng?",
        choices=(
            ("Chủ tịch Ủy ban nhân dân cấp xã", True),
            ("Chủ tịch Ủy ban nhân dân cấp huyện", False),
            ("Giám đốc Sở Thông tin và Truyền thông", False),
            ("Bí thư Ban Chấp hành Tỉnh đoàn", False),
        ),
        explanation=(
            "Ủy ban nhân dân cấp huyện giao Chủ tịch Ủy ban nhân dân cấp xã ban hành quyết định thành lập "
            "Tổ công nghệ số cộng đồng, bảo đảm cơ cấu và số lượng."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        subtopic=TEAM,
    ),
    Q(
        text="Mỗi ấp/khu phố phải có ít nhất 01 Tổ công nghệ số cộng đồng.",
        choices=TRUE,
        explanation=(
            "Đúng: Kế hoạch yêu cầu mỗi ấp/khu phố xây dựng ít nhất 01 Tổ công nghệ số cộng đồng để hướng "
            "dẫn kỹ năng số đến người dân."
        ),
        source=KIEN_GIANG,
        difficulty=1,
        kind="true_false",
        subtopic=TEAM,
    ),
    Q(
        text="Thành viên Tổ công nghệ số cộng đồng hoạt động theo hình thức chuyên trách, được bố trí biên chế riêng.",
        choices=FALSE,
        explanation=(
            "Sai: các thành viên Tổ công nghệ số cộng đồng hoạt động theo hình thức kiêm nhiệm, có sự phối "
            "hợp của doanh nghiệp bưu chính, viễn thông, ngân hàng và các đoàn thể."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        kind="true_false",
        subtopic=TEAM,
    ),
    Q(
        text="Tổ công nghệ số cộng đồng đi từng ngõ, gõ từng nhà và trực tiếp hướng dẫn người dân theo cách nào?",
        choices=(
            ("“Cầm tay chỉ dẫn” từng người dân", True),
            ("Phát tài liệu để người dân tự đọc", False),
            ("Mời người dân lên trụ sở xã học", False),
            ("Gửi tin nhắn hướng dẫn hàng loạt", False),
        ),
        explanation=(
            "Kế hoạch nêu Tổ triển khai theo phương thức đi từng ngõ, gõ từng nhà và trực tiếp hướng dẫn "
            "từng người dân theo cách “cầm tay chỉ dẫn”."
        ),
        source=KIEN_GIANG,
        difficulty=1,
        subtopic=TEAM,
    ),
    Q(
        text="Tổ công nghệ số cộng đồng được quản lý, điều hành dựa trên loại nền tảng nào?",
        choices=(
            ("Nền tảng số Việt Nam miễn phí, thông dụng như Zalo, Mocha", True),
            ("Phần mềm quản lý văn bản riêng do tỉnh tự xây dựng", False),
            ("Hộp thư điện tử công vụ của Ủy ban nhân dân cấp xã", False),
            ("Mạng xã hội nước ngoài có nhiều người dùng tại địa phương", False),
        ),
        explanation=(
            "Tổ được quản lý dựa trên các nền tảng số Việt Nam miễn phí và thông dụng như Zalo, Mocha, "
            "kết nối với cấp xã; mỗi xã tạo một nhóm chung."
        ),
        source=KIEN_GIANG,
        difficulty=1,
        subtopic=TEAM,
    ),
    Q(
        text="Kế hoạch của UBND tỉnh Kiên Giang xác định Tổ công nghệ số cộng đồng là “cánh tay nối dài” của ai?",
        choices=(
            ("Ban Chỉ đạo, Tổ công tác giúp việc Chuyển đổi số các cấp", True),
            ("Các doanh nghiệp bưu chính, viễn thông trên địa bàn", False),
            ("Bộ Thông tin và Truyền thông tại từng ấp, khu phố", False),
            ("Các ngân hàng thương mại trong việc mở tài khoản", False),
        ),
        explanation=(
            "Tổ là lực lượng gần dân, sát dân, là cánh tay nối dài của Ban Chỉ đạo, Tổ công tác giúp việc "
            "Chuyển đổi số từ tỉnh, huyện đến xã và ấp/khu phố."
        ),
        source=KIEN_GIANG,
        difficulty=3,
        subtopic=TEAM,
    ),
    Q(
        text="Những việc nào thuộc nhiệm vụ của Tổ công nghệ số cộng đồng?",
        choices=(
            ("Tuyên truyền chủ trương, chính sách về chuyển đổi số đến từng hộ gia đình", True),
            ("Hướng dẫn người dân cài đặt, sử dụng các nền tảng số, ứng dụng số cơ bản", True),
            ("Hướng dẫn hộ kinh doanh đăng ký tham gia sàn thương mại điện tử", True),
            ("Thay cơ quan nhà nước giải quyết thủ tục hành chính cho người dân", False),
            ("Cấp thẻ Căn cước công dân gắn chip cho người dân trong ấp", False),
        ),
        explanation=(
            "Tổ tuyên truyền, hướng dẫn kỹ năng số và hỗ trợ kinh tế số; giải quyết thủ tục hành chính và "
            "cấp thẻ Căn cước công dân là việc của cơ quan nhà nước, Công an."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        kind="multiple",
        subtopic=TEAM,
    ),
    Q(
        text="Phân công công việc của Tổ công nghệ số cộng đồng phải theo phương châm nào?",
        choices=(
            ("Rõ người, rõ nội dung, rõ việc, rõ tiến độ, rõ trách nhiệm", True),
            ("Rõ người, rõ việc, rõ thời gian, rõ kinh phí, rõ kết quả", False),
            ("Rõ mục tiêu, rõ cách làm, rõ địa bàn, rõ thời hạn, rõ khen thưởng", False),
            ("Rõ chỉ tiêu, rõ nội dung, rõ địa điểm, rõ nguồn lực, rõ báo cáo", False),
        ),
        explanation=(
            "Kế hoạch yêu cầu xác định rõ nội dung công việc, phân công cụ thể theo hướng “Rõ người, rõ nội "
            "dung, rõ việc, rõ tiến độ, rõ trách nhiệm”."
        ),
        source=KIEN_GIANG,
        difficulty=3,
        subtopic=TEAM,
    ),
]

QUESTIONS += [
    # --- Mục tiêu, chỉ tiêu; thi và báo cáo --------------------------------
    Q(
        text=(
            "Mục tiêu năm 2022 của tỉnh Kiên Giang: phấn đấu bao nhiêu phần trăm người dân trong độ tuổi lao "
            "động được cấp sổ định danh điện tử cá nhân?"
        ),
        choices=(
            ("60%", True),
            ("50%", False),
            ("70%", False),
            ("80%", False),
        ),
        explanation=(
            "Kế hoạch đặt mục tiêu 60% người dân trong độ tuổi lao động được cấp và sử dụng hiệu quả sổ "
            "định danh điện tử cá nhân trong giao dịch thủ tục hành chính, y tế, giáo dục."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        subtopic=TARGETS,
    ),
    Q(
        text=(
            "Theo mục tiêu năm 2022, bao nhiêu phần trăm người dân từ 15 tuổi trở lên cần có ví điện tử hoặc "
            "tài khoản giao dịch điện tử ngân hàng?"
        ),
        choices=(
            ("50%", True),
            ("40%", False),
            ("60%", False),
            ("100%", False),
        ),
        explanation=(
            "Kế hoạch phấn đấu 50% người dân từ 15 tuổi trở lên có ví điện tử hoặc tài khoản ngân hàng, có "
            "điện thoại thông minh và cài các ứng dụng thiết yếu."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        subtopic=TARGETS,
    ),
    Q(
        text=(
            "Kế hoạch năm 2022 của tỉnh Kiên Giang phấn đấu bao nhiêu phần trăm hợp tác xã, hộ sản xuất kinh "
            "doanh có sản phẩm OCOP được đưa lên sàn Postmart.vn, Voso.vn?"
        ),
        choices=(
            ("60%", True),
            ("30%", False),
            ("50%", False),
            ("75%", False),
        ),
        explanation=(
            "Mục tiêu là 60% hợp tác xã, hộ sản xuất kinh doanh có sản phẩm OCOP được đưa lên sàn thương "
            "mại điện tử Postmart.vn, Voso.vn để giao dịch trực tuyến."
        ),
        source=KIEN_GIANG,
        difficulty=3,
        subtopic=TARGETS,
    ),
    Q(
        text=(
            "Kế hoạch của tỉnh Kiên Giang đặt mục tiêu năm 2022 là 50% người dân trong độ tuổi lao động được "
            "cấp sổ định danh điện tử cá nhân."
        ),
        choices=FALSE,
        explanation=(
            "Sai: chỉ tiêu định danh điện tử là 60% người dân trong độ tuổi lao động; con số 50% là chỉ tiêu "
            "người dân từ 15 tuổi trở lên có ví điện tử hoặc tài khoản ngân hàng."
        ),
        source=KIEN_GIANG,
        difficulty=3,
        kind="true_false",
        subtopic=TARGETS,
    ),
    Q(
        text=(
            "Việc ra mắt, công bố hoạt động của Tổ công nghệ số cộng đồng ở Kiên Giang (phủ 100% khu phố/ấp) "
            "phải hoàn thành trong thời gian nào?"
        ),
        choices=(
            ("Trong tháng 8/2022", True),
            ("Trong tháng 6/2022", False),
            ("Trong tháng 10/2022", False),
            ("Trong tháng 12/2022", False),
        ),
        explanation=(
            "Kế hoạch giao UBND cấp huyện tổ chức ra mắt, công bố hoạt động của Tổ công nghệ số cộng đồng "
            "hoàn thành trong tháng 8/2022, bảo đảm phủ 100% khu phố/ấp."
        ),
        source=KIEN_GIANG,
        difficulty=3,
        subtopic=TARGETS,
    ),
    Q(
        text=(
            "Các địa phương báo cáo kết quả hoạt động của Tổ công nghệ số cộng đồng qua Sở Thông tin và Truyền thông "
            "vào thời hạn nào?"
        ),
        choices=(
            ("Trước ngày 20 hàng tháng", True),
            ("Trước ngày 05 hàng tháng", False),
            ("Trước ngày 15 hàng quý", False),
            ("Cuối mỗi năm, trước ngày 31/12", False),
        ),
        explanation=(
            "Kế hoạch yêu cầu báo cáo trước ngày 20 hàng tháng qua Sở Thông tin và Truyền thông để tổng hợp "
            "báo cáo Ủy ban nhân dân tỉnh theo biểu mẫu chung."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        subtopic=TARGETS,
    ),
    Q(
        text=(
            "Sở Thông tin và Truyền thông tổ chức đánh giá, chấm điểm và trao giải cuộc thi trắc nghiệm trực "
            "tuyến cho các đội theo những kỳ nào?"
        ),
        choices=(
            ("Hàng tuần", True),
            ("Hàng tháng", True),
            ("Hàng quý", True),
            ("Hàng năm", True),
            ("Hàng ngày", False),
        ),
        explanation=(
            "Sở chuẩn bị bộ câu hỏi/câu trả lời cho các cuộc thi trắc nghiệm trực tuyến giữa các Tổ và trao "
            "giải cho các đội đạt giải hàng tuần, tháng, quý, năm; không có giải hàng ngày."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        kind="multiple",
        subtopic=TARGETS,
    ),
    Q(
        text=(
            "Sở Thông tin và Truyền thông chủ trì, phối hợp với đơn vị nào tổ chức cuộc thi trắc nghiệm trực tuyến về "
            "chuyển đổi số hàng năm?"
        ),
        choices=(
            ("Tỉnh đoàn", True),
            ("Công an tỉnh", False),
            ("Sở Nội vụ", False),
            ("Liên minh Hợp tác xã tỉnh", False),
        ),
        explanation=(
            "Sở Thông tin và Truyền thông chủ trì, phối hợp với Tỉnh đoàn tổ chức cuộc thi trắc nghiệm trực "
            "tuyến hàng năm; Tỉnh đoàn cũng xây dựng chương trình phối hợp tổ chức các cuộc thi."
        ),
        source=KIEN_GIANG,
        difficulty=1,
        subtopic=TARGETS,
    ),
    # --- Chiến dịch, sự kiện ----------------------------------------------
    Q(
        text="Ngày Chuyển đổi số quốc gia là ngày nào trong năm?",
        choices=(
            ("Ngày 10/10", True),
            ("Ngày 03/6", False),
            ("Ngày 01/10", False),
            ("Ngày 20/11", False),
        ),
        explanation=(
            "Công văn 2521/UBND-VX yêu cầu các Tổ hưởng ứng Ngày Chuyển đổi số quốc gia, Ngày Chuyển đổi "
            "số tỉnh là ngày 10/10 năm 2024."
        ),
        source=CAO_BANG,
        difficulty=1,
        subtopic=CAMPAIGN,
    ),
    Q(
        text=(
            "Chiến dịch ra quân “đi từng ngõ, gõ từng nhà, hướng dẫn từng người dân sử dụng dịch vụ, ứng dụng "
            "để phát triển kinh tế số” ở Cao Bằng diễn ra trong thời gian nào?"
        ),
        choices=(
            ("Từ ngày 01/10/2024 đến ngày 10/10/2024", True),
            ("Từ ngày 22/9/2024 đến ngày 01/10/2024", False),
            ("Từ ngày 10/10/2024 đến ngày 20/10/2024", False),
            ("Từ ngày 01/9/2024 đến ngày 30/9/2024", False),
        ),
        explanation=(
            "Công văn 2521/UBND-VX giao Sở Thông tin và Truyền thông phát động chiến dịch trên toàn tỉnh từ "
            "ngày 01/10/2024 đến 10/10/2024, kết thúc đúng Ngày Chuyển đổi số quốc gia."
        ),
        source=CAO_BANG,
        difficulty=2,
        subtopic=CAMPAIGN,
    ),
    Q(
        text="Những nội dung nào thuộc 05 nội dung kỹ năng số cơ bản nêu trong Công văn 2521/UBND-VX?",
        choices=(
            ("Sử dụng dịch vụ công trực tuyến", True),
            ("Mua sắm trực tuyến", True),
            ("Thanh toán trực tuyến", True),
            ("Tự bảo vệ mình trên không gian mạng", True),
            ("Lập trình ứng dụng trên điện thoại", False),
            ("Sửa chữa, bảo dưỡng máy tính", False),
        ),
        explanation=(
            "05 kỹ năng số cơ bản gồm: dịch vụ công trực tuyến, mua sắm trực tuyến, thanh toán trực tuyến, "
            "tự bảo vệ mình trên không gian mạng và sử dụng nền tảng số khác phù hợp với tỉnh."
        ),
        source=CAO_BANG,
        difficulty=2,
        kind="multiple",
        subtopic=CAMPAIGN,
    ),
    Q(
        text=(
            "Theo Công văn 2521/UBND-VX, Sở Giáo dục và Đào tạo đưa 05 nội dung kỹ năng số cơ bản vào tiết học ngoại "
            "khóa cho đối tượng nào?"
        ),
        choices=(
            ("Học sinh trung học cơ sở và trung học phổ thông", True),
            ("Học sinh tiểu học và trung học cơ sở", False),
            ("Sinh viên các trường cao đẳng, đại học", False),
            ("Học viên các trung tâm giáo dục thường xuyên", False),
        ),
        explanation=(
            "Sở Giáo dục và Đào tạo xây dựng chương trình đưa 05 nội dung kỹ năng số cơ bản vào tiết học "
            "ngoại khóa cho học sinh trung học cơ sở và trung học phổ thông."
        ),
        source=CAO_BANG,
        difficulty=3,
        subtopic=CAMPAIGN,
    ),
    Q(
        text=(
            "Công văn 2521/UBND-VX giao Sở Nội vụ phối hợp với Sở Thông tin và Truyền thông trình Chủ tịch "
            "UBND tỉnh tôn vinh, khen thưởng tập thể, cá nhân có thành tích trong hoạt động của Tổ chuyển đổi "
            "số cộng đồng."
        ),
        choices=TRUE,
        explanation=(
            "Đúng: Sở Nội vụ phối hợp với Sở Thông tin và Truyền thông rà soát, thẩm định, trình Chủ tịch UBND "
            "tỉnh tôn vinh, khen thưởng các tập thể, cá nhân, mô hình, cách làm hay."
        ),
        source=CAO_BANG,
        difficulty=2,
        kind="true_false",
        subtopic=CAMPAIGN,
    ),
    # --- Kết quả triển khai tại địa phương ---------------------------------
    Q(
        text=(
            "Đến tháng 5/2022, 235/235 xã, phường, thị trấn của tỉnh Hải Dương đã thành lập bao nhiêu tổ công nghệ số "
            "cộng đồng cấp thôn/khu dân cư?"
        ),
        choices=(
            ("1.340 tổ", True),
            ("1.499 tổ", False),
            ("6.891 tổ", False),
            ("357 tổ", False),
        ),
        explanation=(
            "235/235 xã, phường, thị trấn của Hải Dương đã thành lập 1.340 tổ công nghệ số cộng đồng cấp "
            "thôn/khu dân cư với 6.891 thành viên."
        ),
        source=HAI_DUONG,
        difficulty=2,
        subtopic=LOCAL,
    ),
    Q(
        text=(
            "Các tổ công nghệ số cộng đồng cấp thôn/khu dân cư của tỉnh Hải Dương (tháng 5/2022) có tổng cộng bao "
            "nhiêu thành viên?"
        ),
        choices=(
            ("6.891 thành viên", True),
            ("1.340 thành viên", False),
            ("1.499 thành viên", False),
            ("8.190 thành viên", False),
        ),
        explanation="1.340 tổ công nghệ số cộng đồng cấp thôn/khu dân cư của Hải Dương có tổng cộng 6.891 thành viên.",
        source=HAI_DUONG,
        difficulty=3,
        subtopic=LOCAL,
    ),
    Q(
        text=(
            "Tổ chỉ đạo triển khai công nghệ số cộng đồng cấp tỉnh của Hải Dương có bao nhiêu cán bộ tham gia làm tổ "
            "viên?"
        ),
        choices=(
            ("113 cán bộ", True),
            ("357 cán bộ", False),
            ("235 cán bộ", False),
            ("107 cán bộ", False),
        ),
        explanation=(
            "Các cơ quan, đơn vị, doanh nghiệp đã cử 113 cán bộ tham gia tổ chỉ đạo cấp tỉnh; 357 là số "
            "thành viên tổ chỉ đạo cấp huyện của 12/12 huyện, thị xã, thành phố."
        ),
        source=HAI_DUONG,
        difficulty=3,
        subtopic=LOCAL,
    ),
    Q(
        text=(
            "Tại Hải Dương, 12/12 huyện, thị xã, thành phố đã ban hành quyết định thành lập Tổ chỉ đạo triển "
            "khai công nghệ số cộng đồng cấp huyện với 357 thành viên."
        ),
        choices=TRUE,
        explanation=(
            "Đúng: theo hội nghị ngày 17/5/2022, 12/12 đơn vị cấp huyện đã thành lập Tổ chỉ đạo cấp huyện "
            "với 357 thành viên tham gia."
        ),
        source=HAI_DUONG,
        difficulty=2,
        kind="true_false",
        subtopic=LOCAL,
    ),
    Q(
        text=(
            "Theo hướng dẫn của Sở Thông tin và Truyền thông Tây Ninh, 100% ấp/khu phố có thể thí điểm thành lập tổ "
            "công nghệ số cộng đồng trong thời gian nào?"
        ),
        choices=(
            ("Trong tháng 6/2022", True),
            ("Trong tháng 3/2022", False),
            ("Trong tháng 8/2022", False),
            ("Trong tháng 12/2023", False),
        ),
        explanation=(
            "Hướng dẫn nêu có thể thí điểm 100% ấp/khu phố, tổ dân phố thành lập tổ trong tháng 6/2022; tổ "
            "tự quản ở các xã thành lập vào cuối năm 2022 hoặc đầu năm 2023."
        ),
        source=TAY_NINH,
        difficulty=3,
        subtopic=LOCAL,
    ),
]
