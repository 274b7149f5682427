"""Demo questions: "Bảo vệ bản thân trên môi trường số".

Facts come from the Cao Bằng directive (the five basic digital skills include
protecting yourself online) and from widely known, certain safe practice.
"""

from __future__ import annotations

from questionbank.demo_bank import CAO_BANG, FALSE, GENERAL, TRUE, Q

SCAMS = "Lừa đảo trực tuyến"
PASSWORDS = "Mật khẩu và xác thực"
PRIVACY = "Quyền riêng tư"
APPS = "Ứng dụng và cập nhật"
CHILDREN = "Bảo vệ trẻ em trên mạng"
AFTER = "Khi bị lừa đảo"
FAKE_NEWS = "Tin giả và deepfake"
BASICS = "Kỹ năng số cơ bản"


QUESTIONS: list[Q] = [
    Q(
        text=(
            "Một người bạn nhắn tin qua Zalo: “Mình lỡ gửi nhầm mã xác nhận về số của bạn, bạn đọc lại giúp mình "
            "nhé”. Bạn nên làm gì?"
        ),
        choices=(
            ("Không gửi mã, gọi điện trực tiếp cho bạn đó để kiểm tra", True),
            ("Gửi mã ngay vì đây là tài khoản Zalo của người quen", False),
            ("Gửi mã nhưng nhắc bạn đó lần sau đừng nhập nhầm số", False),
            ("Chụp màn hình tin nhắn chứa mã rồi gửi lại cho bạn đó", False),
        ),
        explanation=(
            "Mã gửi về điện thoại của bạn là mã để đăng nhập hoặc giao dịch trên tài khoản của chính bạn; "
            "đưa mã là mất tài khoản. Tài khoản người quen có thể đã bị kẻ gian chiếm."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=SCAMS,
    ),
    Q(
        text=(
            "Cán bộ cơ quan nhà nước có thể gọi điện xin mã OTP của người dân để “cập nhật, đồng bộ dữ liệu dân cư”."
        ),
        choices=FALSE,
        explanation=(
            "Không cơ quan nào cần mã OTP của người dân để cập nhật dữ liệu. Người gọi xin OTP, dù xưng là ai, "
            "đều phải được coi là kẻ lừa đảo."
        ),
        source=GENERAL,
        difficulty=1,
        kind="true_false",
        subtopic=SCAMS,
    ),
    Q(
        text=(
            "Một cuộc gọi tự xưng là cán bộ công an báo ông Ba có liên quan đến một vụ án và yêu cầu ông chuyển "
            "tiền vào “tài khoản tạm giữ” để chứng minh mình trong sạch. Đây là gì?"
        ),
        choices=(
            ("Thủ đoạn lừa đảo giả danh cơ quan công an", True),
            ("Thủ tục điều tra bình thường qua điện thoại", False),
            ("Yêu cầu hợp lệ nếu người gọi đọc đúng số căn cước", False),
            ("Một dịch vụ công trực tuyến mới của ngành Công an", False),
        ),
        explanation=(
            "Cơ quan công an làm việc trực tiếp bằng giấy mời, giấy triệu tập và không yêu cầu người dân chuyển "
            "tiền qua điện thoại. Gặp cuộc gọi như vậy hãy cúp máy và báo công an nơi cư trú."
        ),
        source=GENERAL,
        difficulty=2,
        subtopic=SCAMS,
    ),
    Q(
        text=(
            "Chị Hoa nhận cuộc gọi xưng là nhân viên điện lực, báo sẽ cắt điện ngay tối nay nếu không thanh toán "
            "tiền điện qua đường link gửi kèm. Cách xử lý đúng là gì?"
        ),
        choices=(
            ("Không bấm link, tự kiểm tra qua kênh chính thức ghi trên hóa đơn", True),
            ("Bấm link và thanh toán ngay để khỏi bị cắt điện tối nay", False),
            ("Đọc số thẻ ngân hàng để nhân viên điện lực trừ tiền hộ", False),
            ("Chuyển tiền vào số tài khoản cá nhân mà người gọi đưa ra", False),
        ),
        explanation=(
            "Giả danh điện lực dọa cắt điện để ép người dân bấm link, cài ứng dụng lạ hoặc chuyển tiền là thủ đoạn "
            "lừa đảo phổ biến. Hãy tự kiểm tra qua ứng dụng hoặc tổng đài chính thức của điện lực."
        ),
        source=GENERAL,
        difficulty=2,
        subtopic=SCAMS,
    ),
    Q(
        text="Những dấu hiệu nào cho thấy một tin nhắn báo “trúng thưởng” nhiều khả năng là lừa đảo?",
        choices=(
            ("Yêu cầu nộp trước “phí nhận thưởng” hoặc “phí vận chuyển”", True),
            ("Bạn không tham gia chương trình nào nhưng vẫn “trúng thưởng”", True),
            ("Kèm đường link lạ đề nghị nhập thông tin thẻ ngân hàng", True),
            ("Chương trình được công bố trên trang chính thức của nhà tổ chức", False),
        ),
        explanation=(
            "Đòi nộp phí trước, “trúng” chương trình mình không tham gia và link lạ đòi thông tin thẻ là dấu hiệu "
            "lừa đảo điển hình. Chương trình thật thì kiểm tra được trên kênh chính thức của nhà tổ chức."
        ),
        source=GENERAL,
        difficulty=2,
        kind="multiple",
        subtopic=SCAMS,
    ),
    Q(
        text="Trang web của cơ quan nhà nước Việt Nam có tên miền kết thúc bằng đuôi nào?",
        choices=(
            (".gov.vn", True),
            (".com.vn", False),
            (".vn.com", False),
            (".gov-vn.net", False),
        ),
        explanation=(
            "Tên miền “.gov.vn” dành cho cơ quan nhà nước. Kẻ gian hay tạo tên miền na ná như “.vn.com” hay "
            "chèn dấu gạch để trang giả trông giống trang thật."
        ),
        source=GENERAL,
        difficulty=2,
        subtopic=SCAMS,
    ),
    Q(
        text=(
            "Trang web có biểu tượng ổ khóa và địa chỉ bắt đầu bằng “https” thì chắc chắn là trang chính thức, "
            "không thể là trang giả mạo."
        ),
        choices=FALSE,
        explanation=(
            "Ổ khóa và “https” chỉ cho biết đường truyền được mã hóa; trang giả mạo cũng có thể có. "
            "Cần đọc kỹ tên miền để biết trang đó của ai."
        ),
        source=GENERAL,
        difficulty=3,
        kind="true_false",
        subtopic=SCAMS,
    ),
    Q(
        text=(
            "Một tin nhắn hiện dưới tên thương hiệu (brandname) của ngân hàng, báo tài khoản bị khóa và kèm "
            "đường link để “xác minh”. Nhận định nào đúng?"
        ),
        choices=(
            ("Vẫn có thể là giả mạo; không bấm link, liên hệ ngân hàng qua kênh chính thức", True),
            ("Chắc chắn an toàn vì tin nhắn hiện đúng tên của ngân hàng", False),
            ("An toàn nếu trong đường link có chứa tên của ngân hàng", False),
            ("Chỉ nguy hiểm nếu tin nhắn được gửi đến vào ban đêm", False),
        ),
        explanation=(
            "Kẻ gian có thể dùng trạm phát sóng giả (BTS giả) để gửi tin nhắn mang tên ngân hàng. Hãy tự mở ứng "
            "dụng ngân hàng hoặc gọi số tổng đài in trên thẻ thay vì bấm link."
        ),
        source=GENERAL,
        difficulty=3,
        subtopic=SCAMS,
    ),
    Q(
        text="Mật khẩu nào dưới đây mạnh nhất?",
        choices=(
            ("Tr@uVang#Ca2Mau!", True),
            ("nguyenvanan", False),
            ("15081980", False),
            ("123456789", False),
        ),
        explanation=(
            "Mật khẩu mạnh đủ dài, có chữ hoa, chữ thường, chữ số và ký hiệu. Tên, ngày sinh hay dãy số liền "
            "nhau rất dễ bị đoán."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=PASSWORDS,
    ),
    Q(
        text="Những cách làm nào giúp bảo vệ tài khoản mạng xã hội và ngân hàng điện tử?",
        choices=(
            ("Bật xác thực hai yếu tố cho tài khoản", True),
            ("Dùng mật khẩu khác nhau cho từng tài khoản quan trọng", True),
            ("Dùng ngày sinh làm mật khẩu cho dễ nhớ", False),
            ("Cho người quen biết mật khẩu để nhờ đăng nhập hộ", False),
        ),
        explanation=(
            "Xác thực hai yếu tố và mật khẩu riêng cho từng tài khoản giúp một lần lộ mật khẩu không kéo theo mất "
            "mọi tài khoản. Ngày sinh dễ bị đoán, còn mật khẩu phải giữ cho riêng mình."
        ),
        source=GENERAL,
        difficulty=2,
        kind="multiple",
        subtopic=PASSWORDS,
    ),
    Q(
        text="Xác thực hai yếu tố (2FA) nghĩa là gì?",
        choices=(
            ("Ngoài mật khẩu, cần thêm một bước xác nhận như mã OTP gửi về điện thoại", True),
            ("Phải nhập cùng một mật khẩu hai lần mỗi khi đăng nhập", False),
            ("Hai người cùng biết mật khẩu để hỗ trợ nhau đăng nhập", False),
            ("Đổi mật khẩu hai lần mỗi tháng theo một lịch cố định", False),
        ),
        explanation=(
            "Xác thực hai yếu tố đòi thêm một thứ chỉ bạn có (mã OTP, ứng dụng xác thực) ngoài mật khẩu. "
            "Kẻ gian biết mật khẩu vẫn chưa đăng nhập được."
        ),
        source=GENERAL,
        difficulty=2,
        subtopic=PASSWORDS,
    ),
    Q(
        text=(
            "Khi đã bật xác thực hai yếu tố, kẻ gian dù biết mật khẩu vẫn khó đăng nhập được tài khoản nếu không có "
            "mã xác thực."
        ),
        choices=TRUE,
        explanation=(
            "Bước xác thực thứ hai là lớp bảo vệ thêm ngoài mật khẩu. Vì vậy tuyệt đối không đưa mã xác thực "
            "cho người khác."
        ),
        source=GENERAL,
        difficulty=1,
        kind="true_false",
        subtopic=PASSWORDS,
    ),
    Q(
        text="Nên tải ứng dụng cho điện thoại từ đâu để an toàn nhất?",
        choices=(
            ("Kho ứng dụng chính thức: Google Play (CH Play) hoặc App Store", True),
            ("Đường link được gửi đến qua tin nhắn từ một số máy lạ", False),
            ("Tệp cài đặt do người lạ gửi qua Zalo hoặc Facebook", False),
            ("Trang web quảng cáo tải “bản miễn phí” của ứng dụng", False),
        ),
        explanation=(
            "Ứng dụng trên kho chính thức được kiểm duyệt và cập nhật. Tệp cài đặt từ link lạ có thể chứa mã độc "
            "đánh cắp dữ liệu và tiền."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=APPS,
    ),
    Q(
        text=(
            "Cài ứng dụng từ đường link do người lạ gửi có thể giúp kẻ gian chiếm quyền điều khiển điện thoại, "
            "đọc tin nhắn OTP và lấy tiền trong tài khoản."
        ),
        choices=TRUE,
        explanation=(
            "Ứng dụng giả mạo cài ngoài kho chính thức thường xin quyền đọc tin nhắn và điều khiển máy. "
            "Kẻ gian dùng các quyền đó để lấy OTP và chuyển tiền đi."
        ),
        source=GENERAL,
        difficulty=2,
        kind="true_false",
        subtopic=APPS,
    ),
    Q(
        text="Vì sao nên cập nhật hệ điều hành và ứng dụng khi nhà sản xuất phát hành phiên bản mới?",
        choices=(
            ("Bản cập nhật thường vá lỗ hổng bảo mật mà kẻ gian lợi dụng", True),
            ("Để điện thoại không bao giờ phải kết nối Internet nữa", False),
            ("Vì ứng dụng cũ sẽ tự động xóa hết dữ liệu của bạn", False),
            ("Để được nhà mạng tặng thêm dung lượng 4G miễn phí", False),
        ),
        explanation=(
            "Nhà sản xuất phát hành bản cập nhật để sửa lỗi, trong đó có lỗi bảo mật. "
            "Máy không cập nhật dễ bị mã độc khai thác."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=APPS,
    ),
    Q(
        text=(
            "Có người xưng là cán bộ công an gọi điện “hỗ trợ” kích hoạt tài khoản định danh điện tử và gửi link "
            "để cài ứng dụng VNeID. Nên làm gì?"
        ),
        choices=(
            ("Từ chối; chỉ cài VNeID từ kho chính thức hoặc nhờ công an nơi cư trú trực tiếp", True),
            ("Bấm link để cài ngay vì người gọi xưng là cán bộ công an", False),
            ("Cài theo link rồi đọc mã OTP để người gọi kích hoạt hộ", False),
            ("Gửi ảnh hai mặt thẻ căn cước để người gọi làm thủ tục", False),
        ),
        explanation=(
            "VNeID chỉ tải từ Google Play hoặc App Store; kẻ gian giả danh công an gửi link cài ứng dụng giả "
            "để chiếm đoạt tài khoản. Cần hỗ trợ thì đến trực tiếp công an nơi cư trú."
        ),
        source=GENERAL,
        difficulty=2,
        subtopic=APPS,
    ),
    Q(
        text="Vì sao không nên đăng ảnh thẻ căn cước lên mạng xã hội?",
        choices=(
            ("Kẻ gian có thể dùng thông tin đó để mạo danh, vay tiền, mở tài khoản", True),
            ("Vì đăng ảnh giấy tờ sẽ làm tài khoản mạng xã hội bị khóa ngay", False),
            ("Vì mạng xã hội thu phí mỗi khi đăng ảnh có giấy tờ tùy thân", False),
            ("Vì thẻ căn cước bản gốc sẽ hết hiệu lực sau khi bị chụp ảnh", False),
        ),
        explanation=(
            "Ảnh thẻ căn cước có đủ họ tên, số định danh, ngày sinh, nơi cư trú. Kẻ gian dùng các thông tin này "
            "để giả danh bạn hoặc lừa người quen của bạn."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=PRIVACY,
    ),
    Q(
        text="Những thông tin nào KHÔNG nên công khai trên mạng xã hội?",
        choices=(
            ("Ảnh chụp thẻ căn cước, hộ chiếu", True),
            ("Mật khẩu, mã OTP của tài khoản", True),
            ("Ảnh vé máy bay, thẻ lên máy bay còn mã vạch", True),
            ("Lời chúc mừng năm mới gửi bạn bè", False),
        ),
        explanation=(
            "Giấy tờ tùy thân, mật khẩu, OTP và mã vạch trên vé đều chứa thông tin kẻ gian có thể lợi dụng. "
            "Lời chúc thông thường thì không có thông tin nhạy cảm."
        ),
        source=GENERAL,
        difficulty=2,
        kind="multiple",
        subtopic=PRIVACY,
    ),
    Q(
        text="Muốn chỉ người quen xem được bài đăng trên mạng xã hội, nên chỉnh quyền riêng tư thế nào?",
        choices=(
            ("Đặt chế độ hiển thị bài đăng là “Bạn bè” thay vì “Công khai”", True),
            ("Đặt chế độ hiển thị bài đăng là “Công khai” cho mọi người", False),
            ("Đổi ảnh đại diện thường xuyên để người lạ khó nhận ra", False),
            ("Kết bạn với thật nhiều người lạ để tài khoản an toàn hơn", False),
        ),
        explanation=(
            "Cài đặt quyền riêng tư quyết định ai xem được bài đăng. Để “Bạn bè” giúp người lạ không thu thập được "
            "thông tin của bạn và gia đình."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=PRIVACY,
    ),
    Q(
        text=(
            "Để công khai ngày sinh, số điện thoại, nơi ở trên trang cá nhân giúp kẻ gian dễ thu thập thông tin "
            "để lừa đảo chính mình và người thân."
        ),
        choices=TRUE,
        explanation=(
            "Kẻ gian ghép các thông tin công khai để giả làm người quen hoặc nhân viên ngân hàng cho đáng tin. "
            "Nên hạn chế người được xem thông tin cá nhân."
        ),
        source=GENERAL,
        difficulty=2,
        kind="true_false",
        subtopic=PRIVACY,
    ),
    Q(
        text="Cha mẹ nên làm gì để bảo vệ trẻ khi trẻ dùng Internet?",
        choices=(
            ("Bật tính năng kiểm soát của phụ huynh, giới hạn thời gian dùng", True),
            ("Dặn trẻ không gửi ảnh, địa chỉ nhà cho người quen qua mạng", True),
            ("Trò chuyện để trẻ kể lại khi gặp điều lạ, đáng sợ trên mạng", True),
            ("Để trẻ tự cài mọi trò chơi mà không cần hỏi ý kiến cha mẹ", False),
        ),
        explanation=(
            "Kiểm soát của phụ huynh, dặn trẻ giữ thông tin riêng và luôn lắng nghe trẻ giúp phát hiện sớm nguy "
            "cơ. Để trẻ tự cài mọi thứ dễ dẫn đến nội dung độc hại, mã độc."
        ),
        source=GENERAL,
        difficulty=2,
        kind="multiple",
        subtopic=CHILDREN,
    ),
    Q(
        text="Tổng đài điện thoại quốc gia bảo vệ trẻ em (gọi miễn phí) có số nào?",
        choices=(
            ("111", True),
            ("113", False),
            ("114", False),
            ("115", False),
        ),
        explanation=(
            "Tổng đài 111 tiếp nhận thông tin về trẻ em bị xâm hại, kể cả trên mạng. "
            "113 là công an, 114 là cứu hỏa, 115 là cấp cứu y tế."
        ),
        source=GENERAL,
        difficulty=2,
        subtopic=CHILDREN,
    ),
    Q(
        text="Ông Tư vừa phát hiện mình đã chuyển tiền cho kẻ lừa đảo. Việc cần làm ngay là gì?",
        choices=(
            ("Gọi ngay cho ngân hàng để được hỗ trợ, rồi trình báo công an", True),
            ("Chờ vài ngày xem kẻ gian có tự chuyển trả lại tiền không", False),
            ("Xóa hết tin nhắn và lịch sử giao dịch cho đỡ phiền lòng", False),
            ("Chuyển thêm “phí xử lý” để kẻ gian hoàn lại số tiền cũ", False),
        ),
        explanation=(
            "Báo ngân hàng càng sớm càng có cơ hội ngăn tiền bị rút đi; công an cần trình báo để điều tra. "
            "Chờ đợi, xóa chứng cứ hay chuyển thêm tiền đều làm mọi việc tệ hơn."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=AFTER,
    ),
    Q(
        text="Khi bị lừa đảo trực tuyến, những việc nào nên làm?",
        choices=(
            ("Giữ lại ảnh chụp tin nhắn, số điện thoại, biên lai chuyển tiền", True),
            ("Trình báo cơ quan công an nơi gần nhất", True),
            ("Phản ánh vụ việc qua trang canhbao.khonggianmang.vn", True),
            ("Thuê “dịch vụ lấy lại tiền” quảng cáo trên mạng", False),
        ),
        explanation=(
            "Chứng cứ giúp công an và ngân hàng xử lý; canhbao.khonggianmang.vn là kênh tiếp nhận phản ánh lừa đảo "
            "của cơ quan chức năng về an toàn thông tin mạng. “Dịch vụ lấy lại tiền” trên mạng thường là lừa đảo."
        ),
        source=GENERAL,
        difficulty=3,
        kind="multiple",
        subtopic=AFTER,
    ),
    Q(
        text=(
            "Người tự xưng là luật sư hoặc “hacker” trên mạng hứa lấy lại tiền đã bị lừa nhưng đòi đóng phí trước "
            "thường là kẻ lừa đảo lần thứ hai."
        ),
        choices=TRUE,
        explanation=(
            "Kẻ gian nhắm vào người vừa bị lừa vì họ đang nóng lòng lấy lại tiền. "
            "Chỉ cơ quan công an và ngân hàng mới xử lý được việc thu hồi tiền."
        ),
        source=GENERAL,
        difficulty=3,
        kind="true_false",
        subtopic=AFTER,
    ),
    Q(
        text="Gặp việc khẩn cấp về an ninh, trật tự cần báo ngay cho công an, người dân gọi số nào?",
        choices=(
            ("113", True),
            ("114", False),
            ("115", False),
            ("116", False),
        ),
        explanation=("113 là số gọi khẩn cấp của công an. 114 là cứu nạn, cứu hộ, chữa cháy; 115 là cấp cứu y tế."),
        source=GENERAL,
        difficulty=1,
        subtopic=AFTER,
    ),
    Q(
        text=(
            "Bà Năm nhận cuộc gọi video của “con trai” qua mạng xã hội: hình mờ, chỉ vài giây rồi tắt, sau đó nhắn "
            "cần chuyển gấp tiền. Cách xác minh an toàn nhất là gì?"
        ),
        choices=(
            ("Gọi lại vào số điện thoại quen thuộc của con để hỏi trước khi chuyển", True),
            ("Chuyển ngay vì đã nhìn thấy mặt con trong cuộc gọi video", False),
            ("Nhắn lại trên chính tài khoản đó để hỏi số tài khoản nhận", False),
            ("Chuyển trước một nửa số tiền rồi mới hỏi lại cho chắc", False),
        ),
        explanation=(
            "Kẻ gian có thể chiếm tài khoản và dùng video giả (deepfake) khuôn mặt người thân. Chỉ tin khi đã xác "
            "minh qua một kênh khác mà mình biết chắc, như số điện thoại quen."
        ),
        source=GENERAL,
        difficulty=3,
        subtopic=FAKE_NEWS,
    ),
    Q(
        text=(
            "Với công nghệ deepfake, kẻ gian có thể giả khuôn mặt và giọng nói của người thân trong cuộc gọi video "
            "để vay hoặc xin tiền."
        ),
        choices=TRUE,
        explanation=(
            "Deepfake dùng trí tuệ nhân tạo tạo hình ảnh, giọng nói giống người thật. "
            "Thấy mặt trong cuộc gọi video chưa đủ để tin và chuyển tiền."
        ),
        source=GENERAL,
        difficulty=2,
        kind="true_false",
        subtopic=FAKE_NEWS,
    ),
    Q(
        text="Khi thấy một tin “giật gân” chưa rõ nguồn gốc trên mạng xã hội, nên làm gì?",
        choices=(
            ("Kiểm tra trên báo chính thống, trang cơ quan nhà nước trước khi chia sẻ", True),
            ("Chia sẻ ngay để nhiều người trong nhóm Zalo cùng biết", False),
            ("Tin ngay nếu bài đăng có rất nhiều lượt thích, bình luận", False),
            ("Bình luận thêm chi tiết để bài viết được nhiều người xem", False),
        ),
        explanation=(
            "Lượt thích không chứng minh tin là thật. Kiểm tra ở nguồn chính thống trước khi chia sẻ giúp "
            "không tiếp tay lan truyền tin giả."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=FAKE_NEWS,
    ),
    Q(
        text="Chia sẻ tin giả, tin sai sự thật trên mạng xã hội có thể bị xử phạt theo quy định của pháp luật.",
        choices=TRUE,
        explanation=(
            "Pháp luật Việt Nam có chế tài xử phạt hành vi cung cấp, chia sẻ thông tin sai sự thật trên mạng. "
            "Vì vậy cần kiểm chứng trước khi chia sẻ."
        ),
        source=GENERAL,
        difficulty=2,
        kind="true_false",
        subtopic=FAKE_NEWS,
    ),
    Q(
        text=(
            "Lời mời “việc nhẹ lương cao”: làm nhiệm vụ thả tim, đặt đơn hàng ảo, phải nạp tiền trước mới được "
            "nhận hoa hồng. Đây là gì?"
        ),
        choices=(
            ("Thủ đoạn lừa đảo: càng nạp thêm tiền càng bị mất nhiều", True),
            ("Công việc làm thêm hợp pháp, an toàn cho người nội trợ", False),
            ("Chương trình khuyến mại chính thức của sàn thương mại điện tử", False),
            ("Hình thức đầu tư có lợi nhuận được Nhà nước bảo đảm", False),
        ),
        explanation=(
            "Kẻ gian trả hoa hồng nhỏ lúc đầu để tạo lòng tin, rồi đòi nạp khoản lớn và chiếm đoạt. "
            "Công việc thật không bắt người làm nộp tiền trước."
        ),
        source=GENERAL,
        difficulty=2,
        subtopic=SCAMS,
    ),
    Q(
        text=(
            "Trong 05 nội dung kỹ năng số cơ bản mà Công văn 2521/UBND-VX của UBND tỉnh Cao Bằng giao xây dựng, "
            "nội dung nào nói về an toàn trên mạng?"
        ),
        choices=(
            ("Tự bảo vệ mình trên không gian mạng", True),
            ("Sử dụng dịch vụ công trực tuyến", False),
            ("Mua sắm trực tuyến", False),
            ("Thanh toán trực tuyến", False),
        ),
        explanation=(
            "Công văn 2521/UBND-VX nêu 05 nội dung: dịch vụ công trực tuyến, mua sắm trực tuyến, thanh toán trực "
            "tuyến, tự bảo vệ mình trên không gian mạng và nền tảng số khác phù hợp với tỉnh."
        ),
        source=CAO_BANG,
        difficulty=1,
        subtopic=BASICS,
    ),
    Q(
        text="Không nên đăng nhập ngân hàng điện tử khi đang dùng Wi-Fi công cộng không đặt mật khẩu.",
        choices=TRUE,
        explanation=(
            "Trên mạng Wi-Fi công cộng không bảo vệ, kẻ gian có thể theo dõi hoặc giả mạo điểm phát. "
            "Giao dịch tiền nên dùng mạng di động hoặc Wi-Fi tin cậy."
        ),
        source=GENERAL,
        difficulty=1,
        kind="true_false",
        subtopic=PASSWORDS,
    ),
    Q(
        text=("Cho người khác thuê, mượn hoặc mua lại tài khoản ngân hàng của mình là việc vô hại nếu được trả tiền."),
        choices=FALSE,
        explanation=(
            "Tài khoản cho thuê, bán thường bị dùng để nhận tiền lừa đảo, và chủ tài khoản có thể bị liên đới. "
            "Pháp luật nghiêm cấm mua bán, cho thuê tài khoản ngân hàng."
        ),
        source=GENERAL,
        difficulty=2,
        kind="true_false",
        subtopic=SCAMS,
    ),
]
