"""A Korean name romanised another way than the base writes it is the same name (Park Jeong-hun is
Park Jung-hoon), part by part; ordinary words that share its consonants are not."""
from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.core.entities import roman_alike, roman_key

FESTIVAL = Path(__file__).resolve().parents[1] / "examples" / "festival" / "knowledge"


def test_romanisations_of_one_name_share_a_key_and_are_alike():
    assert roman_key("Park Jeong-hun") == roman_key("Park Jung-hoon")
    assert roman_key("Lee Mi-kyung") == roman_key("lee migyeong")
    assert roman_alike(["park", "jeong", "hun"], ("park", "jung", "hoon"))
    assert not roman_alike(["hangul", "today"], ("hangul", "day"))


@pytest.fixture(scope="module")
def festival():
    return Engine.load(FESTIVAL)


@pytest.mark.parametrize("question", ["Who is Park Jeong-hun?", "who is lee mi kyeong"])
def test_another_romanisation_links_the_person(festival, question):
    a = festival.matcher.analyse(question)
    assert [m.kind for m in a.mentions] == ["person"], a.mentions


def test_a_plain_phrase_is_not_read_as_a_name(festival):
    assert not any(m.kind == "person" for m in festival.matcher.analyse("park near the station").mentions)
