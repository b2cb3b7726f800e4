from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def article_dashboard(context):
    """Counts per state and recent activity for the admin home page."""
    from articles.admin import dashboard

    return dashboard(context["request"].user)
