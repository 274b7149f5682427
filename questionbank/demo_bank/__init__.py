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


# Topic modules, keyed by Topic.Root value.
TOPIC_MODULES = {
    "policy": "questionbank.demo_bank.policy",
    "public_services": "questionbank.demo_bank.public_services",
    "shopping": "questionbank.demo_bank.shopping",
    "payment": "questionbank.demo_bank.payment",
    "safety": "questionbank.demo_bank.safety",
    "local_platforms": "questionbank.demo_bank.local_platforms",
}
