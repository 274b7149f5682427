"""bench/harness.py's server commands: uvicorn's is deploy/uvicorn@.service's ExecStart, on the caller's socket.

The bench and the tests that start real servers (tests/servers.py) run what
production runs only if this reading of the unit file is right.
"""

from __future__ import annotations

import pytest

from bench import harness


def test_uvicorn_runs_the_production_unit_s_options_on_the_caller_s_port_or_socket():
    on_port = harness.server_command("uvicorn", port=8101)
    on_fd = harness.server_command("uvicorn", fd=7)

    assert on_port[1:3] == ["-m", "uvicorn"] and on_fd[1:3] == ["-m", "uvicorn"]
    assert on_port[3:7] == ["--host", "127.0.0.1", "--port", "8101"]
    assert on_fd[3:5] == ["--fd", "7"] and "--host" not in on_fd and "--port" not in on_fd
    assert on_port[7:] == on_fd[5:] == harness.production_options()
    options = " ".join(on_fd)
    for option in ("--loop uvloop", "--http httptools", "--ws wsproto", "--ws-per-message-deflate false"):
        assert option in options
    assert "%i" not in options and "\\" not in options
    assert on_fd[-1] == "quizsite.asgi:application"


def test_another_protocol_or_application_replaces_only_that():
    command = harness.server_command(
        "uvicorn", fd=7, uvicorn_ws="websockets-sansio", app="tests.browser.served_site:application"
    )

    assert command[command.index("--ws") + 1] == "websockets-sansio"
    assert command[-1] == "tests.browser.served_site:application"
    assert len(command) == len(harness.server_command("uvicorn", fd=7))


@pytest.mark.parametrize(
    ("unit", "why"),
    [
        ("[Service]\nType=simple\n", "no ExecStart"),
        ("[Service]\nExecStart=/srv/quiz/.venv/bin/daphne --port %i quizsite.asgi:application\n", "not uvicorn"),
        ("[Service]\nExecStart=/srv/quiz/.venv/bin/uvicorn --port %i \\\n    --lifespan off\n", "application"),
    ],
)
def test_a_unit_the_bench_cannot_read_is_refused(tmp_path, unit, why):
    path = tmp_path / "uvicorn@.service"
    path.write_text(unit)
    with pytest.raises(ValueError, match=why):
        harness.production_options(path)


def test_daphne_is_still_there_for_make_run_and_comparison():
    assert harness.server_command("daphne", fd=7)[1:5] == ["-m", "daphne", "--fd", "7"]
    with pytest.raises(ValueError, match="port or a file descriptor"):
        harness.server_command("uvicorn")
