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
