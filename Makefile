# Quick start: `make demo` then `make test` (Debian, as root; nothing needed but Python 3.11+).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := sample_inputs/ningde-2024-budget
FINAL := sample_inputs/sanming-2024-final
ANHUI := sample_inputs/suzhou-2024-budget

.PHONY: demo test deps browser venv serve clean bench

# System packages: CJK fonts for the PDF, HarfBuzz subsetting (7-12x faster PDFs), poppler for checks.
deps:
	@if ! fc-list :lang=zh 2>/dev/null | grep -q . || ! ls /usr/lib/*/libharfbuzz-subset.so.0 >/dev/null 2>&1 || ! command -v pdftotext >/dev/null; then \
	  echo "Installing CJK fonts, libharfbuzz-subset0 and poppler-utils with apt"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    fonts-noto-cjk libharfbuzz-subset0 poppler-utils fontconfig >/dev/null; \
	fi

# The web service's tests: Debian's chromium for the browser test (never a browser download), and
# PostgreSQL for `serve --database` (the test runs a throwaway cluster of its own, then stops it).
browser:
	@if [ ! -x /usr/bin/chromium ] || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  echo "Installing chromium and postgresql with apt (for the web service's tests)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    chromium postgresql >/dev/null; \
	fi

$(BIN)/disclosure: pyproject.toml Makefile
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip >/dev/null 2>&1 || true
	$(BIN)/pip install -q -e '.[test,web,postgres]'
	@touch $@

venv: $(BIN)/disclosure

demo: deps venv
	$(BIN)/disclosure validate $(SAMPLE)
	$(BIN)/disclosure build $(SAMPLE) --out out
	$(BIN)/disclosure build $(FINAL) --out out
	$(BIN)/disclosure build $(ANHUI) --out out
	$(BIN)/disclosure convert --force $(SAMPLE) out/ningde-2024-budget.xlsx
	$(BIN)/disclosure convert --force $(FINAL) out/sanming-2024-final.xlsx
	@ls -l out

test: deps browser venv
	$(BIN)/python -m pytest -q

# The web service on http://localhost:8000/ with the three samples as three departments (accounts printed).
serve: deps venv
	$(BIN)/disclosure serve --demo --data web-data

# LibreOffice is the benchmarks' reference only (not needed by make test or make demo).
bench: deps venv
	@command -v soffice >/dev/null || { echo "Installing LibreOffice Writer (benchmark reference) with apt"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    libreoffice-writer-nogui >/dev/null; }
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/batch.py
	$(BIN)/python benchmarks/web.py

clean:
	rm -rf $(VENV) out build *.egg-info web-data
