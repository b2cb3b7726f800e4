# The two commands of the README: `make run` and `make test`. Everything else is a helper.
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test serve install install-dev migrate demo reset-demo lint format clean messages \
	python-info lock lock-upgrade

# --- the interpreter ------------------------------------------------------------------------
# Python 3.11 or newer. By default the newest python3.x (x >= 11) on PATH, plain python3 judged
# by its version too; on a tie the one earlier on PATH. `make PYTHON=/path/to/python3.12 ...`
# names one instead; it is version-checked all the same. A candidate is asked for its version by
# running it, so a pyenv shim of a version that is not active (it exits non-zero) is passed over;
# a python3.x whose name already rules it out is not run (a pyenv shim takes a second or more).
# The choice matters only when .venv is created; `make clean` lets the next run choose again.
# POSIX sh, only shell built-ins besides the candidates themselves; leaves the path in $py and
# the version in $py_version, or prints why not (in Vietnamese) and exits 1.
define find_python
py_ask() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null; }
py_new_enough() { case "$1" in 3.1[1-9]|3.[2-9][0-9]) return 0;; esac; return 1; }
if [ -n "$PYTHON" ]; then
  py_version=$(py_ask "$PYTHON") || {
    echo "Không chạy được PYTHON=$PYTHON. Cần Python 3.11 trở lên." >&2; exit 1; }
  py_new_enough "$py_version" || {
    echo "PYTHON=$PYTHON là Python $py_version; cần Python 3.11 trở lên." >&2; exit 1; }
  py=$PYTHON
else
  py=; py_version=; py_minor=0; py_seen=
  py_ifs=$IFS; IFS=:
  for py_dir in $PATH; do
    IFS=$py_ifs
    for py_cand in "${py_dir:-.}"/python3 "${py_dir:-.}"/python3.*; do
      [ -f "$py_cand" ] && [ -x "$py_cand" ] || continue
      case "${py_cand##*/}" in
        python3) ;;
        # Not run when its name says it is no newer than the best so far.
        python3.1[1-9]|python3.[2-9][0-9]) [ "${py_cand##*/python3.}" -gt "$py_minor" ] || continue;;
        # Older by its name: only named if none fits.
        python3.[0-9]|python3.10) py_seen="$py_seen
  $py_cand: Python ${py_cand##*/python}"; continue;;
        *) continue;;
      esac
      py_v=$(py_ask "$py_cand") || continue
      py_seen="$py_seen
  $py_cand: Python $py_v"
      py_new_enough "$py_v" || continue
      if [ "${py_v#3.}" -gt "$py_minor" ]; then py=$py_cand; py_version=$py_v; py_minor=${py_v#3.}; fi
    done
  done
  IFS=$py_ifs
  if [ -z "$py" ]; then
    echo "Không tìm thấy Python 3.11 trở lên trên PATH." >&2
    if [ -n "$py_seen" ]; then echo "Đã thấy:$py_seen" >&2; else echo "Không thấy python3 nào." >&2; fi
    echo "Hãy cài Python 3.11 trở lên, hoặc chỉ rõ: make PYTHON=/đường/dẫn/python3.12 run" >&2
    exit 1
  fi
fi
endef

python-info: export FIND_PYTHON = $(value find_python)
python-info:
	@eval "$$FIND_PYTHON"; echo "Dùng Python $$py_version: $$py"
	@if [ -x $(PY) ]; then echo "(Đã có .venv với Python $$($(PY) -c 'import sys; print("%d.%d" % sys.version_info[:2])'); make dùng nó cho đến khi chạy make clean.)"; fi

$(PY): export FIND_PYTHON = $(value find_python)
$(PY):
	@eval "$$FIND_PYTHON"; echo "Dùng Python $$py_version: $$py"; \
	"$$py" -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Không tạo được .venv bằng $$py (trên Debian/Ubuntu cần gói python$$py_version-venv)." >&2; \
		exit 1; }

# --- dependencies ---------------------------------------------------------------------------
# Installed from the lock files, hashes checked, and again only when a lock file changes:
# requirements/lock.txt for running the site, requirements/lock-dev.txt (the same pins plus the
# dev extra) for tests and lint. The project itself is not installed: it runs from its checkout.
$(VENV)/.installed: requirements/lock.txt | $(PY)
	$(PIP) install --quiet --require-hashes -r requirements/lock.txt
	@touch $@

$(VENV)/.installed-dev: requirements/lock-dev.txt | $(PY)
	$(PIP) install --quiet --require-hashes -r requirements/lock-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The lock files are compiled from pyproject.toml by uv, for every Python >= 3.11 and every
# platform at once. After editing the dependencies in pyproject.toml: `make lock` (keeps every
# pin it can). To move to newer releases: `make lock-upgrade`, or `make lock-upgrade
# PACKAGES="django pillow"` for only those. Commit both files. The dev lock is compiled first and
# constrains the runtime one, so the two never pin a package differently.
UV_VERSION := 0.13.9
UV := $(VENV)/uv-$(UV_VERSION)/bin/uv
UV_COMPILE = $(UV) pip compile pyproject.toml --quiet --universal --generate-hashes \
	--custom-compile-command "make lock"

$(UV): | $(PY)
	$(PIP) install --quiet --target $(VENV)/uv-$(UV_VERSION) uv==$(UV_VERSION)

lock: $(UV)
	$(UV_COMPILE) $(UV_UPGRADE) --extra dev -o requirements/lock-dev.txt
	$(UV_COMPILE) -c requirements/lock-dev.txt -o requirements/lock.txt

lock-upgrade: UV_UPGRADE = $(if $(PACKAGES),$(addprefix --upgrade-package ,$(PACKAGES)),--upgrade)
lock-upgrade: lock

# --- the site -------------------------------------------------------------------------------
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

# Back to a fresh demo: deletes the embedded SQLite database and the uploaded files, then loads
# the demo again. Only when both are the checkout's own (db.sqlite3, media/): with DATABASE_URL,
# MEDIA_ROOT or S3_BUCKET pointing elsewhere (in the environment or .env) it refuses and deletes
# nothing.
define reset_check
from pathlib import Path
from django.conf import settings as s
db, base = s.DATABASES["default"], Path(s.BASE_DIR)
if db["ENGINE"] != "django.db.backends.sqlite3" or Path(db["NAME"]) != base / "db.sqlite3":
    raise SystemExit(f"make reset-demo chỉ xoá db.sqlite3 trong thư mục dự án, nhưng DATABASE_URL trỏ tới cơ sở dữ liệu khác ({db['NAME']}). Không xoá gì.")
if s.STORAGES["default"]["BACKEND"] != "django.core.files.storage.FileSystemStorage":
    raise SystemExit("make reset-demo chỉ xoá media/ trong thư mục dự án, nhưng tệp tải lên đang ở kho S3 (S3_BUCKET). Không xoá gì.")
if Path(s.MEDIA_ROOT) != base / "media":
    raise SystemExit(f"make reset-demo chỉ xoá media/ trong thư mục dự án, nhưng MEDIA_ROOT là {s.MEDIA_ROOT}. Không xoá gì.")
endef

reset-demo: export RESET_CHECK = $(value reset_check)
reset-demo: install
	@$(PY) manage.py shell --no-imports -c "$$RESET_CHECK"
	@echo "Xoá cơ sở dữ liệu nhúng: $(CURDIR)/db.sqlite3"
	@rm -f db.sqlite3 db.sqlite3-journal db.sqlite3-wal db.sqlite3-shm
	@echo "Xoá các tệp đã tải lên: $(CURDIR)/media/"
	@rm -rf media
	@$(MAKE) --no-print-directory demo

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

# Removes what is made again on the next run (the virtualenv, collected static files, caches).
# Keeps the data: db.sqlite3 and media/ (uploads). To start the demo afresh: make reset-demo.
clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache tests/browser/node_modules
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# The staff interface's own Vietnamese catalogue (portal/locale/vi): recompile after editing a
# .po file (needs GNU gettext's msgfmt: Debian package gettext). The .mo files are committed.
messages:
	cd portal/locale/vi/LC_MESSAGES && for po in *.po; do msgfmt --check-format -o "$${po%.po}.mo" "$$po"; done
