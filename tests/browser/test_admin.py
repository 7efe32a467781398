import re

import pytest
from playwright.sync_api import expect

from claims.models import Article
from claims.services.seeds import demo_password, seeds_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_logs_in_and_reads_a_seed_article_with_its_exact_text(live_server, page):
    seeds_load(demo_accounts=True)
    article = Article.objects.get(external_id="000_4a0a1ee8b9589300.txt")

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(demo_password("admin"))
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Articles").first.click()
    page.get_by_role("link", name=article.title).click()

    expect(page).to_have_title(re.compile("Change article"))
    text_box = page.locator("#id_text")
    expect(text_box).to_have_value(article.text)
    assert "Kim Jong-un und Sergei Schoigu haben am Freitag" in text_box.input_value()
