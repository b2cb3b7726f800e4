"""Site-wide pages. Apps are reached through their public querysets, imported here only."""

from django.views.generic import TemplateView

HOME_LATEST = 12
HOME_FEATURED = 3


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        from articles.models import Article

        published = Article.objects.published().for_listing()
        featured = list(published.filter(is_featured=True)[:HOME_FEATURED])
        latest = list(published.exclude(pk__in=[a.pk for a in featured])[:HOME_LATEST])
        return super().get_context_data(featured=featured, latest=latest, **kwargs)


def server_error(request):
    """500 page rendered without a request context, so a broken database cannot break it too."""
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())
