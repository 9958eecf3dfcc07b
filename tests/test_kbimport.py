"""`kb import`: CSV/JSONL FAQ rows -> a knowledge directory that loads and answers its own rows."""
from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.core.text import detect_lang
from bot.kbimport import ImportError_, import_file

# 50 FAQ topics, each with its own vocabulary in both languages.
TOPICS = [
    ("refund policy", "환불 규정"), ("password reset", "비밀번호 재설정"), ("shipping fee", "배송비"),
    ("gift card balance", "기프트카드 잔액"), ("account deletion", "회원 탈퇴"), ("invoice download", "영수증 발급"),
    ("student discount", "학생 할인"), ("warranty period", "보증 기간"), ("store opening hours", "매장 영업시간"),
    ("parking validation", "주차 등록"), ("newsletter unsubscribe", "뉴스레터 수신거부"),
    ("two factor authentication", "이중 인증"), ("battery replacement", "배터리 교체"),
    ("firmware update", "펌웨어 업데이트"), ("loyalty points", "적립금 포인트"), ("international shipping", "해외 배송"),
    ("order cancellation", "주문 취소"), ("size exchange", "사이즈 교환"), ("coupon code", "쿠폰 코드"),
    ("payment methods", "결제 수단"), ("installment plan", "무이자 할부"), ("delivery tracking", "택배 조회"),
    ("wholesale pricing", "도매 가격"), ("job openings", "채용 공고"), ("press inquiries", "언론 취재"),
    ("pet policy", "반려동물 동반"), ("wifi password", "와이파이 비번"), ("lost and found", "분실물 센터"),
    ("gift wrapping", "선물 포장"), ("carbon footprint", "탄소 배출"), ("allergy information", "알레르기 성분"),
    ("vegan menu", "비건 메뉴"), ("table reservation", "좌석 예약"), ("birthday party package", "생일 파티 패키지"),
    ("membership upgrade", "멤버십 등급"), ("repair center location", "수리 센터 위치"),
    ("screen protector", "액정 보호 필름"), ("charger compatibility", "충전기 호환"),
    ("data backup", "데이터 백업"), ("privacy settings", "개인정보 설정"), ("api rate limit", "API 호출 한도"),
    ("developer license", "개발자 라이선스"), ("bulk upload", "대량 업로드"), ("dark mode", "다크 모드"),
    ("language settings", "언어 설정"), ("accessibility features", "접근성 기능"),
    ("volunteer program", "봉사 활동"), ("scholarship application", "장학금 신청"),
    ("campus shuttle", "셔틀 버스"), ("library card", "도서관 카드"),
]
EN_TEMPLATES = [
    "how does the {t} work", "what is your {t}", "tell me about the {t}", "{t} info please",
    "where can i find the {t}", "explain the {t} to me", "i have a question about {t}", "{t}?",
    "i need help with {t}", "can you describe the {t}", "quick question on {t}", "details of the {t}",
    "what should i know about {t}", "{t} explained", "help me understand {t}", "is there a {t}",
]
KO_TEMPLATES = [
    "{t} 알려줘", "{t} 관련 문의", "{t} 어떻게 해?", "{t} 방법이 궁금해요", "{t} 안내 부탁드립니다",
    "{t} 좀 설명해 줄래?", "{t}에 대해 알고 싶어", "{t} 어디서 확인해?", "{t} 문의드려요",
    "{t} 관련해서 질문이 있어요", "{t} 정보 좀", "{t} 가능한가요?", "{t} 절차가 뭐야", "{t} 궁금합니다",
    "{t} 자세히", "{t} 어떻게 되나요",
]
URLS = ["https://help.example.com/faq", "https://support.example.org/kb/articles?id=7"]


def _make_rows(seed: int = 4, per_lang: int = 10) -> list[dict]:
    rng = random.Random(seed)
    rows: list[dict] = []
    for i, (en, ko) in enumerate(TOPICS):
        intent = f"FAQ {en}" if i % 5 == 0 else en.replace(" ", "_")  # some need normalising
        answer_en = f"About {en}: see answer number {i}."
        answer_ko = f"{ko} 안내: {i}번 답변을 참고하세요."
        url = URLS[i % 3] if i % 3 < 2 else ""
        qs = [("en", t.format(t=en)) for t in rng.sample(EN_TEMPLATES, per_lang)]
        qs += [("ko", t.format(t=ko)) for t in rng.sample(KO_TEMPLATES, per_lang)]
        rng.shuffle(qs)
        for j, (_, q) in enumerate(qs):
            if rng.random() < 0.3:
                q = q.capitalize() if detect_lang(q) == "en" else q + "?"
            row = {"question": q, "intent": intent, "answer_en": "", "answer_ko": "", "source_url": ""}
            # answers on any row: the first row, or every row, or split across rows
            if i % 2 == 0 or j == 0:
                row["answer_en"] = answer_en
            if i % 2 == 0 or j == 1:
                row["answer_ko"] = answer_ko
            if url and (i % 2 == 0 or j == 2):
                row["source_url"] = url
            rows.append(row)
    rng.shuffle(rows)
    return rows


def _write_csv(path: Path, rows: list[dict], columns=("question", "intent", "answer_en", "answer_ko", "source_url")):
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(columns)
        for r in rows:
            w.writerow([r.get(c, "") for c in columns])


def _norm_id(intent: str) -> str:
    return intent.lower().replace(" ", "_")


def test_round_trip_1000_rows(tmp_path: Path, capsys) -> None:
    rows = _make_rows()
    assert len(rows) == 1000 and len({r["intent"] for r in rows}) == 50
    src = tmp_path / "faq.csv"
    _write_csv(src, rows)
    out = tmp_path / "kb"

    t0 = time.perf_counter()
    summary = import_file(src, out)
    t_import = time.perf_counter() - t0
    assert summary == f"imported 1000 rows: 50 intents, 1000 examples, 2 sources -> {out}"
    assert sorted(p.name for p in out.iterdir()) == [".factbot-import", "intents.yaml", "sources.yaml"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left over

    engine = Engine.load(out)
    answers = {}
    for i, (en, ko) in enumerate(TOPICS):
        answers[i] = {"en": f"About {en}: see answer number {i}.", "ko": f"{ko} 안내: {i}번 답변을 참고하세요."}
    by_intent = {_norm_id(r["intent"]): i for i, r in enumerate({r["intent"]: r for r in rows}.values())}
    topic_of = {}
    for i, (en, _) in enumerate(TOPICS):
        topic_of[_norm_id(f"FAQ {en}" if i % 5 == 0 else en.replace(" ", "_"))] = i
    assert set(topic_of) == set(by_intent) == set(engine.kb.own("intents"))

    ok = 0
    misses = []
    t0 = time.perf_counter()
    for r in rows:
        want = _norm_id(r["intent"])
        lang = detect_lang(r["question"])
        res = engine.ask(r["question"])
        if res.intent == want and res.status == "answered" and res.answer == answers[topic_of[want]][lang]:
            ok += 1
        else:
            misses.append((r["question"], want, res.intent, res.status))
    t_ask = time.perf_counter() - t0
    with capsys.disabled():
        print(f"\nkb import round trip: {ok}/{len(rows)} rows answered correctly; "
              f"import {t_import:.2f}s, asking {t_ask:.2f}s; misses: {misses[:5]}")
    assert ok / len(rows) >= 0.99, misses[:20]

    # sources carry the url; answers with a source show it
    res = engine.ask("what is your refund policy")
    assert res.sources and res.sources[0].url == URLS[0]

    proc = subprocess.run([sys.executable, "-m", "bot", "kb", "check", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("ok: 2 sources, 0 entities, 0 facts, 50 intents, 1000 examples")


def test_errors_are_collected_with_lines(tmp_path: Path) -> None:
    src = tmp_path / "bad.csv"
    src.write_text(
        "question,intent,answer_en,colour\n"  # 1: unknown column
        "how do refunds work,refunds,Within 30 days.,\n"  # 2
        ",refunds,,\n"  # 3: empty question
        "refund window,refunds,Within 14 days.,\n"  # 4: conflicting answer
        "How do refunds work?,returns,Send it back.,\n",  # 5: duplicate under another intent
        encoding="utf-8",
    )
    out = tmp_path / "kb"
    with pytest.raises(ImportError_) as ei:
        import_file(src, out)
    assert ei.value.errors == [
        f"{src}:1: unknown column 'colour' (known: question, intent, answer_en, answer_ko, source_url)",
        f"{src}:3: empty question",
        f"{src}:4: answer_en for intent 'refunds' differs from line 2",
        f"{src}:5: question 'How do refunds work?' is also a question of intent 'refunds' (line 2)",
    ]
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.csv"]


def test_more_problems(tmp_path: Path) -> None:
    src = tmp_path / "bad.csv"
    src.write_text(
        "question,intent,answer_en\n"
        "a question,,x\n"  # 2: missing intent
        "another question,환불,x\n"  # 3: intent not an id
        "third question,ok,x,extra\n"  # 4: too many fields
        "fourth question,noanswer,\n",  # 5: intent without any answer
        encoding="utf-8",
    )
    with pytest.raises(ImportError_) as ei:
        import_file(src, tmp_path / "kb")
    errs = ei.value.errors
    assert errs[0] == f"{src}:2: missing intent"
    assert errs[1].startswith(f"{src}:3: intent '환불' cannot be made an id")
    assert errs[2] == f"{src}:4: 4 fields, but the header has 3"
    assert errs[3] == f"{src}:5: intent 'noanswer' has no answer_en or answer_ko on any of its rows"
    assert len(errs) == 4

    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ImportError_) as ei:
        import_file(empty, tmp_path / "kb")
    assert ei.value.errors == [f"{empty}:1: empty file"]

    latin = tmp_path / "latin.csv"
    latin.write_bytes("question,intent,answer_en\ncaf\xe9 hours,cafe,open\n".encode("latin-1"))
    with pytest.raises(ImportError_) as ei:
        import_file(latin, tmp_path / "kb")
    assert ei.value.errors[0].startswith(f"{latin}:2: not UTF-8 text")
    assert not (tmp_path / "kb").exists()


def test_jsonl_one_language_answer(tmp_path: Path) -> None:
    src = tmp_path / "faq.jsonl"
    lines = [
        {"question": "when is the shop open", "intent": "Opening Hours", "answer_en": "9 to 6 on weekdays."},
        {"question": "가게 영업시간 알려줘", "intent": "opening hours"},
        {"question": "how much is delivery", "intent": "delivery_fee", "answer_ko": "배송비는 3,000원입니다.",
         "source_url": "https://shop.example.com/delivery"},
        {"question": "배송비 얼마야?", "intent": "delivery_fee"},
    ]
    src.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    out = tmp_path / "kb"
    summary = import_file(src, out)
    assert summary == (f"imported 4 rows: 2 intents, 4 examples, 1 sources -> {out} "
                       "(2 intent(s) had an answer in one language only, used for both)")
    engine = Engine.load(out)
    it = engine.kb.intents["opening_hours"]
    assert it.title.en == "when is the shop open" and it.title.ko == "가게 영업시간 알려줘"
    assert it.answer.text.ko == it.answer.text.en == "9 to 6 on weekdays." and it.answer.source is None
    res = engine.ask("배송비 얼마야?")
    assert res.status == "answered" and res.intent == "delivery_fee" and res.answer == "배송비는 3,000원입니다."
    assert res.sources[0].publisher == "shop.example.com"

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "x", "intent": "y", "answer_en": "z", "extra": 1}\nnot json\n', encoding="utf-8")
    with pytest.raises(ImportError_) as ei:
        import_file(bad, tmp_path / "kb2")
    assert ei.value.errors[0].startswith(f"{bad}:1: unknown field 'extra'")
    assert ei.value.errors[1].startswith(f"{bad}:2: invalid JSON")


def test_force_replaces_and_refusal_keeps_old(tmp_path: Path) -> None:
    src = tmp_path / "faq.csv"
    _write_csv(src, [{"question": "when is the shop open", "intent": "hours", "answer_en": "9 to 6."}])
    out = tmp_path / "kb"
    out.mkdir()
    (out / "old.yaml").write_text("# old\n", encoding="utf-8")

    with pytest.raises(ImportError_) as ei:
        import_file(src, out)
    assert ei.value.errors == [f"{out}: exists and is not empty; use --force to replace it"]
    assert [p.name for p in out.iterdir()] == ["old.yaml"]

    proc = subprocess.run([sys.executable, "-m", "bot", "kb", "import", str(src), "--out", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and [p.name for p in out.iterdir()] == ["old.yaml"]

    # --force replaces only what an earlier import wrote (issue 11 item 11): not old.yaml's directory
    proc = subprocess.run([sys.executable, "-m", "bot", "kb", "import", str(src), "--out", str(out), "--force"],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "did not write" in proc.stdout, proc.stdout + proc.stderr
    assert [p.name for p in out.iterdir()] == ["old.yaml"]
    (out / "old.yaml").unlink()
    out.rmdir()
    first = import_file(src, out)
    assert first.startswith("imported 1 rows")

    proc = subprocess.run([sys.executable, "-m", "bot", "kb", "import", str(src), "--out", str(out), "--force"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().startswith("imported 1 rows: 1 intents, 1 examples, 0 sources")
    assert sorted(p.name for p in out.iterdir()) == [".factbot-import", "intents.yaml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["faq.csv", "kb"]  # old one deleted, no temporaries
    assert Engine.load(out).ask("when is the shop open").answer == "9 to 6."


def test_engine_errors_name_the_final_dir(tmp_path: Path) -> None:
    # two intents whose questions are the same word for the matcher (particles stripped): the
    # load check fails, and nothing is written
    src = tmp_path / "faq.csv"
    _write_csv(src, [
        {"question": "환불은", "intent": "a", "answer_en": "A"},
        {"question": "환불이", "intent": "b", "answer_en": "B"},
    ])
    out = tmp_path / "kb"
    with pytest.raises(ImportError_) as ei:
        import_file(src, out)
    errs = ei.value.errors
    assert len(errs) == 3, errs
    assert errs[0].startswith(f"{src}:2: '환불은' is labelled a but reads")
    assert errs[1].startswith(f"{src}:3: '환불이' is labelled b but reads")
    assert errs[2].endswith("nothing to import")
    assert not any(".kb.import-" in e for e in errs)
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["faq.csv"]
