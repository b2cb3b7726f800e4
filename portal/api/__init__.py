"""The read-only JSON API (`/api/v1/`), built on django-ninja (README, "JSON API")."""
