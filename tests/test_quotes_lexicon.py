"""The reporting-cue lexicon and its compiled matcher."""

import pytest

from wirecoder.errors import LexiconError
from wirecoder.quotes.lexicon import CueMatcher, load_lexicon


def test_bundled_lexicon_loads_with_its_groups():
    lexicon = load_lexicon()
    for verb in ("say", "tell", "announce", "warn", "claim", "insist", "deny", "stress", "accuse", "urge"):
        assert verb in lexicon.speech
    assert "believe" in lexicon.cognition and "show" in lexicon.evidence
    assert "according to" in lexicon.according_to
    assert "call for" in lexicon.object_content and "urge" in lexicon.infinitive_content
    assert "continue" in lexicon.frame_only
    assert lexicon.object_content <= lexicon.verbs and lexicon.frame_only <= lexicon.verbs


def test_malformed_lexicon_raises(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("speech: [say, 3]\n", encoding="utf-8")
    with pytest.raises(LexiconError):
        load_lexicon(str(bad))
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("speech: [say]\nobject_content: [announce]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="announce"):
        load_lexicon(str(unknown))
    broken = tmp_path / "broken.yaml"
    broken.write_text("speech: [say\n", encoding="utf-8")
    with pytest.raises(LexiconError):
        load_lexicon(str(broken))


def test_matcher_finds_inflected_and_phrasal_cues(nlp):
    lexicon = load_lexicon()
    matcher = CueMatcher(nlp.vocab, lexicon)
    doc = nlp("She pointed out that he says a lot, called for calm and, according to aides, told them.")
    verbs, according = matcher.match(doc)
    found = {doc[i].text: entry for i, entry in verbs.items()}
    assert found["pointed"] == "point out"
    assert found["says"] == "say"
    assert found["called"] == "call for"
    assert found["told"] == "tell"
    assert [doc[s:e].text for s, e in according] == ["according to"]
