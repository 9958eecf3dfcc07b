"""Regression guard for the intent index (bot/core/index.py): accuracy on a generated CLINC-like base,
out-of-scope rejection, the inverted index at work, typo tolerance in English and Korean.

No timing assertions: benchmarks/perf.py and benchmarks/clinc150.py measure speed.
"""
from __future__ import annotations

import random

import pytest

from bot.core.index import Candidate, IntentIndex

# A small CLINC-like world: intents are (action, object) pairs, so intents share their object with
# their siblings ("cancel" / "check" / "change" a reservation) and their action with other objects.
ACTIONS = {
    "cancel": ["cancel", "call off", "drop", "scrap"],
    "check": ["check", "look up", "show me", "see"],
    "change": ["change", "modify", "update", "move"],
    "make": ["make", "book", "set up", "create"],
}
OBJECTS = {
    "reservation": ["reservation", "booking", "table reservation"],
    "flight": ["flight", "plane ticket", "air ticket"],
    "meeting": ["meeting", "appointment", "call with the team"],
    "order": ["order", "purchase", "delivery"],
    "alarm": ["alarm", "wake up alarm", "morning alarm"],
}
TEMPLATES = [
    "can you {a} my {o}",
    "i want to {a} the {o}",
    "please {a} my {o} {tail}",
    "how do i {a} a {o}",
    "{a} my {o} {tail}",
    "i need you to {a} the {o} for me",
    "could you {a} my {o} please",
    "would it be possible to {a} my {o} {tail}",
    "i'd like to {a} my {o}",
    "help me {a} the {o}",
]
TAILS = ["today", "tomorrow", "for friday", "right now", "tonight", "next week", "asap", "for my boss"]
OOS = [
    "what is the capital of mongolia",
    "tell me a story about dragons",
    "how tall is mount everest",
    "who won the football game yesterday",
    "what is the meaning of the word serendipity",
    "recommend a good novel to read",
    "how many legs does a spider have",
    "what's the square root of 144",
    "is it going to snow in oslo",
    "translate hello into swahili",
    "what should i name my goldfish",
    "how do volcanoes form",
]


def _tok(text: str) -> list[str]:
    return text.replace("'", " ").split()


def _phrase(rng: random.Random, action: str, obj: str, templates: list[str]) -> str:
    return rng.choice(templates).format(
        a=rng.choice(ACTIONS[action]), o=rng.choice(OBJECTS[obj]), tail=rng.choice(TAILS)
    )


def _data(seed: int = 7, per_intent: int = 12):
    rng = random.Random(seed)
    train_t, test_t = TEMPLATES[:7], TEMPLATES[7:]
    train, test = [], []
    for action in ACTIONS:
        for obj in OBJECTS:
            intent = f"{action}_{obj}"
            seen = set()
            while len(seen) < per_intent:
                seen.add(_phrase(rng, action, obj, train_t))
            train += [(_tok(s), intent) for s in sorted(seen)]
            test += [(_tok(_phrase(rng, action, obj, test_t)), intent) for _ in range(4)]
    return train, test


@pytest.fixture(scope="module")
def generated():
    train, test = _data()
    return IntentIndex.build(train), train, test


def test_api_shape(generated):
    index, train, _ = generated
    assert index.size == len(train)
    assert index.token_known("reservation") and not index.token_known("reservaton")
    cands = index.rank(_tok("cancel my flight"), k=3)
    assert 1 <= len(cands) <= 3 and all(isinstance(c, Candidate) for c in cands)
    assert cands[0].intent == "cancel_flight"
    assert all(0.0 <= c.score <= 1.0 and 0.0 <= c.prob <= 1.0 and 0.0 <= c.coverage <= 1.0 for c in cands)
    assert [c.score for c in cands] == sorted((c.score for c in cands), reverse=True)
    assert cands[0].margin == pytest.approx(cands[0].score - cands[1].score, abs=1e-3)
    assert cands[0].example  # the best matching example, as evidence
    assert index.rank(_tok("zebra quantum xylophone")) == []  # nothing shared, nothing ranked
    assert index.rank([]) == []


def test_held_out_paraphrases(generated):
    index, _, test = generated
    hits = sum(index.rank(toks, k=1)[0].intent == intent for toks, intent in test)
    assert hits / len(test) >= 0.9, hits / len(test)


def test_own_examples_rank_first(generated):
    index, train, _ = generated
    hits = sum(index.rank(toks, k=1)[0].intent == intent for toks, intent in train)
    assert hits / len(train) >= 0.97


def test_out_of_scope_scores_low(generated):
    index, _, test = generated
    in_scores = sorted(index.rank(toks, k=1)[0].score for toks, _ in test)
    oos_scores = [(index.rank(_tok(q), k=1) or [Candidate("", 0.0)])[0].score for q in OOS]
    threshold = in_scores[len(in_scores) // 10]  # keeps 90% of the in-scope questions
    rejected = sum(s < threshold for s in oos_scores)
    assert rejected / len(OOS) >= 0.9, (threshold, oos_scores)


def test_inverted_index_is_used():
    # 200 intents x 10 examples; a question sharing one rare word looks at a handful of examples
    rng = random.Random(3)
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]  # 70
    words = sorted({"".join(rng.sample(syllables, 3)) for _ in range(4000)})[:3000]
    examples = []
    for n in range(200):
        topic = words[n * 10 : n * 10 + 10]
        for _ in range(10):
            examples.append((rng.sample(topic, 3) + rng.sample(words[2500:], 2), f"intent{n}"))
    index = IntentIndex.build(examples)
    assert index.size == 2000
    cands = index.rank([words[1234], "xqxqxqxq"])
    assert cands and cands[0].intent == "intent123"
    assert 0 < index.last_scored <= 60  # examples compared one by one, out of 2000


@pytest.mark.parametrize(
    ("typo", "intent"),
    [
        ("cancle my reservaton", "cancel_reservation"),
        ("chekc the flihgt", "check_flight"),
        ("book a meting tomorow", "make_meeting"),
    ],
)
def test_typos_map_to_known_words(generated, typo, intent):
    index, _, _ = generated
    assert index.rank(_tok(typo), k=1)[0].intent == intent
    assert index.nearest_token("reservaton") == "reservation"
    assert index.nearest_token("xyzzyq") is None


KOREAN = [
    (["카카오", "논문", "몇"], "paper_count"),
    (["카카오", "논문", "몇", "건"], "paper_count"),
    (["카카오", "논문", "발표", "개수"], "paper_count"),
    (["카카오", "학회", "몇", "곳"], "conference_count"),
    (["카카오", "학회", "개수"], "conference_count"),
    (["카카오", "발표", "학회", "몇", "개"], "conference_count"),
    (["하이퍼클로바", "파라미터", "몇"], "parameters"),
    (["하이퍼클로바", "매개변수", "규모"], "parameters"),
    (["하이퍼클로바", "크기", "몇", "개"], "parameters"),
]


@pytest.mark.parametrize(
    ("tokens", "intent"),
    [
        (["카캌오", "논뭄", "몇"], "paper_count"),  # jamo-level typos: one edit each
        (["카카오", "학회", "몇", "군데"], "conference_count"),
        (["하이퍼크로바", "파라미터"], "parameters"),
    ],
)
def test_korean_tokens_and_typos(tokens, intent):
    index = IntentIndex.build(KOREAN)
    assert index.nearest_token("카캌오") == "카카오"
    assert index.nearest_token("논뭄") == "논문"
    assert index.rank(tokens, k=1)[0].intent == intent


def test_identical_examples_under_two_intents_tie():
    index = IntentIndex.build([(["환불"], "a"), (["환불"], "b"), (["배송", "언제"], "c")])
    a, b = index.rank(["환불"], k=2)
    assert {a.intent, b.intent} == {"a", "b"} and a.score == pytest.approx(b.score)


def test_deterministic_build():
    train, _ = _data(seed=11, per_intent=6)
    q = _tok("could you modify my morning alarm please")
    assert IntentIndex.build(train).rank(q) == IntentIndex.build(train).rank(q)
