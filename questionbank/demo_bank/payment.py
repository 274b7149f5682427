"""Demo questions for the topic "Thanh toán trực tuyến" (online payment)."""

from __future__ import annotations

from questionbank.demo_bank import CAO_BANG, FALSE, GENERAL, KIEN_GIANG, TAY_NINH, TRUE, Q

WALLETS = "Ví điện tử và ngân hàng số"
QR = "Thanh toán bằng mã QR"
SAFE = "Giao dịch an toàn"
BILLS = "Thanh toán hóa đơn và phí dịch vụ công"
CASHLESS = "Thanh toán không dùng tiền mặt"

QUESTIONS: list[Q] = [
    Q(
        text=(
            "Kế hoạch của tỉnh Kiên Giang phấn đấu năm 2022 có 50% người dân có ví điện tử hoặc tài khoản giao "
            "dịch điện tử ngân hàng. Tỷ lệ này tính trên nhóm người dân nào?"
        ),
        choices=(
            ("Người dân từ 15 tuổi trở lên", True),
            ("Người dân từ 18 tuổi trở lên", False),
            ("Người dân trong độ tuổi lao động", False),
            ("Chủ hộ gia đình trong ấp, khu phố", False),
        ),
        explanation=(
            'Mục tiêu 50% tính trên người dân từ 15 tuổi trở lên; nhóm "trong độ tuổi lao động" là nhóm '
            "của mục tiêu 60% về sổ định danh điện tử."
        ),
        source=KIEN_GIANG,
        difficulty=3,
        subtopic=WALLETS,
    ),
    Q(
        text="Kế hoạch số 09/KH-UBND ngày 12/01/2022 của UBND tỉnh Kiên Giang triển khai Đề án nào?",
        choices=(
            ("Phát triển thanh toán không dùng tiền mặt tại Việt Nam giai đoạn 2021-2025", True),
            ("Phát triển ứng dụng dữ liệu dân cư, định danh và xác thực điện tử", False),
            ("Chương trình chuyển đổi số quốc gia đến năm 2025, định hướng 2030", False),
            ("Phát triển Chính phủ điện tử hướng tới Chính phủ số 2021-2025", False),
        ),
        explanation=(
            "Kế hoạch Tổ công nghệ số cộng đồng dẫn Kế hoạch số 09/KH-UBND ngày 12/01/2022 triển khai Đề án phát "
            "triển thanh toán không dùng tiền mặt tại Việt Nam giai đoạn 2021-2025 trên địa bàn tỉnh."
        ),
        source=KIEN_GIANG,
        difficulty=3,
        subtopic=CASHLESS,
    ),
    Q(
        text=(
            "Theo Kế hoạch của UBND tỉnh Kiên Giang, cơ quan nào chỉ đạo các ngân hàng thương mại trên địa bàn "
            "tham gia Tổ công nghệ số cộng đồng?"
        ),
        choices=(
            ("Ngân hàng Nhà nước Việt Nam chi nhánh tỉnh Kiên Giang", True),
            ("Sở Tài chính tỉnh Kiên Giang", False),
            ("Kho bạc Nhà nước tỉnh Kiên Giang", False),
            ("Cục Thuế tỉnh Kiên Giang", False),
        ),
        explanation=(
            "Kế hoạch giao Ngân hàng Nhà nước chi nhánh tỉnh chỉ đạo các ngân hàng thương mại tham gia Tổ và hướng "
            "dẫn người dân cài đặt, sử dụng dịch vụ ngân hàng số, thanh toán điện tử."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        subtopic=WALLETS,
    ),
    Q(
        text=(
            "Theo Kế hoạch của UBND tỉnh Kiên Giang, tài khoản Mobile Money nằm trong các ứng dụng số cơ bản mà "
            "Tổ công nghệ số cộng đồng hướng dẫn người dân cài đặt, sử dụng."
        ),
        choices=TRUE,
        explanation=(
            "Kế hoạch liệt kê các nền tảng, ứng dụng số cơ bản gồm định danh điện tử, bảo hiểm xã hội số, sổ sức "
            "khỏe điện tử, tài khoản mobile money và dịch vụ công trực tuyến."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        kind="true_false",
        subtopic=WALLETS,
    ),
    Q(
        text="Mobile Money là dịch vụ gì?",
        choices=(
            ("Dùng tài khoản viễn thông gắn với số thuê bao di động để thanh toán", True),
            ("Vay tiền nhanh qua điện thoại không cần giấy tờ", False),
            ("Nạp tiền điện thoại bằng thẻ cào mua ở cửa hàng", False),
            ("Chuyển tiền qua tin nhắn SMS cho người quen", False),
        ),
        explanation=(
            "Mobile Money cho phép dùng tài khoản viễn thông gắn với số điện thoại di động để thanh toán hàng hóa, "
            "dịch vụ giá trị nhỏ, kể cả khi người dùng chưa có tài khoản ngân hàng."
        ),
        source=GENERAL,
        difficulty=2,
        subtopic=WALLETS,
    ),
    Q(
        text="Dịch vụ Mobile Money ở Việt Nam do loại doanh nghiệp nào cung cấp?",
        choices=(
            ("Doanh nghiệp viễn thông di động như Viettel, VNPT, MobiFone", True),
            ("Các công ty chứng khoán được cấp phép", False),
            ("Các công ty bảo hiểm nhân thọ", False),
            ("Các hợp tác xã tín dụng ở địa phương", False),
        ),
        explanation=(
            "Mobile Money được thí điểm cho các doanh nghiệp viễn thông di động, với các dịch vụ như Viettel Money, "
            "VNPT Money, MobiFone Money; nhân viên các doanh nghiệp này cũng tham gia Tổ công nghệ số cộng đồng."
        ),
        source=GENERAL,
        difficulty=2,
        subtopic=WALLETS,
    ),
    Q(
        text=(
            "Theo Công văn 2521/UBND-VX của UBND tỉnh Cao Bằng, hướng dẫn thanh toán không dùng tiền mặt là một "
            'nội dung có thể chọn trong chiến dịch "đi từng ngõ, gõ từng nhà".'
        ),
        choices=TRUE,
        explanation=(
            "Công văn nêu các nội dung nghiên cứu, lựa chọn cho chiến dịch, trong đó có hướng dẫn thanh toán không "
            'dùng tiền mặt; "thanh toán trực tuyến" cũng là một trong 05 nội dung kỹ năng số cơ bản.'
        ),
        source=CAO_BANG,
        difficulty=2,
        kind="true_false",
        subtopic=CASHLESS,
    ),
    Q(
        text=(
            "Trong nội dung về kinh tế số, bên cạnh hướng dẫn đăng ký sàn thương mại điện tử, Tổ công nghệ số "
            "cộng đồng còn hướng dẫn người dân việc gì liên quan đến thanh toán?"
        ),
        choices=(
            ("Mở tài khoản thanh toán điện tử", True),
            ("Vay tiêu dùng qua ứng dụng di động", False),
            ("Mua bảo hiểm nhân thọ trực tuyến", False),
            ("Mở tài khoản đầu tư chứng khoán", False),
        ),
        explanation=(
            "Về kinh tế số, Tổ hướng dẫn doanh nghiệp, hộ kinh doanh, người dân đăng ký sàn thương mại điện tử "
            "và mở tài khoản thanh toán điện tử để mua bán trực tuyến."
        ),
        source=TAY_NINH,
        difficulty=2,
        subtopic=WALLETS,
    ),
    Q(
        text="Lợi ích nào là đúng khi dùng thanh toán không dùng tiền mặt?",
        choices=(
            ("Trả tiền nhanh, mọi lúc mọi nơi", True),
            ("Có lịch sử giao dịch để tra cứu lại", True),
            ("Không phải mang theo nhiều tiền mặt", True),
            ("Không bao giờ bị lừa nên không cần cảnh giác", False),
        ),
        explanation=(
            "Thanh toán điện tử nhanh, lưu lại lịch sử và giảm rủi ro mang tiền mặt; nhưng kẻ gian vẫn tìm cách "
            "lừa người dùng nên luôn phải cảnh giác."
        ),
        source=GENERAL,
        difficulty=1,
        kind="multiple",
        subtopic=CASHLESS,
    ),
    Q(
        text="VietQR là gì?",
        choices=(
            ("Chuẩn mã QR chung để chuyển khoản, thanh toán giữa các ngân hàng, ví tham gia", True),
            ("Ứng dụng riêng của một ngân hàng chỉ dùng cho khách của ngân hàng đó", False),
            ("Mã vạch in trên hàng hóa để tra cứu nguồn gốc sản phẩm", False),
            ("Mã QR trên căn cước công dân dùng để làm thủ tục hành chính", False),
        ),
        explanation=(
            "VietQR là chuẩn mã QR thống nhất: người trả quét mã bằng ứng dụng của ngân hàng hoặc ví bất kỳ có "
            "tham gia để chuyển tiền, không cần gõ số tài khoản."
        ),
        source=GENERAL,
        difficulty=2,
        subtopic=QR,
    ),
    Q(
        text="Chuẩn mã QR chuyển khoản VietQR do đơn vị nào phát triển và vận hành?",
        choices=(
            ("Công ty Cổ phần Thanh toán Quốc gia Việt Nam (NAPAS)", True),
            ("Bộ Thông tin và Truyền thông", False),
            ("Tổng công ty Bưu điện Việt Nam", False),
            ("Tập đoàn Công nghiệp - Viễn thông Quân đội", False),
        ),
        explanation=(
            "VietQR là thương hiệu chuẩn QR do NAPAS, đơn vị chuyển mạch thanh toán liên ngân hàng, phát triển "
            "để các ngân hàng và ví điện tử dùng chung."
        ),
        source=GENERAL,
        difficulty=3,
        subtopic=QR,
    ),
    Q(
        text="Để trả tiền bằng mã QR tại một cửa hàng, người mua thường làm thế nào?",
        choices=(
            ("Mở ứng dụng ngân hàng hoặc ví, chọn quét QR, quét mã của cửa hàng rồi xác nhận", True),
            ("Chụp ảnh mã QR gửi qua Zalo cho chủ cửa hàng để họ tự trừ tiền", False),
            ("Đọc số in dưới mã QR cho chủ cửa hàng nhập vào máy tính tiền", False),
            ("Dùng camera điện thoại chụp mã QR là tiền tự động được chuyển", False),
        ),
        explanation=(
            "Tiền chỉ được chuyển khi người mua quét mã bằng ứng dụng ngân hàng hoặc ví điện tử và tự bấm xác "
            "nhận giao dịch của mình."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=QR,
    ),
    Q(
        text=(
            "Khi quét mã QR dán tại quầy thanh toán, chỉ cần thấy ứng dụng báo chuyển tiền thành công là đủ, "
            "không cần xem tên người nhận."
        ),
        choices=FALSE,
        explanation=(
            "Kẻ gian có thể dán mã QR của mình đè lên mã của cửa hàng; cần xem tên người nhận hiện trên ứng dụng "
            "có đúng cửa hàng không trước khi xác nhận."
        ),
        source=GENERAL,
        difficulty=2,
        kind="true_false",
        subtopic=QR,
    ),
    Q(
        text="Để thanh toán tiền điện qua ứng dụng ngân hàng hoặc ví điện tử, bạn cần nhập thông tin nào?",
        choices=(
            ("Mã khách hàng in trên hóa đơn tiền điện", True),
            ("Số căn cước công dân của chủ nhà", False),
            ("Số điện thoại của nhân viên ghi chỉ số", False),
            ("Số tài khoản ngân hàng của điện lực", False),
        ),
        explanation=(
            "Mỗi hộ dùng điện có một mã khách hàng in trên hóa đơn; nhập mã này, ứng dụng sẽ hiện đúng số tiền "
            "cần trả của hộ đó."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=BILLS,
    ),
    Q(
        text=(
            "Người tự xưng là cán bộ gọi điện đề nghị chuyển lệ phí hồ sơ dịch vụ công vào tài khoản cá nhân để "
            '"xử lý nhanh". Đây là cách nộp lệ phí hợp lệ.'
        ),
        choices=FALSE,
        explanation=(
            "Phí, lệ phí dịch vụ công chỉ nộp qua chức năng thanh toán của Cổng Dịch vụ công hoặc tại nơi tiếp nhận "
            "hồ sơ, không bao giờ vào tài khoản cá nhân; đây là dấu hiệu lừa đảo."
        ),
        source=GENERAL,
        difficulty=2,
        kind="true_false",
        subtopic=BILLS,
    ),
    Q(
        text="Mã OTP ngân hàng gửi về điện thoại khi bạn chuyển tiền dùng để làm gì?",
        choices=(
            ("Xác nhận chính chủ tài khoản đồng ý thực hiện giao dịch đó", True),
            ("Nhận mã giảm giá cho lần thanh toán tiếp theo", False),
            ("Tra cứu lại hóa đơn sau khi giao dịch xong", False),
            ("Đăng ký thêm gói cước dữ liệu di động", False),
        ),
        explanation=(
            "OTP là mật khẩu dùng một lần để xác nhận giao dịch; ai có mã này là có thể hoàn tất giao dịch thay "
            "bạn, nên tuyệt đối không đọc hay gửi cho người khác."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=SAFE,
    ),
    Q(
        text="Những thông tin nào phải giữ bí mật, không cho ai biết?",
        choices=(
            ("Mã OTP gửi về điện thoại", True),
            ("Mã PIN của thẻ ngân hàng", True),
            ("Mật khẩu ứng dụng ngân hàng", True),
            ("Số tài khoản dùng để nhận tiền", False),
        ),
        explanation=(
            "OTP, PIN và mật khẩu cho phép thực hiện giao dịch nên phải giữ kín; số tài khoản chỉ dùng để nhận "
            "tiền nên có thể cho người cần chuyển tiền cho bạn."
        ),
        source=GENERAL,
        difficulty=2,
        kind="multiple",
        subtopic=SAFE,
    ),
    Q(
        text=(
            "Sau khi nhập số tài khoản, ứng dụng ngân hàng hiện tên chủ tài khoản khác với người bạn định chuyển "
            "tiền. Nên làm gì?"
        ),
        choices=(
            ("Dừng lại, không xác nhận và hỏi lại số tài khoản với người nhận", True),
            ("Vẫn chuyển vì có thể người nhận dùng tài khoản của người thân", False),
            ("Chuyển thử một khoản nhỏ trước rồi chuyển nốt phần còn lại", False),
            ("Chuyển tiền rồi nhắn cho người nhận kiểm tra giúp", False),
        ),
        explanation=(
            "Tên chủ tài khoản không khớp là dấu hiệu nhập sai số hoặc bị lừa đổi tài khoản; tiền đã chuyển đi rất "
            "khó lấy lại, nên phải kiểm tra trước khi xác nhận."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=SAFE,
    ),
    Q(
        text="Trên màn hình xác nhận trước khi bấm chuyển tiền, bạn cần kiểm tra những thông tin nào?",
        choices=(
            ("Tên người nhận", True),
            ("Số tiền chuyển", True),
            ("Ngân hàng và số tài khoản nhận", True),
            ("Số dư tài khoản của người nhận", False),
        ),
        explanation=(
            "Tên người nhận, số tiền, ngân hàng và số tài khoản quyết định tiền đi đâu và bao nhiêu; ứng dụng "
            "không bao giờ hiện số dư của người nhận."
        ),
        source=GENERAL,
        difficulty=2,
        kind="multiple",
        subtopic=SAFE,
    ),
    Q(
        text="Bạn lỡ chuyển tiền nhầm sang tài khoản của người khác. Những việc nào nên làm?",
        choices=(
            ("Liên hệ ngay tổng đài hoặc chi nhánh ngân hàng của mình", True),
            ("Cung cấp thời gian, số tiền, tài khoản nhận để ngân hàng tra soát", True),
            ("Giữ lại biên lai hoặc ảnh chụp giao dịch", True),
            ('Nhờ người lạ trên mạng "lấy lại tiền" có thu phí', False),
        ),
        explanation=(
            "Ngân hàng là nơi tra soát và liên hệ để đòi lại khoản chuyển nhầm, cần thông tin và biên lai giao "
            'dịch; "dịch vụ lấy lại tiền" trên mạng thường là lừa đảo lần hai.'
        ),
        source=GENERAL,
        difficulty=2,
        kind="multiple",
        subtopic=SAFE,
    ),
    Q(
        text=(
            "Tài khoản của bạn nhận một khoản tiền lạ, rồi có người gọi nói chuyển nhầm và giục bạn chuyển trả vào "
            "một tài khoản khác. Cách làm đúng là gì?"
        ),
        choices=(
            ("Không tự chuyển đi, báo ngân hàng để ngân hàng xử lý hoàn trả", True),
            ("Chuyển ngay vào tài khoản người gọi chỉ định cho nhanh", False),
            ("Rút tiền mặt ra và hẹn người gọi đến nhận trực tiếp", False),
            ("Giữ lại khoản tiền vì đó là lỗi của người chuyển", False),
        ),
        explanation=(
            'Đây có thể là chiêu lừa "chuyển nhầm" rồi đòi trả sang tài khoản khác hoặc đòi lãi; trả qua ngân '
            "hàng là an toàn, còn giữ lại tiền không phải của mình là vi phạm pháp luật."
        ),
        source=GENERAL,
        difficulty=3,
        subtopic=SAFE,
    ),
    Q(
        text=(
            "Đặt hạn mức giao dịch hằng ngày phù hợp trong ứng dụng ngân hàng giúp hạn chế thiệt hại nếu tài "
            "khoản bị kẻ gian chiếm đoạt."
        ),
        choices=TRUE,
        explanation=(
            "Với hạn mức thấp vừa đủ dùng, kẻ gian không thể rút hết tiền trong một ngày và bạn có thời gian "
            "báo ngân hàng khóa tài khoản."
        ),
        source=GENERAL,
        difficulty=2,
        kind="true_false",
        subtopic=SAFE,
    ),
    Q(
        text="Bật xác thực sinh trắc học (vân tay, khuôn mặt) trong ứng dụng ngân hàng có tác dụng gì?",
        choices=(
            ("Người khác khó giao dịch thay bạn dù biết mật khẩu", True),
            ("Giúp nhận được lãi suất tiết kiệm cao hơn", False),
            ("Cho phép chuyển tiền không giới hạn mỗi ngày", False),
            ("Không cần cập nhật ứng dụng ngân hàng nữa", False),
        ),
        explanation=(
            "Sinh trắc học gắn giao dịch với chính khuôn mặt, vân tay của chủ tài khoản, nên lộ mật khẩu thôi "
            "thì kẻ gian vẫn khó chuyển tiền."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=SAFE,
    ),
    Q(
        text=(
            "Từ ngày 01/7/2024, một lần chuyển tiền trực tuyến có giá trị trên bao nhiêu thì phải xác thực sinh "
            "trắc học?"
        ),
        choices=(
            ("Trên 5 triệu đồng", False),
            ("Trên 10 triệu đồng", True),
            ("Trên 20 triệu đồng", False),
            ("Trên 50 triệu đồng", False),
        ),
        explanation=(
            "Theo Quyết định 2345/QĐ-NHNN của Ngân hàng Nhà nước, từ 01/7/2024 giao dịch chuyển tiền trên 10 triệu "
            "đồng/lần hoặc tổng trên 20 triệu đồng/ngày phải xác thực sinh trắc học."
        ),
        source=GENERAL,
        difficulty=3,
        subtopic=SAFE,
    ),
    Q(
        text=(
            "Khi thanh toán tiền điện qua ứng dụng, nên đối chiếu tên khách hàng và kỳ hóa đơn hiện ra trước khi "
            "bấm xác nhận."
        ),
        choices=TRUE,
        explanation=(
            "Nhập sai một chữ số mã khách hàng có thể trả nhầm tiền điện cho hộ khác; tên và kỳ hóa đơn hiện ra "
            "giúp phát hiện sai sót trước khi tiền bị trừ."
        ),
        source=GENERAL,
        difficulty=1,
        kind="true_false",
        subtopic=BILLS,
    ),
    Q(
        text=(
            'Người mua hàng đưa ảnh chụp màn hình "chuyển khoản thành công" qua mã QR của bạn. Trước khi giao '
            "hàng, bạn nên làm gì?"
        ),
        choices=(
            ("Kiểm tra tiền đã thực sự vào tài khoản qua thông báo, lịch sử giao dịch", True),
            ("Giao hàng ngay vì ảnh chụp đã có đủ số tiền và mã giao dịch", False),
            ("Hỏi người mua tên ngân hàng đã chuyển rồi giao hàng ngay", False),
            ("Chụp lại ảnh màn hình đó để lưu rồi giao hàng ngay", False),
        ),
        explanation=(
            "Ảnh chụp màn hình chuyển khoản rất dễ làm giả; chỉ khi tiền đã vào tài khoản của mình, thấy trong "
            "lịch sử giao dịch, mới chắc chắn đã được trả."
        ),
        source=GENERAL,
        difficulty=2,
        subtopic=QR,
    ),
    Q(
        text="Điện thoại có cài ứng dụng ngân hàng bị mất. Việc cần làm ngay là gì?",
        choices=(
            ("Gọi tổng đài ngân hàng để tạm khóa ngân hàng điện tử và thẻ", True),
            ("Chờ vài ngày xem có ai nhặt được gọi lại không", False),
            ("Đăng số tài khoản lên mạng xã hội để nhờ tìm giúp", False),
            ("Mua điện thoại mới rồi mới báo cho ngân hàng", False),
        ),
        explanation=(
            "Khóa sớm các kênh giao dịch ngăn kẻ gian dùng điện thoại và SIM để nhận OTP, chuyển tiền; "
            "sau đó ngân hàng sẽ hướng dẫn mở lại trên máy mới."
        ),
        source=GENERAL,
        difficulty=2,
        subtopic=SAFE,
    ),
    Q(
        text=(
            "Ở Việt Nam, để nạp tiền vào ví điện tử, chủ ví cần liên kết ví với tài khoản hoặc thẻ ghi nợ ngân "
            "hàng của chính mình."
        ),
        choices=TRUE,
        explanation=(
            "Quy định về ví điện tử yêu cầu ví phải liên kết với tài khoản thanh toán hoặc thẻ ghi nợ của chính "
            "chủ ví tại ngân hàng; còn Mobile Money dùng tài khoản viễn thông."
        ),
        source=GENERAL,
        difficulty=3,
        kind="true_false",
        subtopic=WALLETS,
    ),
    Q(
        text="Những thói quen nào giúp bảo vệ điện thoại dùng để thanh toán?",
        choices=(
            ("Đặt khóa màn hình bằng mật mã hoặc sinh trắc học", True),
            ("Không cài ứng dụng lạ ngoài kho chính thức", True),
            ("Cập nhật hệ điều hành và ứng dụng ngân hàng", True),
            ("Lưu mã PIN thẻ trong phần ghi chú của máy", False),
        ),
        explanation=(
            "Khóa màn hình, chỉ cài ứng dụng tin cậy và cập nhật thường xuyên giúp kẻ gian khó dùng máy; "
            "ghi PIN trong máy thì ai cầm được điện thoại cũng biết."
        ),
        source=GENERAL,
        difficulty=2,
        kind="multiple",
        subtopic=SAFE,
    ),
    Q(
        text="Sau khi chuyển khoản trả tiền mua hàng hay nộp phí, bạn nên lưu lại gì?",
        choices=(
            ("Biên lai hoặc ảnh chụp giao dịch có mã giao dịch", True),
            ("Ảnh chụp mã OTP đã dùng cho giao dịch đó", False),
            ("Mật khẩu ứng dụng ghi ra giấy để đối chiếu", False),
            ("Không cần lưu gì vì ngân hàng luôn tự xử lý", False),
        ),
        explanation=(
            "Biên lai có mã giao dịch là bằng chứng đã trả tiền, cần khi đối chiếu hoặc khiếu nại; "
            "OTP và mật khẩu thì không cần và không nên lưu."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=SAFE,
    ),
]
