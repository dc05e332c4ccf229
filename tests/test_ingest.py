"""The dump cleaner: splitting, titles, captions, body offsets, reference dates."""

from pathlib import Path

import pytest

from wirecoder.ingest import clean_article, read_paths, split_dump
from wirecoder.ingest.captions import caption_score, split_credit
from wirecoder.ingest.normalize import normalize_text
from wirecoder.ingest.reference_date import dateline_date, is_date_only, parse_metadata_date
from wirecoder.ingest.units import split_units

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "asharq-al-awsat-2024-12.txt"


def assert_offsets_exact(article):
    paragraphs = article.text.split("\n\n") if article.text else []
    assert [article.text[s:e] for s, e in article.paragraphs] == paragraphs
    assert all(p.strip() == p and p for p in paragraphs)


def all_fields(article):
    parts = [article.title, article.text, article.source or ""]
    for caption in article.captions:
        parts += [caption.text, caption.credit or ""]
    return parts


def test_example_dump_end_to_end():
    articles = list(read_paths([EXAMPLE]))
    assert [a.title for a in articles] == [
        "Blinken Presses Iraq on Iran-Backed Groups, Seeing Syria Window",
        "Qatar and Jordan Pledge Support to Syria",
    ]
    first, second = articles
    assert first.text.startswith("US Secretary of State Antony Blinken pressed Iraq")
    assert second.text.startswith("Qatar is ready to invest in Syria's energy sector")
    assert [c.credit for c in first.captions] == ["Iraqi Prime Minister's Media Office / AFP"]
    assert [c.credit for c in second.captions] == ["Petra/dpa"]
    assert first.captions[0].text.startswith("This handout picture released by")
    assert first.captions[0].text.endswith("December 13, 2024.")
    assert (first.reference_date, first.reference_date_origin) == ("2024-12-13", "caption")
    assert (second.reference_date, second.reference_date_origin) == ("2024-12-23", "caption")
    for article in articles:
        assert article.source is None  # a plain-text dump does not name its outlet; the file name is not one
        assert not any("TT" in field.split() for field in all_fields(article))
        assert "\nTT" not in article.text and article.title not in article.text
        assert not any(c.text in article.text for c in article.captions)
        assert_offsets_exact(article)
    # The all-capital subheading stays in the body as its own paragraph.
    assert "JORDAN WILL PROVIDE AID" in second.text.split("\n\n")
    assert second.text.endswith("not interested in engaging in any new conflicts.")
    assert first.id != second.id


THREE_ARTICLES = """\
Rebels Seize Airport Near Capital
Rebel fighters gather on the runway of the airport outside the capital on March 2, 2023. (Reuters)
Rebel fighters gather on the runway of the airport outside the capital on March 2, 2023. (Reuters)
XYZ

Rebels Seize Airport Near Capital

Rebel fighters gather on the runway of the airport outside the capital on March 2, 2023. (Reuters)

Rebel fighters seized the main airport near the capital on Thursday, a military spokesman said, \
in the biggest advance of the year.

The army said it had withdrawn to new positions to protect civilians.

Advertisement

Talks between the two sides are due to resume next week in a neighbouring country.



Ministers Agree Grain Deal

LONDON, March 3, 2023 - Agriculture ministers agreed on Friday to extend a grain export deal \
by four months, officials said.

The deal had been due to expire at the end of the month.

ANOTHER ROUND OF TALKS

A further meeting is planned for April, the officials said, and more countries may join.

-----

Storm Closes Ports Along the Coast
Saturday, 4 March 2023 - 10:45
By Jane Doe

A storm closed ports along the coast on Saturday, stranding hundreds of ships and delaying \
deliveries of fuel, port officials said.

A port worker secures a crane ahead of the storm (AP Photo/Sam Smith)

Forecasters expect the winds to ease by Monday evening, allowing ports to reopen.
"""


def test_hand_made_dump_with_three_articles():
    articles = split_dump(THREE_ARTICLES, source="wire")
    assert [a.title for a in articles] == [
        "Rebels Seize Airport Near Capital",
        "Ministers Agree Grain Deal",
        "Storm Closes Ports Along the Coast",
    ]
    first, second, third = articles
    assert len(first.captions) == 1 and first.captions[0].credit == "Reuters"
    assert first.text.startswith("Rebel fighters seized the main airport")
    assert "Advertisement" not in first.text and "XYZ" not in first.text
    assert (first.reference_date, first.reference_date_origin) == ("2023-03-02", "caption")
    assert (second.reference_date, second.reference_date_origin) == ("2023-03-03", "dateline")
    assert "ANOTHER ROUND OF TALKS" in second.text.split("\n\n")
    assert "-----" not in second.text and "Storm" not in second.text
    assert (third.reference_date, third.reference_date_origin) == ("2023-03-04", "metadata")
    assert third.text.startswith("A storm closed ports")
    assert "By Jane Doe" not in third.text
    assert [(c.text, c.credit) for c in third.captions] == [
        ("A port worker secures a crane ahead of the storm", "AP Photo/Sam Smith")
    ]
    assert all(a.source == "wire" for a in articles)
    for article in articles:
        assert_offsets_exact(article)


def test_date_line_before_a_headline_goes_with_that_article():
    paragraph = "Officials said the measures would stay in place until the end of the month at least. " * 2
    dump = (f"Curfew extended in capital\n\n{paragraph}\n\n\n\n14 March 2023\nPorts reopen after storm\n\n"
            f"{paragraph.replace('measures', 'ports')}\n")
    first, second = split_dump(dump)
    assert (first.title, first.reference_date) == ("Curfew extended in capital", None)
    assert (second.title, second.reference_date, second.reference_date_origin) == (
        "Ports reopen after storm", "2023-03-14", "metadata")
    assert "14 March" not in first.text + second.text


def test_single_article_with_headline_line():
    text = (
        "Ad sales boost media profits\n\nQuarterly profits at the media group rose 76% to $1.13bn.\n\n"
        "The firm, one of the biggest investors in search, benefited from higher advert sales.\n"
    )
    [article] = split_dump(text)
    assert article.title == "Ad sales boost media profits"
    assert article.text.split("\n\n") == [
        "Quarterly profits at the media group rose 76% to $1.13bn.",
        "The firm, one of the biggest investors in search, benefited from higher advert sales.",
    ]
    assert article.captions == [] and article.reference_date is None
    assert_offsets_exact(article)


def test_wide_gap_inside_one_article_does_not_split_without_a_headline():
    body = "The minister said the plan would be published soon, after talks with the unions. " * 3
    text = (f"Plan delayed again\n\n{body}\n\n\n\nCritics said the plan came too late for the region.\n\n"
            f"{body.replace('minister', 'mayor')}")
    [article] = split_dump(text)
    assert article.title == "Plan delayed again"
    assert len(article.paragraphs) == 3


def test_repeated_short_line_is_not_a_headline_boundary():
    text = (
        "Cup draw made for regional finals\n\nThe draw for the regional finals was made on Monday.\n\n"
        "Team A v Team B\n\nWinners meet in final match\n\nTeam C v Team D\n\nWinners meet in final match\n"
    )
    [article] = split_dump(text)
    assert article.text.count("Winners meet in final match") == 2
    assert article.captions == []


def test_captions_need_more_than_one_cue():
    assert split_credit("Ministers meet in Damascus on Monday to discuss aid. (Petra/dpa)") == (
        "Ministers meet in Damascus on Monday to discuss aid.", "Petra/dpa", 2)
    assert split_credit("Officials meet in Baghdad. (Photo: AFP)")[1] == "AFP"
    # A body sentence ending in an acronym in brackets is not a caption.
    body = "Sharaa led the offensive by Hayat Tahrir al-Sham (HTS)"
    assert caption_score(body, copies=1, adjacent_copy=False) < 2
    assert caption_score(body + ".", copies=2, adjacent_copy=False) < 2
    line = "A man waves a flag in the main square of the capital on Sunday"
    assert caption_score(line, copies=2, adjacent_copy=True) >= 2


def test_caption_copies_are_kept_once_with_credit():
    dump = (
        "Aid convoy reaches besieged town\n\n"
        "Trucks carrying food wait at a crossing near the town on May 5, 2022.\n"
        "Trucks carrying food wait at a crossing near the town on May 5, 2022. (Anadolu)\n\n"
        "An aid convoy reached the besieged town on Thursday, the United Nations said.\n"
    )
    [article] = split_dump(dump)
    assert [(c.text, c.credit) for c in article.captions] == [
        ("Trucks carrying food wait at a crossing near the town on May 5, 2022.", "Anadolu")
    ]
    assert article.text == "An aid convoy reached the besieged town on Thursday, the United Nations said."


@pytest.mark.parametrize("value, expected", [
    ("2024-12-13T23:30:00-05:00", "2024-12-13"),
    ("Fri, 13 Dec 2024 10:00:00 GMT", "2024-12-13"),
    ("December 13, 2024", "2024-12-13"),
    ("13/12/2024", "2024-12-13"),
    (1734048000, "2024-12-13"),
    ("last Friday", None),
    ("December 2024", None),
    ("", None),
])
def test_metadata_dates(value, expected):
    parsed = parse_metadata_date(value)
    assert (parsed.isoformat() if parsed else None) == expected


@pytest.mark.parametrize("paragraph, hint, expected", [
    ("WASHINGTON, Dec. 13 (Reuters) - The United States said on Friday ...", 2024, "2024-12-13"),
    ("WASHINGTON, Dec. 13 (Reuters) - The United States said on Friday ...", None, None),
    ("13 December 2024 - The United States said on Friday ...", None, "2024-12-13"),
    ("December 13, 2024 — The United States said on Friday ...", None, "2024-12-13"),
    ("The talks on December 13, 2024 ended - as expected - without a deal.", None, None),
    ("BEIRUT (AP) — Israeli strikes hit the city on Friday.", 2024, None),
])
def test_dateline_dates(paragraph, hint, expected):
    found = dateline_date(paragraph, hint)
    assert (found.isoformat() if found else None) == expected


def test_dateline_year_comes_from_caption_and_metadata_wins():
    text = (
        "CAIRO, Jan. 5 (Reuters) - Egypt said on Sunday it would host new talks.\n\n"
        "Delegates arrive for talks in Cairo on January 4, 2025. (Reuters/Staff)\n"
    )
    article = clean_article(text, title="Egypt to host talks")
    assert (article.reference_date, article.reference_date_origin) == ("2025-01-05", "dateline")
    article = clean_article(text, title="Egypt to host talks", date="2025-01-06")
    assert (article.reference_date, article.reference_date_origin) == ("2025-01-06", "metadata")


def test_date_only_lines():
    assert is_date_only("Saturday, 14 December, 2024 - 10:45")
    assert is_date_only("Published: 13 December 2024 10:30 GMT")
    assert not is_date_only("Talks end on 13 December 2024")


def test_normalize_keeps_punctuation_and_fixes_spacing():
    raw = "“Quoted”  text — here   \r\nsecond\tline \rthird&#163;5\u00a0m"
    assert normalize_text(raw) == "“Quoted” text — here\nsecond line\nthird£5 m"


def test_hard_wrapped_paragraphs_are_joined():
    text = (
        "Officials said on Monday that the talks would continue\n"
        "through the week, with delegations from both countries\n"
        "expected on Tuesday.\n"
        "A second round is planned for next month in the\n"
        "neighbouring country, the officials added today.\n"
    )
    units = split_units(normalize_text(text))
    assert [u.text for u in units] == [
        "Officials said on Monday that the talks would continue through the week, with delegations "
        "from both countries expected on Tuesday.",
        "A second round is planned for next month in the neighbouring country, the officials added today.",
    ]


ONE_LINE_ARTICLES = [
    ("Militants attack village in Borno", "By Amina Yusuf", "Published 3 May 2024", [
        "Militants attacked a village in northeast Nigeria on Friday, killing at least five people, residents said.",
        "The attackers arrived on motorcycles and set fire to houses and a market, according to a local official.",
        "Troops were deployed to the area later in the day, the army said in a statement."]),
    ("Flooding displaces thousands in Sindh", "By Omar Khan", "Published 4 May 2024", [
        "Heavy rain flooded dozens of villages in southern Pakistan, forcing thousands of families from their homes.",
        "Relief officials said boats were being sent to reach people stranded on rooftops and embankments."]),
    ("Talks on grain corridor resume in Ankara", "By Selin Demir", "Published 6 May 2024", [
        "Negotiators from both countries met in the Turkish capital on Monday to revive a deal on grain shipments.",
        "A spokesman said the talks were constructive and would continue for a second day on Tuesday.",
        "Shipping companies have waited for weeks for guarantees of safe passage through the sea lanes."]),
]


@pytest.mark.parametrize("separator", ["\n\n", "\n\n\n\n", "\n-----\n", "\n\n* * *\n\n"])
@pytest.mark.parametrize("date_first", [False, True])
def test_one_line_per_paragraph_dump_splits_into_its_articles(separator: str, date_first: bool) -> None:
    """Each paragraph one line, no blank line inside an article; one or more blank lines or a rule between."""
    def header(title: str, byline: str, published: str) -> list[str]:
        return [published, title, byline] if date_first else [title, byline, published]

    text = separator.join("\n".join([*header(t, b, d), *ps]) for t, b, d, ps in ONE_LINE_ARTICLES) + "\n"
    articles = split_dump(text)
    assert [a.title for a in articles] == [t for t, _, _, _ in ONE_LINE_ARTICLES]
    assert [a.text.split("\n\n") for a in articles] == [ps for _, _, _, ps in ONE_LINE_ARTICLES]
    assert [(a.reference_date, a.reference_date_origin) for a in articles] == [
        ("2024-05-03", "metadata"), ("2024-05-04", "metadata"), ("2024-05-06", "metadata")]
    for article in articles:
        assert_offsets_exact(article)


def test_read_more_related_topics_and_copyright_lines_are_dropped() -> None:
    body = ONE_LINE_ARTICLES[0][3]
    text = "\n\n".join([body[0], "Read more: Army says rebels retreat from the border", body[1], "Related Topics",
                        "Nigeria", body[2], "© 2024 Example News", "Copyright 2024 Example Media. All rights reserved."])
    article = clean_article(text, title="Militants attack village")
    assert article.text.split("\n\n") == [body[0], body[1], "Nigeria", body[2]]
    # Sentences that merely start like those lines stay.
    kept = ["Copyright law was changed in 2019 after a long debate among lawmakers.",
            "Read more about the talks in the ministry's statement, officials said."]
    assert clean_article("\n\n".join(kept), title="Law").text.split("\n\n") == kept
