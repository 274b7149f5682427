"""The demo question bank, written from the provincial documents in shared/seeds.

Each topic module holds ``QUESTIONS``: a list of ``Q`` records. ``load()``
(in loader.py) turns them into approved questions through the services.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Q:
    """One demo question.

    ``choices`` are (text, is_correct) pairs; ``kind`` is "single",
    "multiple" or "true_false" (choices ("Đúng", ...), ("Sai", ...));
    ``difficulty`` 1 easy, 2 medium, 3 hard; ``subtopic`` optional.
    """

    text: str
    choices: tuple[tuple[str, bool], ...]
    explanation: str
    source: str
    difficulty: int = 1
    kind: str = "single"
    subtopic: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)


# The documents questions cite, spelt one way so that filtering the bank by
# source finds every question from the same document.
KIEN_GIANG = "Kế hoạch thành lập Tổ công nghệ số cộng đồng trên địa bàn tỉnh Kiên Giang, UBND tỉnh Kiên Giang (2022)"
TAY_NINH = (
    "Văn bản đôn đốc, hướng dẫn thí điểm thành lập Tổ công nghệ số cộng đồng, Sở Thông tin và Truyền thông Tây Ninh "
    "(6/2022)"
)
CAO_BANG = "Công văn số 2521/UBND-VX ngày 22/9/2024 của UBND tỉnh Cao Bằng"
HAI_DUONG = "Bản tin Sở Thông tin và Truyền thông Hải Dương về hội nghị triển khai ngày 17/5/2022"
GENERAL = "Hướng dẫn kỹ năng số cơ bản"

# The two ways a true/false question's choices read.
TRUE = (("Đúng", True), ("Sai", False))
FALSE = (("Đúng", False), ("Sai", True))

# Topic modules, keyed by Topic.Root value.
TOPIC_MODULES = {
    "policy": "questionbank.demo_bank.policy",
    "public_services": "questionbank.demo_bank.public_services",
    "shopping": "questionbank.demo_bank.shopping",
    "payment": "questionbank.demo_bank.payment",
    "safety": "questionbank.demo_bank.safety",
    "local_platforms": "questionbank.demo_bank.local_platforms",
}
