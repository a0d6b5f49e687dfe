"""TIMEX3 conventions (TimeML 1.2.1 / TIDES guidelines) for spans, values and vague words."""

from __future__ import annotations

import pytest

from tests.dates.helpers import SUNDAY, D, mention, only
from timeline.dates import resolve_text


@pytest.mark.parametrize(
    ("text", "words", "value", "mod"),
    [
        ("He ruled for nearly two years.", "nearly two years", "P2Y", "LESS_THAN"),
        ("It happened almost two years ago.", "almost two years ago", "2022", "LESS_THAN"),
        ("The strike lasted more than four hours.", "more than four hours", "PT4H", "MORE_THAN"),
        ("Notice of at least 30 days is due.", "at least 30 days", "P30D", "EQUAL_OR_MORE"),
        ("Detention of up to 180 days.", "up to 180 days", "P180D", "EQUAL_OR_LESS"),
        ("A term of no more than sixty days.", "no more than sixty days", "P60D", "EQUAL_OR_LESS"),
        ("It took approximately three weeks.", "approximately three weeks", "P3W", "APPROX"),
    ],
)
def test_a_quantity_keeps_its_modifier_inside_the_span(text, words, value, mod) -> None:
    m = mention(text, words)
    assert (m.value, m.mod) == (value, mod)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("He served for only six months.", "six months"),
        ("Prices rose over three years.", "three years"),
        ("It ended just two days ago.", "two days ago"),
    ],
)
def test_focus_words_and_prepositions_stay_outside_the_span(text, words) -> None:
    assert only(text).text == words


# Published Thursday 2 November 1989 (a Wall Street Journal business day).
NOV2 = D(1989, 11, 2)


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        (
            "The reduced dividend is payable Jan. 2 to stock of record Dec. 15.",
            "Jan. 2",
            "1990-01-02",
        ),
        (
            "The reduced dividend is payable Jan. 2 to stock of record Dec. 15.",
            "Dec. 15",
            "1989-12-15",
        ),
        ("The plan resulted from a new labor pact effective June 1.", "June 1", "1990-06-01"),
    ],
)
def test_terms_of_payment_and_effect_point_ahead_in_a_past_report(text, words, value) -> None:
    assert mention(text, words, NOV2).value == value


def test_a_pluperfect_plan_is_past() -> None:
    # Published Monday 30 October 1989: the offer "had been due to expire" last Friday.
    m = mention("It had been due to expire Friday evening.", "Friday evening", D(1989, 10, 30))
    assert m.value == "1989-10-27TEV"


def test_a_number_ending_a_sentence_ends_it() -> None:
    # "Dec. 7." closes its sentence, so "Friday" takes the past tense of "closed", not the
    # future of "effective".
    text = "The rule is effective Dec. 7.\n\nIn trading Friday, Crossland closed at $5.25."
    assert mention(text, "Friday", D(1989, 10, 30)).value == "1989-10-27"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Kellogg said it soon will begin selling boxes.", "soon"),
        ("They want to act as soon as possible.", "as soon as possible"),
        ("It plans an offering in the near future.", "the near future"),
        ("We don't minimize the challenges of the near term.", "the near term"),
        ("It may placate holders in the short term.", "the short term"),
        ("The economy will slow in coming months.", "coming months"),
        ("The rest will be sold at a later date.", "a later date"),
    ],
)
def test_vague_future_references_are_future_ref(text, words) -> None:
    m = mention(text, words)
    assert (m.value, m.date_start) == ("FUTURE_REF", SUNDAY)


@pytest.mark.parametrize(
    "text",
    [
        "Investors will buy as soon as trading opens.",
        "He was killed soon after being captured.",
    ],
)
def test_soon_as_a_conjunction_is_not_a_time(text) -> None:
    assert resolve_text(text, SUNDAY) == []


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("It reported the third-quarter loss.", "third-quarter", "2023-Q3"),
        ("Workers ended the two-week strike.", "two-week", "P2W"),
        ("It extended the 30-day deadline.", "30-day", "P30D"),
        ("It beat the fiscal second-quarter forecast.", "fiscal second-quarter", "2024-Q2"),
    ],
)
def test_the_article_of_a_hyphenated_adjective_belongs_to_its_noun(text, words, value) -> None:
    assert mention(text, words).value == value


@pytest.mark.parametrize(
    "text",
    [
        "It would save $500 million a year in costs.",
        "Qantas will add four flights a week.",
        "The plant makes 700 seats a week.",
    ],
)
def test_a_rate_is_not_a_duration(text) -> None:
    assert resolve_text(text, SUNDAY) == []


def test_a_stretch_after_a_verb_is_still_a_duration() -> None:
    assert only("Iraq must withdraw within a week.").value == "P1W"


def test_year_earlier_adjective_after_a_is_not_a_one_year_duration() -> None:
    m = only("It had a year-earlier loss of $6.2 million.")
    assert (m.text, m.value) == ("year-earlier", "2023")


def test_an_age_is_not_a_duration() -> None:
    assert resolve_text("Mr. Reupke, 52 years old, resigned.", SUNDAY) == []
    assert only("He served 52 years in office.").value == "P52Y"


@pytest.mark.parametrize(
    "text",
    [
        'Baker, speaking on ABC News\' "This Week," said so.',
        'Baker said on ABC-TV\'s "This Week With David Brinkley" that talks failed.',
        "This is VOA Today.",
    ],
)
def test_a_programme_named_like_a_date_is_not_one(text) -> None:
    assert resolve_text(text, SUNDAY) == []


@pytest.mark.parametrize(
    "text", ['He said: "Today we start."', "He left. Today we start.", "Today we start."]
)
def test_a_capitalised_today_opening_a_sentence_is_still_today(text) -> None:
    assert only(text).value == "2024-04-14"


# Published Wednesday 4 March 1998.
WED = D(1998, 3, 4)


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("Dealers placed orders in the morning.", "the morning", "1998-03-04TMO"),
        ("It was signed on March 2. In the evening he left.", "the evening", "1998-03-02TEV"),
        ("Shares fell at mid-afternoon yesterday.", "mid-afternoon yesterday", "1998-03-03TAF"),
        ("Shares were hit by overnight losses in New York.", "overnight", "1998-03-03TNI"),
        ("The attack happened Wednesday night.", "Wednesday night", "1998-03-04TNI"),
    ],
)
def test_parts_of_the_day_are_times_of_the_story_day(text, words, value) -> None:
    m = mention(text, words, WED)
    assert (m.type, m.value) == ("TIME", value)


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("Numbers dropped through the nineties.", "the nineties", "199"),
        ("Prices fell in the late eighties.", "the late eighties", "198"),
    ],
)
def test_spelled_decades(text, words, value) -> None:
    assert mention(text, words, WED).value == value


def test_a_spelled_decade_without_the_is_an_age() -> None:
    assert resolve_text("A man in his fifties was hurt.", WED) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("It happened last spring.", "1997-SP"),
        ("It will happen next spring.", "1999-SP"),
        ("It happened this spring.", "1998-SP"),
    ],
)
def test_last_and_next_season_said_during_that_season(text, value) -> None:
    # Published 4 March 1998, in (meteorological) spring 1998.
    assert only(text, WED).value == value


# Published Thursday 26 October 1989, in the season of third-quarter reports.
OCT26 = D(1989, 10, 26)


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        (
            "Net rose in the third quarter. In the 1988 period, it fell.",
            "the 1988 period",
            "1988-Q3",
        ),
        ("Net rose from the 1988 third quarter.", "the 1988 third quarter", "1988-Q3"),
        ("In the 1988 quarter it fell.", "the 1988 quarter", "1988-QX"),
        ("He said the 1988 period was bad.", "the 1988 period", "1988"),
    ],
)
def test_a_year_named_before_a_quarter_or_period(text, words, value) -> None:
    assert mention(text, words, OCT26).value == value


# Published Sunday 22 March 1998.
MAR22 = D(1998, 3, 22)


def test_a_deadline_in_a_clause_that_looks_ahead_is_ahead() -> None:
    text = "The talks that are supposed to conclude by May invited Sinn Fein."
    assert mention(text, "May", MAR22).value == "1998-05"
    assert mention("He had filed reports by Wednesday.", "Wednesday", MAR22).value == "1998-03-18"


@pytest.mark.parametrize(
    "text", ['Iraq was ready." Now, he says, it looks bad.', "Now for the geography quiz."]
)
def test_now_opening_a_sentence_as_a_discourse_marker_is_not_a_time(text) -> None:
    assert resolve_text(text, MAR22) == []


@pytest.mark.parametrize("text", ["Prices are now higher.", "Until now, nobody knew."])
def test_now_in_a_clause_is_present_ref(text) -> None:
    assert only(text, MAR22).value == "PRESENT_REF"


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("Then, a week or so ago, he changed plans.", "a week or so ago", "1991-W08"),
        ("Prices will rise over the next two years or so.", "the next two years or so", "P2Y"),
    ],
)
def test_or_so_is_inside_the_span_as_approx(text, words, value) -> None:
    m = mention(text, words, D(1991, 2, 25))
    assert (m.value, m.mod) == (value, "APPROX")


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("Sales fell in the first half of the year.", "the first half of the year", "1989-H1"),
        ("Sales rose in the last half of 1989.", "the last half of 1989", "1989-H2"),
        ("Bids are due by 5 p.m. EST Nov. 9.", "5 p.m. EST Nov. 9", "1989-11-09T17:00"),
        ("At 10:30 a.m. EST Tuesday he spoke.", "10:30 a.m. EST Tuesday", "1989-10-31T10:30"),
        ("He died in the summer of 1986.", "the summer of 1986", "1986-SU"),
        ("Prices rose in the early summer.", "the early summer", "1989-SU"),
    ],
)
def test_whole_expressions_are_one_mention(text, words, value) -> None:
    assert mention(text, words, NOV2).value == value


def test_the_fall_of_a_city_is_not_autumn() -> None:
    assert resolve_text("He recalled the fall of Saigon.", NOV2) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Sales for the quarter ended Sept. 29 rose 39%.", "1989-Q3"),
        ("In the quarter ended July 31, Jayark had a loss.", "1989-Q3"),
    ],
)
def test_the_quarter_ended_on_a_day_is_the_quarter_holding_it(text, value) -> None:
    assert mention(text, "the quarter", OCT26).value == value


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("It started around 7:15 p.m.", "around 7:15 p.m.", "1998-02-12T19:15"),
        ("The offer closes around Nov. 1.", "around Nov. 1", "1997-11-01"),
    ],
)
def test_around_a_time_or_day_is_inside_the_span_as_approx(text, words, value) -> None:
    m = mention(text, words, D(1998, 2, 12))
    assert (m.value, m.mod) == (value, "APPROX")


def test_mid_afternoon_written_apart_is_a_part_of_day() -> None:
    m = mention("By mid afternoon, officials said so.", "mid afternoon", D(1998, 3, 6))
    assert (m.type, m.value) == ("TIME", "1998-03-06TAF")


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("Flights leave on Mondays.", "Mondays", "XXXX-WXX-1"),
        ("Flights leave Tuesday nights from March 30.", "Tuesday nights", "XXXX-WXX-2TNI"),
        ("Orangemen march each July.", "each July", "XXXX-07"),
    ],
)
def test_plural_weekdays_and_each_month_are_sets(text, words, value) -> None:
    m = mention(text, words, D(1998, 2, 13))
    assert (m.type, m.value) == ("SET", value)


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("Thermo agreed to purchase the line for $22 million in February.", "February", "1990-02"),
        ("It announced an agreement to acquire the bank in January.", "January", "1990-01"),
        ("Society Corp. agreed in June to buy Trustcorp.", "June", "1989-06"),
    ],
)
def test_an_agreed_transaction_looks_ahead_but_the_agreement_is_past(text, words, value) -> None:
    assert mention(text, words, D(1989, 10, 30)).value == value


def test_a_year_earlier_after_a_year_ago_compares_with_the_same_period() -> None:
    text = (
        "Sales rose this year. Sales fell from a year ago. "
        "Costs were higher compared with a year earlier."
    )
    assert mention(text, "a year earlier", OCT26).value == "1988"


def test_the_reporters_yesterday_moves_the_story_on_a_quoted_today_does_not() -> None:
    reported = "The deal closed on Oct. 2. Shares fell yesterday. A day earlier they rose."
    assert mention(reported, "A day earlier", OCT26).value == "1989-10-24"
    quoted = 'The deal closed on Oct. 2. "We are happy today," he said. A day earlier they met.'
    assert mention(quoted, "A day earlier", OCT26).value == "1989-10-01"


def test_the_current_year_is_the_year_of_publication() -> None:
    text = "In 1988 it grew 40%. It expects 42.5% in the current year."
    assert mention(text, "the current year", OCT26).value == "1989"


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("But a minute and a half later, a pilot called.", "a minute and a half", "PT1M30S"),
        ("He waited a year and a half.", "a year and a half", "P1Y6M"),
    ],
)
def test_and_a_half_after_the_unit(text, words, value) -> None:
    assert mention(text, words).value == value


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        (
            "January nineteen ninety-seven. Atlanta again.",
            "January nineteen ninety-seven",
            "1997-01",
        ),
        (
            "We saw it in the winter of nineteen ninety-four.",
            "the winter of nineteen ninety-four",
            "1994-WI",
        ),
        ("In March two thousand and one it ended.", "March two thousand and one", "2001-03"),
    ],
)
def test_a_year_in_words_after_a_month_or_season(text, words, value) -> None:
    assert mention(text, words, D(1998, 2, 27)).value == value


def test_a_count_in_words_after_a_month_is_not_its_year() -> None:
    assert only("In January nineteen people died.", D(1998, 2, 27)).value == "1998-01"


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("Stocks fell for eight trading days.", "eight trading days", "P8D"),
        ("Payment is due in five business days.", "five business days", "P5D"),
        ("It lost money for several quarters.", "several quarters", "PXQ"),
        ("It rose three straight quarters.", "three straight quarters", "P3Q"),
        ("It won an additional year to pay.", "an additional year", "P1Y"),
        ("They need two extra days.", "two extra days", "P2D"),
    ],
)
def test_counted_days_and_quarters_with_a_qualifier(text, words, value) -> None:
    assert mention(text, words, OCT26).value == value


def test_quarters_of_a_whole_are_not_time() -> None:
    assert resolve_text("He won three quarters of the vote.", OCT26) == []


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("Sales rose in the third quarter. In that quarter costs fell.", "that quarter", "1989-Q3"),
        ("It will cut taxes in future quarters.", "future quarters", "FUTURE_REF"),
        ("Unlike past years, it rose.", "past years", "PAST_REF"),
        ("Over the years many patients died.", "the years", "PXY"),
        ("At year's end it had cash.", "year's end", "1989-12-31"),
    ],
)
def test_more_anaphoric_and_vague_periods(text, words, value) -> None:
    assert mention(text, words, OCT26).value == value


def test_the_end_of_a_range_is_no_deadline() -> None:
    text = "It followed little change in sales this year through August."
    assert mention(text, "August", D(1989, 10, 27)).value == "1989-08"
    assert mention("Talks run through August.", "August", D(1989, 10, 27)).value == "1990-08"
