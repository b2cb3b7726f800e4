from django.conf import settings


def site(request):
    """Site name and the top-level categories for the navigation bar (one query, lazily)."""
    from articles.models import Category

    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        "nav_categories": Category.objects.filter(parent__isnull=True).order_by("order", "name"),
    }
