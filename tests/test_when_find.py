"""Finding temporal expressions in parsed text, and attaching them to event verbs."""

import pytest

from wirecoder.when import find_times, reference_time, time_for_token

FRIDAY = "2024-12-13"
MONDAY = "2024-12-23"


def found(nlp, text: str, reference: str | None = FRIDAY) -> dict[str, tuple[str, str, str]]:
    doc = nlp(text)
    times = find_times(doc, reference)
    for t in times:  # offsets point into the text
        assert text[t.start:t.end] == t.text
    return {t.text: (t.type, t.value, t.granularity) for t in times}


def test_weekday_resolved_by_tense(nlp):
    assert found(nlp, "Blinken met Sudani in Baghdad on Friday.")["Friday"] == ("DATE", "2024-12-13", "day")
    assert found(nlp, "The ministers met on Monday.")["Monday"][1] == "2024-12-09"
    assert found(nlp, "The ministers will meet on Monday.")["Monday"][1] == "2024-12-16"
    assert found(nlp, "The ministers met on Monday.", MONDAY)["Monday"][1] == "2024-12-23"


def test_extents_leave_prepositions_out_and_modifiers_in(nlp):
    times = found(nlp, "Prices rose last month, fell in 2016 and will rise again next year.")
    assert times["last month"] == ("DATE", "2024-11", "month")
    assert times["2016"] == ("DATE", "2016", "year")
    assert times["next year"] == ("DATE", "2025", "year")
    times = found(nlp, "The talks began on December 13, 2024.")
    assert times["December 13, 2024"] == ("DATE", "2024-12-13", "day")


def test_relative_expressions(nlp):
    times = found(nlp, "He arrived two weeks ago and left a decade ago.", MONDAY)
    assert times["two weeks ago"][1] == "2024-12-09"
    assert times["a decade ago"][1:] == ("2014", "year")
    times = found(nlp, "They spoke last week and yesterday, and are talking today.", MONDAY)
    assert times["last week"] == ("DATE", "2024-W51", "week")
    assert times["yesterday"][1] == "2024-12-22"
    assert times["today"][1] == "2024-12-23"


def test_durations(nlp):
    times = found(nlp, "The siege lasted two weeks after more than 13 years of war.")
    assert times["two weeks"] == ("DURATION", "P2W", "duration")
    assert times["more than 13 years"] == ("DURATION", "P13Y", "duration")


@pytest.mark.parametrize("text, expression, value", [
    ("The group is now in talks.", "now", "PRESENT_REF"),
    ("The group is currently in talks.", "currently", "PRESENT_REF"),
    ("The group recently held talks.", "recently", "PAST_REF"),
    ("Exports rose earlier this month.", "earlier this month", "2024-12"),
    ("Exports rose over the past year.", "the past year", "2023"),
    ("Exports fell in the 1990s.", "the 1990s", "199"),
    ("Sales rose in Q3.", "Q3", "2024-Q3"),
    ("Revenue in fiscal 2024 was flat.", "fiscal 2024", "2024"),
    ("The paper appears weekly.", "weekly", "P1W"),
    ("The council meets every month.", "every month", "P1M"),
    ("The rebels left Aleppo on Friday.", "Friday", "2024-12-13"),
])
def test_candidates_spacy_misses(nlp, text, expression, value):
    times = found(nlp, text)
    assert expression in times, times
    assert times[expression][1] == value


def test_not_times(nlp):
    times = found(nlp, "The 6-year-old boy read the quarterly report in May's garden.")
    assert not any("year" in t for t in times)
    assert "quarterly" not in times


def test_coordinated_dates_are_split(nlp):
    times = found(nlp, "The strikes hit on Monday and Tuesday.")
    assert times["Monday"][1] == "2024-12-09"
    assert times["Tuesday"][1] == "2024-12-10"


def test_without_reference_date_nothing_breaks(nlp):
    times = found(nlp, "Blinken met Sudani on Friday, two weeks ago, and will return next year.", None)
    assert times["Friday"][1] == "XXXX-WXX-5"
    assert times["two weeks ago"][1] == "PAST_REF"
    assert times["next year"][1] == "XXXX"


def test_empty_doc(nlp):
    assert find_times(nlp(""), FRIDAY) == []


def _token(doc, text):
    return next(t for t in doc if t.text == text)


def test_time_for_token_takes_the_verbs_own_clause(nlp):
    doc = nlp("Blinken met Sudani in Baghdad on Friday.")
    times = find_times(doc, FRIDAY)
    assert time_for_token(_token(doc, "met"), times).text == "Friday"

    doc = nlp("Rubio said on Monday that Sudani had met the envoy on Friday.")
    times = find_times(doc, MONDAY)
    said, met = _token(doc, "said"), _token(doc, "met")
    assert time_for_token(said, times).text == "Monday"
    assert time_for_token(met, times).text == "Friday"


def test_a_day_written_in_digits_beats_a_holiday_or_relative_word(nlp):
    doc = nlp("On 3 June 2024, dockers held a Christmas Day rally outside the ministry.")
    assert time_for_token(_token(doc, "held"), find_times(doc, FRIDAY)).text == "3 June 2024"
    doc = nlp("Smugglers were seized and questioned by coastguards yesterday (11 December) near the harbour.")
    assert time_for_token(_token(doc, "seized"), find_times(doc, FRIDAY)).text == "11 December"


def test_verbs_sharing_a_subject_share_a_date_but_a_new_subject_does_not(nlp):
    doc = nlp("The depot was looted and burned on Tuesday.")
    times = find_times(doc, FRIDAY)
    assert time_for_token(_token(doc, "looted"), times).text == "Tuesday"
    doc = nlp("Rebels seized the depot, and the army retook it on Tuesday.")
    assert time_for_token(_token(doc, "seized"), find_times(doc, FRIDAY)) is None


def test_time_for_token_ignores_durations_and_may_find_nothing(nlp):
    doc = nlp("The siege lasted two weeks.")
    assert time_for_token(_token(doc, "lasted"), find_times(doc, FRIDAY)) is None
    doc = nlp("Blinken met Sudani.")
    assert time_for_token(_token(doc, "met"), find_times(doc, FRIDAY)) is None


def test_reference_time():
    ref = reference_time(FRIDAY)
    assert (ref.value, ref.granularity, ref.type, ref.from_reference) == (FRIDAY, "day", "DATE", True)


def test_deadline_set_now_looks_forward(nlp):
    times = found(nlp, "The agency has given the relatives until 9 a.m. Tuesday to sign the paper.")
    assert times["9 a.m. Tuesday"][1] == "2024-12-17T09:00"
    assert found(nlp, "The agency gave them a deadline and they signed on Tuesday.")["Tuesday"][1] == "2024-12-10"


def test_a_full_date_used_as_a_modifier_leaves_the_article_out(nlp):
    times = found(nlp, "Investigators studied the Dec. 21, 1988, bombing for years.")
    assert times["Dec. 21, 1988"] == ("DATE", "1988-12-21", "day")


def test_scheduling_participles_and_deadlines_look_ahead(nlp):
    assert found(nlp, "The issue will dominate a summit set for Washington in April.")["April"][1] == "2025-04"
    assert found(nlp, "A memorial service planned for Saturday was canceled.")["Saturday"][1] == "2024-12-07"
    times = found(nlp, "Lenders have extended the company $90 million in loans through June.")
    assert times["June"][1] == "2025-06"


def test_a_year_ended_on_a_date_is_a_twelve_month_duration(nlp):
    times = found(nlp, "The company lost $5 million in the year ended Sept. 30.")
    assert times["the year"][:2] == ("DURATION", "P1Y")
    assert times["Sept. 30"][1] == "2024-09-30"
    times = found(nlp, "The company lost $5 million in the quarter ended Sept. 30.")
    assert times["the quarter"][0] == "DATE"
    assert found(nlp, "It expects a loss for the year ending tomorrow.")["the year"][:2] == ("DURATION", "P1Y")
    assert found(nlp, "The year ended with a record loss.")["The year"][0] == "DATE"  # no date: the calendar year
    assert found(nlp, "Profit for the fiscal year ended in September rose.")["the fiscal year"][1] == "P1Y"
    times = found(nlp, "The fiscal year ending on March 31 was strong.")
    assert times["The fiscal year"][1] == "P1Y" and "March 31" in times  # "on" stays outside


def test_negated_past_modals_and_past_perfect_plans_look_back(nlp):
    assert found(nlp, "Officials could not be reached for comment Thursday.", MONDAY)["Thursday"][1] == "2024-12-19"
    assert found(nlp, "Neither he nor his wife could be located Wednesday.", MONDAY)["Wednesday"][1] == "2024-12-18"
    assert found(nlp, "The group could leave as soon as Tuesday.", MONDAY)["Tuesday"][1] == "2024-12-24"
    assert found(nlp, "The offer had been scheduled to expire Friday.", MONDAY)["Friday"][1] == "2024-12-20"
    assert found(nlp, "It had been due to expire Friday evening.", MONDAY)["Friday evening"][1] == "2024-12-20TEV"
    assert found(nlp, "The offer is scheduled to expire Friday.", MONDAY)["Friday"][1] == "2024-12-27"
    assert found(nlp, "A spokesman would not comment Friday.", MONDAY)["Friday"][1] == "2024-12-20"
    # other denials still look ahead: a refusal to attend is about the coming Friday
    assert found(nlp, "They said they would not attend the summit Friday.", MONDAY)["Friday"][1] == "2024-12-27"


def test_current_on_its_own_is_the_present(nlp):
    assert found(nlp, "The current system is slow.")["current"][1] == "PRESENT_REF"
    assert found(nlp, "Sales fell in the current quarter.")["the current quarter"][1] == "2024-Q4"


def test_a_short_month_name_is_a_month_after_a_lead_in_word(nlp):
    assert found(nlp, "The treaty was signed last May.")["last May"][1] == "2024-05"
    assert found(nlp, "The case will be heard in May.")["May"][1] == "2025-05"
    assert "May" not in found(nlp, "Prime Minister Theresa May said the talks would go on.")
    assert "Jan" not in found(nlp, "The ministers of Poland and Jan Kavan of the Czech Republic met.")
    assert "May" not in found(nlp, "Markets rallied after May announced her resignation.")  # a subject
    assert "May" not in found(nlp, "The plan was rejected by May and her cabinet.")  # coordinated with people
    assert found(nlp, "Sales fell in May and June.")["May"][1] == "2024-05"
    assert found(nlp, "Prices rose in May and last year.")["May"][1] == "2024-05"  # coordinated with a time


def test_a_date_governed_by_a_scheduling_adjective_lies_ahead(nlp):
    text = "The company declared a dividend, payable Dec. 7 to holders of record Nov. 22."
    assert found(nlp, text, "2024-10-25")["Dec. 7"][1] == "2024-12-07"
    assert found(nlp, "The bank created a new office, effective Feb. 1.", "2024-10-25")["Feb. 1"][1] == "2025-02-01"
    assert found(nlp, "The bank opened a new office on Feb. 1.", "2024-10-25")["Feb. 1"][1] == "2024-02-01"
    # told in the present perfect, the scheduled day has come: "has cut" since then
    assert found(nlp, "The rule, effective Jan. 1, has cut emissions.", "2024-10-25")["Jan. 1"][1] == "2024-01-01"


def test_numeric_dates_read_day_and_month_from_values_reference_and_outlet():
    from datetime import date

    from wirecoder.when.numeric import numeric_dates

    def values(text, reference=date(2021, 3, 4), month_first=False):
        return [(t.text, t.value) for t in numeric_dates(text, reference, month_first)]

    assert values("Filed 2021-03-02 and 25/02/2021 and 02/25/2021.") == [
        ("2021-03-02", "2021-03-02"), ("25/02/2021", "2021-02-25"), ("02/25/2021", "2021-02-25")]
    # both readings valid: the one nearer the article's date wins, whichever order that is
    assert values("03/02/2021: a convoy was ambushed.") == [("03/02/2021", "2021-03-02")]
    assert values("02/03/2021: a convoy was ambushed.") == [("02/03/2021", "2021-03-02")]
    # equally near (no reference date): the outlet's custom, day first unless it writes month first
    assert values("Signed 05/06/2019.", reference=None) == [("05/06/2019", "2019-06-05")]
    assert values("Signed 05/06/2019.", reference=None, month_first=True) == [("05/06/2019", "2019-05-06")]
    # a day and month alone only after a dating word or opening a line; the year is the article's
    assert values("Troops returned on 27/02 and again since 1/3.") == [("27/02", "2021-02-27"), ("1/3", "2021-03-01")]
    assert values("Traders struck on 30/12.")[0][1] == "2020-12-30"  # more than a month ahead: last year's
    assert values("The party won 2/3 of the vote; turnout rose 3.5 points; 24/7 patrols.") == []
    assert values("The plan 31/31/2021 and 2021-13-40 are no dates.") == []


def test_digit_dates_come_out_of_find_times_with_the_outlets_order(nlp):
    doc = nlp("04/05/2019: Assailants burned a depot in Tarvel.")
    assert [(t.text, t.value) for t in find_times(doc, None)] == [("04/05/2019", "2019-05-04")]
    assert [(t.text, t.value) for t in find_times(doc, None, outlet_country="US")] == [("04/05/2019", "2019-04-05")]


def test_a_date_dates_the_clauses_below_it_and_the_rest_of_its_paragraph(nlp):
    text = ("On 9 August 2018, militiamen stormed a checkpoint and wounded two guards. Villagers fled the area.\n"
            "Elders condemned the raid.")
    doc = nlp(text)
    times = find_times(doc, "2018-08-12")
    assert time_for_token(_token(doc, "wounded"), times).value == "2018-08-09"  # governed by "stormed"
    assert time_for_token(_token(doc, "fled"), times).value == "2018-08-09"  # same paragraph, no date of its own
    assert time_for_token(_token(doc, "condemned"), times) is None  # a new paragraph: the reference date


def test_a_day_beats_a_clock_time_written_in_digits_in_the_same_clause(nlp):
    doc = nlp("On Tuesday afternoon at 1530, gunmen stormed a bank in the old town.")
    times = find_times(doc, "2019-03-12")
    assert time_for_token(_token(doc, "stormed"), times).value.startswith("2019-03-12")


def test_the_sentences_one_date_dates_a_bound_clause(nlp):
    doc = nlp("A shepherd was killed when jets bombed the valley near Idlib on 2 October.")
    times = find_times(doc, FRIDAY)
    assert time_for_token(_token(doc, "killed"), times).text == "2 October"  # the clause of its cause
    doc = nlp("A nurse was stabbed and two patients were beaten at the clinic on Thursday night.")
    assert time_for_token(_token(doc, "stabbed"), find_times(doc, FRIDAY)).text == "Thursday night"  # one toll
    # a condition is no incident, and two dates keep to their clauses
    doc = nlp("The mayor will be sacked if the strikers march on Sunday.")
    assert time_for_token(_token(doc, "sacked"), find_times(doc, FRIDAY)) is None
    doc = nlp("A clerk was detained on Monday after she insulted a judge on Friday.")
    times = find_times(doc, FRIDAY)
    assert time_for_token(_token(doc, "detained"), times).text == "Monday"
