"""Site-wide pages. Apps are reached through their public querysets, imported here only."""

from django.views.generic import TemplateView

HOME_LATEST = 12
HOME_FEATURED = 3
HOME_SHOWCASE = 3


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        from articles.models import Article
        from models_campaign.models import ShowcaseEntry

        published = Article.objects.published().for_listing()
        featured = list(published.filter(is_featured=True)[:HOME_FEATURED])
        latest = list(published.exclude(pk__in=[a.pk for a in featured])[:HOME_LATEST])
        # Showcase highlights: featured entries first, then the newest.
        showcase = list(
            ShowcaseEntry.objects.published()
            .for_listing()
            .order_by("-is_featured", "-publish_at", "-pk")[:HOME_SHOWCASE]
        )
        return super().get_context_data(
            featured=featured, latest=latest, showcase=showcase, **kwargs
        )


def server_error(request):
    """500 page rendered without a request context, so a broken database cannot break it too."""
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())
