# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make run    create the virtual environment, install, build the demo database on first start, start the app
#   make test   the same set-up plus the test tools and Chromium, then every check and every test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
# People at once in the load benchmark (benchmarks/load.py): make bench SESSIONS=40
SESSIONS ?= 30
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck pytest system-deps bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run app.py --server.headless true

# Browser tests need Debian's chromium and a CJK font. As root we install them; otherwise we say what to run.
system-deps:
	@if command -v chromium >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; then \
		echo "system packages: chromium and a CJK font are present"; \
	elif [ "$$(id -u)" = "0" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null; \
	else \
		echo "Browser tests need Debian packages: run  sudo apt-get install -y chromium fonts-noto-cjk poppler-utils" >&2; exit 1; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) system-deps
	$(BIN)/pytest

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/import_services.py
	$(BIN)/python benchmarks/score_period.py
	$(BIN)/python benchmarks/stability.py
	$(BIN)/python benchmarks/checks.py
	$(BIN)/python benchmarks/pages.py 2>/dev/null
	$(BIN)/python benchmarks/load.py --sessions $(SESSIONS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
