"""brat: T offsets slice the .txt, A and R lines point at T lines, cross-article links listed."""

from tests.claims.exports.conftest import EMOJI_TEXT, export, unzip


def parse_ann(ann: str) -> dict[str, list[list[str]]]:
    lines = {"T": [], "A": [], "R": [], "#": []}
    for line in ann.splitlines():
        lines[line[0]].append(line.split("\t"))
    return lines


def fragments(where: str) -> list[tuple[int, int]]:
    _, _, offsets = where.partition(" ")
    return [tuple(int(x) for x in part.split(" ")) for part in offsets.split(";")]


def test_files_in_the_zip(data):
    files = unzip(export(data.project, "brat"))
    ids = [a.pk for a in vars(data.articles).values()]
    assert sorted(files) == sorted(
        [f"{pk}.txt" for pk in ids]
        + [f"{pk}.ann" for pk in ids]
        + ["annotation.conf", "cross_article_links.tsv", "README.md"]
    )
    assert files[f"{data.articles.emoji.pk}.txt"].decode() == EMOJI_TEXT  # CRLF and all
    readme = files["README.md"].decode()
    assert "Unicode code points" in readme
    assert "# Kim and Shoigu: Claimlens dataset" in readme


def test_t_lines_slice_the_text(data):
    files = unzip(export(data.project, "brat"))
    checked = 0
    for article in vars(data.articles).values():
        text = files[f"{article.pk}.txt"].decode()
        for tid, where, span in parse_ann(files[f"{article.pk}.ann"].decode())["T"]:
            assert " ".join(text[s:e] for s, e in fragments(where)) == span, tid
            checked += 1
    assert checked == 8 + 2  # claims and the two cues of "said"


def test_a_span_across_a_line_break_becomes_fragments(data):
    files = unzip(export(data.project, "brat"))
    ann = parse_ann(files[f"{data.articles.emoji.pk}.ann"].decode())
    said = next(t for t in ann["T"] if t[0] == f"T{data.claims.said.pk}")
    assert said[1] == "quote 164 196;198 205"
    assert said[2] == '„Russland, unser Freund, "hilft" immer.“'


def test_attributes_and_relations_point_at_t_lines(data):
    files = unzip(export(data.project, "brat"))
    for article in vars(data.articles).values():
        ann = parse_ann(files[f"{article.pk}.ann"].decode())
        tids = {t[0] for t in ann["T"]}
        for _, what in ann["A"]:
            assert what.split(" ")[1] in tids
        for _, what in ann["R"]:
            _, arg1, arg2 = what.split(" ")
            assert {arg1.removeprefix("Arg1:"), arg2.removeprefix("Arg2:")} <= tids
        for _, what, _ in ann["#"]:
            assert what.split(" ")[1] in tids
    ann = parse_ann(files[f"{data.articles.emoji.pk}.ann"].decode())
    relations = [what for _, what in ann["R"]]
    c = data.claims
    assert f"refines Arg1:T{c.date.pk} Arg2:T{c.meeting.pk}" in relations
    assert sum(r.startswith("Attribution ") for r in relations) == 2
    attributes = {what for _, what in ann["A"]}
    assert f"Modality T{c.meeting.pk} actual" in attributes


def test_cross_article_links_are_listed_apart(data):
    files = unzip(export(data.project, "brat"))
    rows = [line.split("\t") for line in files["cross_article_links.tsv"].decode().splitlines()]
    c, a, ln = data.claims, data.articles, data.links
    assert rows == [
        [
            "link_id",
            "relation",
            "from_article",
            "from_t",
            "to_article",
            "to_t",
            "status",
            "annotator",
        ],
        [
            str(ln.across.pk),
            "same_event",
            str(a.emoji.pk),
            f"T{c.meeting.pk}",
            str(a.plain.pk),
            f"T{c.talks.pk}",
            "accepted",
            "rita",
        ],
        [
            str(ln.troops.pk),
            "discusses",
            str(a.emoji.pk),
            f"T{c.troops.pk}",
            str(a.plain.pk),
            f"T{c.talks.pk}",
            "accepted",
            "rita",
        ],
    ]
    plain = parse_ann(files[f"{a.plain.pk}.ann"].decode())
    assert {t[0] for t in plain["T"]} >= {f"T{c.talks.pk}"}


def test_annotation_conf_declares_the_schema(data):
    conf = unzip(export(data.project, "brat"))["annotation.conf"].decode()
    sections = conf.split("\n\n")
    assert sections[0].splitlines() == [
        "[entities]",
        "date",
        "meeting",
        "treaty_term",
        "quote",
        "role",
        "military_support",
        "figure",
        "statement",
        "Cue",
    ]
    assert "SourceKind\tArg:Cue, Value:state_media|news_agency|" in conf
    assert "\nsame_event\tArg1:" in conf
