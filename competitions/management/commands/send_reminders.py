"""Periodic job (every minute, deploy/send-reminders.timer): send the Web Push reminders that are due.

Runs outside the web processes; two runs that overlap share the work
(competitions/reminders.py). Without a VAPID key pair it does nothing.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from competitions.reminder_sending import send_due
from quizsite.accounts import push_subscriptions


class Command(BaseCommand):
    help = "Gửi các lời nhắc Web Push đến hạn: vòng thi sắp đóng mà thành viên chưa thi, vòng trực tiếp sắp bắt đầu."

    def handle(self, *args, **options) -> None:
        if not push_subscriptions.enabled():
            self.stdout.write("reminders are off: no VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY")
            return
        self.stdout.write(str(send_due()))
