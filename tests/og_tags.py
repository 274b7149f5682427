"""The Open Graph and Twitter tags of a page, read as Zalo's and Facebook's fetchers read them."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, str] = {}
        self.in_head = False

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        if tag == "meta" and self.in_head:
            name = attrs.get("property") or attrs.get("name") or ""
            if name.startswith(("og:", "twitter:")):
                self.tags[name] = attrs.get("content", "")

    def handle_endtag(self, tag) -> None:
        if tag == "head":
            self.in_head = False


def og_tags(html: str | bytes) -> dict[str, str]:
    parser = _Meta()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    return parser.tags


def is_full_card(tags: dict[str, str]) -> bool:
    """Every tag a link preview needs, the image at an absolute address 1200×630."""
    image = urlsplit(tags.get("og:image", ""))
    return (
        all(tags.get(name) for name in ("og:title", "og:description", "og:type", "og:url"))
        and image.scheme in {"http", "https"}
        and bool(image.netloc)
        and tags.get("og:image:width") == "1200"
        and tags.get("og:image:height") == "630"
        and tags.get("og:locale") == "vi_VN"
        and tags.get("twitter:card") == "summary_large_image"
    )


def image_path(tags: dict[str, str]) -> str:
    """The image's address as the test client asks for it (path and query)."""
    parts = urlsplit(tags["og:image"])
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
