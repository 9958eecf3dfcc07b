"""`ask --explain`: why a question was answered or declined, for curators."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.core.engine import Engine

ROOT = Path(__file__).resolve().parents[1]


def test_explain_says_how_a_question_was_read_and_why_it_was_declined():
    x = Engine.load().explain("네이버가 ICLR에 낸 논문은 몇 건이야?")
    assert [n["entity"] for n in x["read"]["names"]] == ["naver"]
    assert "iclr" in x["read"]["unknown_words"]
    assert x["readings"][0]["intent"] == "paper_count" and x["readings"][0]["facts"]
    assert x["checks"]["unknown_name"] == "ICLR"
    assert x["result"]["status"] == "unknown"


def test_explain_names_a_reading_whose_facts_are_not_about_what_was_named():
    engine = Engine.load(ROOT / "examples" / "library" / "knowledge")
    x = engine.explain("윤서하 작가 강연 몇시에 시작해요?")
    assert x["result"]["status"] == "answered" and x["result"]["intent"] == "program_schedule"
    assert any(r["not_named_by_facts"] for r in x["readings"][1:]), x["readings"]


def test_ask_explain_on_the_command_line():
    out = subprocess.run([sys.executable, "-m", "bot", "ask", "--explain", "카카오 논문 몇 건?"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "readings (answer line" in out.stdout and "result: answered" in out.stdout, out.stdout
    assert "Traceback" not in out.stderr


def test_explain_says_why_in_a_curators_words():
    engine = Engine.load()
    assert "ICLR" in engine.explain("네이버가 ICLR에 낸 논문은 몇 건이야?")["why"]
    assert "at or above the answer line" in engine.explain("하이퍼클로바 파라미터 몇 개야?")["why"]
    library = Engine.load(ROOT / "examples" / "library" / "knowledge")
    why = library.explain("독서 마라톤을 끝까지 해낸 아이는 어떤 선물을 받나요?")["why"]  # (declined: a paraphrase)
    assert "below the answer line" in why and "add a question like this one" in why, why
