"""Source is the outlet (metadata, og:site_name, feed channel, --source, URL host), never the file name;
--date gives undated inputs their reference date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wirecoder.errors import InputError
from wirecoder.ingest import read_paths
from wirecoder.ingest.outlet import choose_source, source_name, url_outlet
from wirecoder.ingest.given import Undated
from wirecoder.model import CodedArticle
from wirecoder.store import Store

BODY = ("Rebel fighters seized the main airport outside the capital on Friday, the army said, after two days "
        "of clashes with government troops. Flights were suspended until further notice.")


def html_page(title: str, url: str, site: str | None) -> str:
    site_meta = f'<meta property="og:site_name" content="{site}">' if site else ""
    return (f'<!doctype html><html><head><title>{title}</title>{site_meta}<link rel="canonical" href="{url}">'
            f"</head><body><article><h1>{title}</h1><p>{BODY}</p><p>{title}: officials gave no figures "
            f"for the wounded.</p></article></body></html>")


def rss(channel: str, titles: list[str]) -> str:
    items = "".join(f"<item><title>{t}</title><link>https://coast.example/{i}</link>"
                    f"<description>{BODY} {t}.</description></item>" for i, t in enumerate(titles))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{channel}</title>{items}</channel></rss>'


def test_a_folder_from_three_outlets_counts_three_sources(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "wire-1.html").write_text(html_page("Airport seized", "https://www.dailywire.example/a", "Daily Wire"))
    (corpus / "wire-2.html").write_text(html_page("Flights halted", "https://www.dailywire.example/b", "Daily Wire"))
    (corpus / "herald.html").write_text(html_page("Army regroups", "https://news.herald.example/c", None))
    (corpus / "feed.xml").write_text(rss("Coast Radio", ["Curfew declared", "Talks offered"]))
    (corpus / "more.jsonl").write_text(json.dumps({"title": "Roads reopen", "text": BODY, "source": "Daily Wire"}))
    articles = list(read_paths([corpus]))
    assert sorted(a.source for a in articles) == ["Coast Radio", "Coast Radio", "Daily Wire", "Daily Wire",
                                                  "Daily Wire", "news.herald.example"]
    with Store(tmp_path / "news.duckdb") as store:
        store.write([CodedArticle(article=a) for a in articles])
        assert store.summary()["sources"] == 3


def test_the_given_source_names_inputs_that_do_not_say(tmp_path: Path) -> None:
    (tmp_path / "dump.txt").write_text(f"Airport seized\n\n{BODY}\n", encoding="utf-8")
    (tmp_path / "own.jsonl").write_text(json.dumps({"title": "Roads reopen", "text": BODY, "source": "Wire"}))
    (tmp_path / "url.jsonl").write_text(json.dumps({"title": "Curfew", "text": BODY, "url": "https://x.example/1"}))
    by_title = {a.title: a.source for a in read_paths([tmp_path], source="Field Notes")}
    assert by_title == {"Airport seized": "Field Notes", "Roads reopen": "Wire", "Curfew": "Field Notes"}
    by_title = {a.title: a.source for a in read_paths([tmp_path])}
    assert by_title == {"Airport seized": None, "Roads reopen": "Wire", "Curfew": "x.example"}


def test_outlet_helpers() -> None:
    assert url_outlet("https://www.bbc.co.uk/news/world-1") == "bbc.co.uk"
    assert url_outlet("http://WWW.Example.ORG.") == "example.org"
    assert url_outlet("https://www.com/") == "www.com"  # a bare "www." host keeps its name
    assert url_outlet("rw:acled:1") is None and url_outlet("not a url") is None and url_outlet(None) is None
    assert source_name({"id": "reuters", "name": "Reuters"}) == "Reuters"
    assert source_name("  Al  Jazeera ") == "Al Jazeera" and source_name("") is None and source_name(True) is None
    assert choose_source(None, "Given", "https://a.example/x") == "Given"
    assert choose_source("Own", "Given", "https://a.example/x") == "Own"


def test_the_given_date_is_the_reference_date_of_undated_inputs(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"Airport seized\n\n{BODY}\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"title": "Dated", "text": BODY, "date": "2024-03-01"}))
    undated = Undated()
    articles = list(undated.watch(read_paths([tmp_path])))
    assert [a.reference_date for a in articles] == [None, "2024-03-01"] and undated.count == 1
    assert "1 article got no reference date" in undated.warning() and "--date" in undated.warning()
    undated = Undated()
    articles = list(undated.watch(read_paths([tmp_path], date="2024-05-06")))
    assert [(a.reference_date, a.reference_date_origin) for a in articles] == [("2024-05-06", "option"),
                                                                              ("2024-03-01", "metadata")]
    assert undated.count == 0 and undated.warning() is None


@pytest.mark.parametrize("bad", ["2024-02-30", "2024-13-01", "20240506", "May 6", "2024-5-6"])
def test_a_date_that_is_not_a_day_is_an_input_error(tmp_path: Path, bad: str) -> None:
    (tmp_path / "a.txt").write_text(f"Airport seized\n\n{BODY}\n", encoding="utf-8")
    with pytest.raises(InputError, match="--date must be a day written YYYY-MM-DD"):
        read_paths([tmp_path], date=bad)
