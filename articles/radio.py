"""The radio programme ("Phát thanh"): the published articles that carry the announcer's
reading, as a page (`/phat-thanh/`) and as a podcast feed (`/phat-thanh/rss/`) that podcast apps
accept (RSS 2.0 with the iTunes namespace: enclosure length and type, itunes:duration, channel
image and category). Everything starts from `Article.objects.published()`."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.templatetags.static import static
from django.utils.feedgenerator import Rss201rev2Feed
from django.views.generic import ListView

from articles.audio import duration_label
from articles.models import Article
from portal.pagination import SafePaginationMixin

FEED_SIZE = 50
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_IMAGE = "img/phat-thanh-1400.png"  # square, 1400 px: what podcast directories ask


def programme():
    return (
        Article.objects.published()
        .exclude(audio="")
        .select_related("category")
        .prefetch_related("authors__organization")
        .order_by("-publish_at", "-pk")
    )


class RadioListView(SafePaginationMixin, ListView):
    template_name = "articles/radio_list.html"
    context_object_name = "items"
    paginate_by = 20

    def get_queryset(self):
        return programme()


class PodcastRss(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:itunes": ITUNES}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        feed = self.feed
        handler.startElement("image", {})
        handler.addQuickElement("url", feed["image"])
        handler.addQuickElement("title", feed["title"])
        handler.addQuickElement("link", feed["link"])
        handler.endElement("image")
        handler.addQuickElement("itunes:image", None, {"href": feed["image"]})
        handler.addQuickElement("itunes:author", feed["author_name"])
        handler.addQuickElement("itunes:summary", feed["description"])
        handler.addQuickElement("itunes:explicit", "false")
        handler.addQuickElement("itunes:type", "episodic")
        handler.startElement("itunes:category", {"text": "News"})
        handler.addQuickElement("itunes:category", None, {"text": "Politics"})
        handler.endElement("itunes:category")
        handler.startElement("itunes:owner", {})
        handler.addQuickElement("itunes:name", feed["author_name"])
        handler.endElement("itunes:owner")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("itunes:duration", str(item["duration"]))
        handler.addQuickElement("itunes:episodeType", "full")
        handler.addQuickElement("itunes:explicit", "false")
        if item.get("image"):
            handler.addQuickElement("itunes:image", None, {"href": item["image"]})


class PodcastFeed(Feed):
    cache_params = ()  # portal.cache.page_key: no query parameter changes the feed
    feed_type = PodcastRss
    link = "/phat-thanh/"

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{settings.SITE_NAME} – Phát thanh"

    def description(self):
        return "Chương trình phát thanh: các bài viết do phát thanh viên đọc."

    def author_name(self):
        return settings.SITE_NAME

    def feed_extra_kwargs(self, obj):
        return {"image": self.request.build_absolute_uri(static(PODCAST_IMAGE))}

    def items(self):
        return programme()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.publish_at

    def item_author_name(self, item):
        return item.byline or settings.SITE_NAME

    def item_guid(self, item):
        return self.request.build_absolute_uri(f"{item.get_absolute_url()}#phat-thanh")

    item_guid_is_permalink = False

    def item_enclosure_url(self, item):
        return self.request.build_absolute_uri(item.audio.url)

    def item_enclosure_length(self, item):
        return item.audio_size

    def item_enclosure_mime_type(self, item):
        return item.audio_type

    def item_extra_kwargs(self, item):
        image = ""
        if item.featured_image:
            image = self.request.build_absolute_uri(item.featured_image.url)
        return {"duration": item.audio_duration or 0, "image": image}


__all__ = ["PodcastFeed", "RadioListView", "duration_label"]
