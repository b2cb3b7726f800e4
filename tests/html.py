"""Small helpers for reading rendered pages in tests."""

import re


def inline_scripts(html: str) -> list[str]:
    """Script elements that carry code in the page itself (CSP forbids them on public pages).

    A `<script src=...>` file and a JSON-LD data block are not inline code.
    """
    return [
        tag
        for tag in re.findall(r"<script\b[^>]*>", html)
        if "src=" not in tag and 'type="application/ld+json"' not in tag
    ]
