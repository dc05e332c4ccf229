"""Synthetic coded articles of realistic shape, to time the store without spaCy.

    python -m wirecoder.store.synthetic --articles 1000 --batch 20

writes that many articles (about 20 events, 10 entities, 4 quotes and 4 places
each) into a fresh temporary store and prints the time per 1,000 articles.
Deterministic: the same index gives the same article, so a re-run skips.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from wirecoder.model import ActorRef, Article, CodedArticle, Entity, Event, Place, Quote, Sentence, TimeRef, content_id

_NAMES = [("Antony Blinken", "USA", "GOV"), ("Iraq", "IRQ", None), ("Hamas", "PSE", "REB"),
          ("United Nations", None, "IGO"), ("Israeli army", "ISR", "MIL"), ("Reuters", None, "MED")]
_TYPES = [("CONSULT", "040"), ("ACCUSE", "112"), ("AID", "070"), ("ASSAULT", "180"), ("COOPERATE", "050")]


def synthetic_article(index: int, events: int = 20, entities: int = 10, quotes: int = 4,
                      places: int = 4) -> CodedArticle:
    rng = random.Random(index)
    day = (dt.date(2024, 1, 1) + dt.timedelta(days=index % 366)).isoformat()
    sentences_text = [f"Sentence {i} of article {index} says something about {rng.choice(_NAMES)[0]}."
                      for i in range(max(events, 1))]
    text = " ".join(sentences_text)
    article = Article(title=f"Synthetic article {index}", text=text, source="synthetic",
                      reference_date=day, reference_date_origin="metadata")
    aid = article.id
    sentences, offset = [], 0
    for i, s in enumerate(sentences_text):
        sentences.append(Sentence(aid, i, offset, offset + len(s), s))
        offset += len(s) + 1

    def ref() -> ActorRef:
        name, country, sector = rng.choice(_NAMES)
        return ActorRef(text=name, name=name, country=country, sector=sector, start=0, end=len(name))

    def place(i: int) -> Place:
        return Place(text=f"Town{i}", name=f"Town{i}", country="IQ", lat=33.3 + i, lon=44.4 - i,
                     geonameid=98182 + i, feature="P.PPL", start=i, end=i + 5, article_id=aid)

    coded_events = []
    for i in range(events):
        s = sentences[i % len(sentences)]
        plover, cameo = rng.choice(_TYPES)
        coded_events.append(Event(
            id=content_id(aid, i), article_id=aid, sentence=s.text, start=s.start, end=s.end, event=plover,
            cameo=cameo, quad_class=1 + i % 4, goldstein=rng.uniform(-10, 10), actor=[ref()],
            recipient=[ref()] if i % 3 else [],
            date=TimeRef(text="on Monday", value=day, granularity="day", start=s.start, end=s.start + 9)
            if i % 2 else None,
            location=place(i) if i % 4 == 0 else None, confidence=rng.random(), trigger="met",
            trigger_start=s.start, trigger_end=s.start + 3,
        ))
    return CodedArticle(
        article=article,
        sentences=sentences,
        entities=[Entity(name=f"Entity {index % 50}-{i}", label="PERSON", country="USA", mentions=i + 1,
                         article_ids=[aid], aliases=[f"E{i}"], spans=[(0, 3)]) for i in range(entities)],
        events=coded_events,
        quotes=[Quote(id=content_id(aid, "q", i), article_id=aid, text=f"quote {i}", kind="direct",
                      start=i, end=i + 7, speaker=ref(), cue="said") for i in range(quotes)],
        places=[place(i) for i in range(places)],
        times=[TimeRef(text="Monday", value=day, granularity="day")],
    )


# A workbench-shaped corpus: several outlets, named and generic actors, events with and without a
# PLOVER type, dates of every precision (a few far outside the articles' year), locations in
# several countries at town and country precision.
_OUTLETS = ["Wire North", "Gulf Daily", "Levant Post", "Capital Times", "Harbour Herald", "Desert Courier"]
_VARIED_NAMES = [("Antony Blinken", "USA", "GOV"), ("Iraq", "IRQ", "GOV"), ("Hamas", "PSE", "REB"),
                 ("United Nations", None, "IGO"), ("Israeli army", "ISR", "MIL"), ("Syria", "SYR", "GOV"),
                 ("Keir Starmer", "GBR", "GOV"), ("Ukraine", "UKR", "GOV"), ("Russia", "RUS", "GOV"),
                 ("Hezbollah", "LBN", "REB"), ("Qatar", "QAT", "GOV"), ("Jordan", "JOR", "GOV"),
                 ("government", None, "GOV"), ("60 people", None, "CVL"), ("his party", None, "OPP")]
_VARIED_TYPES = [("CONSULT", "040", 1), ("ACCUSE", "112", 3), ("AID", "070", 2), ("ASSAULT", "180", 4),
                 ("COOPERATE", "050", 2), ("DEMAND", "100", 3), ("AGREE", "057", 1), ("THREATEN", "130", 3),
                 ("PROTEST", "140", 3), ("REQUEST", "020", 1), ("SUPPORT", "051", 1), ("COERCE", "170", 4),
                 ("", "", None)]
_VARIED_PLACES = [("Baghdad", "IQ", 33.34, 44.40, 98182, "P.PPLC"), ("Damascus", "SY", 33.51, 36.29, 170654, "P.PPLC"),
                  ("London", "GB", 51.51, -0.13, 2643743, "P.PPLC"), ("Kyiv", "UA", 50.45, 30.52, 703448, "P.PPLC"),
                  ("Tyre", "LB", 33.27, 35.20, 267008, "P.PPL"), ("Syria", "SY", 35.0, 38.0, 163843, "A.PCLI"),
                  ("Iraq", "IQ", 33.0, 44.0, 99237, "A.PCLI"), ("Mosul", "IQ", 36.34, 43.13, 99072, "P.PPLA")]


def varied_article(index: int, events: int = 5) -> CodedArticle:
    """One article of a corpus with the variety an analyst filters by (see the constants above)."""
    rng = random.Random(f"varied-{index}")
    day = dt.date(2024, 1, 1) + dt.timedelta(days=index % 366)
    outlet = _OUTLETS[index % len(_OUTLETS)]
    picks = [rng.choice(_VARIED_NAMES) for _ in range(events * 2)]
    sentences_text = [f"In report {index}.{i}, {picks[2 * i][0]} dealt with {picks[2 * i + 1][0]}."
                      for i in range(events)]
    text = " ".join(sentences_text)
    url = f"https://news.example/{outlet.lower().replace(' ', '-')}/{index}"
    if index % 500 == 7:
        url = "javascript:alert(document.domain)"  # stored as given; the page must not make it a link
    article = Article(title=f"{outlet} report {index}: {picks[0][0]} and {picks[1][0]}", text=text, source=outlet,
                      reference_date=day.isoformat(), reference_date_origin="metadata", url=url)
    aid = article.id
    sentences, offset = [], 0
    for i, sentence in enumerate(sentences_text):
        sentences.append(Sentence(aid, i, offset, offset + len(sentence), sentence))
        offset += len(sentence) + 1

    def ref(pick: tuple[str, str | None, str | None], sentence: Sentence) -> ActorRef:
        name, country, sector = pick
        start = sentence.start + sentence.text.index(name)
        return ActorRef(text=name, name=name, country=country, sector=sector, start=start, end=start + len(name))

    coded_events, places = [], []
    for i, s in enumerate(sentences):
        plover, cameo, quad = rng.choice(_VARIED_TYPES)
        roll = rng.random()
        date = None
        if roll < 0.45:
            date = TimeRef(text="on Monday", value=day.isoformat(), granularity="day")
        elif roll < 0.6:
            date = TimeRef(text="this month", value=day.isoformat()[:7], granularity="month")
        elif roll < 0.62:
            far = dt.date(1991 if rng.random() < 0.5 else 2031, 6, 1)
            date = TimeRef(text="back then", value=far.isoformat(), granularity="day")
        location = None
        if rng.random() < 0.5:
            name, country, lat, lon, gid, feature = rng.choice(_VARIED_PLACES)
            location = Place(text=name, name=name, country=country, lat=lat, lon=lon, geonameid=gid, feature=feature,
                             start=s.start, end=s.start + 2, article_id=aid)
            places.append(location)
        trigger = s.text.index("dealt")
        coded_events.append(Event(
            id=content_id(aid, "v", i), article_id=aid, sentence=s.text, start=s.start, end=s.end, event=plover,
            cameo=cameo, quad_class=quad, goldstein=rng.uniform(-10, 10), actor=[ref(picks[2 * i], s)],
            recipient=[ref(picks[2 * i + 1], s)] if picks[2 * i] != picks[2 * i + 1] else [], date=date,
            location=location, confidence=round(rng.uniform(0.2, 1.0), 3), trigger="dealt",
            trigger_start=s.start + trigger, trigger_end=s.start + trigger + 5))
    speaker = ref(picks[0], sentences[0])
    quotes = [Quote(id=content_id(aid, "vq", 0), article_id=aid, text=sentences[0].text[:20], kind="direct",
                    start=0, end=20, speaker=speaker, cue="said")]
    if index % 10 == 0:  # a partial quote inside the first: listed once, as the longer one
        quotes.append(Quote(id=content_id(aid, "vq", 1), article_id=aid, text=sentences[0].text[5:15], kind="direct",
                            start=5, end=15, speaker=speaker, cue="said"))
    return CodedArticle(article=article, sentences=sentences,
                        entities=[Entity(name=p[0], label="PERSON" if " " in p[0] else "GPE", country=p[1],
                                         mentions=1, article_ids=[aid]) for p in dict.fromkeys(picks)],
                        events=coded_events, quotes=quotes, places=places,
                        times=[TimeRef(text="Monday", value=day.isoformat(), granularity="day")])


def build_workbench_store(path: str | Path, articles: int = 2000, events: int = 5, batch: int = 250) -> int:
    """Write ``articles`` varied articles into the store at ``path``; returns the events written."""
    from wirecoder.store import Store

    with Store(path) as store:
        for begin in range(0, articles, batch):
            store.write([varied_article(i, events) for i in range(begin, min(articles, begin + batch))])
        return store.counts()["events"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=20, help="articles per write (one transaction)")
    args = parser.parse_args()

    from wirecoder.store import Store

    articles = [synthetic_article(i) for i in range(args.articles)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        cpu0, wall0 = time.process_time(), time.perf_counter()
        with Store(path) as store:
            for begin in range(0, len(articles), args.batch):
                store.write(articles[begin:begin + args.batch])
            counts = store.counts()
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    per_k = 1000 / max(args.articles, 1)
    print(f"{args.articles} articles in batches of {args.batch}: {wall:.2f} s wall, {cpu:.2f} s CPU "
          f"({wall * per_k:.2f} s wall, {cpu * per_k:.2f} s CPU per 1,000 articles)")
    print("rows:", counts)


if __name__ == "__main__":
    main()
