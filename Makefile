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
	$(KG) build seeds -o $(OUT)/seeds.ttl --into $(OUT)/store
	$(KG) validate $(OUT)/seeds.ttl
	$(KG) stats -l $(OUT)/store
	$(KG) query --name meetings -l $(OUT)/store
	$(KG) query --name attendees -l $(OUT)/store
	$(KG) query --name statements -l $(OUT)/store --max-rows 12
	@echo "Browse the graph: $(KG) serve -l $(OUT)/store   then open http://127.0.0.1:7878/"

# A failed Jena set-up does not stop the tests: it says why here, and the Jena tests say it again
# as their skip reason (they fail instead where it could have worked: root with apt-get).
test: install
	@sh tests/jena_setup.sh || echo "make: the Jena set-up failed (reason above); the Jena tests will not run" >&2
	@sh tests/browser_setup.sh || echo "make: the browser set-up failed (reason above); the browser test will not run" >&2
	@sh tests/virtuoso_setup.sh || echo "make: the Virtuoso set-up failed (reason above); the Virtuoso tests will not run" >&2
	$(BIN)/pytest -q

clean:
	rm -rf $(OUT) $(VENV) .pytest_cache
