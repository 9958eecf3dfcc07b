"""Scoring a Q&A eval set (the format of tests/eval/questions.jsonl) against the engine.

Same rules as the shared dev scorer: an in-scope row passes when the answer is `answered` and its
text (links removed) holds, for each group of `expect_any`, one of its strings and none of
`expect_none`; an out-of-scope row passes when the bot does not answer.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .core.result import Result

_LINK_RE = re.compile(r"https?://\S+")


@dataclass
class EvalReport:
    total: int = 0
    inscope: list[int] = field(default_factory=lambda: [0, 0])  # passed, total
    oos: list[int] = field(default_factory=lambda: [0, 0])
    wrong: int = 0
    by_group: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    failures: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    @property
    def inscope_rate(self) -> float:
        return self.inscope[0] / max(self.inscope[1], 1)

    @property
    def oos_rate(self) -> float:
        return self.oos[0] / max(self.oos[1], 1)

    @property
    def wrong_rate(self) -> float:
        return self.wrong / max(self.total, 1)

    def summary(self) -> str:
        return (
            f"in-scope {self.inscope_rate:.1%} ({self.inscope[0]}/{self.inscope[1]}), "
            f"out-of-scope declined {self.oos_rate:.1%} ({self.oos[0]}/{self.oos[1]}), "
            f"confidently wrong {self.wrong_rate:.1%} ({self.wrong}/{self.total})"
        )

    def render(self, show: int = 20) -> str:
        lines = [f"  {k:24s} {v[0]:3d}/{v[1]:3d}" for k, v in sorted(self.by_group.items())]
        for f in self.failures[:show]:
            lines.append("  FAIL | " + " | ".join(f))
        lines.append(self.summary())
        return "\n".join(lines)


def load_rows(path: Path | str) -> list[dict]:
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not JSON: {exc.msg}") from exc
    return rows


def passes(row: dict, result: Result) -> bool:
    answered = result.status == "answered"
    if row.get("oos"):
        return not answered
    text = _LINK_RE.sub(" ", result.answer).casefold()
    return (
        answered
        and all(any(s.casefold() in text for s in group) for group in row.get("expect_any", []))
        and not any(s.casefold() in text for s in row.get("expect_none", []))
    )


def evaluate(rows: Iterable[dict], ask: Callable[[str], Result]) -> EvalReport:
    rep = EvalReport()
    for row in rows:
        r = ask(row["question"])
        ok = passes(row, r)
        rep.total += 1
        bucket = rep.oos if row.get("oos") else rep.inscope
        bucket[1] += 1
        bucket[0] += ok
        if not ok and r.status == "answered":
            rep.wrong += 1
        g = rep.by_group[f"{row.get('kind', '-')}/{row.get('lang', '-')}"]
        g[1] += 1
        g[0] += ok
        if not ok:
            rep.failures.append((row.get("id", "-"), row.get("kind", "-"), row["question"], r.status,
                                 r.answer.replace("\n", " ")[:160]))
    return rep
