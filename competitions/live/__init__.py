"""Live rounds (PROTOCOL.md): an organiser drives questions to every entered team at once.

docs/LIVE.md ("Where things are") maps the modules: who comes in (access,
guards, guests, joining), what changes the round (locks, answers,
host_commands, results, notices), what is sent (events, messages, scores,
presence, catch_up) and one process's sockets (consumers, hub, clock,
watcher, answer_batches, coalescing).

The rest of ``competitions`` may import this package; this package imports
nothing of the rest of ``competitions`` (pyproject.toml's import contract).
"""
