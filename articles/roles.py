"""Names of the staff roles (Django groups created by migration articles.0002_roles)."""

WRITER = "Phóng viên"
EDITOR = "Biên tập viên"
SITE_ADMIN = "Quản trị"
ALL_ROLES = (WRITER, EDITOR, SITE_ADMIN)
