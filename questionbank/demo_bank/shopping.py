"""Demo questions for the topic "Mua sắm trực tuyến" (online shopping)."""

from __future__ import annotations

from questionbank.demo_bank import CAO_BANG, FALSE, GENERAL, HAI_DUONG, KIEN_GIANG, TAY_NINH, TRUE, Q

ON_PLATFORM = "Đưa nông sản lên sàn"
PLATFORMS = "Sàn thương mại điện tử"
SAFE = "Mua sắm an toàn"
RETURNS = "Đổi trả và khiếu nại"
PRIVACY = "Bảo vệ thông tin cá nhân"

QUESTIONS: list[Q] = [
    Q(
        text=(
            "Kế hoạch của UBND tỉnh Kiên Giang nêu tên những sàn thương mại điện tử nào để đưa sản phẩm OCOP "
            "lên giao dịch trực tuyến?"
        ),
        choices=(
            ("Postmart.vn và Voso.vn", True),
            ("Tiki.vn và Sendo.vn", False),
            ("Chotot.com và Muaban.net", False),
            ("Lazada.vn và Shopee.vn", False),
        ),
        explanation=(
            "Mục tiêu năm 2022 của Kế hoạch ghi rõ sản phẩm OCOP được đưa lên sàn thương mại điện tử "
            "Postmart.vn, Voso.vn để giao dịch trực tuyến."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        subtopic=ON_PLATFORM,
        tags=("OCOP",),
    ),
    Q(
        text="OCOP là tên viết tắt của chương trình nào?",
        choices=(
            ("Mỗi xã một sản phẩm", True),
            ("Mỗi hộ một cửa hàng số", False),
            ("Mỗi tỉnh một sàn thương mại", False),
            ("Mỗi thôn một làng nghề", False),
        ),
        explanation=(
            'OCOP (One Commune One Product) là Chương trình "Mỗi xã một sản phẩm", '
            "nhằm phát triển các sản phẩm đặc trưng, lợi thế của từng địa phương."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=ON_PLATFORM,
        tags=("OCOP",),
    ),
    Q(
        text=(
            "Khi hướng dẫn người dân bán hàng trên sàn thương mại điện tử, những việc nào được nêu trong "
            "nhiệm vụ của Tổ công nghệ số cộng đồng?"
        ),
        choices=(
            ("Đăng ảnh, quảng bá sản phẩm", True),
            ("Tạo gian hàng và nhận đơn hàng", True),
            ("Đóng gói sản phẩm", True),
            ("Mua đánh giá ảo để tăng uy tín", False),
        ),
        explanation=(
            "Tổ hướng dẫn người dân dùng nền tảng số để đăng ảnh, quảng bá sản phẩm, tạo gian hàng, nhận đơn, "
            "đóng gói sản phẩm; mua đánh giá ảo là gian dối với khách hàng."
        ),
        source=TAY_NINH,
        difficulty=2,
        kind="multiple",
        subtopic=ON_PLATFORM,
    ),
    Q(
        text=(
            "Trong hướng dẫn người dân bán hàng trên sàn thương mại điện tử, điều gì được nhấn mạnh là "
            '"quan trọng nhất"?'
        ),
        choices=(
            ("Cam kết cung cấp sản phẩm đúng chất lượng cho khách hàng", True),
            ("Đặt giá bán thấp hơn mọi gian hàng khác trên sàn", False),
            ("Đăng thật nhiều sản phẩm trong thời gian ngắn nhất", False),
            ("Có thật nhiều người theo dõi gian hàng ngay từ đầu", False),
        ),
        explanation=(
            'Văn bản hướng dẫn ghi rõ: hướng dẫn đăng ảnh, tạo gian hàng, nhận đơn, đóng gói "và quan trọng nhất '
            'là cam kết cung cấp sản phẩm đúng chất lượng cho khách hàng".'
        ),
        source=HAI_DUONG,
        difficulty=2,
        subtopic=ON_PLATFORM,
    ),
    Q(
        text=(
            "Theo Kế hoạch của UBND tỉnh Kiên Giang, lực lượng nào là nòng cốt trong hướng dẫn người dân thiết "
            "lập gian hàng số, đưa sản phẩm OCOP, nông sản chủ lực lên sàn thương mại điện tử?"
        ),
        choices=(
            ("Các doanh nghiệp bưu chính, viễn thông", True),
            ("Công an tỉnh và công an cấp xã", False),
            ("Sở Giáo dục và Đào tạo", False),
            ("Báo và Đài Phát thanh - Truyền hình tỉnh", False),
        ),
        explanation=(
            "Kế hoạch giao các doanh nghiệp bưu chính, viễn thông làm lực lượng nòng cốt hướng dẫn người dân thiết "
            "lập gian hàng số, đưa sản phẩm OCOP, sản phẩm nông nghiệp chủ lực lên sàn thương mại điện tử."
        ),
        source=KIEN_GIANG,
        difficulty=3,
        subtopic=ON_PLATFORM,
    ),
    Q(
        text=(
            "Theo các kế hoạch về Tổ công nghệ số cộng đồng, ai được hướng dẫn đăng ký tham gia các sàn thương mại "
            "điện tử như voso.vn, postmart.vn?"
        ),
        choices=(
            ("Doanh nghiệp, hộ kinh doanh và người dân trên địa bàn", True),
            ("Chỉ các hợp tác xã đã có sản phẩm đạt chuẩn OCOP", False),
            ("Chỉ doanh nghiệp có trên 300 công nhân", False),
            ("Chỉ hộ kinh doanh đã có cửa hàng ngoài chợ", False),
        ),
        explanation=(
            "Nhiệm vụ của Tổ là hướng dẫn doanh nghiệp, hộ kinh doanh, người dân trên địa bàn đăng ký tham gia "
            "các sàn thương mại điện tử, không giới hạn ở một nhóm nào."
        ),
        source=KIEN_GIANG,
        difficulty=2,
        subtopic=ON_PLATFORM,
    ),
    Q(
        text=(
            'Theo Công văn 2521/UBND-VX của UBND tỉnh Cao Bằng, "mua sắm trực tuyến" được xếp vào nhóm nội dung nào?'
        ),
        choices=(
            ("05 nội dung kỹ năng số cơ bản", True),
            ("Các thủ tục hành chính mức độ 4", False),
            ("Các chỉ tiêu báo cáo hằng tháng", False),
            ("Nội dung thi đua khen thưởng cấp tỉnh", False),
        ),
        explanation=(
            "Công văn giao Sở Thông tin và Truyền thông xây dựng 05 nội dung kỹ năng số cơ bản, trong đó có "
            "mua sắm trực tuyến, bên cạnh dịch vụ công trực tuyến, thanh toán trực tuyến và tự bảo vệ mình."
        ),
        source=CAO_BANG,
        difficulty=1,
        subtopic=PLATFORMS,
    ),
    Q(
        text=(
            "Theo Công văn 2521/UBND-VX của UBND tỉnh Cao Bằng, hướng dẫn mua bán trên sàn thương mại điện tử "
            'Việt Nam là một nội dung có thể chọn trong chiến dịch "đi từng ngõ, gõ từng nhà".'
        ),
        choices=TRUE,
        explanation=(
            "Công văn liệt kê các nội dung nghiên cứu, lựa chọn cho chiến dịch, trong đó có hướng dẫn mua bán "
            "trên sàn thương mại điện tử Việt Nam."
        ),
        source=CAO_BANG,
        difficulty=2,
        kind="true_false",
        subtopic=PLATFORMS,
    ),
    Q(
        text=(
            "Theo kế hoạch ở Hải Dương, Tổ công nghệ số cộng đồng trực tiếp làm mẫu, hướng dẫn lại cho từng hộ "
            "gia đình, ví dụ như mở gian hàng số."
        ),
        choices=TRUE,
        explanation=(
            "Tổ nhận chỉ tiêu triển khai nền tảng số và trực tiếp làm mẫu, hướng dẫn lại cho cá nhân, hộ gia đình; "
            "mở gian hàng số là ví dụ đầu tiên được nêu."
        ),
        source=HAI_DUONG,
        difficulty=3,
        kind="true_false",
        subtopic=PLATFORMS,
    ),
    Q(
        text='"Gian hàng số" (cửa hàng số) của một hộ kinh doanh là gì?',
        choices=(
            ("Trang bán hàng trên nền tảng số để đăng sản phẩm, giá và nhận đơn", True),
            ("Quầy hàng ngoài chợ có gắn màn hình điện tử quảng cáo", False),
            ("Sổ ghi chép hàng hóa được lưu trong máy tính của hộ", False),
            ("Kho chứa hàng do bưu điện cho thuê để gửi hàng đi", False),
        ),
        explanation=(
            "Gian hàng số là nơi người bán giới thiệu sản phẩm, giá và nhận đơn trên sàn thương mại điện tử "
            "hoặc nền tảng số, giúp bán hàng cho khách ở xa."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=PLATFORMS,
    ),
    Q(
        text="Các sàn thương mại điện tử Postmart.vn và Voso.vn lần lượt do doanh nghiệp nào phát triển?",
        choices=(
            ("Bưu điện Việt Nam và Viettel Post", True),
            ("VNPT và MobiFone", False),
            ("Viettel Post và Bưu điện Việt Nam", False),
            ("MobiFone và VNPT", False),
        ),
        explanation=(
            "Postmart.vn là sàn nông sản của Tổng công ty Bưu điện Việt Nam, còn Voso.vn là sàn của Viettel Post; "
            "vì vậy hai doanh nghiệp bưu chính này tham gia hỗ trợ đưa sản phẩm địa phương lên sàn."
        ),
        source=GENERAL,
        difficulty=3,
        subtopic=PLATFORMS,
    ),
    Q(
        text="Trước khi đặt mua ở một gian hàng lạ trên sàn, việc nên làm đầu tiên là gì?",
        choices=(
            ("Xem điểm đánh giá, nhận xét của người mua trước và số lượng đã bán", True),
            ("Nhắn tin hỏi người bán có phải hàng thật không rồi tin theo", False),
            ("Chọn ngay gian hàng có giá thấp nhất trong kết quả tìm kiếm", False),
            ("Đặt thử nhiều đơn cùng lúc rồi hủy những đơn không ưng ý", False),
        ),
        explanation=(
            "Điểm đánh giá, nhận xét và lượng hàng đã bán do người mua khác để lại giúp biết gian hàng có uy tín "
            "hay không; lời tự nhận của người bán thì không kiểm chứng được."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=SAFE,
    ),
    Q(
        text=(
            "Một gian hàng có rất nhiều đánh giá 5 sao thì chắc chắn là uy tín, không cần đọc nội dung các nhận xét."
        ),
        choices=FALSE,
        explanation=(
            "Đánh giá có thể bị làm giả hàng loạt; nên đọc các nhận xét gần đây, có ảnh thật và chú ý cả các "
            "đánh giá thấp."
        ),
        source=GENERAL,
        difficulty=2,
        kind="true_false",
        subtopic=SAFE,
    ),
    Q(
        text=(
            "Bạn thấy quảng cáo điện thoại đời mới chính hãng chỉ bằng một phần ba giá ở cửa hàng. "
            "Cách hiểu đúng nhất là gì?"
        ),
        choices=(
            ("Giá rẻ bất thường là dấu hiệu lừa đảo hoặc hàng giả, cần cảnh giác", True),
            ("Đây là cơ hội hiếm, nên chuyển tiền ngay kẻo hết hàng", False),
            ("Hàng bán trên mạng luôn rẻ hơn nhiều nên giá này là bình thường", False),
            ("Chỉ cần người bán gửi ảnh hóa đơn nhập hàng là yên tâm mua", False),
        ),
        explanation=(
            'Giá "rẻ đến mức khó tin" là chiêu quen thuộc của cửa hàng giả để dụ người mua chuyển tiền trước; '
            "ảnh hóa đơn cũng có thể làm giả."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=SAFE,
    ),
    Q(
        text="Những dấu hiệu nào thường gặp ở một cửa hàng trực tuyến lừa đảo?",
        choices=(
            ("Giá rẻ bất thường so với mặt bằng chung", True),
            ("Đòi chuyển khoản trước vào tài khoản cá nhân", True),
            ('Hối thúc mua gấp vì "chỉ còn vài suất"', True),
            ("Có chính sách đổi trả công khai trên sàn", False),
        ),
        explanation=(
            "Giá rẻ bất thường, đòi chuyển tiền trước vào tài khoản cá nhân và hối thúc là các chiêu của cửa hàng "
            "giả; chính sách đổi trả công khai trên sàn là dấu hiệu của người bán nghiêm túc."
        ),
        source=GENERAL,
        difficulty=2,
        kind="multiple",
        subtopic=SAFE,
    ),
    Q(
        text=(
            "Người bán trên sàn đề nghị chuyển sang nhắn tin Zalo riêng và chuyển khoản trực tiếp để được giảm "
            "giá. Bạn nên làm gì?"
        ),
        choices=(
            ("Từ chối, chỉ đặt hàng và thanh toán ngay trên sàn", True),
            ("Đồng ý vì được giảm giá mà vẫn là người bán đó", False),
            ("Đồng ý nhưng chỉ chuyển trước một nửa số tiền", False),
            ("Đồng ý nếu người bán gửi ảnh căn cước công dân", False),
        ),
        explanation=(
            "Giao dịch ngoài sàn không được sàn ghi nhận nên không được hỗ trợ khiếu nại, hoàn tiền khi bị lừa; "
            "ảnh giấy tờ tùy thân cũng có thể là ảnh đánh cắp."
        ),
        source=GENERAL,
        difficulty=2,
        subtopic=SAFE,
    ),
    Q(
        text='Nên chuyển khoản đặt cọc cho người bán lạ trên mạng để "giữ hàng" khi thấy giá rẻ.',
        choices=FALSE,
        explanation=(
            "Đòi đặt cọc để giữ hàng là chiêu lừa phổ biến: người lạ nhận tiền rồi chặn liên lạc và rất khó đòi lại."
        ),
        source=GENERAL,
        difficulty=1,
        kind="true_false",
        subtopic=SAFE,
    ),
    Q(
        text=("Khi nhận hàng thanh toán khi nhận hàng (COD) và người bán cho phép kiểm tra hàng, bạn nên làm gì?"),
        choices=(
            ("Kiểm tra đúng mẫu, số lượng, tình trạng hàng rồi mới trả tiền", True),
            ("Trả tiền trước cho người giao hàng rồi mới mở kiện hàng", False),
            ("Nhận hàng, hẹn người giao hàng hôm sau quay lại lấy tiền", False),
            ("Chỉ xem tên người gửi trên vỏ hộp là đủ để trả tiền", False),
        ),
        explanation=(
            "Khi được phép kiểm tra, xem hàng trước khi trả tiền giúp phát hiện hàng sai, thiếu hoặc hỏng và "
            "từ chối nhận ngay tại chỗ."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=SAFE,
    ),
    Q(
        text=(
            "Người giao hàng mang đến một kiện hàng thu tiền khi nhận (COD) mà bạn không nhớ đã đặt. "
            "Cách xử lý đúng là gì?"
        ),
        choices=(
            ("Kiểm tra lịch sử đơn trên ứng dụng, không có thì từ chối nhận", True),
            ("Trả tiền nhận luôn vì có thể người nhà đã đặt giúp", False),
            ("Trả tiền rồi mở hàng, nếu không cần thì bán lại", False),
            ("Trả một nửa tiền và giữ hàng lại để tìm hiểu sau", False),
        ),
        explanation=(
            "Gửi hàng không ai đặt để thu tiền COD là một kiểu lừa đảo; chỉ nhận và trả tiền cho đơn có trong "
            "lịch sử đặt hàng của mình hoặc người nhà xác nhận đã đặt."
        ),
        source=GENERAL,
        difficulty=2,
        subtopic=SAFE,
    ),
    Q(
        text="Để giảm nguy cơ mua phải hàng giả khi mua hàng có thương hiệu trên sàn, nên chọn mua ở đâu?",
        choices=(
            ("Gian hàng chính hãng hoặc cửa hàng được thương hiệu ủy quyền", True),
            ("Gian hàng có giá thấp nhất dù mới mở và chưa có đánh giá", False),
            ('Tài khoản mạng xã hội cá nhân hứa bán "hàng xách tay"', False),
            ("Bất kỳ gian hàng nào có ảnh sản phẩm đẹp nhất", False),
        ),
        explanation=(
            "Gian hàng chính hãng, được ủy quyền chịu trách nhiệm về nguồn gốc hàng hóa và được sàn kiểm soát "
            "chặt hơn, nên ít rủi ro hàng giả hơn."
        ),
        source=GENERAL,
        difficulty=2,
        subtopic=SAFE,
    ),
    Q(
        text=(
            "Website bán hàng ở Việt Nam đã thông báo hoặc đăng ký với cơ quan quản lý thường có dấu hiệu "
            "nhận biết nào?"
        ),
        choices=(
            ('Biểu tượng "Đã thông báo/Đã đăng ký Bộ Công Thương" dẫn tới online.gov.vn', True),
            ('Dòng chữ "Cam kết uy tín 100%" ở đầu trang chủ', False),
            ('Địa chỉ website có chứa chữ "chinhhang" hoặc "official"', False),
            ("Số điện thoại đường dây nóng in to ở cuối trang", False),
        ),
        explanation=(
            "Website thương mại điện tử phải thông báo hoặc đăng ký với Bộ Công Thương; biểu tượng này bấm vào "
            "sẽ dẫn tới thông tin trên online.gov.vn, còn lời tự cam kết thì ai cũng viết được."
        ),
        source=GENERAL,
        difficulty=3,
        subtopic=SAFE,
    ),
    Q(
        text="Khi đưa nông sản của gia đình lên sàn thương mại điện tử, những việc nào nên làm?",
        choices=(
            ("Chụp ảnh thật, rõ nét của chính sản phẩm mình bán", True),
            ("Ghi đúng nguồn gốc, khối lượng và cách bảo quản", True),
            ("Đóng gói cẩn thận để hàng không dập, hỏng khi vận chuyển", True),
            ("Dùng ảnh sản phẩm đẹp của người khác cho hấp dẫn", False),
        ),
        explanation=(
            "Ảnh thật, mô tả trung thực và đóng gói cẩn thận giúp khách nhận đúng hàng như mô tả và giữ uy tín "
            "gian hàng; dùng ảnh của người khác là gian dối và dễ bị khiếu nại."
        ),
        source=GENERAL,
        difficulty=2,
        kind="multiple",
        subtopic=ON_PLATFORM,
    ),
    Q(
        text="Bạn nhận được hàng khác mô tả khi mua trên sàn thương mại điện tử. Cách xử lý đúng là gì?",
        choices=(
            ("Gửi yêu cầu trả hàng/hoàn tiền trên sàn trong thời hạn, kèm ảnh, video", True),
            ('Bấm "Đã nhận hàng" và đánh giá 5 sao rồi mới liên hệ người bán', False),
            ("Đăng bài chê gian hàng lên mạng xã hội và bỏ qua đơn hàng", False),
            ("Chuyển tiền cho người bán để đổi sang một món hàng khác", False),
        ),
        explanation=(
            "Sàn giải quyết trả hàng, hoàn tiền qua chức năng khiếu nại trong thời hạn quy định; xác nhận "
            "đã nhận hàng hay để quá hạn có thể làm mất quyền khiếu nại."
        ),
        source=GENERAL,
        difficulty=2,
        subtopic=RETURNS,
    ),
    Q(
        text="Những gì nên lưu lại để làm bằng chứng khi cần khiếu nại một đơn hàng trực tuyến?",
        choices=(
            ("Mã đơn hàng và thông tin đơn trong ứng dụng", True),
            ("Tin nhắn trao đổi với người bán trên sàn", True),
            ("Video quay lúc mở kiện hàng", True),
            ("Mật khẩu tài khoản sàn của mình", False),
        ),
        explanation=(
            "Mã đơn, tin nhắn trên sàn và video mở hàng chứng minh bạn đã đặt gì và nhận được gì; "
            "mật khẩu thì không phải bằng chứng và không được đưa cho ai."
        ),
        source=GENERAL,
        difficulty=2,
        kind="multiple",
        subtopic=RETURNS,
    ),
    Q(
        text=(
            "Người gọi điện tự xưng là nhân viên sàn thương mại điện tử, nói đơn hàng của bạn bị lỗi và đề nghị "
            "đọc mã OTP để hoàn tiền. Đây là yêu cầu hợp lệ."
        ),
        choices=FALSE,
        explanation=(
            "Sàn thương mại điện tử hoàn tiền qua ứng dụng hoặc về tài khoản đã thanh toán, không bao giờ hỏi mã "
            "OTP; đọc OTP cho người lạ là tự giao quyền lấy tiền trong tài khoản."
        ),
        source=GENERAL,
        difficulty=2,
        kind="true_false",
        subtopic=RETURNS,
    ),
    Q(
        text=(
            'Bạn nhận tin nhắn "Chúc mừng bạn trúng thưởng từ sàn thương mại điện tử, bấm vào đường link để '
            'nhận quà". Nên làm gì?'
        ),
        choices=(
            ("Không bấm link, tự mở ứng dụng chính thức của sàn để kiểm tra", True),
            ("Bấm link và điền thông tin ngay kẻo hết hạn nhận quà", False),
            ("Chuyển tiếp tin nhắn cho người thân để cùng nhận thưởng", False),
            ("Bấm link nhưng chỉ điền số tài khoản, không điền mật khẩu", False),
        ),
        explanation=(
            "Tin nhắn trúng thưởng kèm link thường dẫn tới trang giả để lấy cắp thông tin; khuyến mãi thật "
            "luôn xem được trong ứng dụng hoặc website chính thức của sàn."
        ),
        source=GENERAL,
        difficulty=2,
        subtopic=PRIVACY,
    ),
    Q(
        text="Khi đặt hàng trực tuyến, thông tin nào KHÔNG bao giờ được cung cấp cho người bán?",
        choices=(
            ("Mã OTP và mật khẩu tài khoản", True),
            ("Địa chỉ nhận hàng", False),
            ("Số điện thoại nhận hàng", False),
            ("Họ tên người nhận hàng", False),
        ),
        explanation=(
            "Người bán chỉ cần tên, số điện thoại, địa chỉ để giao hàng; mã OTP và mật khẩu là chìa khóa tài "
            "khoản, ai biết được có thể chiếm tài khoản hoặc rút tiền."
        ),
        source=GENERAL,
        difficulty=1,
        subtopic=PRIVACY,
    ),
    Q(
        text="Với một đơn hàng thông thường giao trong nước, những thông tin nào là cần thiết để giao hàng?",
        choices=(
            ("Họ tên người nhận", True),
            ("Số điện thoại liên hệ", True),
            ("Địa chỉ nhận hàng", True),
            ("Ảnh chụp hai mặt căn cước công dân", False),
        ),
        explanation=(
            "Chỉ cần đủ thông tin để giao hàng; người bán đòi ảnh căn cước cho đơn hàng thông thường là dấu hiệu "
            "thu thập dữ liệu cá nhân trái phép để lừa đảo."
        ),
        source=GENERAL,
        difficulty=2,
        kind="multiple",
        subtopic=PRIVACY,
    ),
    Q(
        text="Sau khi mua hàng trên máy tính dùng chung (ví dụ ở quán Internet), bạn nên đăng xuất tài khoản.",
        choices=TRUE,
        explanation=(
            "Nếu không đăng xuất, người dùng sau có thể vào tài khoản, xem địa chỉ, số điện thoại và đặt hàng "
            "bằng tài khoản của bạn."
        ),
        source=GENERAL,
        difficulty=1,
        kind="true_false",
        subtopic=PRIVACY,
    ),
]
