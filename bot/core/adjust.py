"""A price with a discount the question's asker qualifies for ("만 67세 어르신이 하프 코스를 신청하면
참가비가 얼마죠?", "가람시민인 성인은 얼마 내?", "what would a group of 10 adults pay in total?"): the
price fact of what the question names, less the discount whose condition the question meets (an age,
a group size, or a kind of visitor it names), computed and cited with both facts.

Part of the Engine (mixed in). Conditions are read from the discount fact: the entities it is about
(the question names its subject: 가람시민), or the ages and group sizes its statement gives ("만 65세
이상과 만 18세 이하", "10명 이상 단체", "aged 65 or over"). Several discounts that fit, or none, leave
the question to the other readings.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .answer import format_number
from .knowledge import Fact
from .matcher import Analysis
from .result import Result

_MONEY_RE = re.compile(r"\d[\d,.]*\s*(?:만\s*|천\s*)?원|\d[\d,.]*\s*(?:won|dollars?)\b|[$€£¥]\s?\d", re.IGNORECASE)
# an extra charge on top of a price ("3,000원을 더 내야", "costs 3,000 won extra", "추가 요금", "surcharge")
_EXTRA_RE = re.compile(r"추가|더 내|더 받|할증|\bextra\b|surcharge|additional|on top", re.IGNORECASE)
_DISCOUNT_RE = re.compile(r"할인|싸게|\bdiscount|\boff\b|\bcheaper\b", re.IGNORECASE)
# ages a statement bounds: (figure, at least?) "만 65세 이상", "18세 이하", "aged 65 or over", "under 14"
_AGE_BOUND_RE = re.compile(r"(?:만\s*)?(\d{1,3})\s*세\s*(이상|이하|미만|초과)|(?:aged\s+)?(\d{1,3})\s+(?:and|or)\s+(over|older|above|under|"
                           r"younger|below)|\b(under|over)\s+(\d{1,3})\b", re.IGNORECASE)
_AGE_RE = re.compile(r"(?:만\s*)?(\d{1,3})\s*(?:세|살)(?!\s*(?:이상|이하|미만|초과))|(\d{1,3})[- ]years?[- ]old|\baged?\s+(\d{1,3})\b"
                     # "i'm 68", "if i am 65", "my dad is 70", "a 68yo": an age stated of the asker
                     r"|\b(?:i['’]?m|i am|im|he['’]?s|she['’]?s|(?:he|she|who) is|(?:dad|mom|mum|father|mother|son|daughter|kid|child"
                     r"|grandma|grandpa|grandmother|grandfather) is|turning|turned)\s+(\d{1,3})\b(?!\s*(?:%|won|km|people|minutes|hours|times))"
                     r"|\b(\d{1,3})\s*(?:yo|y/o|yrs? old)\b",
                     re.IGNORECASE)
_GROUP_BOUND_RE = re.compile(r"(\d{1,4})\s*명\s*이상|groups? of (\d{1,4}) or more|(\d{1,4}) or more (?:people|visitors|persons)",
                             re.IGNORECASE)
_PEOPLE_RE = re.compile(r"(\d{1,4})\s*(?:명|인)(?!\s*이상)|(?:group of|party of)\s+(\d{1,4})|(\d{1,4})\s+(?:people|adults|persons|visitors"
                        r"|students|children|kids)", re.IGNORECASE)
_TOTAL_RE = re.compile(r"총|모두|전부|합계|다 해서|in total|altogether|total|all together", re.IGNORECASE)


_PRICE_ASK_RE = re.compile(r"얼마|how much|\bpay\b|\bcost|\bprice|요금|비용|가격", re.IGNORECASE)


def asks_price(a: Analysis) -> bool:
    """Does the question ask what something costs ("얼마야?", "how much would they pay?")?"""
    return "money" in a.asks or bool(_PRICE_ASK_RE.search(a.text))


def _first(groups: tuple) -> int | None:
    return next((int(g) for g in groups if g and g.isdigit()), None)


def _age_fits(statement: str, age: int) -> bool:
    """Does an age meet one of the bounds the statement gives ("만 65세 이상과 만 18세 이하": 67 does)?"""
    for m in _AGE_BOUND_RE.finditer(statement):
        if m.group(1):
            n, how = int(m.group(1)), m.group(2)
            ok = {"이상": age >= n, "이하": age <= n, "미만": age < n, "초과": age > n}[how]
        elif m.group(3):
            n, how = int(m.group(3)), m.group(4).casefold()
            ok = age >= n if how in ("over", "older", "above") else age <= n
        else:
            n, how = int(m.group(6)), m.group(5).casefold()
            ok = age > n if how == "over" else age < n
        if ok:
            return True
    return False


class Adjust:
    """Part of the Engine (mixed in); reads the attributes Engine.__init__ sets."""

    def _adjusted_price(self, a: Analysis, base: dict, lang: str, intent_id: str, facts: list[Fact]) -> Result | None:
        """The price the asker pays: the one price among `facts` less the one discount it qualifies for."""
        named = set(a.entities())
        price = self._price(facts, named) or self._price(list(self.kb.facts.values()), named, own=True)
        if price is None:
            return None
        text = base.get("question") or a.text  # (the whole message: "A 17-year-old runs the 5K. How much?")
        age = _first(m.groups()) if (m := _AGE_RE.search(text)) else None
        people = _first(m.groups()) if (m := _PEOPLE_RE.search(text)) else None
        fits = [f for f in self.kb.facts.values()
                if f is not price and f.value.number and _DISCOUNT_RE.search(f"{f.statement.ko} {f.statement.en}")
                and self._qualifies(f, price, named, age, people)]
        if not fits:
            return self._with_extra(a, base, lang, intent_id, price, named)
        if len(fits) != 1:
            return None  # (several that may not be combined: not for us to pick)
        cut = fits[0]
        each = (price.value.number * (1 - cut.value.number / 100) if cut.value.unit == "percent"
                else price.value.number - cut.value.number)
        if each < 0:
            return None
        count = people if people and _TOTAL_RE.search(text) else 1
        total = each * count
        line = self._t("price_after_discount" if count == 1 else "price_after_discount_total", lang,
                       price=self._money(price.value.number, price, lang),
                       cut=(f"{cut.value.number:g}%" if cut.value.unit == "percent" else self._money(cut.value.number, cut, lang)),
                       each=self._money(each, price, lang), n=count, total=self._money(total, price, lang))
        return self._priced(base, lang, intent_id, line, [price, cut])

    def _priced(self, base: dict, lang: str, intent_id: str, line: str, facts: list[Fact]) -> Result:
        """The computed price first, then the facts it was computed from."""
        answer = self._from_facts(base, lang, intent_id, 1.0, facts)
        return replace(answer, answer=f"{line}\n{answer.answer}")

    def _with_extra(self, a: Analysis, base: dict, lang: str, intent_id: str, price: Fact, named: set[str]) -> Result | None:
        """"What's the total one-way adult fare for a premium seat?": the price plus the one extra
        charge, in money, of another thing the question names (the premium seat's 3,000 won more)."""
        extras = [f for f in self.kb.facts.values()
                  if f is not price and f.value.number and f.value.unit == price.value.unit and f.subject in named
                  and f.subject not in price.entities and _EXTRA_RE.search(f"{f.statement.ko} {f.statement.en}")]
        if len(extras) != 1:
            return None
        extra = extras[0]
        each = price.value.number + extra.value.number
        line = self._t("price_with_extra", lang, price=self._money(price.value.number, price, lang),
                       extra=self._money(extra.value.number, extra, lang), each=self._money(each, price, lang))
        return self._priced(base, lang, intent_id, line, [price, extra])

    @staticmethod
    def _price(facts: list[Fact], named: set[str], own: bool = False) -> Fact | None:
        """The one price among `facts` (a money figure that is no discount) of what the question names:
        the one whose subject it names, else the one naming most of it (`own`: only those naming it)."""
        prices = [f for f in facts if f.value.number and _MONEY_RE.search(f.statement.ko)
                  and not _DISCOUNT_RE.search(f"{f.statement.ko} {f.statement.en}") and (not own or f.entities & named)]
        # of several: those whose subject is named, naming most of it, of the newest year (this
        # year's price, not last year's)
        for keep in (lambda f: f.subject in named, lambda f: len(f.entities & named), lambda f: int(f.year or 0)):
            if len(prices) > 1:
                best = max(keep(f) for f in prices)
                prices = [f for f in prices if keep(f) == best]
        return prices[0] if len(prices) == 1 else None

    def _qualifies(self, cut: Fact, price: Fact, named: set[str], age: int | None, people: int | None) -> bool:
        """Does the question meet the discount's condition, and is the discount about the price's thing?"""
        if cut.entities & price.entities == set() and not (cut.about and price.subject in cut.about) and cut.subject != price.subject:
            # (a discount about other things: only one that names no thing, or the race as a whole)
            if cut.about:
                return False
        statement = f"{cut.statement.ko} {cut.statement.en}"
        if cut.subject in named and cut.subject not in price.entities:
            return True  # the question names whom the discount is for (가람시민)
        if age is not None and _AGE_BOUND_RE.search(statement):
            return _age_fits(statement, age)
        if people is not None and (m := _GROUP_BOUND_RE.search(statement)):
            return people >= (_first(m.groups()) or 0)
        return False

    def _money(self, n: float, fact: Fact, lang: str) -> str:
        unit = self.kb.lexicon.units.get(fact.value.unit or "")
        if lang == "ko" and unit is not None and unit.ko == "원":
            return f"{n:,.0f}원"
        return format_number(n, fact.value.unit, self.kb, lang)
