"""The dataset card: selection, offsets, counts, annotators, agreement, schema, licence."""

from datetime import date

from claims import services
from claims.exports import dataset_card, selection_for
from tests.factories import make_article, make_claim, make_project


def test_card_sections(data):
    card = dataset_card(selection_for(project=data.project, actor=None))
    headings = [line for line in card.splitlines() if line.startswith("#")]
    assert headings == [
        "# Kim and Shoigu: Claimlens dataset",
        "## Selection",
        "## Offsets",
        "## Counts",
        "### Claims per claim type",
        "### Sources per source kind",
        "### Links per relation",
        "### Annotators",
        "## Agreement",
        "## Label schema",
        "### Claim types",
        "### Source kinds",
        "### Link relations",
        "## Licence",
    ]
    assert "- Status: accepted (gold: accepted by a reviewer)" in card
    assert "Unit: `unicode_code_point`" in card
    assert "| anna | 5 |\n| ben | 3 |" in card
    assert "| military_support | 0 |" in card
    assert "| same_event | 1 |" in card
    assert "| state_media | State media | KCNA, Voice of Korea, RIA Nowosti, TASS … |" in card
    assert card.endswith("## Licence\n\nunspecified — set by the project manager\n")


def test_card_states_the_filters(data):
    selection = selection_for(
        project=data.project,
        actor=None,
        status=["submitted"],
        annotator=["ben"],
        claim_type=["statement"],
        published_from=date(2024, 1, 1),
    )
    card = dataset_card(selection)
    assert "- Status: submitted\n" in card
    assert "- Annotators: ben\n" in card
    assert "- Claim types: statement\n" in card
    assert "- Published: from 2024-01-01 to any date\n" in card


def test_agreement_where_two_annotators_share_an_article(manager, annotator, annotator_b):
    project = make_project(manager=manager, annotator=[annotator, annotator_b])
    article = make_article(project, text="Kim traf Putin am Freitag in Pjöngjang.")
    make_claim(article, annotator, "Kim traf Putin", claim_type="meeting")
    make_claim(article, annotator_b, "Kim traf Putin", claim_type="meeting")
    make_claim(article, annotator_b, "am Freitag", claim_type="date")
    card = dataset_card(selection_for(project=project, actor=None))
    # One exact match of two and one spans: F1 = 2·1/3.
    assert "| anna & ben | 1 | 1 / 2 | 1 | 0.667 | 0.667 | – | – | – |" in card


def test_no_agreement_without_shared_articles(manager, annotator, annotator_b):
    project = make_project(manager=manager, annotator=[annotator, annotator_b])
    one = make_article(project, text="Kim traf Putin.")
    two = make_article(project, text="Putin traf Kim.")
    make_claim(one, annotator, "Kim traf Putin")
    make_claim(two, annotator_b, "Putin traf Kim")
    card = dataset_card(selection_for(project=project, actor=None))
    assert "## Agreement\n\nNo article was annotated by two or more annotators.\n" in card


def test_licence_from_project_metadata(data, monkeypatch):
    monkeypatch.setattr(data.project, "metadata", {"license": "cc-by-4.0"}, raising=False)
    card = dataset_card(selection_for(project=data.project, actor=None))
    assert card.endswith("## Licence\n\ncc-by-4.0\n")


def test_the_card_is_markdown_safe(data):
    services.label_update(
        label=data.project.labels.get(value="figure"), actor=None, description="a | b\nc"
    )
    card = dataset_card(selection_for(project=data.project, actor=None))
    assert "| figure | Figure | a \\| b c |" in card
