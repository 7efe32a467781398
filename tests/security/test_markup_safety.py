"""Nothing of ours marks text as safe HTML except the reviewed places below.

Autoescaping is what keeps user text inert; `|safe`, `mark_safe`, `{% autoescape off %}` and a
format_html whose format string is not a literal each switch it off. Every use must be listed here
by file and line, with why it is safe; a new one fails this test until someone reviews it.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("annotate", "claims", "templates")

ALLOWED = {
    # Guidelines Markdown: rendered without raw HTML, then sanitised by nh3 (tags and URL schemes
    # allow-listed) on the line before; tests/security/test_escaping.py feeds it the XSS corpus.
    ("annotate/markdown.py", "from django.utils.safestring import SafeString, mark_safe"),
    ("annotate/markdown.py", "return mark_safe(clean)  # noqa: S308"),
}

TEMPLATE_PATTERNS = {
    "|safe filter": re.compile(r"\|\s*safe(seq)?\b"),
    "autoescape off": re.compile(r"\{%\s*autoescape\s+off\b"),
    "filter safe": re.compile(r"\{%\s*filter\b[^%]*\bsafe"),
}
PYTHON_PATTERNS = {
    **TEMPLATE_PATTERNS,  # templates written inside Python strings
    "mark_safe": re.compile(r"\bmark_safe\b"),
    "SafeString/SafeText made": re.compile(r"\bSafe(String|Text|Data)\s*\("),
    "html_safe": re.compile(r"\bhtml_safe\b"),
    "__html__": re.compile(r"__html__"),
    "is_safe filter": re.compile(r"\bis_safe\s*=\s*True"),
}
# Which argument of each is the format string; it must be a literal so that every value put into
# it is escaped, and there must be values (format_html("...") alone marks a string safe).
FORMAT_FUNCTIONS = {"format_html": 0, "format_html_join": 1}


def format_html_misuse(path: Path, source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source, str(path))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in FORMAT_FUNCTIONS:
            continue
        position = FORMAT_FUNCTIONS[name]
        if len(node.args) <= position:
            found.append((node.lineno, f"{name} without a format string"))
            continue
        template = node.args[position]
        if not (isinstance(template, ast.Constant) and isinstance(template.value, str)):
            found.append((node.lineno, f"{name} with a format string that is not a literal"))
        elif name == "format_html" and len(node.args) == 1 and not node.keywords:
            found.append((node.lineno, "format_html without values: use the string itself"))
    return found


def unsafe_markup(root: Path, directories=SCANNED) -> list[str]:
    """'path:line: what: the line' for every use that is not in ALLOWED."""
    found = []
    for directory in directories:
        for path in sorted((root / directory).rglob("*")):
            if path.suffix not in (".py", ".html", ".txt", ".xml", ".svg") or not path.is_file():
                continue
            relative = path.relative_to(root).as_posix()
            source = path.read_text(encoding="utf-8")
            lines = source.splitlines()
            patterns = PYTHON_PATTERNS if path.suffix == ".py" else TEMPLATE_PATTERNS
            hits = [
                (number, what)
                for number, line in enumerate(lines, 1)
                for what, pattern in patterns.items()
                if pattern.search(line)
            ]
            if path.suffix == ".py":
                hits += format_html_misuse(path, source)
            for number, what in hits:
                line = lines[number - 1].strip()
                if (relative, line) not in ALLOWED:
                    found.append(f"{relative}:{number}: {what}: {line}")
    return found


def test_nothing_marks_text_safe_outside_the_reviewed_places():
    assert unsafe_markup(ROOT) == []


def test_every_allowed_place_still_exists():
    """An allow-list entry whose line is gone would silently allow the next line written so."""
    for relative, line in ALLOWED:
        lines = [text.strip() for text in (ROOT / relative).read_text().splitlines()]
        assert line in lines, f"{relative} no longer has: {line}"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("templates/x.html", "<p>{{ claim.note|safe }}</p>"),
        ("templates/x.html", "<p>{{ names|safeseq|join:', ' }}</p>"),
        ("templates/x.html", "{% autoescape off %}{{ article.title }}{% endautoescape %}"),
        ("templates/x.html", "{% filter safe %}{{ article.title }}{% endfilter %}"),
        ("annotate/x.py", "from django.utils.safestring import mark_safe as ok\n"),
        ("annotate/x.py", "from django.utils.safestring import SafeString\nSafeString(text)\n"),
        ("claims/x.py", "from django.utils.html import format_html\nformat_html(f'<b>{t}</b>')\n"),
        ("claims/x.py", "from django.utils import html\nhtml.format_html('<b>%s</b>' % t)\n"),
        ("claims/x.py", "from django.utils.html import format_html\nformat_html(TEMPLATE, t)\n"),
        ("claims/x.py", "from django.utils.html import format_html\nformat_html('<b>x</b>')\n"),
        ("claims/x.py", "format_html_join('', '<i>{}</i>'.format(t), rows)\n"),
        ("claims/x.py", "class A:\n    def __html__(self):\n        return self.text\n"),
        ("claims/x.py", "@register.filter(is_safe=True)\ndef shout(value):\n    return value\n"),
        ("annotate/markdown.py", "return mark_safe(text)  # noqa: S308\n"),
    ],
)
def test_the_scan_finds_each_way_of_marking_text_safe(tmp_path, name, content):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)

    assert unsafe_markup(tmp_path, directories=(Path(name).parts[0],)) != []


def test_the_scan_passes_format_html_with_a_literal_and_values(tmp_path):
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "ok.py").write_text(
        "format_html('<b>{}</b>', name)\nformat_html_join('', '<i>{}</i>', rows)\n"
    )

    assert unsafe_markup(tmp_path, directories=("claims",)) == []
