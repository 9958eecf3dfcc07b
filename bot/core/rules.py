"""Named knobs of the decision, in one place (the language patterns that shape a question - its parts,
its operation - are in shape.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple
from .answer import Resolution
from .knowledge import Intent
from .index import Candidate

_QUANTITY_TEXT_RE = re.compile(r"\d|자리 ?수|digit", re.IGNORECASE)

SHORT_QUESTION = 3  # content words; with an unseen one among so few, decline
DOMINANCE = 3.0  # "far behind": the leader scores at least this many times the runner-up
MULTI_SIMILARITY = 0.5  # a second intent this close to one of its examples is a second question
SLOT_MISFIT = 0.75  # score factor for an intent that can't take what the question names
SLOT_MISSING = 0.6  # ... and for one that needs something the question doesn't name
ASK_RIVAL_SHARE = 0.5  # a runner-up scoring this share of the answer line answers what the leader's facts don't give
ASK_MISSING = 0.4  # ... and for one whose examples all ask something ("when") the question doesn't
DURATION_READINGS = 5  # how many of the best readings a "how long between" question takes its two dates from
DURATION_SHARE = 0.3  # ... each scoring at least this share of the answer threshold
EVENT_VERBATIM = 1.0  # a side's own word, as written, in a fact's statement ("조선어학회로" -> the renaming to it)
EVENT_ANSWERED = 0.25  # a fact the side's own reading answers with (its series read by the side's words)
EVENT_OTHER_NAME = 0.5  # a fact naming what the side doesn't says less of it (조선어학회 -> 한글학회, 1949)
EXAMPLE_MATCH = 0.99  # a question of names only is read when it is one of the base's own examples (similarity)
KNOWN_INSTEAD = 2  # at most this many statements of what the source does say, in a decline
CONTEXT_CHARS = 400  # the most of a conversation a follow-up is read with
TAG_WORDS = 3  # the most words of a clause that only asks whether the one before is so ("하던데 맞나요?")
FOLLOW_UP_OWN_WORDS = 2  # a question naming nothing with at most this many words of its own leans on the last
CLAIM_MISFIT = 0.5  # ... and for one with no figures when the question checks a figure it states
PINNED_FLOOR = 0.2  # the least score at which named entities that pick out one fact may answer
SUPPORT_FLOOR = 0.2  # the least score at which a leader whose facts say most of the question may answer
SUPPORT_SHARE = 0.6  # ... the share of the question's own words its facts must say
CHECKED_FLOOR = 0.2  # the least score at which a question checking its claim may be read by its leader
CHECKED_LEAD = 1.4  # ... when the leader scores this many times the runner-up
GROUNDED_FLOOR = 0.15  # the least score at which the one reading answering what is asked of a thing named may answer
GROUNDED_LEAD = 2.0  # ... when another such reading is near, the leader must score this many times it
REACHED_SHARE = 0.6  # the least share of a question's own words the facts of a reading reached from what it names must say
REACHED_LEAD = 0.2  # ... ahead of every other such reading by this much
QUOTE_DEMOTION = 0.5  # readings that don't hold the figure the question quotes
AGREEING = 2  # runners-up checked for giving the leader's very facts (their scores then add up)

class Reading(NamedTuple):
    """One way to read a question: an intent the index ranked, and its facts for what was named."""

    top: Candidate
    intent: Intent
    res: Resolution


@dataclass(frozen=True)
class Thresholds:
    answer: float = 0.37  # below: not confident enough to answer
    sure: float = 0.75  # above: answer even with a close runner-up / an unseen word
    margin: float = 0.06  # runner-up closer than this (and with other facts) -> ambiguous
    dominant: float = 0.3  # ... or this, when the next intent is far behind (see DOMINANCE)
