"""Personnummer and samordningsnummer: shapes, dates, check digit, stored form, messages."""
from __future__ import annotations

from datetime import date

import pytest

from kartlaggning import i18n
from kartlaggning.models import Participant, ValidationError
from kartlaggning.models.personnummer import format_stored, luhn_digit, make_test_number, normalize, parse

TODAY = date(2025, 6, 1)


def full(yyyymmdd: str, serial: str = "238") -> str:
    """12 digits with a valid check digit."""
    nine = yyyymmdd[2:] + serial
    return f"{yyyymmdd}{serial}{luhn_digit(nine)}"


def ten(yymmdd: str, serial: str = "238", sep: str = "-") -> str:
    return f"{yymmdd}{sep}{serial}{luhn_digit(yymmdd + serial)}"


def code_of(text: str, today: date = TODAY) -> str:
    with pytest.raises(ValidationError) as info:
        parse(text, today=today)
    return info.value.code


def test_luhn_known_test_numbers():
    assert luhn_digit("121212121") == 2  # 19121212-1212, the Skatteverket example
    assert luhn_digit("811218987") == 6  # 811218-9876
    assert normalize("19121212-1212") == "191212121212"


@pytest.mark.parametrize("text,stored", [
    ("19121212-1212", "191212121212"), ("191212121212", "191212121212"), (" 19121212 - 1212 ", "191212121212"),
    ("121212+1212", "191212121212"),  # '+': 100 years or older
    ("1212121212", "201212121212"), ("121212-1212", "201212121212"),  # no '+': under 100
])
def test_shapes_accepted(text, stored):
    assert parse(text, today=TODAY).digits == stored


def test_ten_digits_century_from_today():
    # '-': under 100 years old, so the most recent birthday not after today
    assert normalize(ten("050101"), TODAY) == "20050101" + ten("050101")[-4:]
    assert normalize(ten("250601"), TODAY).startswith("20250601")  # born today
    assert normalize(ten("850101"), TODAY).startswith("19850101")
    # later this calendar year would be in the future: a 99-year-old
    assert normalize(ten("251201"), TODAY).startswith("19251201")
    assert normalize(ten("250602"), TODAY).startswith("19250602")


def test_plus_means_hundred_or_older():
    assert normalize(ten("250101", sep="+"), TODAY).startswith("19250101")  # 100 years old
    assert normalize(ten("250601", sep="+"), TODAY).startswith("19250601")  # 100 today
    assert normalize(ten("251201", sep="+"), TODAY).startswith("18251201")  # 1925-12-01 would be 99
    assert normalize(ten("121212", "121", "+"), TODAY) == "191212121212"


def test_samordningsnummer_day_plus_sixty():
    number = full("19850172")  # born 12 January 1985
    p = parse(number, today=TODAY)
    assert p.is_samordningsnummer
    assert p.birth_date == date(1985, 1, 12)
    assert p.digits == number
    assert parse(ten("850172"), today=TODAY).digits == "19850172" + ten("850172")[-4:]
    assert make_test_number(date(1985, 1, 12), 238, samordning=True) == number
    assert not parse("19121212-1212").is_samordningsnummer
    assert parse(full("20000289"), today=TODAY).birth_date == date(2000, 2, 29)  # leap day + 60
    assert code_of(full("20230289")) == "pnr_date"
    assert code_of(full("19850192")) == "pnr_date"  # day 32


@pytest.mark.parametrize("yyyymmdd,ok", [("20000229", True), ("19000229", False),
                                         ("20240229", True), ("20230229", False)])
def test_leap_years(yyyymmdd, ok):
    number = full(yyyymmdd)
    if ok:
        assert parse(number, today=TODAY).birth_date.isoformat() == f"{yyyymmdd[:4]}-02-29"
    else:
        assert code_of(number) == "pnr_date"


@pytest.mark.parametrize("yyyymmdd", ["19851301", "19850001", "19850100", "19850431", "19850160"])
def test_impossible_dates(yyyymmdd):
    assert code_of(full(yyyymmdd)) == "pnr_date"


def test_future_date_is_bad():
    assert code_of(full("20250602"), today=TODAY) == "pnr_date"


def test_check_digit():
    good = full("19850101")
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    assert parse(good, today=TODAY).digits == good
    assert code_of(bad) == "pnr_checksum"
    assert code_of("19121212-1213") == "pnr_checksum"


@pytest.mark.parametrize("text,count", [("12345", 5), ("19121212121", 11), ("1912121212120", 13),
                                        ("abc", 0), ("19121212--1212", 12), ("1912-12121212", 12)])
def test_wrong_length_or_shape(text, count):
    with pytest.raises(ValidationError) as info:
        parse(text, today=TODAY)
    assert info.value.code == "pnr_length"
    assert info.value.params["count"] == count


def test_empty():
    assert code_of("") == "empty"
    assert code_of("   ") == "empty"


def test_stored_as_twelve_digit_string_never_int():
    number = full("20050101", "012")
    p = parse(ten("050101", "012"), today=TODAY)
    assert isinstance(p.digits, str) and len(p.digits) == 12 and p.digits.isdigit()
    assert p.digits == number and p.digits.startswith("2005")
    assert parse(ten("000101", "001"), today=TODAY).digits.startswith("20000101")
    assert p.formatted() == f"{number[:8]}-{number[8:]}" and str(p) == p.formatted()
    assert format_stored(number) == f"{number[:8]}-{number[8:]}"
    assert format_stored("12345") == "12345"  # not 12 digits: shown as is


def test_unicode_digits_and_dashes_become_ascii():
    assert normalize("１９１２１２１２－１２１２") == "191212121212"  # fullwidth
    assert normalize("١٩١٢١٢١٢-١٢١٢") == "191212121212"  # Arabic-Indic
    assert normalize("19121212\u20131212") == "191212121212"  # en dash pasted from a document
    assert normalize("19121212\u00a01212") == "191212121212"  # no-break space


def test_participant_keeps_leading_zero_and_formats():
    number = full("20050101", "012")
    p = Participant(namn="Testa Testsson", personnummer=number)
    assert p.errors() == []
    assert p.personnummer_formatted == f"{number[:8]}-{number[8:]}"
    # only the stored 12-digit form is accepted in the model
    p10 = Participant(namn="Testa Testsson", personnummer=number[2:])
    assert [e.code for e in p10.errors()] == ["bad_value"]


@pytest.mark.parametrize("text,code,english", [
    ("12345", "pnr_length", "A personnummer has 10 or 12 digits (found 5)."),
    ("19000229-2380", "pnr_date", "The date in the personnummer does not exist."),
    ("19121212-1213", "pnr_checksum", "The check digit (last digit) is wrong; check for a typo."),
])
def test_messages_name_the_reason_in_both_languages(text, code, english):
    i18n.set_language("en")
    with pytest.raises(ValidationError) as info:
        parse(text, today=TODAY)
    assert info.value.code == code
    assert info.value.field == "personnummer"
    assert info.value.message == english
    i18n.set_language("sv")
    # the Swedish catalogue may not exist yet: the message must still be a real string
    assert isinstance(info.value.message, str) and info.value.message.strip()


def test_plus_only_with_ten_digits():
    """'+' marks 100 or older in YYMMDD+NNNN; with 12 digits the century is written out."""
    number = full("19850101", "123")
    assert normalize(number, TODAY) == number
    assert code_of(f"{number[:8]}+{number[8:]}") == "pnr_plus"
    assert code_of("19121212+1212") == "pnr_plus"  # otherwise a valid number
    assert code_of("19850101+1236") == "pnr_plus"  # the number in the report
    assert normalize(ten("121212", "121", "+"), TODAY) == "191212121212"  # the 10-digit '+' still works
    i18n.set_language("en")
    with pytest.raises(ValidationError) as info:
        parse("19121212+1212", today=TODAY)
    assert info.value.field == "personnummer"
    assert "10-digit" in info.value.message and "YYYYMMDD-NNNN" in info.value.message


def test_serial_000_is_never_issued():
    for text in (full("19850101", "000"), ten("850101", "000"), ten("850101", "000", "+"),
                 full("19850172", "000")):  # samordningsnummer too
        assert code_of(text) == "pnr_serial", text
    good = full("19850101", "000")
    wrong_check = good[:-1] + str((int(good[-1]) + 1) % 10)
    assert code_of(wrong_check) == "pnr_serial"  # the serial is named before the check digit
    for serial in ("001", "010", "100", "980", "999"):
        assert normalize(full("19850101", serial), TODAY) == full("19850101", serial)
    i18n.set_language("en")
    with pytest.raises(ValidationError) as info:
        parse(full("19850101", "000"), today=TODAY)
    assert info.value.message == ("The serial number 000 (the three digits before the check digit) "
                                  "is never issued.")
    # the participant model refuses it as well
    p = Participant(namn="Testa Testsson", personnummer=full("19850101", "000"))
    assert "pnr_serial" in [e.code for e in p.errors()]


def test_make_test_number_serials_used_by_fixtures_and_demo_parse():
    for serial in (*range(980, 1000), 1, 121, 238):
        number = make_test_number(date(1985, 1, 12), serial)
        assert parse(number, today=TODAY).digits == number
        assert parse(make_test_number(date(1985, 1, 12), serial, samordning=True), today=TODAY).is_samordningsnummer
