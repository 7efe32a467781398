"""Test data, made through the services so that it obeys the same rules as real data."""

import itertools

import factory
from django.contrib.auth import get_user_model

from claims import services
from claims.models import Project, Role

ARTICLE_TEXT = (
    "Kim Jong-un und Sergei Schoigu haben am Freitag Gespräche in Pjöngjang geführt. "
    "Nach Angaben der Nachrichtenagentur KCNA erörterten sie den Ausbau der Zusammenarbeit. "
    "🇰🇵🤝🇷🇺 Der Vertrag wurde im Juni\u00a02024 unterzeichnet, so Putin. "
    "Die Delegation besuchte Pjo\u0308ngjang und 👨🏻‍🚒 Feuerwehrleute."
)
_counter = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")


def make_project(*, name: str = "", manager=None, **members: list) -> Project:
    number = next(_counter)
    project = services.project_create(
        name=name or f"Project {number}", slug=f"project-{number}", actor=manager
    )
    for role, users in members.items():
        for user in users:
            services.membership_set(project=project, user=user, role=Role(role), actor=None)
    return project


def make_article(project, *, text: str = ARTICLE_TEXT, **fields):
    number = next(_counter)
    fields.setdefault("title", f"Article {number}")
    return services.article_import(project=project, text=text, actor=None, **fields)


def make_claim(
    article, user, quote: str, *, claim_type: str = "statement", occurrence: int = 0, **fields
):
    """A claim over the `occurrence`-th appearance of `quote` in the article's text."""
    start = -1
    for _ in range(occurrence + 1):
        start = article.text.index(quote, start + 1)
    return services.claim_create(
        article=article,
        actor=user,
        start=start,
        end=start + len(quote),
        quote=quote,
        claim_type=claim_type,
        **fields,
    )
