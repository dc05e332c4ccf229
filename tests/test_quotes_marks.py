"""Pairing quotation marks (no model needed)."""

from wirecoder.quotes import find_quote_marks


def contents(text):
    return [text[q.start:q.end] for q in find_quote_marks(text)]


def test_straight_quotes_split_by_frame():
    text = '"We will win," he said, "and soon."'
    assert contents(text) == ["We will win", "and soon."]


def test_curly_quotes_and_marks_offsets():
    text = "“Syria needs support,” he said."
    (q,) = find_quote_marks(text)
    assert text[q.open] == "“" and text[q.close] == "”"
    assert text[q.start:q.end] == "Syria needs support"


def test_nested_quotes_fold_into_the_outermost():
    text = '"He asked me, “Do you agree?” and I said no," she said.'
    assert contents(text) == ["He asked me, “Do you agree?” and I said no"]


def test_unclosed_quote_runs_to_paragraph_end():
    text = '"This is the first paragraph of a long quote.\n\n"And this is the second," he said.'
    assert contents(text) == ["This is the first paragraph of a long quote.", "And this is the second"]
    first = find_quote_marks(text)[0]
    assert first.close is None


def test_doubled_apostrophes_are_quotes_and_single_quotes_are_not():
    text = "''It's easy to bash Wall Street,'' she said. It's Trump's 'plan'."
    assert contents(text) == ["It's easy to bash Wall Street"]


def test_wrongly_typed_closing_mark_can_open():
    text = "”We are ready,” the minister said."
    assert contents(text) == ["We are ready"]


def test_empty_and_markless_text():
    assert find_quote_marks("") == []
    assert find_quote_marks("No quotes here.") == []
