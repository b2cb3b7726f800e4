from django import template

from articles import selectors
from portal.editorial.admin import StateFilter
from portal.editorial.models import Status

register = template.Library()

# The dashboard's rows: label, the count's key in selectors.dashboard_counts, and the value of
# the change list's "trạng thái" filter the row links to.
DASHBOARD_ROWS = [
    ("Nháp", "draft", Status.DRAFT),
    ("Chờ duyệt", "pending", Status.PENDING),
    ("Đang xuất bản", "published", "dang-hien"),
    ("Hẹn giờ", "scheduled", "hen-gio"),
    ("Hết hạn", "expired", "het-han"),
    ("Bị trả lại", "rejected", Status.REJECTED),
    ("Đã gỡ", "unpublished", Status.UNPUBLISHED),
    ("Thùng rác", "trash", StateFilter.TRASH),
]


@register.simple_tag(takes_context=True)
def article_dashboard(context) -> dict:
    """Counts per state and recent activity for the admin home page."""
    user = context["request"].user
    counts = selectors.dashboard_counts(user=user)
    return {
        "states": [
            (label, counts[key], value) for label, key, value in DASHBOARD_ROWS if key in counts
        ],
        "events": selectors.recent_activity(user=user),
    }


@register.filter
def staff_name(user) -> str:
    """Vietnamese full name, else username, else "" (for a deleted account)."""
    from portal.text import person_name

    return person_name(user)
