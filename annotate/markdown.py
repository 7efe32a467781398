"""Guidelines are Markdown written by managers, rendered to HTML that can carry nothing active."""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# CommonMark without raw HTML (it is shown as text), tables on; links are checked by the parser
# (no javascript:) and again by the sanitiser, which keeps only the tags below.
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}


def render_markdown(text: str) -> SafeString:
    clean = nh3.clean(
        _MARKDOWN.render(text or ""),
        tags=TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    # The one place user text becomes markup: it was sanitised on the line above.
    return mark_safe(clean)  # noqa: S308
