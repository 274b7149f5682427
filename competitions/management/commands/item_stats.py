"""Periodic job (e.g. hourly, and after rounds close): rebuild the item statistics.

Every run recomputes all rows from the closed rounds, so a missed or doubled
run never leaves the numbers wrong for longer than until the next one.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from competitions.item_statistics import compute_question_statistics


class Command(BaseCommand):
    help = "Tính lại thống kê câu hỏi (độ dễ, độ phân biệt) từ các vòng thi đã đóng."

    def handle(self, *args, **options) -> None:
        written = compute_question_statistics()
        self.stdout.write(f"{written} question statistics written")
