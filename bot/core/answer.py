"""From an intent and the question's entities/periods to facts, computed lines and answer text.

A fact answers only when every slot value the question names is among the fact's entities and the
period (if the question names one) is the fact's. Anything missing means "the article does not
say": never a neighbouring fact.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from . import counting, messages
from .knowledge import Fact, Intent, KnowledgeBase, Slot
from .lang import general_data
from .text import is_hangul_word
from .matcher import Analysis


Says = Callable[[Fact], frozenset[str]]  # the words a fact says

MAX_FACTS_WITHOUT_SUBJECT = 4
# words asking for the first of a series, not the newest (general `first_words`: 처음, first ...)
_FIRST_WORDS = frozenset(str(w) for w in general_data().get("first_words", ()))
_NOW_WORDS = frozenset(str(w) for w in general_data().get("now_words", ()))
MODIFIER_GAP = 2  # the most words between a name and the thing it says which one of ("the session with X")
_LINKING = frozenset("with by of the a an from featuring starring".split())  # ... and the only words they may be
_PREPOSITIONS = frozenset("with by of from featuring starring".split())
_POSSESSIVE = frozenset(("s", "'s", "의"))


@dataclass
class Resolution:
    kind: str  # "ok" | "missing" | "need_slot" | "mismatch"
    groups: list[tuple[str, list[Fact]]] = field(default_factory=list)  # (label key, facts)
    group_by: str = "entity"  # or "period"
    missing: list[tuple[str, str | None]] = field(default_factory=list)  # (entity id, period)
    mismatched: list[str] = field(default_factory=list)  # entity ids the intent's facts don't cover
    slot_values: dict[str, list[str]] = field(default_factory=dict)
    defaulted: list[str] = field(default_factory=list)  # slots filled by their default, not the question

    @property
    def facts(self) -> list[Fact]:
        seen: dict[str, Fact] = {}
        for _, fs in self.groups:
            for f in fs:
                seen.setdefault(f.id, f)
        return list(seen.values())


def _latest(facts: list[Fact], content: tuple[str, ...] = (), says: Says | None = None,
            first: bool = False, now: str | None = None) -> list[Fact]:
    """The newest of each series: Kakao's 2021 count, not 2020's, when no period is named (the oldest
    when the question asks for the first: "한글날이 처음 공휴일이 된 해"); unless the question's own
    words are said by another fact of the series more than by that one ("한글날은 언제 공휴일에서
    빠졌어?": the 1991 removal, not the 2013 restoration). A series is one subject, attribute and
    `about`; facts about different partners are not a series."""
    series: dict[tuple, list[Fact]] = {}
    for f in facts:
        series.setdefault((f.subject, f.attribute, f.about), []).append(f)
    keep = {f.id for fs in series.values() for f in _of_series(fs, content, says, first, now)}
    return [f for f in facts if f.id in keep]


def _of_series(fs: list[Fact], content: tuple[str, ...], says: Says | None, first: bool,
               now: str | None = None) -> list[Fact]:
    """One series' newest facts (oldest, for the first), or those saying most of the question's words.
    Asked what there is now, the newest is of the source's own time (`now`, its year) or before: a
    later year's figure is then a plan or a target ("2027년 말까지 2,000대로"), not what there is."""
    years = [f.year for f in fs if f.year]
    so_far = [y for y in years if now is None or y <= now]
    year = min(years, default=None) if first else max(so_far or years, default=None)
    chosen = [f for f in fs if f.year is None or f.year == year]
    if says is None or not content or len(fs) < 2:
        return chosen
    said = {f.id: sum(t in says(f) for t in content) for f in fs}  # (content holds lemmas too)
    best = max(said.values())
    return [f for f in fs if said[f.id] == best] if best > max(said[f.id] for f in chosen) else chosen


def _narrow_by_picks(groups: list[tuple[str, list[Fact]]],
                     picks: tuple[tuple[str, str], ...]) -> list[tuple[str, list[Fact]]]:
    """In each group, the facts naming the figure the question picks one by ("10km 2위 상금": the 2위
    prize, not the 1위 one), when some of them do and others don't."""
    if not picks:
        return groups
    out = []
    for key, fs in groups:
        named = [f for f in fs if all(counting.names_pick(f, p) for p in picks)]
        out.append((key, named if 0 < len(named) < len(fs) else fs))
    return out


def resolve(kb: KnowledgeBase, intent: Intent, analysis: Analysis, says: Says | None = None) -> Resolution:
    """Pick the slots' values -> gather the facts of each value of the first filled slot -> keep those
    of the periods named -> group them (by value, or by period for one value over several periods).
    `says(fact)` is the words a fact says, by which the question's own words pick within a series."""
    ents = analysis.entities()
    kind_of = {e: kb.entities[e].kind for e in ents}
    slot_values, assigned, defaulted = _pick_slots(kb, intent, ents, kind_of)
    _fill_from_named(kb, intent, slot_values, defaulted)
    if any(slot.required and not slot_values[slot.name] for slot in intent.slots):
        return Resolution("need_slot", slot_values=slot_values)

    primary, narrowing = _primary(intent, slot_values, defaulted)
    facts = _narrow_by_other_slots(_candidate_facts(kb, intent, analysis), intent, narrowing, primary)
    groups, missing, group_by = _group(kb, intent, analysis, facts, slot_values, primary, says)
    groups = _narrow_by_picks(groups, analysis.picks)

    if missing and analysis.either and groups and all(period is None for _, period in missing):
        # "Naver or Kakao?": one alternative is expected not to fit; the one with facts answers
        missing = []
    if missing:
        return Resolution("missing", groups=groups, missing=missing, slot_values=slot_values)
    res = Resolution("ok", groups=groups, group_by=group_by, slot_values=slot_values, defaulted=defaulted)
    if primary is None and len(res.facts) > MAX_FACTS_WITHOUT_SUBJECT:
        return Resolution("need_slot", slot_values=slot_values)
    if intent.slots and all(set(sl.kinds) <= set(kb.lexicon.context_kinds) for sl in intent.slots):
        return res  # a question about the source itself: other names only say what it is about
    res.mismatched = [e for e in _mismatched(kb, ents, kind_of, assigned, res.facts, analysis.either)
                      if not modifies(kb, analysis, e, res.facts)]
    if res.mismatched:
        res.kind = "mismatch"
    return res


# ---------------------------------------------------------------------------------------------
# Picking the slots' values


def _primary(intent: Intent, slot_values: dict[str, list[str]],
             defaulted: list[str]) -> tuple[Slot | None, dict[str, list[str]]]:
    """The slot whose values the facts are gathered by, and the values that narrow them. The first
    slot the question fills decides, before one filled by its default ("세미나실 A 어디야?" is about
    the room, not the programme a default names); a default narrows nothing then."""
    filled = [s for s in intent.slots if slot_values.get(s.name)]
    named = [s for s in filled if s.name not in defaulted]
    guessed = {s.name for s in filled if named and s.name in defaulted and s.default
               and slot_values[s.name] == list(s.default)}
    return (named or filled or [None])[0], {k: v for k, v in slot_values.items() if k not in guessed}


def _pick_slots(kb: KnowledgeBase, intent: Intent, ents: list[str],
                kind_of: dict[str, str]) -> tuple[dict[str, list[str]], set[str], list[str]]:
    """Each slot takes the named entities of its kinds not taken by an earlier slot, else its default.
    Returns (slot values, entities assigned to a slot, slots filled by their default)."""
    slot_values: dict[str, list[str]] = {}
    assigned: set[str] = set()
    defaulted: list[str] = []
    accepted = {k for slot in intent.slots for k in slot.kinds}
    for slot in intent.slots:
        vals = [e for e in ents if kind_of[e] in slot.kinds and e not in assigned]
        _add_owned_stand_ins(kb, slot, ents, kind_of, accepted, vals, assigned)
        assigned.update(vals)
        if not vals and slot.default:
            vals = list(slot.default)
            defaulted.append(slot.name)
        slot_values[slot.name] = vals
    return slot_values, assigned, defaulted


def _add_owned_stand_ins(kb: KnowledgeBase, slot: Slot, ents: list[str], kind_of: dict[str, str],
                         accepted: set[str], vals: list[str], assigned: set[str]) -> None:
    """Adds to `vals` (marking the names in `assigned`) what names that fit no slot stand for."""
    # a name that fits none of the slots may stand for the one thing of this slot's kind its
    # facts are about: "오픈AI 모델보다 파라미터가 몇 개 많아?" - OpenAI's model is GPT-3
    for e in ents:
        if e not in assigned and kind_of[e] not in accepted and (slot.many or not vals):
            owned = {f.subject for f in kb.facts.values()
                     if e in f.about and kb.entities[f.subject].kind in slot.kinds}
            if len(owned) == 1 and (o := owned.pop()) not in vals:
                vals.append(o)
                assigned.add(e)


def _holders(kb: KnowledgeBase, intent: Intent, slot: Slot, names: set[str]) -> set[str]:
    """The entities of the slot's kinds on the intent's facts that hold all of `names`."""
    return {e for f in kb.facts.values() if f.attribute in intent.attributes and names <= f.entities
            for e in f.entities if kb.entities[e].kind in slot.kinds}


def _fill_from_named(kb: KnowledgeBase, intent: Intent, slot_values: dict[str, list[str]],
                     defaulted: list[str]) -> None:
    """Fills the required slots the question leaves empty from what it does name, where that picks
    them out (marking them in `defaulted`)."""
    named = {e for vals in slot_values.values() for e in vals}
    for slot in intent.slots:
        if slot.required and not slot_values[slot.name] and named:
            # what the question does name may pick out the one it leaves out: "CVPR oral 상위 몇
            # 퍼?" - only Kakao Brain's facts of this kind are about CVPR
            holders = _holders(kb, intent, slot, named)
            several = slot.many and len(named) > 1
            if len(holders) != 1 and several:
                # ... or each of them picks out one ("CVPR의 상위 4%와 뉴립스의 상위 1%": Kakao Brain's and
                # Kakao Enterprise's orals)
                each = [_holders(kb, intent, slot, {n}) for n in sorted(named)]
                if all(len(h) == 1 for h in each):
                    holders = set().union(*each)
            if len(holders) == 1 or (holders and several and len(holders) <= len(named)):
                slot_values[slot.name] = sorted(holders)
                defaulted.append(slot.name)


# ---------------------------------------------------------------------------------------------
# Gathering the facts


def _candidate_facts(kb: KnowledgeBase, intent: Intent, analysis: Analysis) -> list[Fact]:
    """The intent's facts, less those about what the question sets aside."""
    # what the question sets aside ("코지피티 말고 이달에 선보인 모델") never answers it
    facts = [f for f in kb.facts.values() if f.attribute in intent.attributes and f.subject not in analysis.excluded]
    # ... nor facts about what it sets aside that is not what the question is about ("서울대·카이스트
    # 말고 손잡은 대학": Naver's other partners)
    aside = {e for e in analysis.excluded if intent.slots and kb.entities[e].kind not in intent.slots[0].kinds}
    if aside:
        kinds = {kb.entities[e].kind for e in aside}
        # (a fact about several, not all of them set aside, still answers: "ICCV 말고 또 어떤 학회")
        facts = [f for f in facts
                 if not (set(f.about) & aside) or {e for e in f.about if kb.entities[e].kind in kinds} - aside]
    return facts


def _narrow_by_other_slots(facts: list[Fact], intent: Intent, slot_values: dict[str, list[str]],
                           primary: Slot | None) -> list[Fact]:
    """Every filled slot but the primary one narrows the facts to those holding one of its values."""
    for slot in intent.slots:
        vals = slot_values.get(slot.name) or []
        if vals and slot is not primary:
            facts = [f for f in facts if f.entities & set(vals)]
    return facts


def _facts_for_key(kb: KnowledgeBase, facts: list[Fact], key: str, keys: list[str],
                   primary_kinds: set[str]) -> list[Fact]:
    """The facts that answer for one value of the primary slot ("" when there is none: all)."""
    # A fact reached only through `about` (Naver's ratio "about Kakao") answers for the key only
    # when its own subject is of another kind (KoGPT for Kakao Brain) or was named too.
    fs = [
        f for f in facts
        if not key or f.subject == key or (
            key in f.about and (
                kb.entities[f.subject].kind not in primary_kinds or f.subject in keys
            )
        )
    ]
    if key and not fs:
        # Nothing on the named company itself, but on its own units: "카카오 ICML 논문" is
        # answered by Kakao Brain's fact, whose statement names Kakao Brain. Never upwards:
        # a unit's question is not answered with its parent's figure.
        units = {e for e in kb.entities if key in kb.ancestors(e)}
        fs = [f for f in facts if f.subject in units]
    return fs


# ---------------------------------------------------------------------------------------------
# Filtering by period and grouping


def _group(kb: KnowledgeBase, intent: Intent, analysis: Analysis, facts: list[Fact],
           slot_values: dict[str, list[str]], primary: Slot | None,
           says: Says | None = None) -> tuple[list[tuple[str, list[Fact]]], list[tuple[str, str | None]], str]:
    """The facts of each value of the primary slot, by period when the question names periods (else
    the newest of each series). Returns (groups, missing (entity, period), group_by)."""
    keys = slot_values[primary.name] if primary is not None else [""]
    primary_kinds = set(primary.kinds) if primary is not None else set()
    periods = list(analysis.periods) if intent.periods else []
    groups: list[tuple[str, list[Fact]]] = []
    missing: list[tuple[str, str | None]] = []
    first = not periods and intent.periods and bool(_FIRST_WORDS & {*analysis.words, *analysis.content})
    # (asked what there is now: of the source's year or before, not a later year's target)
    asks_now = analysis.operation == "lookup" and bool(_NOW_WORDS & {*analysis.words, *analysis.content})
    now = max((str(src.published.year) for src in kb.sources.values()), default=None) if asks_now else None
    for key in keys:
        fs = _facts_for_key(kb, facts, key, keys, primary_kinds)
        if periods:
            _group_by_periods(key, fs, periods, groups, missing)
        else:
            _group_latest(key, _latest(fs, analysis.content, says, first, now) if intent.periods else fs, groups, missing)
    group_by = "period" if len(keys) == 1 and len(periods) > 1 else "entity"
    return groups, missing, group_by


def _group_by_periods(key: str, fs: list[Fact], periods: list[str], groups: list[tuple[str, list[Fact]]],
                      missing: list[tuple[str, str | None]]) -> None:
    """One group per period named ("key@period"), or a missing (key, period)."""
    for p in periods:
        fp = [f for f in fs if f.within(p)]
        if fp:
            groups.append((f"{key}@{p}", fp))
        else:
            missing.append((key, p))


def _group_latest(key: str, fs: list[Fact], groups: list[tuple[str, list[Fact]]],
                  missing: list[tuple[str, str | None]]) -> None:
    """No period named: one group of the key's facts, or a missing (key, None)."""
    if fs:
        groups.append((key, fs))
    else:
        missing.append((key, None))


def modifies(kb: KnowledgeBase, analysis: Analysis, e: str, facts: list[Fact]) -> bool:
    """Is the name written next to a thing the answering facts are about, and tied to it by a fact,
    so that it says which one ("윤서하 작가 강연": the talk she gives; "the session with Yoon Seo-ha")?"""
    covered = set().union(*(f.entities for f in facts)) if facts else set()
    mine = [m for m in analysis.mentions if m.entity == e]
    words = analysis.words

    def before(m, o) -> bool:  # the name before the thing, bare or with 's ("윤서하 작가 강연", "Yoon's talk")
        return 0 <= o.start - m.end <= 1 and all(w in _POSSESSIVE for w in words[m.end:o.start])

    def after(o, m) -> bool:  # the name after the thing, by a preposition ("the session with Yoon"), never
        # after 's, where it is the head ("Korea's 10,000 won note" is the note, not Korea)
        between = words[o.end:m.start]
        if m.start == o.end:  # (Korean names side by side: "세종대왕 조선 몇 번째 왕")
            return is_hangul_word(words[m.start]) and is_hangul_word(words[o.end - 1])
        return m.start - o.end <= MODIFIER_GAP and all(w in _LINKING for w in between) and bool(set(between) & _PREPOSITIONS)

    beside = {o.entity for o in analysis.mentions if o.entity in covered and o.entity != e for m in mine
              if before(m, o) or after(o, m)}
    return bool(beside) and any(e in f.entities and f.entities & beside for f in kb.facts.values())


def _mismatched(kb: KnowledgeBase, ents: list[str], kind_of: dict[str, str], assigned: set[str],
                facts: list[Fact], either: bool) -> list[str]:
    """The names the question gives that the answering facts don't cover (nor their parents or units)."""
    covered = set().union(*(f.entities for f in facts)) if facts else set()
    mismatched: list[str] = []
    for e in ents:
        if e in assigned or e in covered or kind_of[e] in kb.lexicon.context_kinds:
            continue
        related = set(kb.ancestors(e)) | {c for c in covered if e in kb.ancestors(c)}
        if related & covered:
            continue
        mismatched.append(e)
    if mismatched and either:
        # "made by Naver or by Kakao?": the entity that doesn't fit is the wrong alternative
        covered_kinds = {kind_of[e] for e in ents if e not in mismatched}
        mismatched = [e for e in mismatched if kind_of[e] not in covered_kinds]
    return mismatched


# ---------------------------------------------------------------------------------------------
# Rendering values


def format_number(n: float, unit: str | None, kb: KnowledgeBase, lang: str, with_unit: bool = True) -> str:
    u = kb.lexicon.units.get(unit or "")
    if lang == "ko":
        if abs(n) >= 1e8:
            body = f"{n / 1e8:,.1f}".rstrip("0").rstrip(".").replace(",", "") + "억"
        elif abs(n) >= 1e4 and n % 1e4 == 0:
            body = f"{n / 1e4:g}만"
        else:
            body = f"{n:,.1f}".rstrip("0").rstrip(".")
        suffix = u.ko if (u and with_unit) else ""
        sep = " " if suffix and (body.endswith("억") or body.endswith("만")) else ""
        return f"{body}{sep}{suffix}"
    if abs(n) >= 1e9:
        body = f"{n / 1e9:,.1f}".rstrip("0").rstrip(".") + " billion"
    elif abs(n) >= 1e6:
        body = f"{n / 1e6:,.1f}".rstrip("0").rstrip(".") + " million"
    else:
        body = f"{n:,.1f}".rstrip("0").rstrip(".")
    if not (u and with_unit):
        return body
    return f"{body}{u.en}" if u.en == "%" else f"{body} {u.en}"


def _numeric(fs: list[Fact], attribute: str, kb: KnowledgeBase) -> Fact | None:
    for f in fs:
        if f.attribute == attribute and f.value.number is not None:
            u = kb.lexicon.units.get(f.value.unit or "")
            if u is not None and u.countable:
                return f
    return None


def sum_line(kb: KnowledgeBase, res: Resolution, lang: str) -> list[str]:
    """"CVPR and ICML combined?": the sum of two or more countable figures in one unit, none of
    them a part of another (Kakao's 40 already holds Kakao Brain's 15)."""
    # the countable figures of one unit (CVPR's 2 papers and ICML's 2, not the oral's "top 4%")
    by_unit: dict[str, list[Fact]] = {}
    for f in res.facts:
        u = kb.lexicon.units.get(f.value.unit or "")
        if f.value.number is not None and u is not None and u.countable:
            by_unit.setdefault(f.value.unit or "", []).append(f)
    groups = [fs for fs in by_unit.values() if len(fs) >= 2]
    if len(groups) != 1:
        return []
    facts = groups[0]
    subjects = {f.subject for f in facts}
    if any(set(kb.ancestors(s)) & subjects for s in subjects):
        return []
    total = sum(f.value.number or 0 for f in facts)
    unit = facts[0].value.unit
    parts = " + ".join(format_number(f.value.number or 0, unit, kb, lang) for f in facts)
    return [messages.t("sum", lang, total=format_number(total, unit, kb, lang), parts=parts)]


def difference_line(kb: KnowledgeBase, res: Resolution, lang: str) -> list[str]:
    """"인턴십 비중이랑 해외 협업 비중 차이?": two figures of one subject in one unit, told apart by
    their difference (percentages in points)."""
    facts = [f for f in res.facts if f.value.number is not None]
    if len(facts) != 2 or facts[0].value.unit != facts[1].value.unit or facts[0].subject != facts[1].subject:
        return []
    hi, lo = sorted(facts, key=lambda f: -(f.value.number or 0))
    unit = hi.value.unit
    diff = (hi.value.number or 0) - (lo.value.number or 0)
    if unit == "percent":
        body = f"{diff:g}%p" if lang == "ko" else f"{diff:g} percentage points"
    else:
        body = format_number(diff, unit, kb, lang)
    if hi.value.approx or lo.value.approx:
        body = ("약 " if lang == "ko" else "about ") + body
    return [messages.t("difference", lang, diff=body, hi=format_number(hi.value.number or 0, unit, kb, lang),
                       lo=format_number(lo.value.number or 0, unit, kb, lang))]


def computed_lines(kb: KnowledgeBase, intent: Intent, res: Resolution, lang: str,
                   difference: bool = False) -> tuple[list[str], list[str]]:
    """Comparisons across groups: difference and ratio, share of a parent, growth between periods.
    A part and its whole get the share, and the difference too when it is asked for.
    Returns (lines, ids of the facts used)."""
    if len(res.groups) != 2 or not intent.attributes:
        return [], []
    attr = intent.attributes[0]
    (ka, fa_list), (kb_, fb_list) = res.groups
    fa, fb = _numeric(fa_list, attr, kb), _numeric(fb_list, attr, kb)
    if fa is None or fb is None or fa.value.unit != fb.value.unit or fa.id == fb.id:
        return [], []
    assert fa.value.number is not None and fb.value.number is not None
    if res.group_by == "period":
        lines = [_growth_line(kb, fa, fb, lang)]
    else:
        lines = _comparison_lines(kb, fa, fb, lang, difference) + _share_lines(kb, fa, fb, lang)
    return lines, [fa.id, fb.id]


def _subject_name(kb: KnowledgeBase, f: Fact, lang: str) -> str:
    return kb.entities[f.subject].name.get(lang)


def _growth_line(kb: KnowledgeBase, fa: Fact, fb: Fact, lang: str) -> str:
    """One subject over two periods: the newer figure against the older, up or down by how much."""
    unit = fa.value.unit
    new, old = (fa, fb) if (fa.year or "") > (fb.year or "") else (fb, fa)
    nv, ov = new.value.number, old.value.number
    assert nv is not None and ov is not None
    diff = nv - ov
    pct = f"{abs(diff) / ov * 100:.1f}" if ov else "-"
    return messages.t(
        "cmp_growth", lang, name=_subject_name(kb, new, lang), new_period=new.year, old_period=old.year,
        new_val=format_number(nv, unit, kb, lang), old_val=format_number(ov, unit, kb, lang),
        diff=format_number(abs(diff), unit, kb, lang),
        direction=messages.t("up" if diff >= 0 else "down", lang), pct=pct,
    )


def _comparison_lines(kb: KnowledgeBase, fa: Fact, fb: Fact, lang: str, difference: bool) -> list[str]:
    """Two subjects' figures: equal, or the higher one's lead and ratio."""
    unit = fa.value.unit
    a, b = fa.value.number, fb.value.number
    assert a is not None and b is not None
    hi, lo = (fa, fb) if a >= b else (fb, fa)
    hv, lv = hi.value.number, lo.value.number
    assert hv is not None and lv is not None
    nested = hi.subject in kb.ancestors(lo.subject) or lo.subject in kb.ancestors(hi.subject)
    if nested and not difference:
        return []  # a part and its whole: the share below says it better than a difference
    hi_name, lo_name = _subject_name(kb, hi, lang), _subject_name(kb, lo, lang)
    if hv == lv:
        return [messages.t("cmp_equal", lang, a_name=hi_name, b_name=lo_name, a_val=format_number(hv, unit, kb, lang))]
    ratio = f"{hv / lv:.1f}" if lv else "-"
    return [
        messages.t(
            "cmp_more", lang, a_name=hi_name, b_name=lo_name, a_val=format_number(hv, unit, kb, lang),
            b_val=format_number(lv, unit, kb, lang), diff=format_number(hv - lv, unit, kb, lang), ratio=ratio,
        )
    ]


def _share_lines(kb: KnowledgeBase, fa: Fact, fb: Fact, lang: str) -> list[str]:
    """A part and its whole (a unit and its parent): the part's share of the whole."""
    unit = fa.value.unit
    lines: list[str] = []
    for part, whole in ((fa, fb), (fb, fa)):
        if whole.subject in kb.ancestors(part.subject) and whole.value.number:
            pv, wv = part.value.number, whole.value.number
            assert pv is not None
            lines.append(
                messages.t(
                    "cmp_share", lang, part_name=_subject_name(kb, part, lang),
                    whole_name=_subject_name(kb, whole, lang),
                    part_val=format_number(pv, unit, kb, lang), whole_val=format_number(wv, unit, kb, lang),
                    share=f"{pv / wv * 100:.1f}".rstrip("0").rstrip("."),
                )
            )
    return lines


def fill_title(kb: KnowledgeBase, intent: Intent, lang: str, values: dict[str, list[str]]) -> str | None:
    """The intent's title with its {slot} placeholders filled; None when one can't be filled."""
    title = intent.title.get(lang)
    fill: dict[str, str] = {}
    for slot in intent.slots:
        ids = [i for i in values.get(slot.name) or [] if i in kb.entities]
        fill[slot.name] = (" · " if lang == "ko" else " and ").join(kb.entities[i].name.get(lang) for i in ids)
    try:
        text = title.format_map(_Strict(fill))
    except (KeyError, IndexError, ValueError):
        return None
    return messages.attach_josa(text) if lang == "ko" else text


class _Strict(dict):
    def __getitem__(self, key: str) -> str:
        value = super().get(key)
        if not value:
            raise KeyError(key)
        return value
