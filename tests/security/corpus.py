"""Hostile input, put where users type, and a reader that finds anything active in a page."""

from html.parser import HTMLParser
from types import SimpleNamespace

from claims import services
from claims.models import EntityKind, LabelKind
from tests.factories import make_article, make_claim

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    '"><svg onload=alert(1)>',
    "'><svg onload=alert(1)>",
    "{{7*7}}",
    '<div hx-get="/x" hx-trigger="load">htmx</div>',
    "[x](javascript:alert(1))",
]
CORPUS = " ".join(PAYLOADS)
SENTENCE = "Kim und Putin trafen sich am Freitag in Pjöngjang."
TEXT = f"{SENTENCE}\n\n{CORPUS}\n\nLaut KCNA sei das Treffen ein Erfolg gewesen."
# Markdown as a manager might paste it: raw HTML, a javascript: link, an autolink, an image.
GUIDELINES = f"""# Regeln {PAYLOADS[0]}

{CORPUS}

* [Quelle](javascript:alert(1)) und <javascript:alert(1)> und ![bild](javascript:alert(1))
* <a href="javascript:alert(1)" onclick="alert(1)">roh</a>
"""
# What a payload would leave in the DOM if it were not escaped.
ACTIVE_TAGS = {"script", "iframe", "object", "embed", "base", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}


class Markup(HTMLParser):
    """Every element with its attributes, and the page's text (entities resolved)."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self._open: list[tuple[str, dict]] = []
        self.inline_scripts: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        self._open.append((tag, attributes))

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        self.text.append(data)
        if self._open and self._open[-1][0] == "script":
            attributes = self._open[-1][1]
            if "src" not in attributes and data.strip() and not is_data_block(attributes):
                self.inline_scripts.append(data.strip()[:80])

    def shown(self) -> str:
        """The text a person sees or edits: text nodes and the values of form fields."""
        values = [a.get("value", "") for tag, a in self.elements if tag in ("input", "option")]
        return "\n".join(self.text + values)


def is_data_block(attributes: dict) -> bool:
    """A <script type="application/json"> holds data the browser never runs."""
    return attributes.get("type", "").lower() in ("application/json", "application/ld+json")


def runs_code(attribute: str, value: str) -> bool:
    """An event handler, or a URL that is a script."""
    is_script_url = value.strip().lower().startswith("javascript:")
    return attribute.startswith("on") or (attribute in URL_ATTRIBUTES and is_script_url)


def inline_code(markup: str) -> list[str]:
    """What a strict Content-Security-Policy refuses to run: inline scripts and styles, style
    and on* attributes, javascript: URLs."""
    page = Markup(markup)
    found = [f"inline <script>: {code}" for code in page.inline_scripts]
    for tag, attributes in page.elements:
        if tag == "style":
            found.append("<style> element")
        for name, value in attributes.items():
            if name == "style" or runs_code(name, value):
                found.append(f"<{tag} {name}={value!r}>")
    return found


def injected(markup: str) -> list[str]:
    """Elements or attributes that only a payload of PAYLOADS could have made."""
    page = Markup(markup)
    found = [f"inline <script>: {code}" for code in page.inline_scripts]
    for tag, attributes in page.elements:
        external = tag == "script" and attributes.get("src")
        if tag in ACTIVE_TAGS and not external and not is_data_block(attributes):
            found.append(f"<{tag}> element")
        if tag == "img" and attributes.get("src") == "x":
            found.append("<img src=x>")
        for name, value in attributes.items():
            if runs_code(name, value) or (name.startswith("hx-") and value == "/x"):
                found.append(f"<{tag} {name}={value!r}>")
    return found


def plant(project, manager, annotator, second_annotator) -> SimpleNamespace:
    """The corpus in every field a user fills in: article text, title and outlet, entity names and
    aliases, a label's name, claim notes, link notes and the project's guidelines (Markdown).
    The second annotator marks the same span, so the agreement charts draw the label's name."""
    services.project_update(
        project=project, actor=manager, name=f"Kim {PAYLOADS[3]}", guidelines=GUIDELINES
    )
    services.label_create(
        project=project,
        kind=LabelKind.CLAIM_TYPE,
        value="hostile",
        name=PAYLOADS[1],
        description=CORPUS,
        actor=manager,
    )
    article = make_article(project, text=TEXT, title=CORPUS, outlet=PAYLOADS[3])
    other = make_article(project, text=TEXT, title=f"Zweiter {CORPUS}", outlet=PAYLOADS[1])
    source = services.entity_create(
        project=project,
        kind=EntityKind.AGENCY,
        name=f"KCNA {CORPUS}",
        aliases=["KCNA", *(f"Alias {payload}" for payload in PAYLOADS)],
        actor=annotator,
    )
    person = services.entity_create(
        project=project, kind=EntityKind.PERSON, name=PAYLOADS[3], aliases=[CORPUS], actor=annotator
    )
    claim = make_claim(
        article, annotator, PAYLOADS[1], claim_type="hostile", note=CORPUS, participants=[person]
    )
    services.attribution_create(
        claim=claim, actor=annotator, source=source, source_kind="state_media"
    )
    claim.refresh_from_db()
    whole = make_claim(article, annotator, CORPUS, claim_type="statement", note=PAYLOADS[0])
    elsewhere = make_claim(other, annotator, PAYLOADS[1], claim_type="hostile", note=CORPUS)
    contradicting = make_claim(other, annotator, CORPUS, claim_type="statement")
    agrees = services.link_create(
        from_claim=claim, to_claim=elsewhere, relation="agrees", note=CORPUS, actor=annotator
    )
    contradicts = services.link_create(
        from_claim=whole,
        to_claim=contradicting,
        relation="contradicts",
        note=PAYLOADS[3],
        actor=annotator,
    )
    make_claim(article, second_annotator, PAYLOADS[1], claim_type="hostile", note=CORPUS)
    claim.refresh_from_db()
    return SimpleNamespace(
        project=project,
        article=article,
        other=other,
        claim=claim,
        whole=whole,
        source=source,
        person=person,
        links=[agrees, contradicts],
    )
