"""The QUOTES stage on small hand-written news sentences and on the bundled example."""

from pathlib import Path

import pytest

from wirecoder.model import ActorRef, content_id
from wirecoder.quotes import find_quotes

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "asharq-al-awsat-2024-12.txt"


@pytest.fixture
def quotes_of(nlp):
    def run(text, **kwargs):
        return find_quotes(nlp(text), "test-article", **kwargs)
    return run


def direct(quotes):
    return [q for q in quotes if q.kind == "direct"]


def indirect(quotes):
    return [q for q in quotes if q.kind == "indirect"]


def test_frame_after_the_quote(quotes_of):
    text = '"The Qatari side expressed its readiness for wide investments in Syria," Sharaa said.'
    (q,) = quotes_of(text)
    assert q.kind == "direct"
    assert q.text == "The Qatari side expressed its readiness for wide investments in Syria"
    assert text[q.start:q.end] == q.text
    assert q.speaker.text == "Sharaa" and text[q.speaker.start:q.speaker.end] == "Sharaa"
    assert q.cue == "said" and text[q.cue_start:q.cue_end] == "said"
    assert q.id == content_id("test-article", q.start, q.end)
    assert q.article_id == "test-article"


def test_pronoun_speaker_resolves_to_the_last_person(quotes_of):
    text = ("Blinken met Iraqi leaders in Baghdad on Friday. "
            '"This is a moment for Iraq to reinforce its own sovereignty," he said, without naming Iran.')
    (q,) = direct(quotes_of(text))
    assert q.speaker.text == "he"
    assert text[q.speaker.start:q.speaker.end] == "he"
    assert q.speaker.name == "Blinken"


def test_partial_quote_after_reported_clause_takes_the_reporting_subject(quotes_of):
    text = ('Khulaifi said Qatar, the largest exporter of gas, would continue to '
            '"stand alongside our brothers in Syria at this time".')
    quotes = quotes_of(text)
    (q,) = direct(quotes)
    assert q.text == "stand alongside our brothers in Syria at this time"
    assert q.speaker.name == "Khulaifi"
    assert q.cue == "said"
    (reported,) = indirect(quotes)
    assert reported.text.startswith("Qatar, the largest exporter of gas, would continue")
    assert reported.speaker.name == "Khulaifi"


def test_partial_quote_inside_a_participle_clause(quotes_of):
    text = ('Blinken was circumspect in his remarks, saying after the meeting that the US was committed to '
            '"working for Iraq\'s sovereignty to make sure that it is strengthened".')
    (q,) = direct(quotes_of(text))
    assert q.text.startswith("working for Iraq's sovereignty")
    assert q.speaker.name == "Blinken"
    assert q.cue == "saying"


def test_inverted_frame_said_x(quotes_of):
    (q,) = quotes_of('"We will not back down from this fight," said Caddell.')
    assert q.speaker.text == "Caddell"
    assert q.cue == "said"


def test_other_cue_verbs_in_the_frame(quotes_of):
    (q,) = quotes_of('"We have done everything we can for these people," the mayor added.')
    assert q.speaker.text == "the mayor"
    assert q.cue == "added"


def test_according_to_as_a_frame_and_as_reported_speech(quotes_of):
    (q,) = quotes_of('"The border will stay closed," according to a senior official.')
    assert q.kind == "direct" and q.speaker.text == "a senior official" and q.cue == "according to"
    (q,) = quotes_of("The ceasefire collapsed on Monday, according to two diplomats familiar with the talks.")
    assert q.kind == "indirect"
    assert q.text == "The ceasefire collapsed on Monday"
    assert q.speaker.text == "two diplomats"
    (q,) = quotes_of("According to the ministry, 40 people were killed in the strike.")
    assert q.text == "40 people were killed in the strike"
    assert q.speaker.text == "the ministry"


def test_indirect_speech_with_a_clausal_complement(quotes_of):
    text = "Safadi said Jordan was ready to help Syria rebuild."
    (q,) = quotes_of(text)
    assert q.kind == "indirect"
    assert q.text == "Jordan was ready to help Syria rebuild"
    assert q.speaker.text == "Safadi"
    assert q.cue == "said"


def test_indirect_speech_of_other_cues(quotes_of):
    (q,) = quotes_of("The minister warned that the talks could collapse within days.")
    assert q.text == "that the talks could collapse within days" and q.cue == "warned"
    (q,) = quotes_of("Blinken urged Iraq to crack down on the militias.")
    assert q.text == "Iraq to crack down on the militias" and q.speaker.text == "Blinken"
    (q,) = quotes_of("The president accused Iran of arming the rebels.")
    assert q.text == "Iran of arming the rebels"


def test_unnamed_sources_stay_as_written(quotes_of):
    (q,) = quotes_of("A US official said the strikes would continue.")
    assert q.speaker.text == "A US official" and q.speaker.name == "A US official"


def test_passive_cue_has_no_speaker(quotes_of):
    quotes = quotes_of("The new administration is expected to harden its stance against Iran.")
    assert all(q.speaker is None for q in quotes)


def test_title_resolves_to_the_person_introduced_with_it(quotes_of):
    text = ("Iraqi Prime Minister Mohammed Shia al-Sudani met the envoy in Baghdad. "
            "The prime minister said the country would stay neutral.")
    (q,) = quotes_of(text)
    assert q.speaker.text == "The prime minister"
    assert q.speaker.name == "Mohammed Shia al-Sudani"
    assert text[q.speaker.start:q.speaker.end] == "The prime minister"


def test_title_in_apposition_and_non_person_descriptions(quotes_of):
    text = ("Mohammed Shia al-Sudani, the prime minister, met the envoy. "
            "The prime minister said the country would stay neutral.")
    (q,) = quotes_of(text)
    assert q.speaker.name == "Mohammed Shia al-Sudani"
    text = "Labour party leader Jeremy Corbyn spoke on Monday. The party said it would vote against the bill."
    (q,) = quotes_of(text)
    assert q.speaker.text == "The party" and q.speaker.name == "The party"


def test_named_apposition_names_the_speaker(quotes_of):
    text = 'The Shadow Secretary of State for the Family, Theresa May, said: "These plans were announced in December."'
    (q,) = quotes_of(text)
    assert q.speaker.name == "Theresa May"


def test_pronoun_gender_follows_the_text(quotes_of):
    text = ('Clinton spoke in Ohio on Monday. Trump, her rival, mocked the speech. '
            '"It was a great day for working families," she said.')
    (q,) = direct(quotes_of(text))
    assert q.speaker.name == "Clinton"
    text = ('Donald Trump met Hillary Clinton in New York. "This is a disaster for the country," he said.')
    (q,) = direct(quotes_of(text))
    assert q.speaker.name == "Donald Trump"


def test_split_quote_gives_two_quotes_with_one_speaker_and_cue(quotes_of):
    quotes = quotes_of('"Our economy is strong," Lagarde said. "But the risks are growing."')
    assert [q.text for q in quotes] == ["Our economy is strong", "But the risks are growing."]
    assert {q.speaker.text for q in quotes} == {"Lagarde"}
    assert len({q.cue_start for q in quotes}) == 1
    quotes = quotes_of('"We will rebuild," he said, "and we will not forget the victims."')
    assert len(quotes) == 2 and len({q.cue_start for q in quotes}) == 1


def test_multi_sentence_and_run_on_quotes(quotes_of):
    text = ('"Our brothers in Syria realize that this is a threat. God willing, we will all cooperate '
            'in fighting this scourge," Safadi said.')
    (q,) = quotes_of(text)
    assert q.text.endswith("fighting this scourge") and q.speaker.text == "Safadi"
    text = ('"The first paragraph of a long statement goes on for a while.\n\n'
            '"The second paragraph ends it," the spokesman said.')
    quotes = quotes_of(text)
    assert [q.text for q in quotes] == ["The first paragraph of a long statement goes on for a while.",
                                        "The second paragraph ends it"]
    assert {q.speaker.text for q in quotes} == {"the spokesman"}


def test_frame_in_the_previous_or_next_sentence(quotes_of):
    (q,) = quotes_of('Caddell continued:\n\n"The health issue overall is very much a partisan issue."')
    assert q.speaker.text == "Caddell" and q.cue == "continued"
    (q,) = quotes_of('Mr. Smith was blunt: "We are not going to pay for this wall, ever."')
    assert q.speaker.text == "Mr. Smith" and q.cue == ":"
    (q,) = quotes_of('The minister spoke to reporters on Tuesday. "We are ready to help in every way we can."')
    assert q.speaker.text == "The minister"
    (q,) = quotes_of('"We will win this state by a mile." He said it twice.')
    assert q.speaker.text == "He"


def test_scare_quotes_and_titles_are_not_quotes(quotes_of):
    assert quotes_of('He has used "fake news" before. The book "The Art of the Deal" sold well.') == []
    assert quotes_of('The so-called "peace plan" was never published.') == []


def test_short_quote_right_under_a_cue_is_kept(quotes_of):
    quotes = quotes_of('Trump called the deal "a disaster."')
    (q,) = direct(quotes)
    assert q.text == "a disaster." and q.speaker.text == "Trump"


def test_cues_inside_a_quotation_are_not_reported_speech(quotes_of):
    quotes = quotes_of('"I think the deal is dead and we know it," she said.')
    assert [q.kind for q in quotes] == ["direct"]


def test_resolve_speaker_callback(quotes_of):
    seen = []

    def resolve(span):
        seen.append(span.text)
        if span.text.endswith("Blinken"):
            return ActorRef(text=span.text, name="Antony Blinken", country="USA", sector="GOV")
        return None

    text = ('US Secretary of State Antony Blinken met Sudani. '
            '"This is a moment for Iraq," he said. The official said talks would go on.')
    quotes = quotes_of(text, resolve_speaker=resolve)
    by_text = {q.text: q for q in quotes}
    blinken = by_text["This is a moment for Iraq"].speaker
    assert (blinken.text, blinken.name, blinken.country, blinken.sector) == ("he", "Antony Blinken", "USA", "GOV")
    assert text[blinken.start:blinken.end] == "he"
    official = by_text["talks would go on"].speaker
    assert (official.text, official.name, official.country) == ("The official", "The official", None)
    assert "Antony Blinken" in seen and "The official" in seen


def test_empty_document(nlp):
    assert find_quotes(nlp(""), "x") == []


def example_body() -> str:
    """The example's body paragraphs: titles, captions and "TT" repeat, body lines do not."""
    lines = [line for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return "\n\n".join(line for line in lines if lines.count(line) == 1)


def test_example_article_direct_quotes_and_speakers(nlp):
    body = example_body()
    quotes = find_quotes(nlp(body), "example")
    found = [(q.text, q.speaker.name if q.speaker else None) for q in direct(quotes)]
    expected = [
        ("working for Iraq's sovereignty", "Blinken"),
        ("I think this is a moment", "Blinken"),
        ("The Qatari side expressed", "Sharaa"),
        ("stand alongside our brothers", "Khulaifi"),
        ("Syria and its people need support", "Khulaifi"),
        ("Our brothers in Syria", "Safadi"),
        ("I focused on reconstruction", "Safadi"),
    ]
    assert len(found) == len(expected)
    for (text, speaker), (prefix, surname) in zip(found, expected):
        assert text.startswith(prefix)
        assert speaker is not None and surname in speaker
    for q in quotes:
        assert body[q.start:q.end] == q.text
    safadi = [q for q in indirect(quotes) if q.text == "Jordan was ready to help Syria rebuild"]
    assert safadi and safadi[0].speaker.name == "Safadi"
