# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test serve install install-dev migrate demo lint format clean messages

$(VENV)/bin/activate:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Cần Python 3.11 ($(PYTHON)) để cài đặt."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Installs are re-run only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo ""
	@echo "  Trang công khai:  http://$(HOST):$(PORT)/"
	@echo "  Trang quản trị:   http://$(HOST):$(PORT)/admin/  (tài khoản thử ở trên)"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

# axe-core (accessibility engine for the browser tests) comes from the npm registry at test time.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/browser --no-audit --no-fund --silent && touch $@; \
	else echo "npm không có trên máy: các kiểm tra axe-core sẽ bị bỏ qua."; fi

test: install-dev $(AXE)
	$(VENV)/bin/pytest

# The production configuration on this machine: gunicorn (several workers sharing Redis as the
# cache: REDIS_URL, default redis://127.0.0.1:6379/0; start redis-server first), WhiteNoise with
# hashed, compressed static files, DEBUG off. No proxy in front, so PROXY_COUNT=0. Plain HTTP on 127.0.0.1, so secure-cookie and HTTPS redirect are off
# here only; a real deployment follows README "Production deployment".
SERVE_ENV = DJANGO_SETTINGS_MODULE=portal.settings.production \
	SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=False SECURE_HSTS_SECONDS=0 \
	SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" \
	SESSION_COOKIE_SECURE=False CSRF_COOKIE_SECURE=False SERVE_MEDIA=True \
	GUNICORN_BIND=$(HOST):$(PORT) REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/0}" PROXY_COUNT=0

serve: demo
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(VENV)/bin/gunicorn -c portal/gunicorn.conf.py portal.wsgi

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache .ruff_cache

# The staff interface's own Vietnamese catalogue (portal/locale/vi): recompile after editing a
# .po file (needs GNU gettext's msgfmt: Debian package gettext). The .mo files are committed.
messages:
	cd portal/locale/vi/LC_MESSAGES && for po in *.po; do msgfmt --check-format -o "$${po%.po}.mo" "$$po"; done
