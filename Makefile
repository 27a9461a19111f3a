# Two commands for a newcomer: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench

setup:
	bash scripts/setup.sh

demo: setup
	$(BIN)/reportdiff compare samples/guangan-2022.txt samples/guangan-2023.txt -o samples/guangan-2022__guangan-2023.pdf
	@echo "wrote samples/guangan-2022__guangan-2023.pdf"

test: setup
	$(BIN)/python -m pytest

lint:
	$(BIN)/ruff check reportdiff tests benchmarks
	$(BIN)/mypy reportdiff
