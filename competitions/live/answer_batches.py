"""Answers that arrive together, accepted together: one transaction and one INSERT for them all (answers.py).

The first answer goes to the database at once; those that come in meanwhile
wait for it and then go together (together.py), so a quiet round answers in
one round trip and a hall of thousands in few.
"""

from __future__ import annotations

from functools import partial

from . import answers
from .database import one_thread
from .together import Together

# At most this many answers in one transaction.
BATCH = 500


class AnswerBatches:
    """One round's answers in this process."""

    def __init__(self, round_id: int):
        self.batches = Together(partial(answers.accept_answers, round_id), most=BATCH, thread_sensitive=one_thread())

    async def accept(self, answer: answers.Answer) -> answers.Ack:
        return await self.batches(answer)

    def stop(self) -> None:
        self.batches.cancel()
