# The verbs a person types. Each is a line or two that calls a script; set-up is
# idempotent, so every verb can be the first thing run on a new machine.
SHELL := /bin/bash
PY := .venv/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: help setup serve test lint diagrams build offline pdf bench clean new-case-study new-concept flashcards

help:
	@echo "make serve     set up, then serve the site with live reload on http://127.0.0.1:8000/"
	@echo "make test      set up (Chromium included), then run every check"
	@echo "make diagrams  validate and pre-render every diagram"
	@echo "make build     strict production build into site/ (all diagrams pre-rendered)"
	@echo "make offline   a copy that opens from disk, search included: $(OFFLINE_ZIP)"
	@echo "make pdf       the whole guide as one PDF (contents, page numbers, every figure): $(PDF)"
	@echo "make lint      check pages against the style guide (docs/contribute/style-guide.md)"
	@echo "make bench     build and measure: times, page weights, Lighthouse scores"
	@echo 'make new-case-study NAME="Fraud detection"   scaffold a case study (also new-concept)'

setup:
	@bash scripts/setup.sh

serve: setup
	@if [ -x /usr/bin/chromium ]; then $(PY) scripts/diagrams.py check || true; \
	 else echo "serve: no Chromium, so diagrams render live in the browser ('make test' installs it)"; fi
	SITE_URL=http://127.0.0.1:8000/ $(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

diagrams:
	@bash scripts/setup.sh browser
	$(PY) scripts/diagrams.py check

# Built next to site/ and swapped in only when the strict build passes, so a failed
# build leaves the last good site where it was.
build: diagrams
	@rm -rf .cache/site.partial
	DIAGRAMS=require $(PY) -m mkdocs build --strict -d .cache/site.partial
	@rm -rf site && mv .cache/site.partial site && echo "build: site/ replaced"

# Material's offline plugin: file:// links, the search index as a script, no instant
# navigation. Unzip anywhere and open ml-system-design-guide/index.html.
OFFLINE_ZIP := site-offline/ml-system-design-guide.zip
offline: diagrams
	@rm -rf .cache/offline.partial
	OFFLINE=true DIAGRAMS=require $(PY) -m mkdocs build --strict -d .cache/offline.partial/ml-system-design-guide
	cd .cache/offline.partial && ../../$(PY) -m zipfile -c ml-system-design-guide.zip ml-system-design-guide
	@rm -rf site-offline && mv .cache/offline.partial site-offline
	@echo "offline: $(OFFLINE_ZIP) ($$(du -h $(OFFLINE_ZIP) | cut -f1)); or open site-offline/ml-system-design-guide/index.html"

# The whole guide as one PDF: the print-site plugin joins every page in navigation
# order on one page (served from the root, hence SITE_URL), and the site's own Chromium
# prints it (scripts/pdf.py). The PDF is replaced only when it was printed whole.
PDF := site-pdf/ml-system-design-guide.pdf
PDF_SITE := .cache/pdf-site
pdf: diagrams
	@rm -rf $(PDF_SITE)
	SITE_URL=http://127.0.0.1/ PRINT_SITE=true DIAGRAMS=require $(PY) -m mkdocs build --strict -q -d $(PDF_SITE)
	$(PY) scripts/pdf.py $(PDF_SITE) $(PDF)

lint: setup
	$(PY) scripts/lint.py $(FILES)

test: diagrams lint
	$(PY) -m pytest

flashcards: setup
	$(PY) scripts/flashcards.py .cache/flashcards

new-case-study: setup
	$(PY) scripts/new_page.py case-study "$(NAME)"

new-concept: setup
	$(PY) scripts/new_page.py concept "$(NAME)"

bench:
	@bash scripts/setup.sh bench
	$(PY) scripts/diagrams.py check
	$(PY) scripts/bench.py

clean:
	rm -rf site site-offline site-pdf .cache .pytest_cache bench-results
