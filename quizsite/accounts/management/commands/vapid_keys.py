"""Print a new VAPID key pair for the Web Push reminders, as lines of /etc/quiz/env."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from quizsite.accounts.web_push import new_key_pair


class Command(BaseCommand):
    help = (
        "In ra một cặp khóa VAPID mới cho nhắc nhở Web Push (chép vào /etc/quiz/env). "
        "Đổi cặp khóa là mọi đăng ký nhắc nhở đang có hết hiệu lực."
    )

    def handle(self, *args, **options) -> None:
        public, private = new_key_pair()
        self.stdout.write(f"VAPID_PUBLIC_KEY={public}\nVAPID_PRIVATE_KEY={private}")
