# Billing Knowledge Base — every target installs what it needs into .venv first.
# `make help` lists the targets. Pin KB_AS_OF=YYYY-MM-DD to compute live tables for a fixed date.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help install serve serve-full build test test-fast a11y check lint stale codeowners dist new-runbook bench bench-search linkcheck mutation requirements clean onboarding onboarding-template contact-reasons

help: ## List every target
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "make: '$(PYTHON) -m venv' failed. On Debian install the venv module first: apt-get install -y python3-venv" >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned dependencies

serve: $(STAMP) ## Preview at http://127.0.0.1:8000 with live reload (rebuilds the page you save, or the pages a data edit reaches)
	$(BIN)/python -m kbtools.engine serve --dirty --dev-addr 127.0.0.1:8000

serve-full: $(STAMP) ## Preview, rebuilding every page on each save (use after editing mkdocs.yml or macros/)
	$(BIN)/python -m kbtools.engine serve --dev-addr 127.0.0.1:8000

build: $(STAMP) ## Strict build into site/ (fails on any warning, broken link or anchor)
	$(BIN)/python -m kbtools.engine build --strict --site-dir site

dist: $(STAMP) ## The deployable folder dist/ for a static host (strict build, no source maps or unused files), size printed
	$(BIN)/python -m kbtools.dist

a11y: $(STAMP) ## Accessibility in Chromium: axe (WCAG 2.1 AA) on every page in light and dark, 320 px reflow, keyboard walks (PAGE=runbooks/payments/duplicate-charge for one page)
	$(if $(PAGE),KB_A11Y_PAGE=$(PAGE) ,)$(BIN)/python -m pytest $(if $(PAGE),,-n auto) tests/test_accessibility.py tests/test_palette.py $(if $(PAGE),-k "every_page or palette",)

check: $(STAMP) ## Every content rule, every file (FILE=docs/... for one file, CHANGED=1 for files changed against main)
	$(BIN)/python -m kbtools.check $(if $(CHANGED),--changed,) $(FILE)

stale: $(STAMP) ## The review queue: overdue, due-soon and changed pages (OWNER=billing-ops for one team, ARGS=--all for every page)
	$(BIN)/python -m kbtools.stale $(if $(OWNER),--owner $(OWNER),) $(ARGS)

codeowners: $(STAMP) ## Regenerate .github/CODEOWNERS from page owners and data/teams.yml (make check says when it is stale)
	$(BIN)/python -m kbtools.codeowners

lint: $(STAMP) ## Lint and format-check the Python code with ruff (rules in ruff.toml)
	$(BIN)/ruff check macros kbtools tests
	$(BIN)/ruff format --check macros kbtools tests

onboarding: $(STAMP) ## A hire's checklist, dated with the team's holidays skipped: make onboarding HIRE="Alex Rivera" TRAINER="@sam" START=2027-01-04
	$(BIN)/python -m kbtools.onboarding --hire "$(HIRE)" --trainer "$(TRAINER)" --start "$(START)" $(if $(OUT),--out "$(OUT)",)

onboarding-template: $(STAMP) ## Regenerate .github/ISSUE_TEMPLATE/onboarding.md from the learning path (make check says when it is stale)
	$(BIN)/python -m kbtools.onboarding --template

contact-reasons: $(STAMP) ## Export the contact-reason codes for the ticketing tool: exports/contact-reasons.csv and .json (OUT=folder)
	$(BIN)/python -m kbtools.contact_reasons $(if $(OUT),--out "$(OUT)",)

new-runbook: $(STAMP) ## Scaffold a runbook: make new-runbook AREA=payments NAME=refund-status TITLE="Refund status"
	$(BIN)/python -m kbtools.new --area "$(AREA)" --name "$(NAME)" --title "$(TITLE)"

test: $(STAMP) ## Run every test: the strict build, contract, links, data, arithmetic, browser (on every core: WORKERS=1 for one)
	$(BIN)/python -m pytest -n $(or $(WORKERS),auto)

test-fast: $(STAMP) ## The quick gate: every test but the browser ones, 60 generated cases per invariant (not 300)
	KB_HYPOTHESIS=kb-fast $(BIN)/python -m pytest -n $(or $(WORKERS),auto) -m "not browser"

linkcheck: $(STAMP) ## Check any built MkDocs site's internal links and anchors: make linkcheck SITE=site [BASE=/sub/path/] (the path it is served under)
	$(BIN)/python -m kbtools.linkcheck "$(or $(SITE),site)" --base "$(or $(BASE),/)"

bench: $(STAMP) ## Build cost on ~300- and ~1,000-page copies (full vs Material alone, tooltips, macros), make serve after a save and a data edit, the test suite's time (ARGS="--quick")
	$(BIN)/python -m kbtools.bench $(ARGS)

bench-search: $(STAMP) ## Search speed: index size and open-to-first-result latency, real size and a ~1,000-page copy
	$(BIN)/python -m kbtools.bench_search

$(VENV)/.mutation-installed: $(STAMP) requirements-mutation.txt
	$(BIN)/python -m pip install --quiet -r requirements-mutation.txt
	touch $@

mutation: $(VENV)/.mutation-installed ## Mutation testing of the calculation modules, a score per module (ARGS="--keep" or ARGS="'macros.refund.*'")
	nice -n 10 $(BIN)/python -m kbtools.mutation $(ARGS)

requirements: $(STAMP) ## Recompile requirements.txt from requirements.in (exact pins)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --no-header --no-emit-index-url --no-emit-find-links --output-file requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --strip-extras --no-header --no-emit-index-url --no-emit-find-links --output-file requirements-mutation.txt requirements-mutation.in

clean: ## Remove the build output and caches (keeps .venv)
	rm -rf site dist exports .pytest_cache .hypothesis mutants
