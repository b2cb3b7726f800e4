"""RSS 2.0 feeds: the newest articles, and one per category. Published articles only."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Rss201rev2Feed

from articles.models import Article, Category
from portal.richtext import html_to_text

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    cache_params = ()  # portal.cache.page_key: no query parameter changes a feed
    feed_type = Rss201rev2Feed
    link = "/"

    def title(self):
        from django.conf import settings

        return f"{settings.SITE_NAME} – Tin mới"

    def description(self):
        from django.conf import settings

        return settings.SITE_TAGLINE

    def articles(self):
        return Article.objects.published().select_related("category").order_by("-publish_at")

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
        return f"bai-viet-{item.pk}"

    item_guid_is_permalink = False


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
