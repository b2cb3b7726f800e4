from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def article_dashboard(context):
    """Counts per state and recent activity for the admin home page."""
    from articles.admin import dashboard

    return dashboard(context["request"].user)


@register.filter
def staff_name(user) -> str:
    """Full name, else username, else "" (for a deleted account)."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
