"""Answers that arrive together, accepted together: one transaction and one INSERT for them all (answers.py)."""

from __future__ import annotations

import asyncio

from . import answers
from .database import db


class AnswerBatches:
    """One round's answers in this process."""

    # At most this many answers in one transaction.
    BATCH = 500

    def __init__(self, round_id: int):
        self.round_id = round_id
        self.waiting: list[tuple[answers.Answer, asyncio.Future]] = []
        self.answering: asyncio.Task | None = None

    async def accept(self, answer: answers.Answer) -> answers.Ack:
        """Accept an answer with the others that arrive while the database is busy: one transaction for them all.

        The first answer goes to the database at once; those that come in
        meanwhile wait for it and then go together, so a quiet round answers
        in one round trip and a hall of thousands in few.
        """
        future = asyncio.get_running_loop().create_future()
        self.waiting.append((answer, future))
        if self.answering is None:
            self.answering = asyncio.create_task(self._accept_answers())
        return await future

    def stop(self) -> None:
        if self.answering is not None:
            self.answering.cancel()

    async def _accept_answers(self) -> None:
        try:
            while self.waiting:
                batch, self.waiting = self.waiting[: self.BATCH], self.waiting[self.BATCH :]
                try:
                    acks = await db(answers.accept_answers)(self.round_id, [answer for answer, _ in batch])
                except Exception as error:
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(error)
                    continue
                for (_, future), ack in zip(batch, acks, strict=True):
                    if not future.done():
                        future.set_result(ack)
        finally:
            self.answering = None
