"""Curation report: what people asked that the bot could not answer, and which answers they disliked.

`python -m bot report [--since DAYS]` (wired in bot/cli.py) prints :func:`build_report`. Unanswered
questions are grouped by similarity, each group shows the intent the engine finds nearest and a line
a curator can paste into that intent's examples (``examples: {ko: [...], en: [...]}`` in
knowledge/intents/*.yaml), e.g.::

     1. 삼성은 논문 몇 편 냈어?
        asked 4× · ko 4 · unknown 4 · last 2026-11-20
        also: 삼송은 논문 몇편 냈어
        nearest intent: paper_count (score 0.79)
        add to intent paper_count, examples.ko:  - "삼성은 논문 몇 편 냈어?"
"""
from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from rapidfuzz import fuzz, process

from bot.store import FeedbackCount, Store, UnansweredRow, normalise_question

log = logging.getLogger(__name__)

__all__ = ["QuestionGroup", "build_report", "display_width", "fit", "group_questions", "jamo", "match_key", "same_question"]

#: token_set_ratio (0..100) a phrasing needs with a group's seed to join it.
GROUP_CUTOFF = 80.0
#: Two words count as the same word (typo, particle, ending) at this fuzz.ratio (0..100).
WORD_CUTOFF = 80.0
#: Words shorter than this (in match-key characters; a Hangul syllable is 2-3 jamo) may differ
#: freely: "did"/"has", "몇"/"편", particles on their own.
MIN_CONTENT_WORD = 4
EXAMPLES_SHOWN = 3
#: Below this nearest-intent score (0..1) the intent is flagged as a weak match.
WEAK_SCORE = 0.5
_DIGITS = re.compile(r"\d+")
QUESTION_COLUMNS = 60  # terminal columns a question may take in a table


# --------------------------------------------------------------------------- text helpers


def _jamo_table() -> dict[int, str]:
    """Conjoining jamo (U+1100..U+11FF, what NFD makes of a syllable) -> compatibility jamo, so a
    consonant compares equal as initial and final (깃허브 / 깃헙: ㅂ either way)."""
    table: dict[int, str] = {}
    for cp in range(0x1100, 0x1200):
        name = unicodedata.name(chr(cp), "")
        for part in ("CHOSEONG ", "JUNGSEONG ", "JONGSEONG "):
            if part in name:
                try:
                    table[cp] = unicodedata.lookup("HANGUL LETTER " + name.split(part, 1)[1])
                except KeyError:
                    pass
    return table


_JAMO = _jamo_table()


def match_key(text: str) -> str:
    """Repeats of a question share this key: :func:`normalise_question` (NFKC, casefold,
    punctuation and format characters removed, whitespace collapsed)."""
    return normalise_question(text)


@functools.lru_cache(maxsize=65_536)
def jamo(text: str) -> str:
    """``text`` with Hangul syllables split into (compatibility) jamo: what fuzzy scores are
    computed on, so a one-jamo typo (삼성/삼송) costs one jamo, not a whole syllable."""
    return unicodedata.normalize("NFD", text).translate(_JAMO)


def display_width(text: str) -> int:
    """Terminal columns: East Asian wide/full-width (Hangul, CJK, most emoji) take 2, marks 0."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def fit(text: str, columns: int, *, pad: bool = False) -> str:
    """Cut ``text`` to at most ``columns`` terminal columns (ending in "…" if cut); pad with spaces
    to exactly ``columns`` when ``pad``."""
    if display_width(text) > columns:
        out, used = [], 0
        for ch in text:
            w = display_width(ch)
            if used + w > columns - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
    if pad:
        text += " " * (columns - display_width(text))
    return text


_PLAIN = re.compile(r"[\x20-\x7e\uac00-\ud7a3]*")  # nothing for printable() to remove


@functools.lru_cache(maxsize=65_536)
def printable(text: str) -> str:
    """One terminal line: control and format characters (newlines, zero-width, bidi overrides)
    become spaces/are dropped, combining-mark floods are cut to 2 per base character."""
    if _PLAIN.fullmatch(text):
        return " ".join(text.split())
    out: list[str] = []
    marks = 0
    for ch in unicodedata.normalize("NFC", text):
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Zl", "Zp"):
            out.append(" ")
        elif cat in ("Cf", "Co", "Cs"):
            continue
        elif cat in ("Mn", "Me"):
            marks += 1
            if marks <= 2:
                out.append(ch)
            continue
        else:
            out.append(ch)
        marks = 0
    return " ".join("".join(out).split())


def yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar (also a valid JSON string) for pasting into a knowledge file."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


# --------------------------------------------------------------------------- grouping


@dataclass
class QuestionGroup:
    """Unanswered questions that are phrasings of one question."""

    label: str  # most frequent phrasing (as asked, not normalised)
    count: int
    langs: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    phrasings: Counter[str] = field(default_factory=Counter)
    last_ts: float = 0.0
    label_lang: str = ""  # language the label phrasing was asked in

    def examples(self, n: int = EXAMPLES_SHOWN) -> list[str]:
        """Other phrasings, most frequent first."""
        ranked = sorted(self.phrasings.items(), key=lambda kv: (-kv[1], kv[0]))
        return [p for p, _ in ranked if p != self.label][:n]


#: Blocking: a key is compared only with keys sharing a block (same numbers, and a content word
#: starting or ending with the same :data:`BLOCK_AFFIX` jamo). Blocks larger than this are not used
#: when a key has a smaller one (a word most questions share says little about which question it is).
BLOCK_AFFIX = 4
BLOCK_CAP = 300


def _blocks(key: str) -> list[tuple]:
    """The blocks a match key falls in. Two phrasings :func:`same_question` accepts share every
    content word up to a typo, an ending or spacing, so they share a block unless each of their
    content words differs at both its first and its last :data:`BLOCK_AFFIX` jamo."""
    digits = tuple(_DIGITS.findall(key))
    words = [jamo(w) for w in key.split()]
    content = [w for w in words if len(w) >= MIN_CONTENT_WORD] or words
    out = []
    for w in content:
        out.append((digits, 0, w[:BLOCK_AFFIX]))
        out.append((digits, 1, w[-BLOCK_AFFIX:]))
    return list(dict.fromkeys(out))


def group_questions(
    rows: Sequence[UnansweredRow], *, cutoff: float = GROUP_CUTOFF, stats: dict[str, int] | None = None
) -> list[QuestionGroup]:
    """Cluster unanswered questions greedily, most frequent first, in near-linear time.

    Exact repeats (same :func:`match_key`) are counted once; then, taking the most frequent key not
    yet grouped as a seed, ``process.extract`` with ``fuzz.token_set_ratio`` (on :func:`jamo`) and
    ``score_cutoff`` pulls every remaining key of the seed's blocks (see :func:`_blocks`) that is
    similar enough (plus a space-free ``fuzz.ratio`` pass with the same cutoff, for spacing
    variants); a candidate then joins only if :func:`same_question` agrees (token_set_ratio alone
    is 100 for "bts" vs "bts members" and 83 for "삼성은 논문 몇 편 냈어" vs "카카오는 논문 몇 편
    냈어"). Members must match the seed itself, so groups do not chain. The label is the most
    frequent phrasing of the seed. Largest groups first.

    Only keys sharing a block are scored (before: every remaining key, quadratic: 20,000 distinct
    questions took 268 s). ``stats``, when given, receives ``compared`` (candidate keys scored).
    """
    by_key: dict[str, list[UnansweredRow]] = {}
    last_ts: dict[str, float] = {}
    keys_of: dict[str, str] = {}  # question text -> match key (repeats are normalised once)
    for row in rows:
        key = keys_of.get(row.question)
        if key is None:
            key = keys_of[row.question] = match_key(row.question)
        if key:
            by_key.setdefault(key, []).append(row)
            if row.ts > last_ts.get(key, float("-inf")):
                last_ts[key] = row.ts
    # Most frequent first; ties: most recent, then alphabetical, so output is deterministic.
    order = sorted(by_key, key=lambda k: (-len(by_key[k]), -last_ts[k], k))
    scored = {k: jamo(k) for k in order}  # key -> what is scored
    flat = {k: v.replace(" ", "") for k, v in scored.items()}
    key_blocks = {k: _blocks(k) for k in order}
    members_of: dict[tuple, list[str]] = {}
    for k in order:
        for b in key_blocks[k]:
            members_of.setdefault(b, []).append(k)
    position = {k: i for i, k in enumerate(order)}
    grouped: set[str] = set()
    compared = 0
    groups: list[QuestionGroup] = []
    for seed in order:
        if seed in grouped:
            continue
        grouped.add(seed)
        members = [seed]
        blocks = sorted(key_blocks[seed], key=lambda b: len(members_of[b]))
        small = [b for b in blocks if len(members_of[b]) <= BLOCK_CAP] or blocks[:2]
        candidates = list({k for b in small for k in members_of[b] if k not in grouped})
        if candidates:
            compared += len(candidates)
            found_at = {i for _c, _s, i in process.extract(
                scored[seed], [scored[k] for k in candidates], scorer=fuzz.token_set_ratio,
                score_cutoff=cutoff, limit=None,
            )}
            # token_set_ratio splits on spaces, so Korean spacing variants ("LG AI연구원" / "LG AI
            # 연구원") score low; a second pass compares the keys with spaces removed.
            found_at.update(i for _c, _s, i in process.extract(
                flat[seed], [flat[k] for k in candidates], scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
            ))
            # in the order of `order`, as the exhaustive scan found them
            found = sorted((candidates[i] for i in found_at), key=position.__getitem__)
            members += [key for key in found if same_question(seed, key)]
            grouped.update(members)
        groups.append(_make_group([r for k in members for r in by_key[k]], by_key[seed]))
    if stats is not None:
        stats["compared"] = compared
    groups.sort(key=lambda g: (-g.count, -g.last_ts, g.label))
    return groups


def same_question(a: str, b: str) -> bool:
    """Whether two match keys (see :func:`match_key`) are phrasings of one question.

    They must carry the same numbers, and every content word (≥ :data:`MIN_CONTENT_WORD`
    characters, Hangul counted in jamo) of each must have a counterpart in the other: the same word up to a typo
    (``fuzz.ratio`` ≥ :data:`WORD_CUTOFF` on jamo), up to a Korean particle or ending (see
    :func:`_same_stem`), or inside the other with spaces removed (spacing: "논문수" / "논문 수").
    A different entity ("삼성은" / "카카오는", "samsung" / "kakao") is never a counterpart.
    """
    if _DIGITS.findall(a) != _DIGITS.findall(b):
        return False
    return _covered(a.split(), b.split()) and _covered(b.split(), a.split())


def _covered(a_words: list[str], b_words: list[str]) -> bool:
    b_joined = "".join(b_words)
    b_jamo = [jamo(w) for w in b_words]
    for i, word in enumerate(a_words):
        word_jamo = jamo(word)
        if len(word_jamo) < MIN_CONTENT_WORD or word in b_joined:
            continue
        if process.extractOne(word_jamo, b_jamo, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF) is not None:
            continue
        last = i == len(a_words) - 1
        if any(_same_stem(word, w, last=last and j == len(b_words) - 1) for j, w in enumerate(b_words)):
            continue
        return False
    return True


def _same_stem(w1: str, w2: str, *, last: bool) -> bool:
    """Korean words that differ only in what follows a shared stem: 삼성은/삼성, 얼마야/얼마에요,
    and for the sentence-final predicate a one-syllable stem: 냈어/냈니. The stem must be at least
    2 syllables (1 for the final word) and what follows at most 2 syllables on either side."""
    s1, s2 = w1, w2
    if not (_is_hangul(s1[:1]) and _is_hangul(s2[:1])):
        return False
    stem = 0
    for c1, c2 in zip(s1, s2):
        if c1 != c2:
            break
        stem += 1
    return stem >= (1 if last else 2) and len(s1) - stem <= 2 and len(s2) - stem <= 2


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def _make_group(rows: list[UnansweredRow], seed_rows: list[UnansweredRow]) -> QuestionGroup:
    phrasings: Counter[str] = Counter()
    langs: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    last: dict[str, float] = {}
    for r in rows:
        p = printable(r.question)
        phrasings[p] += 1
        langs[r.lang] += 1
        statuses[r.status] += 1
        if r.ts > last.get(p, float("-inf")):
            last[p] = r.ts
    seed_phrasings = Counter(printable(r.question) for r in seed_rows)
    label = min(seed_phrasings, key=lambda p: (-seed_phrasings[p], -last[p], p))
    label_lang = Counter(r.lang for r in rows if printable(r.question) == label).most_common(1)[0][0]
    return QuestionGroup(
        label=label,
        count=len(rows),
        langs=langs,
        statuses=statuses,
        phrasings=phrasings,
        last_ts=max(last.values()),
        label_lang=label_lang,
    )


# --------------------------------------------------------------------------- the report


def build_report(
    store: Store,
    nearest: Callable[[str], tuple[str | None, float]],
    since_days: int | None,
    limit: int = 20,
) -> str:
    """The curation report as plain text (see the module docstring).

    ``nearest(question)`` returns the closest intent id (or None) and a score in 0..1; it is asked
    once per group, with the group's label. ``limit`` caps each of the two lists.
    """
    rows = store.unanswered(since_days)
    votes = store.feedback_summary(since_days)
    period = "all retained data" if since_days is None else f"last {since_days} day{'s' if since_days != 1 else ''}"
    lines = [f"factbot curation report — {period}", ""]

    groups = group_questions(rows)
    status_counts = Counter(r.status for r in rows)
    lines.append(
        f"Unanswered questions: {len(rows)} "
        f"(unknown {status_counts.get('unknown', 0)}, ambiguous {status_counts.get('ambiguous', 0)}) "
        f"in {len(groups)} group{'s' if len(groups) != 1 else ''}"
        + (f", top {limit} shown" if len(groups) > limit else "")
    )
    if not groups:
        lines.append("  (none)")
    num_width = len(str(min(limit, len(groups))))
    for i, group in enumerate(groups[:limit], 1):
        lines.append("")
        lines.extend(_group_lines(i, num_width, group, nearest))

    lines.append("")
    disliked = [v for v in votes if v.down > 0]
    up_total = sum(v.up for v in votes)
    down_total = sum(v.down for v in votes)
    lines.append(
        f"Answers with the most 👎: {len(disliked)} of {len(votes)} voted question{'s' if len(votes) != 1 else ''} "
        f"(👍 {up_total}, 👎 {down_total} in all)"
        + (f", top {limit} shown" if len(disliked) > limit else "")
    )
    if not disliked:
        lines.append("  (none)")
    else:
        lines.extend(_vote_table(disliked[:limit]))
    return "\n".join(lines) + "\n"


def _group_lines(
    i: int, num_width: int, group: QuestionGroup, nearest: Callable[[str], tuple[str | None, float]]
) -> list[str]:
    langs = ", ".join(f"{lang} {n}" for lang, n in sorted(group.langs.items(), key=lambda kv: (-kv[1], kv[0])))
    statuses = ", ".join(f"{s} {n}" for s, n in sorted(group.statuses.items(), key=lambda kv: (-kv[1], kv[0])))
    indent = " " * (num_width + 2)
    last = datetime.fromtimestamp(group.last_ts, timezone.utc).strftime("%Y-%m-%d")
    out = [f"{i:>{num_width}}. {group.label}", f"{indent}asked {group.count}× · {langs} · {statuses} · last {last}"]
    for example in group.examples():
        out.append(f"{indent}also: {example}")
    try:
        intent, score = nearest(group.label)
    except Exception as e:  # a broken engine must not hide the rest of the report
        log.exception("nearest() failed for %r", group.label)
        out.append(f"{indent}nearest intent: unavailable ({type(e).__name__}: {e})")
        return out
    if intent is None:
        out.append(f"{indent}nearest intent: none (best score {score:.2f}) — a new intent?")
    else:
        weak = ", weak: maybe a new intent" if score < WEAK_SCORE else ""
        out.append(f"{indent}nearest intent: {intent} (score {score:.2f}{weak})")
        # knowledge/intents/*.yaml: `- id: <intent>` ... `examples: {ko: [...], en: [...]}`
        out.append(f"{indent}add to intent {intent}, examples.{group.label_lang}:  - {yaml_quoted(group.label)}")
    return out


def _vote_table(rows: Sequence[FeedbackCount]) -> list[str]:
    intent_w = max(6, *(display_width(printable(r.intent or "-")) for r in rows))
    intent_w = min(intent_w, 32)
    # Emoji are 2 columns wide: right-align counts under them by display width.
    header = f"  {fit('intent', intent_w, pad=True)}  {_rjust('👎', 3)}  {_rjust('👍', 3)}  question"
    out = [header]
    for r in rows:
        out.append(
            f"  {fit(printable(r.intent or '-'), intent_w, pad=True)}  {r.down:>3}  {r.up:>3}  "
            f"{fit(printable(r.question), QUESTION_COLUMNS)}"
        )
    return out


def _rjust(text: str, columns: int) -> str:
    return " " * max(0, columns - display_width(text)) + text
