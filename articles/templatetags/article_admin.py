from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def article_dashboard(context):
    """Counts per state and recent activity for the admin home page."""
    from articles.admin import dashboard

    return dashboard(context["request"].user)


@register.filter
def staff_name(user) -> str:
    """Vietnamese full name, else username, else "" (for a deleted account)."""
    from portal.text import person_name

    return person_name(user)
