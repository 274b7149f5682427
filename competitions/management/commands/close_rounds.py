"""Periodic job (every minute or so): end expired attempts, close finished rounds.

Attempts are also finished lazily whenever they are read, so a late or
missing run of this job never lets an attempt outlive its deadline; it only
makes the numbers (rankings, prediction_actual) appear without a visit.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from competitions import attempts, closing


class Command(BaseCommand):
    help = "Kết thúc các lượt thi quá hạn và chốt các vòng thi đã đóng."

    def handle(self, *args, **options) -> None:
        expired = attempts.finish_expired_attempts()
        closed = closing.close_rounds()
        self.stdout.write(f"{expired} attempts finished, {len(closed)} rounds closed")
