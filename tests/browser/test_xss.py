"""Every XSS vector, saved through the admin into an article's title and body and published,
then every public page that shows it opened in real Chromium with the page's Content-Security-
Policy switched off, so only the server-side sanitising stands between the vector and the
reader. The test fails if any script runs or any dangerous attribute or URL survives."""

import pytest
from django.test import Client
from django.urls import reverse
from selenium.webdriver.common.by import By

from articles.models import Article
from tests.factories import ARTICLE_ADMIN_INLINES, CategoryFactory, UserFactory
from tests.security.xss_vectors import VECTORS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HOOK = """
window.__xss = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = function (value) { window.__xss.push(name + ':' + value); };
}
"""
FIND_DANGER = """
const found = [];
const bad = (el, why) => found.push(el.tagName + ' ' + why);
for (const el of document.querySelectorAll('*')) {
  for (const attr of el.attributes) {
    const name = attr.name.toLowerCase();
    const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, '');
    if (name.startsWith('on')) bad(el, name);
    if (/^(javascript|vbscript|data:text\\/html)/i.test(value)) bad(el, name);
    if (['style', 'formaction', 'srcdoc'].includes(name)) bad(el, name);
  }
}
const risky = 'iframe, frame, object, embed, base, meta[http-equiv], style, svg, math, ' +
  'main form:not([role=search])';
for (const el of document.querySelectorAll(risky)) bad(el, 'element');
for (const el of document.querySelectorAll('script')) {
  const ownFile = el.src && new URL(el.src).pathname.startsWith('/static/');
  if (!(el.type === 'application/ld+json' || ownFile)) bad(el, el.textContent.slice(0, 40));
}
return found.concat(window.__xss || []);
"""


def test_no_vector_survives_on_any_public_page(browser, live_server):
    assert len(VECTORS) >= 80
    category = CategoryFactory(name="Thử nghiệm an ninh")
    editor = UserFactory(username="bientap-xss", roles=["Biên tập viên"])
    client = Client()
    client.force_login(editor)
    for number, vector in enumerate(VECTORS):
        response = client.post(
            reverse("admin:articles_article_add"),
            {
                "title": f"Bài {number} {vector}"[:300],
                "summary": vector,
                "body": vector,
                "category": category.pk,
                "tags": f"thẻ {number}",
                "featured_image_alt": "",
                "featured_image_caption": "",
                **ARTICLE_ADMIN_INLINES,
            },
        )
        assert response.status_code == 302, (number, response.content[:500])
        article = Article.objects.latest("pk")
        response = client.post(
            reverse("admin:articles_article_transition", args=[article.pk, "publish"])
        )
        assert response.status_code == 302
    assert Article.objects.published().count() == len(VECTORS)

    browser.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
    hook = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})
    try:
        pages = ["/", category.get_absolute_url(), "/luu-tru/"]
        pages += [f"{category.get_absolute_url()}?page={n}" for n in range(2, 10)]
        pages += [a.get_absolute_url() for a in Article.objects.all()]
        pages += [reverse("articles:print", args=[a.slug]) for a in Article.objects.all()[:20]]
        problems = {}
        for path in pages:
            browser.get(live_server.url + path)
            # Give event-driven vectors their chance: focus, hover and toggle everything.
            browser.execute_script(
                "document.querySelectorAll('*').forEach(e => { try {"
                "e.dispatchEvent(new Event('mouseover')); e.dispatchEvent(new Event('focus'));"
                "} catch (x) {} });"
            )
            found = browser.execute_script(FIND_DANGER)
            if found:
                problems[path] = found
        assert problems == {}
        # The pages did show the vectors' text, harmlessly, as text.
        browser.get(
            live_server.url + Article.objects.get(title__startswith="Bài 0 ").get_absolute_url()
        )
        assert "<script>alert(1)</script>" in browser.find_element(By.TAG_NAME, "h1").text
    finally:
        browser.execute_cdp_cmd(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": hook["identifier"]}
        )
        browser.execute_cdp_cmd("Page.setBypassCSP", {"enabled": False})


def test_the_hook_does_catch_a_script(browser, live_server):
    """The detector is real: a script that does run is reported."""
    browser.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
    hook = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})
    try:
        browser.get(live_server.url + "/")
        browser.execute_script(
            "const s = document.createElement('script'); s.textContent = 'alert(7)';"
            "document.body.appendChild(s);"
        )
        found = browser.execute_script(FIND_DANGER)
        assert "alert:7" in found
    finally:
        browser.execute_cdp_cmd(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": hook["identifier"]}
        )
        browser.execute_cdp_cmd("Page.setBypassCSP", {"enabled": False})
