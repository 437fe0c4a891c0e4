# Two entry points: `make demo` (build, validate and query the seeds) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
KG     := $(BIN)/kg
OUT    := out

.PHONY: demo test install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: install
	@mkdir -p $(OUT)
	$(KG) build seeds -o $(OUT)/seeds.ttl
	$(KG) validate $(OUT)/seeds.ttl
	$(KG) stats $(OUT)/seeds.ttl
	$(KG) query --name meetings --data $(OUT)/seeds.ttl
	$(KG) query --name attendees --data $(OUT)/seeds.ttl

test: install
	$(BIN)/pytest -q

clean:
	rm -rf $(OUT) $(VENV) .pytest_cache
