from django.conf import settings
from django.utils.functional import SimpleLazyObject


def _navigation():
    from articles.models import Category

    return list(Category.objects.filter(parent__isnull=True).order_by("order", "name"))


def site(request):
    """Site name and the top-level categories for the navigation bar: read once per content
    generation and shared by every page and worker (portal.cache.per_generation), and only
    when a template shows them."""
    from portal.cache import per_generation

    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        "nav_categories": SimpleLazyObject(
            lambda: per_generation("navigation", _navigation, scheduled=False)
        ),
    }
