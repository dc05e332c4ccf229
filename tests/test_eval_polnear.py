"""The PolNeAR scorer on a tiny brat directory written here."""

from pathlib import Path

import pytest

from wirecoder.errors import InputError
from wirecoder.evaluate import polnear
from wirecoder.model import ActorRef, Quote

TEXT = '"We will win," Smith said. Jones said the plan failed. The sky was blue.\n'
ANN = "\n".join([
    "T1\tContent 1 12\tWe will win",
    "T2\tCue 21 25\tsaid",
    "T3\tSource 15 20\tSmith",
    "E1\tAttribution:T2 Content:T1 Cue:T2 Source:T3",
    "T4\tSource 27 32\tJones",
    "T5\tCue 33 37\tsaid",
    "T6\tContent 38 53\tthe plan failed",
    "E2\tAttribution:T5 Source:T4 Cue:T5 Content:T6",
    "T7\tContent 55 71\tThe sky was blue",
    "E3\tAttribution:T7 Content:T7",
    "",
])
GOLD_DEV = Path(__file__).resolve().parents[1] / ".." / "shared" / "gold" / "polnear" / "dev"


@pytest.fixture
def split(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc1.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "doc1_aaaa.ann").write_text(ANN, encoding="utf-8")
    # A second annotator's file: ignored, the first in name order is used.
    (tmp_path / "attributions" / "doc1_bbbb.ann").write_text("", encoding="utf-8")
    return tmp_path


def quote(start, end, speaker=None, cue_start=None, kind="direct"):
    return Quote(id=str(start), article_id="doc1", text=TEXT[start:end], kind=kind, start=start, end=end,
                 speaker=speaker, cue="said" if cue_start is not None else None, cue_start=cue_start,
                 cue_end=cue_start + 4 if cue_start is not None else None)


def test_parse_ann_reads_discontinuous_spans_and_roles():
    text = "T1\tContent 0 5;10 15\tabcde fghij\nT2\tSource 20 25\tSmith\nE1\tAttribution:T1 Content:T1 Source:T2\n"
    (gold,) = polnear.parse_ann(text)
    assert gold.content == [(0, 5), (10, 15)]
    assert gold.source == [(20, 25)] and gold.source_text == "Smith"


def test_load_split_takes_the_first_annotator(split):
    (document,) = polnear.load_split(split)
    assert document.name == "doc1" and len(document.gold) == 3


def test_load_split_rejects_other_folders(tmp_path):
    with pytest.raises(InputError):
        polnear.load_split(tmp_path)


def test_score_document_counts_matches_and_speakers(split):
    (document,) = polnear.load_split(split)
    smith = ActorRef(text="Smith", name="Smith", start=15, end=20)
    wrong = ActorRef(text="The sky", name="The sky", start=55, end=62)
    quotes = [
        quote(1, 12, smith, cue_start=21),
        quote(38, 53, wrong, cue_start=33, kind="indirect"),
        quote(15, 20, None, cue_start=None),  # overlaps nothing: a false positive
    ]
    counts = polnear.score_document(document, quotes)
    assert counts == {"gold": 3, "predicted": 3, "matched": 2, "speaker_pairs": 2, "speaker_correct": 1,
                      "speaker_overlap": 1}
    result = polnear.summarise(counts, 1)
    assert result["content_precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["content_recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["content_f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["speaker_accuracy"] == 0.5


def test_overlap_rule_is_half_of_the_shorter_span(split):
    (document,) = polnear.load_split(split)
    # "plan failed. The sky": 2 of its 4 tokens are in gold E2 (3 tokens), 2 in E3 (4 tokens): matched once.
    counts = polnear.score_document(document, [quote(42, 62)])
    assert counts["matched"] == 1
    # "Jones said the": 1 token of 3 in gold E2: below half of the shorter one.
    assert polnear.score_document(document, [quote(27, 41)])["matched"] == 0


def test_pieces_sharing_a_cue_are_one_attribution_and_names_count_as_the_same_speaker(split):
    (document,) = polnear.load_split(split)
    elsewhere = ActorRef(text="he", name="John Smith", start=100, end=102)
    pieces = [quote(1, 5, elsewhere, cue_start=21), quote(6, 12, elsewhere, cue_start=21)]
    counts = polnear.score_document(document, pieces)
    assert counts["predicted"] == 1 and counts["matched"] == 1 and counts["speaker_correct"] == 1
    assert counts["speaker_overlap"] == 0


def test_evaluate_runs_the_pipeline_and_formats_a_table(split):
    result = polnear.evaluate(split)
    assert result["documents"] == 1
    assert result["gold"] == 3
    assert result["matched"] == 2 and result["predicted"] == 2
    assert result["content_precision"] == 1.0
    assert result["content_recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["content_f1"] == pytest.approx(0.8)
    assert result["speaker_accuracy"] == 1.0
    table = polnear.format_table(result)
    assert "content F1" in table and "0.800" in table and "speaker accuracy" in table


@pytest.mark.slow
@pytest.mark.skipif(not GOLD_DEV.is_dir(), reason="PolNeAR gold data not present")
def test_dev_sample_reaches_the_targets():
    result = polnear.evaluate(GOLD_DEV, limit=12)
    assert result["documents"] == 12
    assert result["content_f1"] >= 0.55
    assert result["speaker_accuracy"] >= 0.75
