"""Demo questions: Dịch vụ công trực tuyến.

Facts come from the provincial documents in shared/seeds and, for a few
well-established definitions, from the decrees named in each ``source``.
"""

from __future__ import annotations

from questionbank.demo_bank import CAO_BANG, FALSE, HAI_DUONG, KIEN_GIANG, TAY_NINH, TRUE, Q

ND_59 = "Nghị định 59/2022/NĐ-CP ngày 05/9/2022 của Chính phủ quy định về định danh và xác thực điện tử"
ND_42 = (
    "Nghị định 42/2022/NĐ-CP ngày 24/6/2022 của Chính phủ quy định về việc cung cấp thông tin và dịch vụ "
    "công trực tuyến của cơ quan nhà nước trên môi trường mạng"
)
ND_43 = "Nghị định 43/2011/NĐ-CP ngày 13/6/2011 của Chính phủ (đã được thay thế bởi Nghị định 42/2022/NĐ-CP)"
PORTAL = "Cổng Dịch vụ công quốc gia (dichvucong.gov.vn), Văn phòng Chính phủ"


ONLINE = "Dịch vụ công trực tuyến"
PORTAL_TOPIC = "Cổng Dịch vụ công quốc gia"
IDENTITY = "Định danh điện tử"
APPS = "Ứng dụng số thiết yếu"

QUESTIONS: list[Q] = [
    # --- Cổng Dịch vụ công quốc gia ----------------------------------------
    Q(
        text="Địa chỉ truy cập Cổng Dịch vụ công quốc gia là gì?",
        choices=(
            ("dichvucong.gov.vn", True),
            ("dichvucong.com.vn", False),
            ("congdichvucong.vn", False),
            ("dichvucong.chinhphu.org", False),
        ),
        explanation=(
            "Cổng Dịch vụ công quốc gia có địa chỉ dichvucong.gov.vn; tên miền .gov.vn là tên miền dành cho "
            "cơ quan nhà nước, nên cần cảnh giác với các địa chỉ giả mạo."
        ),
        source=PORTAL,
        difficulty=1,
        subtopic=PORTAL_TOPIC,
    ),
    Q(
        text="Cơ quan nào chủ trì xây dựng, quản lý Cổng Dịch vụ công quốc gia?",
        choices=(
            ("Văn phòng Chính phủ", True),
            ("Bộ Công an", False),
            ("Bộ Tư pháp", False),
            ("Bộ Nội vụ", False),
        ),
        explanation="Cổng Dịch vụ công quốc gia do Văn phòng Chính phủ chủ trì xây dựng, quản lý và vận hành.",
        source=PORTAL,
        difficulty=2,
        subtopic=PORTAL_TOPIC,
    ),
    Q(
        text="Cổng Dịch vụ công quốc gia chính thức khai trương vào ngày nào?",
        choices=(
            ("Ngày 09/12/2019", True),
            ("Ngày 03/6/2020", False),
            ("Ngày 01/01/2019", False),
            ("Ngày 10/10/2020", False),
        ),
        explanation=(
            "Cổng Dịch vụ công quốc gia được Thủ tướng Chính phủ khai trương ngày 09/12/2019, trước khi có "
            "Chương trình Chuyển đổi số quốc gia (03/6/2020)."
        ),
        source=PORTAL,
        difficulty=3,
        subtopic=PORTAL_TOPIC,
    ),
    Q(
        text=(
            "Sau khi nộp hồ sơ trực tuyến, người dân dùng thông tin nào để tra cứu tình trạng giải quyết hồ sơ trên "
            "Cổng Dịch vụ công?"
        ),
        choices=(
            ("Mã hồ sơ được cấp khi nộp", True),
            ("Số điện thoại của cán bộ tiếp nhận", False),
            ("Tên của cơ quan giải quyết hồ sơ", False),
            ("Ngày sinh của người nộp hồ sơ", False),
        ),
        explanation=(
            "Mỗi hồ sơ nộp trực tuyến được cấp một mã hồ sơ; người dân nhập mã này ở chức năng tra cứu để "
            "theo dõi tiến độ và kết quả giải quyết."
        ),
        source=PORTAL,
        difficulty=1,
        subtopic=PORTAL_TOPIC,
    ),
    Q(
        text="Khi nộp phí, lệ phí trực tuyến trên Cổng Dịch vụ công quốc gia, người dân có thể dùng những cách nào?",
        choices=(
            ("Tài khoản ngân hàng, ngân hàng điện tử", True),
            ("Ví điện tử được kết nối với Cổng", True),
            ("Thẻ cào điện thoại di động", False),
            ("Chuyển tiền vào tài khoản cá nhân của cán bộ", False),
        ),
        explanation=(
            "Phí, lệ phí được thanh toán qua ngân hàng hoặc ví điện tử đã kết nối với Cổng; không nộp bằng "
            "thẻ cào hay chuyển vào tài khoản cá nhân (dấu hiệu lừa đảo)."
        ),
        source=PORTAL,
        difficulty=2,
        kind="multiple",
        subtopic=PORTAL_TOPIC,
    ),
    Q(
        text="Công dân có thể dùng tài khoản định danh điện tử (VNeID) để đăng nhập Cổng Dịch vụ công quốc gia.",
        choices=TRUE,
        explanation=(
            "Đúng: Cổng Dịch vụ công quốc gia cho phép đăng nhập bằng tài khoản định danh điện tử do Bộ Công "
            "an cấp qua ứng dụng VNeID."
        ),
        source=PORTAL,
        difficulty=1,
        kind="true_false",
        subtopic=PORTAL_TOPIC,
    ),
    Q(
        text=(
            "Theo Kế hoạch của UBND tỉnh Kiên Giang, Tổ công nghệ số cộng đồng hướng dẫn người dân thực hiện "
            "dịch vụ công trực tuyến trên những cổng nào?"
        ),
        choices=(
            ("Cổng Dịch vụ công của tỉnh", True),
            ("Cổng Dịch vụ công Quốc gia", True),
            ("Trang cá nhân của cán bộ một cửa", False),
            ("Nhóm Zalo của ấp, khu phố", False),
        ),
        explanation=(
            "Kế hoạch nêu việc hướng dẫn thực hiện dịch vụ công trực tuyến trên cổng Dịch vụ công của tỉnh và "
            "cổng Dịch vụ công Quốc gia; nhóm Zalo chỉ dùng để cung cấp thông tin, hướng dẫn."
        ),
        source=KIEN_GIANG,
        difficulty=1,
        kind="multiple",
        subtopic=PORTAL_TOPIC,
    ),
    # --- Dịch vụ công trực tuyến -------------------------------------------
    Q(
        text="Theo Nghị định 42/2022/NĐ-CP, dịch vụ công trực tuyến toàn trình là dịch vụ như thế nào?",
        choices=(
            (
                "Toàn bộ việc nộp, giải quyết hồ sơ làm trên mạng; kết quả trả trực tuyến hoặc qua bưu chính công ích",
                True,
            ),
            ("Người dân nộp hồ sơ trên mạng nhưng phải đến cơ quan nộp bản gốc và nhận kết quả", False),
            ("Cơ quan chỉ đăng tải thông tin, biểu mẫu thủ tục để người dân tải về điền sẵn", False),
            ("Người dân đặt lịch hẹn trên mạng rồi đến bộ phận một cửa để nộp hồ sơ giấy", False),
        ),
        explanation=(
            "Dịch vụ công trực tuyến toàn trình bảo đảm cung cấp thông tin, thực hiện và giải quyết thủ tục "
            "đều trên môi trường mạng; kết quả trả trực tuyến hoặc qua dịch vụ bưu chính công ích."
        ),
        source=ND_42,
        difficulty=2,
        subtopic=ONLINE,
    ),
    Q(
        text=(
            "Với dịch vụ công trực tuyến một phần, không phải mọi bước của thủ tục hành chính đều được thực hiện trên "
            "môi trường mạng."
        ),
        choices=TRUE,
        explanation=(
            "Đúng: dịch vụ công trực tuyến một phần là dịch vụ không bảo đảm điều kiện của dịch vụ toàn trình, "
            "nên người dân vẫn phải thực hiện trực tiếp một số bước."
        ),
        source=ND_42,
        difficulty=2,
        kind="true_false",
        subtopic=ONLINE,
    ),
    Q(
        text="Văn bản nào hiện quy định việc chia dịch vụ công trực tuyến thành “toàn trình” và “một phần”?",
        choices=(
            ("Nghị định 42/2022/NĐ-CP", True),
            ("Nghị định 59/2022/NĐ-CP", False),
            ("Nghị định 43/2011/NĐ-CP", False),
            ("Quyết định 06/QĐ-TTg", False),
        ),
        explanation=(
            "Nghị định 42/2022/NĐ-CP phân loại dịch vụ công trực tuyến thành toàn trình và một phần, thay cho "
            "cách chia mức độ 1 đến 4 của Nghị định 43/2011/NĐ-CP."
        ),
        source=ND_42,
        difficulty=3,
        subtopic=ONLINE,
    ),
    Q(
        text="Theo cách phân loại cũ (mức độ 1 đến 4), dịch vụ công trực tuyến mức độ 4 khác mức độ 3 ở điểm nào?",
        choices=(
            ("Thanh toán lệ phí (nếu có) và nhận kết quả cũng thực hiện trực tuyến hoặc qua bưu chính", True),
            ("Người dân được tải biểu mẫu hồ sơ về máy để in ra và điền thông tin trước khi nộp", False),
            ("Người dân phải đến bộ phận một cửa để nộp hồ sơ giấy sau khi khai trực tuyến", False),
            ("Cơ quan nhà nước chỉ cung cấp thông tin về thủ tục, không nhận hồ sơ qua mạng", False),
        ),
        explanation=(
            "Mức độ 3 cho nộp hồ sơ trực tuyến nhưng thanh toán và nhận kết quả trực tiếp; mức độ 4 thực hiện cả "
            "thanh toán lệ phí và nhận kết quả trực tuyến hoặc qua bưu chính."
        ),
        source=ND_43,
        difficulty=3,
        subtopic=ONLINE,
    ),
    Q(
        text=(
            "Kế hoạch của UBND tỉnh Kiên Giang yêu cầu Tổ hướng dẫn người dân thực hiện dịch vụ công trực tuyến mức độ "
            "nào?"
        ),
        choices=(
            ("Mức độ 3, 4", True),
            ("Mức độ 1, 2", False),
            ("Chỉ mức độ 2", False),
            ("Chỉ mức độ 1", False),
        ),
        explanation=(
            "Kế hoạch nêu hướng dẫn người dân thực hiện dịch vụ công trực tuyến mức độ 3, 4 trên cổng Dịch vụ "
            "công của tỉnh và cổng Dịch vụ công Quốc gia."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        subtopic=ONLINE,
    ),
    Q(
        text=(
            "Khi người dân có nhu cầu giao dịch thủ tục hành chính, Tổ công nghệ số cộng đồng vận động người dân "
            "ưu tiên sử dụng dịch vụ công trực tuyến và dịch vụ bưu chính công ích."
        ),
        choices=TRUE,
        explanation=(
            "Đúng: đây là một mục tiêu năm 2022 trong Kế hoạch: vận động, hướng dẫn người dân ưu tiên dùng dịch "
            "vụ công trực tuyến, dịch vụ bưu chính công ích."
        ),
        source=KIEN_GIANG,
        difficulty=1,
        kind="true_false",
        subtopic=ONLINE,
    ),
]

QUESTIONS += [
    # --- Định danh điện tử --------------------------------------------------
    Q(
        text="Ứng dụng Định danh điện tử quốc gia mà người dân cài đặt trên điện thoại có tên là gì?",
        choices=(
            ("VNeID", True),
            ("VssID", False),
            ("PC-COVID", False),
            ("Postmart", False),
        ),
        explanation=(
            "Ứng dụng Định danh điện tử quốc gia là VNeID; VssID là ứng dụng bảo hiểm xã hội số, Postmart là "
            "sàn thương mại điện tử của Bưu điện."
        ),
        source=KIEN_GIANG,
        difficulty=1,
        subtopic=IDENTITY,
    ),
    Q(
        text=(
            "Theo Kế hoạch của UBND tỉnh Kiên Giang, lực lượng nào là nòng cốt hướng dẫn người dân cài đặt và sử dụng "
            "ứng dụng VNeID?"
        ),
        choices=(
            ("Công an tỉnh", True),
            ("Bưu điện tỉnh", False),
            ("Ngân hàng Nhà nước chi nhánh tỉnh", False),
            ("Sở Giáo dục và Đào tạo", False),
        ),
        explanation=(
            "Công an tỉnh là lực lượng nòng cốt tuyên truyền, hướng dẫn người dân cài đặt và sử dụng ứng dụng "
            "Định danh điện tử quốc gia (VNeID)."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        subtopic=IDENTITY,
    ),
    Q(
        text="Ở cấp tỉnh, cơ quan nào là cơ quan thường trực tham mưu cho Ủy ban nhân dân tỉnh triển khai Đề án 06?",
        choices=(
            ("Công an tỉnh", True),
            ("Sở Thông tin và Truyền thông", False),
            ("Sở Tư pháp", False),
            ("Văn phòng Ủy ban nhân dân tỉnh", False),
        ),
        explanation=(
            "Kế hoạch của UBND tỉnh Kiên Giang giao Công an tỉnh là cơ quan thường trực tham mưu triển khai Đề "
            "án 06 về dữ liệu dân cư, định danh và xác thực điện tử."
        ),
        source=KIEN_GIANG,
        difficulty=3,
        subtopic=IDENTITY,
    ),
    Q(
        text=(
            "Công an tỉnh Kiên Giang được giao hoàn thành cấp thẻ Căn cước công dân gắn chip cho bao nhiêu phần trăm "
            "công dân đủ điều kiện?"
        ),
        choices=(
            ("100%", True),
            ("60%", False),
            ("80%", False),
            ("90%", False),
        ),
        explanation=(
            "Kế hoạch giao Công an tỉnh hoàn thành cấp thẻ Căn cước công dân gắn chip điện tử cho 100% công dân "
            "đủ điều kiện theo quy định."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        subtopic=IDENTITY,
    ),
    Q(
        text="Công an tỉnh thông báo số định danh cá nhân cho những công dân nào?",
        choices=(
            ("Công dân chưa được cấp thẻ Căn cước công dân hoặc chưa có số định danh trong giấy khai sinh", True),
            ("Chỉ những công dân từ 60 tuổi trở lên đang sinh sống trên địa bàn tỉnh", False),
            ("Chỉ những công dân đã đăng ký tài khoản định danh điện tử mức độ 2", False),
            ("Công dân đang làm thủ tục xuất cảnh, đổi hộ chiếu tại Công an tỉnh", False),
        ),
        explanation=(
            "Kế hoạch giao Công an tỉnh thông báo số định danh cá nhân cho 100% công dân chưa được cấp thẻ Căn "
            "cước công dân hoặc chưa có số định danh cá nhân trong giấy khai sinh."
        ),
        source=KIEN_GIANG,
        difficulty=3,
        subtopic=IDENTITY,
    ),
    Q(
        text="Tài khoản định danh điện tử mức độ 2 có thêm thông tin sinh trắc học nào so với tài khoản mức độ 1?",
        choices=(
            ("Vân tay", True),
            ("Ảnh chân dung", False),
            ("Chữ ký tay", False),
            ("Giọng nói", False),
        ),
        explanation=(
            "Tài khoản mức độ 1 đã có ảnh chân dung; tài khoản mức độ 2 có thêm thông tin vân tay, được thu nhận "
            "và xác thực trực tiếp."
        ),
        source=ND_59,
        difficulty=2,
        subtopic=IDENTITY,
    ),
    Q(
        text="Tài khoản định danh điện tử mức độ 1 của công dân Việt Nam gồm những thông tin nào?",
        choices=(
            ("Số định danh cá nhân", True),
            ("Họ, chữ đệm và tên", True),
            ("Ảnh chân dung", True),
            ("Vân tay", False),
        ),
        explanation=(
            "Mức độ 1 gồm số định danh cá nhân, họ tên, ngày sinh, giới tính và ảnh chân dung; vân tay chỉ có ở "
            "tài khoản mức độ 2."
        ),
        source=ND_59,
        difficulty=3,
        kind="multiple",
        subtopic=IDENTITY,
    ),
    Q(
        text="Công dân Việt Nam có thể tự đăng ký tài khoản định danh điện tử mức độ 1 bằng cách nào?",
        choices=(
            ("Qua ứng dụng VNeID trên điện thoại", True),
            ("Gửi thư đề nghị qua đường bưu điện", False),
            ("Nhắn tin đến tổng đài của nhà mạng", False),
            ("Điền phiếu tại ngân hàng thương mại", False),
        ),
        explanation=(
            "Công dân tự đăng ký tài khoản mức độ 1 qua ứng dụng VNeID trên thiết bị di động; tài khoản mức độ 2 "
            "phải làm thủ tục trực tiếp tại cơ quan Công an."
        ),
        source=ND_59,
        difficulty=1,
        subtopic=IDENTITY,
    ),
    Q(
        text="Để được cấp tài khoản định danh điện tử mức độ 2, công dân làm thủ tục ở đâu?",
        choices=(
            ("Trực tiếp tại Công an cấp xã hoặc nơi làm thủ tục cấp thẻ Căn cước công dân", True),
            ("Tự đăng ký trên ứng dụng VNeID mà không cần đến cơ quan nào", False),
            ("Tại quầy giao dịch của ngân hàng thương mại nơi mở tài khoản", False),
            ("Tại điểm bưu điện văn hóa xã gần nơi cư trú nhất", False),
        ),
        explanation=(
            "Tài khoản mức độ 2 cần thu nhận và đối chiếu ảnh chân dung, vân tay nên công dân phải làm thủ tục "
            "trực tiếp tại Công an cấp xã hoặc nơi làm thủ tục cấp thẻ Căn cước công dân."
        ),
        source=ND_59,
        difficulty=2,
        subtopic=IDENTITY,
    ),
    Q(
        text=(
            "Tài khoản định danh điện tử mức độ 2 của công dân Việt Nam có giá trị tương đương việc sử dụng thẻ "
            "Căn cước công dân trong các giao dịch yêu cầu xuất trình thẻ."
        ),
        choices=TRUE,
        explanation=(
            "Đúng: Nghị định 59/2022/NĐ-CP quy định tài khoản định danh điện tử mức độ 2 có giá trị tương đương "
            "như sử dụng thẻ Căn cước công dân trong các giao dịch có yêu cầu xuất trình thẻ."
        ),
        source=ND_59,
        difficulty=2,
        kind="true_false",
        subtopic=IDENTITY,
    ),
    Q(
        text=(
            "Công dân phải trả phí để được cấp và sử dụng tài khoản định danh điện tử do hệ thống định danh và xác "
            "thực điện tử tạo lập."
        ),
        choices=FALSE,
        explanation=(
            "Sai: công dân, cơ quan, tổ chức Việt Nam không phải trả chi phí đăng ký cấp và sử dụng tài khoản "
            "định danh điện tử do hệ thống định danh và xác thực điện tử tạo lập."
        ),
        source=ND_59,
        difficulty=1,
        kind="true_false",
        subtopic=IDENTITY,
    ),
]

QUESTIONS += [
    # --- Ứng dụng số thiết yếu ---------------------------------------------
    Q(
        text="Ứng dụng nào là ứng dụng bảo hiểm xã hội số mà Tổ công nghệ số cộng đồng hướng dẫn người dân cài đặt?",
        choices=(
            ("VssID", True),
            ("VNeID", False),
            ("Voso", False),
            ("Mocha", False),
        ),
        explanation=(
            "VssID là ứng dụng bảo hiểm xã hội số, nằm trong nhóm ứng dụng thiết yếu cùng VNeID và sổ sức khỏe "
            "điện tử; Voso là sàn thương mại điện tử, Mocha là mạng xã hội."
        ),
        source=KIEN_GIANG,
        difficulty=1,
        subtopic=APPS,
    ),
    Q(
        text=(
            "Những ứng dụng nào được Kế hoạch của tỉnh Kiên Giang nêu là ứng dụng thiết yếu người dân cần cài đặt, sử "
            "dụng?"
        ),
        choices=(
            ("VNeID", True),
            ("Sổ sức khỏe điện tử", True),
            ("VssID", True),
            ("Trò chơi trực tuyến", False),
            ("Ứng dụng chỉnh sửa ảnh", False),
        ),
        explanation=(
            "Mục tiêu năm 2022 nêu người dân có điện thoại thông minh và cài đặt, sử dụng các ứng dụng thiết yếu "
            "như VNeID, sổ sức khỏe điện tử, VssID."
        ),
        source=KIEN_GIANG,
        difficulty=1,
        kind="multiple",
        subtopic=APPS,
    ),
    Q(
        text="Sổ sức khỏe điện tử là dịch vụ số phục vụ nhu cầu thiết yếu của người dân trong lĩnh vực nào?",
        choices=(
            ("Y tế", True),
            ("Giáo dục", False),
            ("Đất đai", False),
            ("Giao thông", False),
        ),
        explanation=(
            "Sổ sức khỏe điện tử thuộc lĩnh vực y tế; các Tổ được tập huấn và hướng dẫn người dân cài ứng dụng "
            "sổ sức khỏe điện tử."
        ),
        source=HAI_DUONG,
        difficulty=1,
        subtopic=APPS,
    ),
    Q(
        text=(
            "Trong nội dung tập huấn Tổ công nghệ số cộng đồng, Sở Thông tin và Truyền thông Tây Ninh nêu ví dụ ứng "
            "dụng nào của tỉnh?"
        ),
        choices=(
            ("TâyNinh Smart", True),
            ("Tây Ninh Online", False),
            ("Tây Ninh eGov", False),
            ("Tây Ninh ID", False),
        ),
        explanation=(
            "Hướng dẫn của Sở nêu ví dụ tập huấn sử dụng TâyNinh Smart, dịch vụ công trực tuyến, sàn thương mại "
            "điện tử, thanh toán điện tử, sổ sức khỏe điện tử."
        ),
        source=TAY_NINH,
        difficulty=3,
        subtopic=APPS,
    ),
    Q(
        text="Về chính quyền số, Tổ công nghệ số cộng đồng hướng dẫn người dân những việc nào?",
        choices=(
            ("Sử dụng dịch vụ công trực tuyến", True),
            ("Tương tác với chính quyền qua các nền tảng số được lựa chọn", True),
            ("Nhờ thành viên Tổ ký thay vào hồ sơ thủ tục hành chính", False),
            ("Nộp tiền mặt cho thành viên Tổ để nộp lệ phí thay", False),
        ),
        explanation=(
            "Về chính quyền số, Tổ hướng dẫn người dân sử dụng dịch vụ công trực tuyến, dịch vụ số và tương tác "
            "với chính quyền qua các nền tảng số được đánh giá, lựa chọn."
        ),
        source=TAY_NINH,
        difficulty=2,
        kind="multiple",
        subtopic=ONLINE,
    ),
    Q(
        text=(
            "Trong 05 nội dung kỹ năng số cơ bản của Công văn 2521/UBND-VX, kỹ năng nào giúp người dân làm thủ tục "
            "hành chính qua mạng?"
        ),
        choices=(
            ("Sử dụng dịch vụ công trực tuyến", True),
            ("Mua sắm trực tuyến", False),
            ("Thanh toán trực tuyến", False),
            ("Tự bảo vệ mình trên không gian mạng", False),
        ),
        explanation=(
            "Sử dụng dịch vụ công trực tuyến là kỹ năng số cơ bản đầu tiên trong 05 nội dung, giúp người dân làm "
            "thủ tục hành chính mà không phải đến trụ sở."
        ),
        source=CAO_BANG,
        difficulty=1,
        subtopic=ONLINE,
    ),
    Q(
        text=(
            "Trong chiến dịch “đi từng ngõ, gõ từng nhà” (01-10/10/2024) ở Cao Bằng, hướng dẫn sử dụng dịch vụ công "
            "trực tuyến là một trong các nội dung được lựa chọn."
        ),
        choices=TRUE,
        explanation=(
            "Đúng: các nội dung được lựa chọn gồm hướng dẫn sử dụng dịch vụ công trực tuyến, thanh toán không dùng "
            "tiền mặt, mua bán trên sàn thương mại điện tử Việt Nam, bảo vệ bản thân trên môi trường mạng."
        ),
        source=CAO_BANG,
        difficulty=2,
        kind="true_false",
        subtopic=ONLINE,
    ),
    Q(
        text="Sở Thông tin và Truyền thông Hải Dương tập huấn cho Tổ công nghệ số cộng đồng những nội dung nào?",
        choices=(
            ("Sử dụng dịch vụ công trực tuyến", True),
            ("Nền tảng trợ lý ảo", True),
            ("Sổ sức khỏe điện tử", True),
            ("Sửa chữa điện thoại di động", False),
            ("Thiết kế trang web bán hàng riêng", False),
        ),
        explanation=(
            "Tại hội nghị ngày 17/5/2022, Sở nêu nội dung tập huấn gồm dịch vụ công trực tuyến, gian hàng số, sàn "
            "thương mại điện tử, thanh toán điện tử, nền tảng trợ lý ảo, sổ sức khỏe điện tử."
        ),
        source=HAI_DUONG,
        difficulty=2,
        kind="multiple",
        subtopic=APPS,
    ),
]
