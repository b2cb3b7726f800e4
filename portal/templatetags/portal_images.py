"""`{% responsive_image %}`: one way to show an uploaded picture on public pages.

    {% load portal_images %}
    {% responsive_image article.featured_image alt=article.featured_image_alt eager=True %}

renders a `<picture>` with a WebP `<source>` and a JPEG `<img>`, both with `srcset`/`sizes`,
`width`/`height` (the browser reserves the space: no layout shift) and `loading="lazy"` unless
`eager`. The renditions are listed from the stored name and size (portal.images.renditions_for):
no file is opened while a page is rendered. A picture whose size is not recorded (an ImageField
without width/height fields) is shown as it is.
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string

from portal import images

register = template.Library()


@register.simple_tag
def responsive_image(
    image, *, alt: str = "", sizes: str = "100vw", eager: bool = False, css_class: str = ""
) -> str:
    if not image:
        return ""
    width, height = images.image_dimensions(image)
    renditions = images.renditions_for(image.name, width=width, height=height) if width else []
    storage = image.storage
    webp = [(storage.url(r.name), r) for r in renditions if r.format == "webp"]
    jpeg = [(storage.url(r.name), r) for r in renditions if r.format == "jpg"]
    fallback = next((url for url, r in reversed(jpeg) if r.width <= 1024), None)
    context = {
        "src": fallback or image.url,
        "webp_srcset": ", ".join(f"{url} {r.width}w" for url, r in webp),
        "jpeg_srcset": ", ".join(f"{url} {r.width}w" for url, r in jpeg),
        "sizes": sizes,
        "width": width,
        "height": height,
        "alt": alt,
        "eager": eager,
        "css_class": css_class,
    }
    return render_to_string("portal/responsive_image.html", context)
