"""One project's worth of annotations, made through the services, for every export test.

Article `emoji` exercises offsets: a ZWJ family, a flag, a no-break space, a combining diaeresis,
a mathematical letter outside the BMP, and CRLF line ends inside a claim whose quote also holds
commas and quotes.

    claim       article  type       annotator  status     note
    meeting     emoji    meeting    anna       accepted   contains `date` (nested)
    date        emoji    date       anna       accepted
    family      emoji    statement  anna       accepted   emoji inside
    said        emoji    quote      ben        accepted   two sources with cues, CRLF inside
    formula     emoji    statement  anna       submitted  𝐀
    troops      emoji    figure     ben        accepted
    draft       emoji    statement  anna       draft
    rejected    emoji    statement  ben        rejected
    treaty      plain    treaty_term ben       accepted
    talks       plain    meeting    anna       accepted
    pending     plain    statement  ben        submitted
    minister    old      role       anna       accepted

    links: meeting→talks same_event (accepted, across), date→meeting refines (accepted, inside),
           said→formula agrees (accepted, but formula is not gold), troops→talks discusses
           (accepted, across), treaty→minister contradicts (draft).
"""

import io
import json
import zipfile
from datetime import date
from types import SimpleNamespace

import pytest

from claims import services
from claims.exports import export_stream, selection_for
from tests.factories import ARTICLE_TEXT, make_article, make_claim, make_project

EMOJI_TEXT = (
    "Kim Jong-un und Sergei Schoigu trafen sich am 13.\u00a0September 2024 in Pjo\u0308ngjang. "
    "👨\u200d👩\u200d👧\u200d👦 Die Familie 🇩🇪 sah zu.\r\n"
    'Nach Angaben der Nachrichtenagentur KCNA sagte Kim: „Russland, unser Freund, "hilft"\r\n'
    "immer.“ Die Formel 𝐀 = 𝐁 gilt, so Putin.\r\n\r\n"
    "Zweiter Absatz: 300 Soldaten wurden entsandt. Der Rest bleibt offen."
)
OLD_TEXT = "Schoigu ist Verteidigungsminister. Das sagte das Ministerium."


def accept(target, reviewer):
    target.refresh_from_db()
    services.review_decide(target=target, decision="accept", actor=reviewer, version=target.version)
    target.refresh_from_db()
    return target


def reject(target, reviewer):
    target.refresh_from_db()
    services.review_decide(target=target, decision="reject", actor=reviewer, version=target.version)
    target.refresh_from_db()
    return target


def cue(article, words: str) -> dict:
    start = article.text.index(words)
    return {"cue_start": start, "cue_end": start + len(words), "cue_quote": words}


def _entities(project, manager):
    def make(kind, name, *aliases):
        return services.entity_create(
            project=project, kind=kind, name=name, aliases=aliases, actor=manager
        )

    return SimpleNamespace(
        kcna=make("agency", "KCNA", "Korean Central News Agency"),
        kim=make("person", "Kim Jong-un", "Kim Jong Un"),
        shoigu=make("person", "Sergei Schoigu", "Shoigu"),
        pyongyang=make("place", "Pjöngjang"),
    )


def _meeting(article, anna, entities):
    meeting = make_claim(
        article,
        anna,
        "Kim Jong-un und Sergei Schoigu trafen sich am 13.\u00a0September 2024 in Pjo\u0308ngjang",
        claim_type="meeting",
        when="2024-09-13",
        when_source="typed",
        place=entities.pyongyang,
        participants=[entities.kim, entities.shoigu],
    )
    services.attribution_create(claim=meeting, actor=anna, source_kind="unattributed", form="none")
    return meeting


def _said(article, ben, entities):
    """A quote across a CRLF, from Kim as KCNA reports him: a chain of two sources with cues."""
    said = make_claim(
        article, ben, '„Russland, unser Freund, "hilft"\r\nimmer.“', claim_type="quote"
    )
    kim = services.attribution_create(
        claim=said,
        actor=ben,
        source=entities.kim,
        source_kind="official_person",
        form="direct_quote",
        **cue(article, "sagte Kim"),
    )
    services.attribution_create(
        claim=said,
        actor=ben,
        source=entities.kcna,
        source_kind="state_media",
        form="reported",
        parent=kim,
        **cue(article, "Nach Angaben der Nachrichtenagentur KCNA"),
    )
    return said


def _emoji_claims(article, anna, ben, rita, entities):
    meeting = _meeting(article, anna, entities)
    said = _said(article, ben, entities)
    claims = SimpleNamespace(
        meeting=meeting,
        date=make_claim(article, anna, "13.\u00a0September 2024", claim_type="date"),
        family=make_claim(article, anna, "👨\u200d👩\u200d👧\u200d👦 Die Familie 🇩🇪 sah zu"),
        said=said,
        troops=make_claim(article, ben, "300 Soldaten wurden entsandt", claim_type="figure"),
        formula=make_claim(article, anna, "Die Formel 𝐀 = 𝐁 gilt", status="submitted"),
        draft=make_claim(article, anna, "Zweiter Absatz"),
        rejected=make_claim(article, ben, "Der Rest bleibt offen"),
    )
    for name in ("meeting", "date", "family", "said", "troops"):
        setattr(claims, name, accept(getattr(claims, name), rita))
    claims.rejected = reject(claims.rejected, rita)
    return claims


def _plain_claims(article, old, anna, ben, rita):
    treaty = make_claim(
        article,
        ben,
        "Der Vertrag wurde im Juni\u00a02024 unterzeichnet",
        claim_type="treaty_term",
        when="2024-06",
        when_source="suggested",
        polarity="positive",
        modality="hedged",
        note="Datum laut „Quelle“, unsicher",
    )
    return SimpleNamespace(
        treaty=accept(treaty, rita),
        talks=accept(
            make_claim(article, anna, "Gespräche in Pjöngjang geführt", claim_type="meeting"), rita
        ),
        pending=make_claim(
            article,
            ben,
            "den Ausbau der Zusammenarbeit",
            status="submitted",
            claim_type="statement",
        ),
        minister=accept(make_claim(old, anna, "Verteidigungsminister", claim_type="role"), rita),
    )


def _links(c, rita, anna):
    def link(a, b, relation, actor=rita, status="accepted", note=""):
        made = services.link_create(
            from_claim=a, to_claim=b, relation=relation, actor=actor, note=note
        )
        return accept(made, rita) if status == "accepted" else made

    return SimpleNamespace(
        across=link(c.meeting, c.talks, "same_event", note="Beide: 13. September"),
        inside=link(c.date, c.meeting, "refines", actor=anna),
        half=link(c.said, c.formula, "agrees"),
        troops=link(c.troops, c.talks, "discusses"),
        draft=link(c.treaty, c.minister, "contradicts", status="draft"),
    )


@pytest.fixture
def data(project, manager, annotator, annotator_b, reviewer):
    entities = _entities(project, manager)
    emoji = make_article(
        project, text=EMOJI_TEXT, title="Kim trifft Schoigu", published=date(2024, 9, 14)
    )
    plain = make_article(
        project,
        text=ARTICLE_TEXT,
        title="Vertrag",
        outlet="RT DE",
        url="https://example.org/vertrag",
        published=date(2024, 6, 20),
        external_id="000_4a0a1ee8b9589300",
        metadata={"basis": "inferred", "pages": [1, 2]},
    )
    old = make_article(project, text=OLD_TEXT, title="Minister", published=date(2023, 1, 5))
    empty = make_article(project, text="Nichts Neues.", title="Leer")
    claims = _emoji_claims(emoji, annotator, annotator_b, reviewer, entities)
    claims.__dict__.update(vars(_plain_claims(plain, old, annotator, annotator_b, reviewer)))
    return SimpleNamespace(
        project=project,
        entities=entities,
        articles=SimpleNamespace(emoji=emoji, plain=plain, old=old, empty=empty),
        claims=claims,
        links=_links(claims, reviewer, annotator),
    )


def run(selection, key: str) -> bytes:
    return b"".join(export_stream(selection, key))


def export(project, key: str, **filters) -> bytes:
    return run(selection_for(project=project, actor=None, **filters), key)


def jsonl(project, **filters) -> list[dict]:
    text = export(project, "jsonl", **filters).decode("utf-8")
    assert text.endswith("\n")
    return [json.loads(line) for line in text.split("\n")[:-1]]


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


BULK_TEXT = "Kim traf Schoigu in Pjöngjang 🇰🇵. Russland liefert 300\u00a0Granaten, so KCNA."


def _bulk_claims(article, kcna, anna, ben, rita):
    met = make_claim(article, anna, "Kim traf Schoigu", claim_type="meeting")
    met.participants.add(kcna)
    services.attribution_create(
        claim=met, actor=anna, source=kcna, source_kind="state_media", **cue(article, "so KCNA")
    )
    accept(make_claim(article, ben, "300\u00a0Granaten", claim_type="figure"), rita)
    return accept(met, rita)


@pytest.fixture
def make_bulk(manager, annotator, annotator_b, reviewer):
    """A project of n articles, each with two gold claims (one with a source, a cue and a
    participant) and a gold link to the claim of the article before it."""

    def make(n: int):
        project = make_project(
            manager=manager, annotator=[annotator, annotator_b], reviewer=[reviewer]
        )
        kcna = services.entity_create(project=project, kind="agency", name="KCNA", actor=manager)
        previous = None
        for number in range(n):
            article = make_article(project, text=BULK_TEXT, published=date(2024, 1, 1 + number))
            met = _bulk_claims(article, kcna, annotator, annotator_b, reviewer)
            if previous is not None:
                link = services.link_create(
                    from_claim=previous, to_claim=met, relation="agrees", actor=reviewer
                )
                accept(link, reviewer)
            previous = met
        return project

    return make
