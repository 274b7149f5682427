"""Demo questions: "Các nền tảng số khác của địa phương".

Facts come from the provincial documents in shared/seeds: the Zalo groups the
teams run, the provincial apps and platforms they name, and the campaigns.
"""

from __future__ import annotations

from questionbank.demo_bank import CAO_BANG, GENERAL, HAI_DUONG, KIEN_GIANG, TAY_NINH, TRUE, Q

ZALO = "Nhóm Zalo của tổ"
PROVINCE = "Nền tảng của tỉnh"
HEALTH = "Sức khỏe số"
CAMPAIGN = "Chiến dịch và sự kiện"
DUTIES = "Nhiệm vụ hướng dẫn của tổ"


QUESTIONS: list[Q] = [
    Q(
        text=(
            "Theo hướng dẫn của Sở Thông tin và Truyền thông tỉnh Tây Ninh, Tổ công nghệ số cộng đồng lập nhóm "
            "Zalo gồm những ai để hỗ trợ, hướng dẫn thường xuyên?"
        ),
        choices=(
            ("Tất cả hộ gia đình, người dân trong ấp, khu phố, tổ dân phố", True),
            ("Chỉ các thành viên của Tổ công nghệ số cộng đồng", False),
            ("Chỉ lãnh đạo Ủy ban nhân dân cấp huyện và cấp tỉnh", False),
            ("Chỉ các hộ kinh doanh đã mở gian hàng trên sàn", False),
        ),
        explanation=(
            "Hướng dẫn nêu: lập nhóm Zalo gồm tất cả các hộ gia đình/người dân trong ấp, khu phố, tổ dân phố, "
            "tổ tự quản để hỗ trợ, tương tác, hướng dẫn thường xuyên."
        ),
        source=TAY_NINH,
        difficulty=1,
        subtopic=ZALO,
    ),
    Q(
        text=(
            "Theo Kế hoạch của UBND tỉnh Kiên Giang, ấp/khu phố chưa có nhóm cộng đồng trên Zalo, Mocha thì Tổ "
            "công nghệ số cộng đồng làm gì?"
        ),
        choices=(
            ("Thiết lập nhóm mới để cung cấp thông tin, tài liệu hướng dẫn", True),
            ("Chờ Sở Thông tin và Truyền thông lập nhóm thay cho tổ", False),
            ("Chỉ gửi tài liệu in qua đường bưu điện đến từng hộ dân", False),
            ("Không cần triển khai hướng dẫn tại ấp/khu phố đó nữa", False),
        ),
        explanation=(
            "Kế hoạch giao Tổ dùng chính các nhóm cộng đồng Zalo, Mocha để cung cấp thông tin, tài liệu; "
            "ấp/khu phố chưa có nhóm thì thiết lập mới."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        subtopic=ZALO,
    ),
    Q(
        text=(
            "Tin của tỉnh Hải Dương (17/5/2022) nêu những nền tảng mạng xã hội Việt Nam nào để Tổ công nghệ số "
            "cộng đồng tạo nhóm gồm các hộ dân?"
        ),
        choices=(
            ("Zalo", True),
            ("Mocha", True),
            ("Gapo", True),
            ("Telegram", False),
        ),
        explanation=(
            "Tin nêu: tạo nhóm mạng xã hội Việt Nam như Zalo, Mocha, Gapo… gồm tất cả các hộ gia đình trong thôn, "
            "bản, tổ dân phố. Telegram không phải nền tảng của Việt Nam."
        ),
        source=HAI_DUONG,
        difficulty=2,
        kind="multiple",
        subtopic=ZALO,
    ),
    Q(
        text=(
            "Theo hướng dẫn của Sở Thông tin và Truyền thông tỉnh Tây Ninh, Tổ công nghệ số cộng đồng có thể gửi báo "
            "cáo định kỳ kết quả thực hiện chỉ tiêu qua nhóm Zalo."
        ),
        choices=TRUE,
        explanation=(
            "Hướng dẫn nêu Tổ cập nhật, gửi báo cáo định kỳ qua mạng bằng nền tảng số Việt Nam như nhóm Zalo để "
            "chính quyền các cấp nắm bắt và xử lý kịp thời vướng mắc."
        ),
        source=TAY_NINH,
        difficulty=1,
        kind="true_false",
        subtopic=ZALO,
    ),
    Q(
        text=(
            "Theo Kế hoạch của UBND tỉnh Kiên Giang, nhóm chung của mỗi xã, phường, thị trấn (trên Zalo, Mocha) "
            "gồm những thành phần nào?"
        ),
        choices=(
            ("Lãnh đạo Ủy ban nhân dân cấp xã", True),
            ("Lãnh đạo Công an cấp xã", True),
            ("Tổ trưởng các Tổ công nghệ số cộng đồng", True),
            ("Toàn bộ người dân sinh sống trong xã", False),
        ),
        explanation=(
            "Nhóm chung cấp xã gồm lãnh đạo UBND, Công an, Mặt trận và đoàn thể cấp xã, công chức văn hóa xã hội "
            "và Tổ trưởng các Tổ để kết nối với cấp huyện; người dân ở trong nhóm của ấp."
        ),
        source=KIEN_GIANG,
        difficulty=3,
        kind="multiple",
        subtopic=ZALO,
    ),
    Q(
        text=(
            "Theo Kế hoạch của UBND tỉnh Kiên Giang, nhóm chung của mỗi huyện, thành phố có một cán bộ Trung tâm "
            "Công nghệ thông tin và Truyền thông thuộc Sở làm đầu mối kết nối với tỉnh."
        ),
        choices=TRUE,
        explanation=(
            "Nhóm chung cấp huyện gồm lãnh đạo UBND, các phòng, Công an, Mặt trận, doanh nghiệp, ngân hàng và một "
            "cán bộ Trung tâm Công nghệ thông tin và Truyền thông (Sở Thông tin và Truyền thông) làm đầu mối."
        ),
        source=KIEN_GIANG,
        difficulty=3,
        kind="true_false",
        subtopic=ZALO,
    ),
    Q(
        text=(
            "Theo hướng dẫn của Sở Thông tin và Truyền thông tỉnh Tây Ninh, nhóm Zalo chung của mỗi xã, phường, "
            "thị trấn có cả lãnh đạo UBND cấp huyện, Sở Thông tin và Truyền thông và các doanh nghiệp tham gia."
        ),
        choices=TRUE,
        explanation=(
            "Nhóm chung gồm lãnh đạo UBND cấp xã, các Tổ, lãnh đạo UBND cấp huyện, phòng chuyên môn, Sở Thông tin "
            "và Truyền thông và các doanh nghiệp tham gia triển khai."
        ),
        source=TAY_NINH,
        difficulty=3,
        kind="true_false",
        subtopic=ZALO,
    ),
    Q(
        text=(
            "Công văn 2521/UBND-VX giao Sở Thông tin và Truyền thông Cao Bằng đề xuất, triển khai các mô hình "
            "chuyển đổi số gắn với 05 nội dung kỹ năng số cơ bản tại đâu?"
        ),
        choices=(
            ("Các xóm, tổ dân phố, cụm dân cư", True),
            ("Các khu công nghiệp, cụm công nghiệp", False),
            ("Các trường đại học, cao đẳng", False),
            ("Các sở, ban, ngành cấp tỉnh", False),
        ),
        explanation=(
            "Công văn giao Sở phối hợp đề xuất, triển khai các mô hình chuyển đổi số tại các xóm, tổ dân phố, cụm "
            "dân cư gắn với 05 nội dung kỹ năng số cơ bản."
        ),
        source=CAO_BANG,
        difficulty=3,
        subtopic=PROVINCE,
    ),
    Q(
        text="Ứng dụng “phản ánh hiện trường” mà Tổ công nghệ số cộng đồng hướng dẫn người dân cài đặt dùng để làm gì?",
        choices=(
            ("Gửi phản ánh, kiến nghị về sự việc ở địa phương đến chính quyền", True),
            ("Mua bán nông sản của hộ gia đình trên sàn thương mại điện tử", False),
            ("Tra cứu kết quả khám chữa bệnh của cá nhân tại bệnh viện", False),
            ("Kê khai và nộp thuế thu nhập cá nhân hằng năm qua mạng", False),
        ),
        explanation=(
            "Ứng dụng phản ánh hiện trường giúp người dân báo sự việc (ô nhiễm, hư hỏng đường sá…) để chính quyền "
            "xử lý; hướng dẫn Tây Ninh nêu đây là một ví dụ Tổ trực tiếp hướng dẫn cài đặt."
        ),
        source=TAY_NINH,
        difficulty=1,
        subtopic=PROVINCE,
    ),
    Q(
        text="Nền tảng trợ lý ảo (được đưa vào nội dung tập huấn cho các Tổ ở Hải Dương) giúp người dùng làm gì?",
        choices=(
            ("Hỏi đáp tự động, tra cứu thông tin bằng cách gõ hoặc nói câu hỏi", True),
            ("Thay cán bộ ký duyệt hồ sơ thủ tục hành chính của người dân", False),
            ("Tự động trừ tiền trả mọi hóa đơn hằng tháng không cần xác nhận", False),
            ("Cấp thẻ căn cước và chữ ký số cho người dân ngay trên mạng", False),
        ),
        explanation=(
            "Trợ lý ảo là phần mềm tự động trả lời câu hỏi, hướng dẫn tra cứu thông tin suốt ngày đêm; "
            "tin Hải Dương (17/5/2022) nêu nền tảng trợ lý ảo trong nội dung tập huấn cho các Tổ."
        ),
        source=HAI_DUONG,
        difficulty=2,
        subtopic=PROVINCE,
    ),
    Q(
        text=(
            "Tin của tỉnh Hải Dương nêu những ví dụ nào khi Tổ công nghệ số cộng đồng nhận chỉ tiêu và trực tiếp "
            "làm mẫu, hướng dẫn lại cho hộ gia đình?"
        ),
        choices=(
            ("Mở gian hàng số", True),
            ("Cài ứng dụng sổ sức khỏe điện tử", True),
            ("Ứng dụng thông tin đất đai", True),
            ("Mở tài khoản giao dịch chứng khoán", False),
        ),
        explanation=(
            "Các ví dụ được nêu: mở gian hàng số, cài sổ sức khỏe điện tử, PC-COVID, phản ánh hiện trường, "
            "dịch vụ công, thông tin đất đai. Tài khoản chứng khoán không có trong danh sách."
        ),
        source=HAI_DUONG,
        difficulty=3,
        kind="multiple",
        subtopic=DUTIES,
    ),
    Q(
        text="Đặt lịch khám bệnh trực tuyến qua ứng dụng hoặc trang web của bệnh viện giúp người dân điều gì?",
        choices=(
            ("Chọn trước ngày giờ khám, bớt thời gian chờ tại bệnh viện", True),
            ("Được miễn toàn bộ chi phí khám và chữa bệnh của lần khám", False),
            ("Được bác sĩ kê đơn thuốc mà không cần khám trực tiếp", False),
            ("Được ưu tiên khám trước cả các ca cấp cứu đang chờ", False),
        ),
        explanation=(
            "Đặt lịch trực tuyến giúp chủ động thời gian và giảm xếp hàng; chi phí khám và việc khám, kê đơn "
            "vẫn theo quy định của cơ sở y tế."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=HEALTH,
    ),
    Q(
        text=(
            "Hồ sơ sức khỏe điện tử chứa thông tin cá nhân nhạy cảm, vì vậy không nên đưa tài khoản đăng nhập, "
            "mã OTP của ứng dụng này cho người lạ."
        ),
        choices=TRUE,
        explanation=(
            "Thông tin bệnh tật, khám chữa bệnh là dữ liệu riêng tư. Tổ hướng dẫn người dân tự cài, tự đăng nhập "
            "và giữ kín mật khẩu, mã OTP."
        ),
        source=GENERAL,
        difficulty=2,
        kind="true_false",
        subtopic=HEALTH,
    ),
    Q(
        text=(
            "Theo hướng dẫn của Sở Thông tin và Truyền thông tỉnh Tây Ninh, về xã hội số, Tổ hướng dẫn người dân "
            "dùng dịch vụ số cho những nhu cầu thiết yếu nào?"
        ),
        choices=(
            ("Y tế", True),
            ("Giáo dục", True),
            ("Chính sách xã hội", True),
            ("Giao dịch tiền ảo", False),
        ),
        explanation=(
            "Hướng dẫn nêu các nhu cầu thiết yếu như y tế, giáo dục, chính sách xã hội, phòng chống dịch. "
            "Giao dịch tiền ảo không thuộc các nội dung này."
        ),
        source=TAY_NINH,
        difficulty=2,
        kind="multiple",
        subtopic=HEALTH,
    ),
    Q(
        text="Sổ sức khỏe điện tử (hồ sơ sức khỏe điện tử) giúp người dân điều gì?",
        choices=(
            ("Theo dõi thông tin khám chữa bệnh, tiêm chủng của mình trên điện thoại", True),
            ("Tự kê đơn thuốc cho mình mà không cần gặp bác sĩ", False),
            ("Thay thế hoàn toàn việc đi khám sức khỏe định kỳ", False),
            ("Mua thuốc kê đơn qua mạng mà không cần có đơn thuốc", False),
        ),
        explanation=(
            "Sổ sức khỏe điện tử lưu thông tin sức khỏe, lịch sử khám chữa bệnh, tiêm chủng để người dân và cơ sở y "
            "tế tra cứu. Nó không thay bác sĩ hay việc khám bệnh."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=HEALTH,
    ),
    Q(
        text="Ứng dụng PC-COVID được nêu trong tin của tỉnh Hải Dương năm 2022 phục vụ mục đích gì?",
        choices=(
            ("Phòng, chống dịch COVID-19", True),
            ("Thanh toán hóa đơn tiền điện", False),
            ("Mua bán sản phẩm OCOP", False),
            ("Tra cứu thông tin đất đai", False),
        ),
        explanation=(
            "PC-COVID là ứng dụng phòng, chống dịch COVID-19; tin Hải Dương nêu nó trong các ứng dụng Tổ hướng dẫn "
            "người dân cài đặt, cùng nhóm nền tảng công nghệ phòng chống dịch."
        ),
        source=HAI_DUONG,
        difficulty=1,
        subtopic=HEALTH,
    ),
    Q(
        text="Zalo, nền tảng các Tổ dùng để lập nhóm của ấp, khu phố, là nền tảng do doanh nghiệp Việt Nam phát triển.",
        choices=TRUE,
        explanation=(
            "Zalo do doanh nghiệp Việt Nam (VNG) phát triển; các văn bản hướng dẫn khuyến khích Tổ dùng nền tảng số "
            "Việt Nam miễn phí, thông dụng như Zalo, Mocha."
        ),
        source=KIEN_GIANG,
        difficulty=1,
        kind="true_false",
        subtopic=ZALO,
    ),
    Q(
        text=(
            "Theo Kế hoạch của UBND tỉnh Kiên Giang, các Sở, ban, ngành làm gì với nền tảng, phần mềm của ngành "
            "mình có liên quan đến người dân?"
        ),
        choices=(
            ("Rà soát, làm hướng dẫn sử dụng gửi Sở Thông tin và Truyền thông công bố", True),
            ("Giao toàn bộ cho các Tổ công nghệ số cộng đồng tự tìm hiểu, vận hành", False),
            ("Ngừng dùng để chuyển hết sang một nền tảng chung của Trung ương", False),
            ("Chỉ giới thiệu cho cán bộ, công chức trong ngành, không cho người dân", False),
        ),
        explanation=(
            "Các Sở, ban, ngành rà soát nền tảng, phần mềm liên quan đến người dân, xây dựng quy chế và hướng dẫn "
            "sử dụng gửi Sở Thông tin và Truyền thông tổng hợp, công bố trên các nền tảng truyền thông."
        ),
        source=KIEN_GIANG,
        difficulty=3,
        subtopic=PROVINCE,
    ),
    Q(
        text=(
            "Theo Kế hoạch của UBND tỉnh Kiên Giang, doanh nghiệp bưu chính, viễn thông là lực lượng nòng cốt hướng "
            "dẫn người dân những nội dung nào?"
        ),
        choices=(
            ("Cài đặt, sử dụng Mobile Money", True),
            ("Sử dụng chữ ký số", True),
            ("Thiết lập gian hàng số", True),
            ("Cấp thẻ căn cước gắn chip", False),
        ),
        explanation=(
            "Kế hoạch giao doanh nghiệp bưu chính, viễn thông làm nòng cốt về mobile money, chữ ký số, gian hàng số, "
            "đưa sản phẩm OCOP lên sàn. Cấp thẻ căn cước là việc của Công an."
        ),
        source=KIEN_GIANG,
        difficulty=3,
        kind="multiple",
        subtopic=DUTIES,
    ),
    Q(
        text=(
            "Theo Kế hoạch của UBND tỉnh Kiên Giang, người dân được khuyến khích tương tác với chính quyền qua "
            "nền tảng nào?"
        ),
        choices=(
            ("Nền tảng khảo sát, thu thập ý kiến của người dân", True),
            ("Tổng đài tin nhắn quảng cáo của các nhà mạng", False),
            ("Trang bán hàng riêng của doanh nghiệp tư nhân", False),
            ("Kênh video giải trí của các nhà sáng tạo nội dung", False),
        ),
        explanation=(
            "Một mục tiêu năm 2022 của Kế hoạch là người dân tham gia, tương tác với chính quyền thông qua nền tảng "
            "khảo sát, thu thập ý kiến của người dân."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        subtopic=PROVINCE,
    ),
    Q(
        text="Địa chỉ số của một ngôi nhà hoặc cửa hàng giúp ích gì cho người dân?",
        choices=(
            ("Xác định đúng vị trí trên bản đồ số để tìm đường, giao nhận hàng", True),
            ("Thay thế giấy chứng nhận quyền sử dụng đất của hộ gia đình", False),
            ("Dùng làm mật khẩu để đăng nhập ứng dụng ngân hàng số", False),
            ("Tự động kê khai và nộp thuế thay cho hộ kinh doanh", False),
        ),
        explanation=(
            "Địa chỉ số gắn một địa điểm với tọa độ trên bản đồ số, giúp người khác tìm đến và giao hàng chính xác. "
            "Nó không thay thế giấy tờ pháp lý về đất."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=PROVINCE,
    ),
    Q(
        text=(
            "Chiến dịch “đi từng ngõ, gõ từng nhà” của Tổ chuyển đổi số cộng đồng tỉnh Cao Bằng hướng dẫn từng "
            "người dân sử dụng dịch vụ, ứng dụng để phát triển lĩnh vực nào?"
        ),
        choices=(
            ("Kinh tế số", True),
            ("Du lịch cộng đồng", False),
            ("Nông nghiệp hữu cơ", False),
            ("Giáo dục nghề nghiệp", False),
        ),
        explanation=(
            "Tên đầy đủ của chiến dịch là “đi từng ngõ, gõ từng nhà, hướng dẫn từng người dân sử dụng dịch vụ, "
            "ứng dụng để phát triển kinh tế số”."
        ),
        source=CAO_BANG,
        difficulty=2,
        subtopic=CAMPAIGN,
    ),
    Q(
        text=(
            "Theo Công văn 2521/UBND-VX, sau khi kết thúc chiến dịch ra quân tại địa phương, UBND các huyện, "
            "thành phố tổng hợp kết quả báo cáo cho ai?"
        ),
        choices=(
            ("UBND tỉnh, qua Sở Thông tin và Truyền thông", True),
            ("Bộ Thông tin và Truyền thông, qua Cục Chuyển đổi số", False),
            ("Tỉnh đoàn, qua các tổ chức cơ sở đoàn", False),
            ("Sở Nội vụ, qua phòng Nội vụ cấp huyện", False),
        ),
        explanation=(
            "Công văn giao UBND các huyện, thành phố tổng hợp kết quả thực hiện, báo cáo UBND tỉnh (qua Sở Thông "
            "tin và Truyền thông) sau khi kết thúc chiến dịch tại địa phương."
        ),
        source=CAO_BANG,
        difficulty=3,
        subtopic=CAMPAIGN,
    ),
    Q(
        text=(
            "Công văn 2521/UBND-VX đề nghị các doanh nghiệp số, bưu chính, viễn thông nghiên cứu chính sách ưu đãi "
            "giá sản phẩm, dịch vụ số cho thành viên Tổ chuyển đổi số cộng đồng."
        ),
        choices=TRUE,
        explanation=(
            "Công văn đề nghị doanh nghiệp cử cán bộ thành thạo kỹ năng số tham gia Tổ và nghiên cứu ưu đãi giá "
            "sản phẩm, dịch vụ số cho thành viên Tổ để tạo thuận lợi cho hoạt động."
        ),
        source=CAO_BANG,
        difficulty=3,
        kind="true_false",
        subtopic=DUTIES,
    ),
    Q(
        text=(
            "Theo Công văn 2521/UBND-VX của UBND tỉnh Cao Bằng, những nội dung nào được nêu để Tổ lựa chọn hướng dẫn "
            "người dân khi ra quân?"
        ),
        choices=(
            ("Hướng dẫn sử dụng dịch vụ công trực tuyến", True),
            ("Hướng dẫn thanh toán không dùng tiền mặt", True),
            ("Tìm kiếm thông tin hiệu quả trên Internet", True),
            ("Hướng dẫn chơi trò chơi trực tuyến có thưởng", False),
        ),
        explanation=(
            "Công văn nêu: dịch vụ công trực tuyến, thanh toán không dùng tiền mặt, mua bán trên sàn thương mại "
            "điện tử Việt Nam, bảo vệ bản thân và gia đình trên mạng, tìm kiếm thông tin hiệu quả trên Internet."
        ),
        source=CAO_BANG,
        difficulty=2,
        kind="multiple",
        subtopic=CAMPAIGN,
    ),
    Q(
        text=(
            "Theo Công văn 2521/UBND-VX của UBND tỉnh Cao Bằng, khi ra quân Tổ hướng dẫn người dân dùng nền tảng số "
            "nào ngoài các nội dung đã nêu?"
        ),
        choices=(
            ("Nền tảng số Việt Nam do địa phương lựa chọn hoặc theo định hướng của Sở", True),
            ("Bất kỳ nền tảng nước ngoài nào đang được nhiều người dùng", False),
            ("Nền tảng do từng người dân tự tìm hiểu, tự chọn trên mạng", False),
            ("Chỉ nền tảng do doanh nghiệp viễn thông tự chọn và thu phí", False),
        ),
        explanation=(
            "Công văn nêu: sử dụng nền tảng số Việt Nam do địa phương lựa chọn (hoặc theo định hướng của Sở Thông "
            "tin và Truyền thông)."
        ),
        source=CAO_BANG,
        difficulty=3,
        subtopic=CAMPAIGN,
    ),
    Q(
        text=(
            "Trong 05 nội dung kỹ năng số cơ bản của Công văn 2521/UBND-VX (tỉnh Cao Bằng), nội dung nào ứng với "
            "chủ đề “Các nền tảng số khác của địa phương”?"
        ),
        choices=(
            ("Sử dụng nền tảng số khác phù hợp với đặc thù tại tỉnh", True),
            ("Sử dụng trí tuệ nhân tạo trong sản xuất nông nghiệp", False),
            ("Lập trình ứng dụng di động cho hộ kinh doanh cá thể", False),
            ("Quản trị mạng máy tính cho hộ gia đình và trường học", False),
        ),
        explanation=(
            "05 nội dung gồm: dịch vụ công trực tuyến, mua sắm trực tuyến, thanh toán trực tuyến, tự bảo vệ mình "
            "trên không gian mạng và sử dụng nền tảng số khác phù hợp với đặc thù tại tỉnh."
        ),
        source=CAO_BANG,
        difficulty=2,
        subtopic=PROVINCE,
    ),
    Q(
        text=(
            "Theo Công văn 2521/UBND-VX, trong tháng 10/2024 các Tổ chuyển đổi số cộng đồng tỉnh Cao Bằng hưởng "
            "ứng những sự kiện nào?"
        ),
        choices=(
            ("Ngày Chuyển đổi số quốc gia", True),
            ("Ngày Chuyển đổi số của tỉnh", True),
            ("Ngày Pháp luật Việt Nam", False),
            ("Ngày Sách và Văn hóa đọc Việt Nam", False),
        ),
        explanation=(
            "Công văn chỉ đạo lồng ghép bồi dưỡng, ra quân trong các hoạt động hưởng ứng Ngày Chuyển đổi số quốc gia "
            "và Ngày Chuyển đổi số tỉnh (ngày 10/10/2024)."
        ),
        source=CAO_BANG,
        difficulty=2,
        kind="multiple",
        subtopic=CAMPAIGN,
    ),
    Q(
        text=(
            "Theo Kế hoạch của UBND tỉnh Kiên Giang, Tổ công nghệ số cộng đồng được cung cấp tài liệu và được tập "
            "huấn trước khi triển khai từng nội dung chuyên đề theo tháng, quý, năm."
        ),
        choices=TRUE,
        explanation=(
            "Kế hoạch nêu Tổ được cung cấp tài liệu, được tập huấn trước khi triển khai đối với từng nội dung "
            "chuyên đề cụ thể theo từng tháng, quý, năm."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        kind="true_false",
        subtopic=DUTIES,
    ),
    Q(
        text="Người dân nhờ Tổ hướng dẫn cài một ứng dụng qua nhóm Zalo của ấp. Cách làm nào đúng?",
        choices=(
            ("Gửi đường dẫn kho ứng dụng chính thức và hướng dẫn từng bước", True),
            ("Đề nghị người dân gửi mật khẩu vào nhóm để thành viên Tổ cài hộ", False),
            ("Đề nghị người dân đăng ảnh thẻ căn cước vào nhóm để kiểm tra", False),
            ("Gửi tệp cài đặt tự tải trên mạng vào nhóm cho mọi người cài", False),
        ),
        explanation=(
            "Tổ hướng dẫn người dân tự làm được, an toàn: cài từ kho ứng dụng chính thức, không xin mật khẩu, OTP "
            "và không để giấy tờ tùy thân lộ trong nhóm đông người."
        ),
        source=GENERAL,
        difficulty=2,
        subtopic=ZALO,
    ),
    Q(
        text=(
            "Theo Kế hoạch của UBND tỉnh Kiên Giang, Sở Thông tin và Truyền thông xây dựng tài liệu hướng dẫn các "
            "nền tảng số dưới dạng nào để người dân dễ tiếp cận?"
        ),
        choices=(
            ("Video, infographic trực quan, sinh động", True),
            ("Sách in khổ lớn, phát theo từng quý", False),
            ("Văn bản hành chính gửi qua bưu điện", False),
            ("Băng ghi âm phát trên loa truyền thanh", False),
        ),
        explanation=(
            "Kế hoạch giao Sở xây dựng tài liệu hướng dẫn các nền tảng số dưới dạng video, infographic trực quan, "
            "sinh động, dễ tiếp cận để phục vụ hoạt động của Tổ."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        subtopic=DUTIES,
    ),
    Q(
        text=(
            "Theo hướng dẫn của Sở Thông tin và Truyền thông tỉnh Tây Ninh, Tổ công nghệ số cộng đồng làm gì với "
            "chỉ tiêu triển khai các nền tảng số được giao?"
        ),
        choices=(
            ("Trực tiếp làm mẫu, hướng dẫn lại cho từng cá nhân, hộ gia đình", True),
            ("Chuyển toàn bộ chỉ tiêu cho doanh nghiệp viễn thông tự làm", False),
            ("Chỉ dán thông báo tại nhà văn hóa để người dân tự tìm hiểu", False),
            ("Tự cài đặt thay người dân mà không cần giải thích cách dùng", False),
        ),
        explanation=(
            "Hướng dẫn nêu Tổ nhận chỉ tiêu về triển khai các nền tảng số và trực tiếp làm mẫu, bồi dưỡng, tập "
            "huấn, hướng dẫn lại cho cá nhân, hộ gia đình trong ấp, khu phố."
        ),
        source=TAY_NINH,
        difficulty=1,
        subtopic=DUTIES,
    ),
    Q(
        text="Để tài liệu hướng dẫn quan trọng không bị trôi mất trong nhóm Zalo của ấp, trưởng nhóm nên làm gì?",
        choices=(
            ("Ghim tin nhắn đó lên đầu cuộc trò chuyện của nhóm", True),
            ("Gửi lại tài liệu đó nhiều lần mỗi ngày vào nhóm", False),
            ("Tắt thông báo của nhóm đối với tất cả thành viên", False),
            ("Xóa bớt tin nhắn của các thành viên khác trong nhóm", False),
        ),
        explanation=(
            "Zalo cho phép ghim tin nhắn lên đầu nhóm để mọi người luôn thấy. "
            "Gửi lặp lại hay xóa tin của người khác gây phiền và làm nhóm kém hiệu quả."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=ZALO,
    ),
]
