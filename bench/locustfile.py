"""Simulated annotators for the load run; bench/load.py prepares their accounts and starts it.

Each simulated user is one project member (every fifth a reviewer, who sees everyone's claims).
It logs in through the form for the pages and sends its token to the API, and works through
its own articles: opens the workspace or lists the article's claims, marks the workload's spans
as claims through the API, edits a claim's note with If-Match, and now and then opens a claim's
link panel, which ranks link candidates over the whole project.
"""

import csv
import itertools
import json
import os
import random
import uuid
from pathlib import Path

from locust import HttpUser, between, events, task
from locust.clients import HttpSession

DATA = json.loads(Path(os.environ["BENCH_LOAD_DATA"]).read_text(encoding="utf-8"))
NUMBERS = itertools.count()
HTMX = {"HX-Request": "true"}
# Every request with its start, for exact percentiles over any window (locust's own are rounded
# to two digits and cover the whole run, log-ins included).
REQUESTS: list[tuple] = []


@events.request.add_listener
def record(request_type, name, response_time, start_time, exception=None, **kwargs):
    REQUESTS.append(
        (round(start_time, 4), request_type, name, round(response_time, 2), bool(exception))
    )


@events.quitting.add_listener
def write_requests(environment, **kwargs):
    with Path(os.environ["BENCH_LOAD_LOG"]).open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([("start", "type", "name", "ms", "failed"), *REQUESTS])


class Annotator(HttpUser):
    # People read before they mark a span: a claim every few seconds is already far busier than
    # any annotator, so 50 of these stand for a much larger team.
    wait_time = between(1, 3)

    def on_start(self):
        number, accounts = next(NUMBERS), DATA["accounts"]
        account = accounts[number % len(accounts)]
        articles = DATA["articles"][number % len(accounts) :: len(accounts)]
        self.spans = itertools.cycle([(a["id"], span) for a in articles for span in a["spans"]])
        self.article, self.claims = articles[0]["id"], {}
        self.api = HttpSession(self.host, self.environment.events.request, self)
        self.api.headers["Authorization"] = f"Token {account['token']}"
        self.log_in(account)

    def log_in(self, account: dict) -> None:
        self.client.get("/accounts/login/")
        form = {
            "username": account["username"],
            "password": account["password"],
            "csrfmiddlewaretoken": self.client.cookies["csrftoken"],
        }
        with self.client.post(
            "/accounts/login/", data=form, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"log-in refused: {response.status_code}")

    @task(3)
    def open_workspace(self):
        self.client.get(f"/articles/{self.article}/", name="/articles/[id]/")

    @task(2)
    def list_claims(self):
        self.api.get(
            f"/api/v1/claims/?article={self.article}&page_size=100",
            name="/api/v1/claims/?article=[id]",
        )

    @task(5)
    def create_claim(self):
        self.article, span = next(self.spans)
        with self.api.post(
            "/api/v1/claims/",
            json={"article": self.article, **span},
            headers={"Idempotency-Key": uuid.uuid4().hex},
            name="/api/v1/claims/",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:200]}")
            else:
                self.claims[response.json()["id"]] = response.headers["ETag"]

    @task(2)
    def edit_note(self):
        if not self.claims:
            return
        pk, tag = random.choice(list(self.claims.items()))  # noqa: S311
        with self.api.patch(
            f"/api/v1/claims/{pk}/",
            json={"note": f"checked against the source, round {uuid.uuid4().hex[:6]}"},
            headers={"If-Match": tag},
            name="/api/v1/claims/[id]/ (note, If-Match)",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.text[:200]}")
            else:
                self.claims[pk] = response.headers["ETag"]

    @task(1)
    def link_candidates(self):
        if self.claims:
            pk = random.choice(list(self.claims))  # noqa: S311
            self.client.get(f"/claims/{pk}/links/", headers=HTMX, name="/claims/[id]/links/ (htmx)")
