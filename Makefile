# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo lint format messages bench bench-live bench-standings drills drills-storm clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

run: demo
	@echo "Serving on http://$(HOST):$(PORT)/ (HTTP and WebSockets, daphne; production runs uvicorn: deploy/)"
	$(BIN)/daphne -b $(HOST) -p $(PORT) quizsite.asgi:application

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	$(BIN)/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=bench
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv

bench: install
	$(BIN)/python bench/run.py

# A live round: PLAYERS sockets on 2 uvicorn processes (as production) against a bare websockets broadcast
# (docs/BENCHMARKS.md). BENCH_ARGS="--server daphne", "--join-rate 500 --retry --join-only" (a join storm), …:
# bench/live_round.py --help.
PLAYERS ?= 2000
bench-live: install
	$(BIN)/python bench/live_round.py --players $(PLAYERS) $(BENCH_ARGS)

# Fault drills under the weekly round load: Redis, PostgreSQL, a server process, the phones' network
# (own PostgreSQL on 5440 and Redis on 6395, Debian's nginx in front; docs/DRILLS.md).
drills: install
	$(BIN)/python bench/drills.py $(DRILLS_ARGS)

# The reconnect storm (issue 15): kill -9 of one of two server processes holding PLAYERS phones mid-question,
# the phones back through nginx on socket.js's backoff (docs/DRILLS.md). The issue's size: PLAYERS=5000.
drills-storm: install
	$(BIN)/python bench/drills.py --storm --live-players $(PLAYERS) $(DRILLS_ARGS)

# The leaderboards on a synthetic province of 100,000 members and 1,000,000 attempts, against raw SQL
# (docs/BENCHMARKS.md). Builds the bench_standings database once (a few minutes), then reuses it.
bench-standings: install
	$(BIN)/python bench/standings.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache
