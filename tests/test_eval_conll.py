"""The CoNLL-2003 scorer: IOB1 reading, documents as Docs, label mapping and conlleval-style scores."""

import pytest
import spacy

from wirecoder.errors import InputError
from wirecoder.evaluate.conll import (
    change_causes,
    evaluate,
    format_table,
    iob_spans,
    make_doc,
    predicted_spans,
    read_conll,
)

# Two documents; IOB1 with a B- tag between two adjacent PER chunks and an I-ORG right after an I-LOC.
CONLL = """-DOCSTART- -X- O O

Peter NNP I-NP I-PER
Blackburn NNP I-NP I-PER
John NNP I-NP B-PER
met VBD I-VP O
EU NNP I-NP I-ORG
officials NNS I-NP O
. . O O

Germany NNP I-NP I-LOC
Bundesbank NNP I-NP I-ORG
spoke VBD I-VP O
on IN I-PP O
Friday NNP I-NP O
. . O O

-DOCSTART- -X- O O

German JJ I-NP I-MISC
officials NNS I-NP O
visited VBD I-VP O
Paris NNP I-NP I-LOC
. . O O
"""


def ruler_nlp(patterns):
    """A blank English pipeline whose only component labels the given phrases: a predictable 'model'."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": label, "pattern": [{"ORTH": w} for w in text.split()]}
                        for text, label in patterns])
    return nlp


@pytest.fixture
def conll_file(tmp_path):
    path = tmp_path / "tiny.conll"
    path.write_text(CONLL, encoding="utf-8")
    return path


def test_iob1_chunks():
    tags = ["I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG", "I-ORG", "O", "I-MISC"]
    assert iob_spans(tags) == {(0, 2, "PER"), (2, 3, "PER"), (4, 5, "LOC"), (5, 7, "ORG"), (8, 9, "MISC")}


def test_iob2_reads_the_same_way():
    assert iob_spans(["B-PER", "I-PER", "B-PER", "B-LOC", "I-LOC"]) == {(0, 2, "PER"), (2, 3, "PER"),
                                                                         (3, 5, "LOC")}
    assert iob_spans(["O", "O"]) == set()


def test_bad_tag_is_an_input_error():
    with pytest.raises(InputError):
        iob_spans(["X-PER"])


def test_read_documents_with_offsets_in_document_tokens(conll_file):
    first, second = read_conll(conll_file)
    assert first.words[:3] == ["Peter", "Blackburn", "John"]
    assert first.sentence_starts == [0, 7]
    assert first.gold == {(0, 2, "PER"), (2, 3, "PER"), (4, 5, "ORG"), (7, 8, "LOC"), (8, 9, "ORG")}
    assert second.gold == {(0, 1, "MISC"), (3, 4, "LOC")}
    assert len(read_conll(conll_file, limit=1)) == 1


def test_empty_or_missing_file(tmp_path):
    empty = tmp_path / "empty.conll"
    empty.write_text("-DOCSTART- -X- O O\n\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_conll(empty)
    with pytest.raises(InputError):
        read_conll(tmp_path / "absent.conll")


def test_doc_keeps_gold_tokens_and_sentences(conll_file):
    document = read_conll(conll_file)[0]
    doc = make_doc(spacy.blank("en"), document)
    assert [t.text for t in doc] == document.words
    assert [s.start for s in doc.sents] == [0, 7]


def test_label_mapping_drops_types_conll_lacks():
    nlp = ruler_nlp([("Germany", "GPE"), ("Friday", "DATE"), ("German", "NORP"), ("Paris", "FAC")])
    doc = nlp("German troops left Germany for Paris on Friday")
    assert predicted_spans(doc) == {(0, 1, "MISC"), (3, 4, "LOC"), (5, 6, "LOC")}


def test_scores_raw_and_repaired(conll_file):
    # raw: right PER "Peter Blackburn", wrong type for EU (GPE), Germany right, Friday dropped (DATE),
    #      German right, Paris right; 4 of 5 mapped predictions correct, 7 gold.
    raw = ruler_nlp([("Peter Blackburn", "PERSON"), ("EU", "GPE"), ("Germany", "GPE"), ("Friday", "DATE"),
                     ("German", "NORP"), ("Paris", "GPE")])
    # repaired: EU fixed to ORG, Bundesbank added, German wrongly made a place
    repaired = ruler_nlp([("Peter Blackburn", "PERSON"), ("EU", "ORG"), ("Germany", "GPE"), ("Bundesbank", "ORG"),
                          ("German", "GPE"), ("Paris", "GPE")])
    errors = []
    result = evaluate(conll_file, nlp=repaired, raw_nlp=raw, errors=errors)
    assert result["documents"] == 2 and result["entities"] == 7 and result["sentences"] == 3
    assert (result["raw_all"]["tp"], result["raw_all"]["fp"], result["raw_all"]["fn"]) == (4, 1, 3)
    assert result["raw_precision"] == 0.8 and result["raw_recall"] == 0.5714 and result["raw_f1"] == 0.6667
    assert (result["all"]["tp"], result["all"]["fp"], result["all"]["fn"]) == (5, 1, 2)
    assert result["precision"] == 0.8333 and result["recall"] == 0.7143 and result["f1"] == 0.7692
    assert result["gain"] == round(0.7692 - 0.6667, 4)
    assert result["per_type"]["ORG"] == {"tp": 2, "fp": 0, "fn": 0, "support": 2, "predicted": 2,
                                         "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert result["raw_per_type"]["ORG"]["tp"] == 0 and result["raw_per_type"]["ORG"]["fn"] == 2
    assert result["per_type"]["MISC"]["fn"] == 1 and result["per_type"]["LOC"]["fp"] == 1
    # EU relabelled (helped twice: wrong LOC removed, right ORG added); German relabelled (hurt twice)
    assert result["changes"]["relabel"] == {"helped": 2, "hurt": 2, "net": 0}
    assert result["changes"]["added"] == {"helped": 1, "hurt": 0, "net": 1}
    assert {(e["text"], e["change"], e["helped"]) for e in errors if e["cause"] == "relabel"} == {
        ("EU", "removed", True), ("EU", "added", True), ("German", "removed", False), ("German", "added", False)}
    table = format_table(result)
    assert "raw spaCy" in table and "wirecoder" in table and "relabel" in table


def test_change_causes():
    raw = {(0, 1, "PER"), (3, 5, "LOC"), (6, 7, "MISC"), (9, 10, "ORG")}
    repaired = {(3, 4, "LOC"), (6, 7, "LOC"), (11, 12, "LOC")}
    causes = dict((span, cause) for cause, span in change_causes(raw, repaired, headline_tokens={0, 1}))
    assert causes == {(0, 1, "PER"): "headline", (3, 5, "LOC"): "boundary", (3, 4, "LOC"): "boundary",
                      (6, 7, "MISC"): "relabel", (6, 7, "LOC"): "relabel", (9, 10, "ORG"): "dropped",
                      (11, 12, "LOC"): "added"}


def test_real_model_runs_on_gold_tokens(conll_file, nlp):
    result = evaluate(conll_file, nlp=nlp, raw_nlp=nlp)
    assert result["f1"] == result["raw_f1"] and result["gain"] == 0.0
    assert result["per_type"]["LOC"]["tp"] >= 1  # Germany or Paris
    assert result["changes"] == {}
