"""RSS 2.0 feeds: the newest articles, and one per category. Published articles only.

Each item carries its picture (Media RSS `media:content`, with its size), its byline
(`dc:creator`) and a globally unique `guid`: the article's absolute address, which never
changes once published (the slug is frozen)."""

from __future__ import annotations

import mimetypes

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Rss201rev2Feed

from articles.models import Article, Category
from portal.richtext import html_to_text

FEED_SIZE = 30


class MediaRssFeed(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": "http://search.yahoo.com/mrss/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("picture"):
            handler.addQuickElement("media:content", None, item["picture"])


class LatestArticlesFeed(Feed):
    cache_params = ()  # portal.cache.page_key: no query parameter changes a feed
    feed_type = MediaRssFeed
    link = "/"

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        from django.conf import settings

        return f"{settings.SITE_NAME} – Tin mới"

    def description(self):
        from django.conf import settings

        return settings.SITE_TAGLINE

    def articles(self):
        return (
            Article.objects.published()
            .select_related("category")
            .prefetch_related("authors__organization")
            .order_by("-publish_at", "-pk")
        )

    def items(self):
        return self.articles()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or html_to_text(item.body)[:300]

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.category.name]

    def item_guid(self, item):
        return self.request.build_absolute_uri(item.get_absolute_url())

    item_guid_is_permalink = True

    def item_author_name(self, item):
        return item.byline or None

    def item_extra_kwargs(self, item):
        if not item.featured_image:
            return {}
        picture = {
            "url": self.request.build_absolute_uri(item.featured_image.url),
            "medium": "image",
            "type": mimetypes.guess_type(item.featured_image.name)[0] or "image/jpeg",
        }
        if item.featured_image_width and item.featured_image_height:
            picture["width"] = str(item.featured_image_width)
            picture["height"] = str(item.featured_image_height)
        return {"picture": picture}


class CategoryFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, obj):
        from django.conf import settings

        return f"{settings.SITE_NAME} – {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return obj.description or obj.name

    def items(self, obj):
        return self.articles().filter(category_id__in=obj.descendant_ids())[:FEED_SIZE]
