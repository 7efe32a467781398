"""What the browser tests share: logging in, and selecting exact text as a user would."""

from pathlib import Path

import pytest

from claims.services.seeds import demo_password, seeds_load

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# Selects the `occurrence`-th appearance of `text` inside #article-text, wherever the highlights
# have cut the text into nodes, exactly as a mouse drag over those words would.
SELECT_JS = """([text, occurrence, rootSelector]) => {
  const root = document.querySelector(rootSelector);
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = root.textContent.indexOf(text, index + 1);
    if (index < 0) return false;
  }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0, node, startSet = false;
  while ((node = walker.nextNode())) {
    const length = node.data.length;
    if (!startSet && index < seen + length) {
      range.setStart(node, index - seen);
      startSet = true;
    }
    if (startSet && index + text.length <= seen + length) {
      range.setEnd(node, index + text.length - seen);
      break;
    }
    seen += length;
  }
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return true;
}"""


@pytest.fixture
def seeded(transactional_db):
    return seeds_load(demo_accounts=True)


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(demo_password(username))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/projects/")


def settled(page) -> None:
    """Wait until htmx has no request in flight and nothing swapping or settling: new content
    is then processed, so typing into it triggers its requests."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )
    page.wait_for_timeout(50)


def select_text(page, text: str, occurrence: int = 0, root: str = "#article-text") -> None:
    assert page.evaluate(SELECT_JS, [text, occurrence, root]), f"{text!r} is not in the text"
