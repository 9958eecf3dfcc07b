"""Names in questions: a short English alias is no typo of an everyday word one letter away."""
from __future__ import annotations

import pytest

from kbfiles import NOTE_SOURCES, engine_of

BASE = {
    "sources.yaml": NOTE_SOURCES,
    "entities.yaml": """
entities:
  - id: stand
    kind: stand
    name: {ko: 판매장, en: the sales stand}
    aliases: [shop, 판매 부스]
  - id: hall
    kind: stand
    name: {ko: 전시관, en: the exhibition hall}
    aliases: [exhibition hall]
""",
    "facts.yaml": """
facts:
  - id: stand-place
    subject: stand
    attribute: place
    value: {text: {ko: 정문 옆, en: next to the main gate}}
    statement: {ko: 판매장은 정문 옆에 있습니다., en: The sales stand is next to the main gate.}
    source: note
    quote: 판매장은 정문 옆
  - id: hall-place
    subject: hall
    attribute: place
    value: {text: {ko: 2층, en: on the 2nd floor}}
    statement: {ko: 전시관은 2층에 있습니다., en: The exhibition hall is on the 2nd floor.}
    source: note
    quote: 전시관은 2층
""",
    "intents.yaml": """
intents:
  - id: place
    title: {ko: "{stand} 위치", en: "Where {stand} is"}
    attributes: [place]
    slots: [{name: stand, kinds: [stand], required: true}]
    examples:
      ko: [판매장 어디야, 전시관 위치]
      en: [where is the sales stand, where is the exhibition hall]
""",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_of(tmp_path_factory, BASE)


def test_a_four_letter_alias_takes_no_typo(engine):
    assert not engine.matcher.analyse("can you ship the potatoes to my house").mentions
    assert not engine.matcher.analyse("is there a show tonight").mentions
    assert [m.entity for m in engine.matcher.analyse("where is the shop").mentions] == ["stand"]


def test_a_longer_alias_still_takes_one(engine):
    assert [m.entity for m in engine.matcher.analyse("where is the exhibiton hall").mentions] == ["hall"]
