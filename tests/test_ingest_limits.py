"""Per-article limits that hold before spaCy: article length, sentence length, word length.

Each cut is named in a warning (the article and the limit) and reported as a ``Loss``; the
defaults leave every real article of the shared corpus alone.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from wirecoder.ingest import read_paths
from wirecoder.ingest.limits import apply_article_limits, cut_long_tokens, shift_offset, split_long_stretches
from wirecoder.ingest.settings import DEFAULT_SETTINGS, IngestSettings
from wirecoder.model import Article

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
RUN_ON = "the envoy met the mayor and "


def read(path: Path, settings: IngestSettings = DEFAULT_SETTINGS):
    warnings, losses = [], []
    found = list(read_paths([path], warn=warnings.append, settings=settings, on_loss=losses.append))
    return found, warnings, losses


def longest_stretch(text: str) -> int:
    """Most words between two sentence ends or line breaks."""
    return max(len(part.split()) for part in re.split(r"(?<=[.!?])\s|\n", text))


def test_a_run_on_sentence_is_split_with_line_breaks_in_place_of_spaces() -> None:
    text = RUN_ON * 1000  # 6,000 words, no full stop
    split, breaks = split_long_stretches(text, 300)
    assert len(split) == len(text) and breaks >= 20
    assert longest_stretch(split) <= 300
    assert [i for i, (a, b) in enumerate(zip(text, split)) if a != b] == [i for i, c in enumerate(split) if c == "\n"]
    assert all(split[i + 1:i + 4] == "and" for i, c in enumerate(split) if c == "\n")  # before "and", not mid-clause


def test_a_break_goes_after_a_comma_when_there_is_one() -> None:
    text = ", ".join(f"delegate{i} arrived" for i in range(400))
    split, _ = split_long_stretches(text, 100)
    assert all(split[i - 1] == "," for i, c in enumerate(split) if c == "\n")
    assert longest_stretch(split) <= 100


def test_sentences_under_the_limit_are_left_alone() -> None:
    text = "The envoy met the mayor. " * 500 + "Then\n" + "word " * 250
    assert split_long_stretches(text, 300) == (text, 0)


def test_a_huge_word_is_cut_and_offsets_after_it_move_back() -> None:
    text = "Before it. " + "z" * 5000 + " after it."
    cut, removed = cut_long_tokens(text, 100)
    assert cut == "Before it. " + "z" * 100 + " after it."
    assert removed == [(111, 5011)] and shift_offset(len(text), removed) == len(cut)
    assert shift_offset(5, removed) == 5 and shift_offset(3000, removed) == 111


def test_paragraph_offsets_follow_a_cut_word() -> None:
    first, second = "Q" * 3000 + " ends here.", "The second paragraph stays whole."
    text = f"{first}\n\n{second}"
    article = Article(title="T", text=text, paragraphs=[(0, len(first)), (len(first) + 2, len(text))])
    limited, notes = apply_article_limits(article, DEFAULT_SETTINGS)
    assert [limit for limit, _ in notes] == ["max_token_chars"]
    start, end = limited.paragraphs[1]
    assert limited.text[start:end] == second and limited.id != article.id


def test_each_limit_warns_naming_the_article_and_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text("Run-on talks continue\n\n" + RUN_ON * 2000 + "\n\nA link " + "w" * 3000 + " was sent.\n",
                    encoding="utf-8")
    settings = dataclasses.replace(DEFAULT_SETTINGS, max_article_chars=40_000)
    [article], warnings, losses = read(path, settings)
    for limit in ("max_article_chars", "max_sentence_tokens"):
        [line] = [w for w in warnings if limit in w]
        assert "Run-on talks continue" in line and str(path) in line
    assert len(article.text) <= 40_000 and longest_stretch(article.text) <= 300
    assert {(x.kind, x.reason) for x in losses} == {("cut", "max_article_chars"), ("cut", "max_sentence_tokens")}
    assert {x.article_id for x in losses} == {article.id}  # the id of the article as it is stored


def test_a_megabyte_of_one_letter_words_is_cut_to_the_article_limit(tmp_path: Path) -> None:
    path = tmp_path / "letters.txt"
    path.write_text("x " * 500_000, encoding="utf-8")
    settings = dataclasses.replace(DEFAULT_SETTINGS, english_only=False)
    [article], warnings, losses = read(path, settings)
    assert len(article.text) <= DEFAULT_SETTINGS.max_article_chars
    assert longest_stretch(article.text) <= DEFAULT_SETTINGS.max_sentence_tokens
    assert any("max_article_chars" in w for w in warnings)


def test_a_huge_word_in_a_jsonl_record_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    body = "Officials said the talks would resume next week. " * 3 + "k" * 20_000
    path.write_text('{"title": "Record with a blob", "text": "%s"}\n' % body, encoding="utf-8")
    [article], warnings, losses = read(path)
    assert max(len(w) for w in article.text.split()) == DEFAULT_SETTINGS.max_token_chars
    assert [x.reason for x in losses] == ["max_token_chars"]
    assert "Record with a blob" in warnings[0] and "max_token_chars" in warnings[0]


@pytest.mark.skipif(not (CORPUS / "bbc").is_dir(), reason="needs ../shared/corpus")
def test_the_defaults_touch_no_real_article() -> None:
    warnings, losses = [], []
    found = list(read_paths([CORPUS / "bbc" / "politics", CORPUS / "samples"], warn=warnings.append,
                            on_loss=losses.append))
    assert len(found) > 400
    assert [x for x in losses if x.kind == "cut"] == []
    assert not [w for w in warnings if "max_" in w]
