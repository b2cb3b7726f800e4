"""An old article found by its title among thousands whose words are all common (issue 19).

The articles are generated (a small vocabulary, so every article holds almost every word and
matches any query made of them): more matches than the search ranks by date alone."""

import random
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.search import article_search_fields
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db
WORDS = (
    "phát triển kinh tế xã hội nhân dân cán bộ đảng viên thành phố công tác xây dựng "
    "chi bộ nhiệm vụ năm tháng kết quả phong trào hội nghị kế hoạch chương trình nâng cao "
    "hiệu quả chất lượng học tập làm theo tư tưởng đạo đức phong cách tuyên truyền"
).split()
COUNT = 2500


@pytest.fixture
def many_articles(settings):
    settings.SEARCH_MAX_RESULTS = 300
    rng = random.Random(19)
    category = CategoryFactory(name="Tin tổng hợp")
    now = timezone.now()
    rows = []
    for i in range(COUNT):
        title = " ".join(rng.choices(WORDS, k=rng.randint(8, 12))).capitalize()
        body = "<p>" + " ".join(rng.choices(WORDS, k=90)) + ".</p>"
        at = now - timedelta(hours=COUNT - i)  # i = 0 is the oldest
        article = Article(title=title, slug=f"bai-{i}", summary="", body=body,
                          category=category, status=Article.Status.PUBLISHED,
                          publish_at=at, first_published_at=at)  # fmt: skip
        for name, value in article_search_fields(article).items():
            setattr(article, name, value)
        rows.append(article)
    Article.objects.bulk_create(rows, batch_size=500)
    return sorted(Article.objects.all(), key=lambda a: a.publish_at)


def top_slugs(client, q, n=3):
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200
    return [r.url.rstrip("/").rsplit("/", 1)[-1] for r in response.context["results"][:n]]


@pytest.mark.parametrize("which", [0, 7, COUNT // 2, COUNT - 5])
def test_an_exact_title_typed_without_quotes_is_in_the_top_three(client, many_articles, which):
    article = many_articles[which]
    response = client.get(reverse("search"), {"q": article.title})
    # More articles match than are ranked by date: the cut is there, and said so.
    assert response.context["capped"] and response.context["matched"] > 300
    assert article.slug in top_slugs(client, article.title)


@pytest.mark.parametrize("which", [0, 3, COUNT // 3])
def test_four_words_in_a_row_of_an_old_title_find_it(client, many_articles, which):
    article = many_articles[which]
    words = article.title.split()
    run = " ".join(words[2:6]).lower()
    found = top_slugs(client, run, n=3)
    # Another title may hold the same four words in a row; then it is there too, and the
    # article is still among the first three unless three newer titles hold them as well.
    holders = [a for a in many_articles if run in a.title.lower()]
    assert article.slug in found or len(holders) > 3
    assert found and all(any(f == a.slug for a in holders) for f in found[: len(holders)])


def test_a_run_with_repeated_words_finds_its_title(client, many_articles):
    """A query drops repeated words ("và các và và" is two terms); the title's run does not."""
    oldest = many_articles[0]
    oldest.title = "Đảng và các và và của phong trào thi đua"
    oldest.save()
    assert top_slugs(client, "và các và và của", n=1) == [oldest.slug]
