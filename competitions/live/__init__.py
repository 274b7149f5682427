"""Live rounds (PROTOCOL.md): an organiser drives questions to every entered team at once.

models.py      what is stored: the round's state, its questions, entered teams, players, answers
rules.py       points, team scores and the leaderboard, as PROTOCOL.md "Timing and scoring" says
play.py        every change of a live round (join, answer, start, next, reveal, ...), in the database
messages.py    the protocol's messages, built from the database
hub.py         one process's fan-out: a broadcast is encoded once and written to each local socket
consumers.py   the three sockets: play, host, screen
"""
