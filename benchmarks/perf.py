"""Speed and memory of the matcher: latency against knowledge-base size, start-up, RSS, throughput.

    python benchmarks/perf.py [--sizes 1000,10000,100000] [--queries 2000] [--clinc DATA_JSON]
                              [--out docs/benchmarks.md] [--plot docs/latency_vs_size.png]

1. Generated bases of 1k, 10k and 100k example phrasings (seeded: 20 phrasings per intent, intents
   made of an action and one or two topic words over a Zipf-distributed vocabulary, synonyms, fillers,
   a few typos): build time, then per-question latency of tokenize + `IntentIndex.rank` for held-out
   phrasings (2/3) and out-of-scope questions (1/3), p50/p99, and the share answered right.
2. The shipped base, end to end: `Engine.load()` then `engine.ask(q)` for every question of
   tests/eval/questions.jsonl (and ../shared/eval/dev_questions.jsonl when present), first pass
   (cold caches) and three passes; `IntentIndex.rank` alone for comparison.
3. Start-up in a fresh process (`python -c "from bot.core.engine import Engine; Engine.load()"`,
   interpreter start included, median of 3) and that process's peak RSS after answering every eval
   question.
4. `python -m bot ask --jsonl` throughput: one process, 1,000 questions on stdin.
5. With `--clinc DATA_JSON`: runs benchmarks/clinc150.py and adds its figures.

Prints every figure, writes the tables to docs/benchmarks.md and, when matplotlib is installed
(`pip install -e '.[plot]'`), the latency-vs-size plot to docs/latency_vs_size.png.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core.index import IntentIndex  # noqa: E402
from bot.core.text import tokenize  # noqa: E402

PY = sys.executable
EVAL_SETS = [ROOT / "tests" / "eval" / "questions.jsonl", ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"]
TARGETS = {"shipped_p50": 0.5, "shipped_p99": 2.0, "clinc_p50": 1.0, "clinc_p99": 5.0, "p50_100k": 20.0,
           "startup_s": 1.5, "rss_mb": 150}


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")


# -- generated bases ---------------------------------------------------------------------------

_SYL = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
FRAMES = [
    "how do i {a} {d} {o}", "can you {a} {d} {o}", "i want to {a} {d} {o}", "please {a} {d} {o}",
    "{a} {d} {o}", "i need to {a} {d} {o} {f}", "what is the way to {a} {d} {o}",
    "could you help me {a} {d} {o}", "is it possible to {a} {d} {o}", "where can i {a} {d} {o}",
    "i'd like to {a} {d} {o} {f}", "tell me how to {a} {d} {o}", "help me {a} {d} {o} {f}",
    "{a} {d} {o} for me", "why can't i {a} {d} {o}", "when can i {a} {d} {o}",
    "do you know how to {a} {d} {o}", "{f} i want to {a} {d} {o}",
]
DETS = ["my", "the", "a", "our", "this", "that", ""]
FILLERS = ["please", "now", "today", "asap", "quickly", "again", "tonight", "for work", "thanks", "right away"]


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_SYL) for _ in range(n))


def _typo(rng: random.Random, w: str) -> str:
    if len(w) < 5:
        return w
    i = rng.randrange(1, len(w) - 1)
    return w[:i] + w[i + 1] + w[i] + w[i + 2:] if rng.random() < 0.5 else w[:i] + w[i + 1:]


class World:
    """Seeded generator of a FAQ-like base: intents = action x topic words, with synonyms."""

    def __init__(self, n_intents: int, seed: int = 1):
        rng = random.Random(seed)
        self.rng = rng
        n_actions = max(20, n_intents // 25)
        n_topics = max(60, n_intents // 2)
        # each action/topic: 1-3 surface forms (synonyms)
        self.actions = [[_word(rng, rng.choice((2, 3))) for _ in range(rng.choice((1, 2, 3)))] for _ in range(n_actions)]
        self.topics = [[_word(rng, rng.choice((2, 3, 4))) for _ in range(rng.choice((1, 1, 2)))] for _ in range(n_topics)]
        self.qualifiers = [_word(rng, 2) for _ in range(max(30, n_intents // 20))]
        zipf = [1 / (k + 1) ** 0.8 for k in range(n_topics)]
        self.intents: list[tuple[int, int, int | None]] = []
        seen = set()
        while len(self.intents) < n_intents:
            a = rng.randrange(n_actions)
            t = rng.choices(range(n_topics), weights=zipf)[0]
            q = rng.randrange(len(self.qualifiers)) if rng.random() < 0.5 else None
            if (a, t, q) not in seen:
                seen.add((a, t, q))
                self.intents.append((a, t, q))

    def phrase(self, k: int, frames: list[str], typo: float = 0.0) -> str:
        rng = self.rng
        a, t, q = self.intents[k]
        obj = rng.choice(self.topics[t])
        if q is not None:
            obj = f"{self.qualifiers[q]} {obj}" if rng.random() < 0.5 else f"{obj} {self.qualifiers[q]}"
        text = rng.choice(frames).format(a=rng.choice(self.actions[a]), d=rng.choice(DETS), o=obj,
                                         f=rng.choice(FILLERS))
        words = [_typo(rng, w) if rng.random() < typo else w for w in text.split()]
        return " ".join(words)

    def oos(self) -> str:
        rng = self.rng
        return rng.choice(FRAMES).format(a=_word(rng, 3), d=rng.choice(DETS), o=_word(rng, 4), f=rng.choice(FILLERS))


def generated_base(n_examples: int, per_intent: int = 20, seed: int = 1):
    n_intents = max(1, n_examples // per_intent)
    world = World(n_intents, seed)
    train_frames, test_frames = FRAMES[:13], FRAMES[13:]
    examples = []
    for k in range(n_intents):
        for _ in range(per_intent):
            examples.append((world.phrase(k, train_frames), f"intent{k}"))
    return world, examples, test_frames


def bench_generated(n_examples: int, n_queries: int) -> dict:
    world, examples, test_frames = generated_base(n_examples)
    gc.collect()
    t0 = time.perf_counter()
    index = IntentIndex.build((tokenize(t), i) for t, i in examples)
    build_s = time.perf_counter() - t0
    rng = random.Random(2)
    n_int = len(world.intents)
    queries: list[tuple[str, str | None]] = []
    for j in range(n_queries):
        if j % 3 == 2:
            queries.append((world.oos(), None))
        else:
            k = rng.randrange(n_int)
            queries.append((world.phrase(k, test_frames, typo=0.1), f"intent{k}"))
    lat: list[float] = []
    right = n_in = 0
    for q, gold in queries:
        t0 = time.perf_counter()
        cands = index.rank(tokenize(q))
        lat.append((time.perf_counter() - t0) * 1000)
        if gold is not None:
            n_in += 1
            right += bool(cands) and cands[0].intent == gold
    return {"examples": index.size, "intents": n_int, "build_s": build_s, "p50_ms": pct(lat, 0.5),
            "p99_ms": pct(lat, 0.99), "top1": right / max(1, n_in) * 100, "queries": len(queries),
            "rss_mb": _peak_rss_mb()}


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines() if Path("/proc/self/status").exists() else []:
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_generated_in_child(n_examples: int, n_queries: int) -> dict:
    """One generated base in a fresh process, so its peak RSS is its own."""
    proc = subprocess.run([PY, __file__, "--child", str(n_examples), "--queries", str(n_queries)],
                          cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- the shipped base --------------------------------------------------------------------------

def eval_questions() -> list[str]:
    qs: list[str] = []
    for path in EVAL_SETS:
        if path.exists():
            qs += [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return qs


def bench_shipped() -> dict | None:
    try:
        from bot.core.engine import Engine
    except ImportError as exc:
        print(f"shipped base: skipped (no engine yet: {exc})")
        return None
    qs = eval_questions()
    engine = Engine.load()
    passes = []
    for _ in range(3):
        lat = []
        for q in qs:
            t0 = time.perf_counter()
            engine.ask(q)
            lat.append((time.perf_counter() - t0) * 1000)
        passes.append(lat)
    index = engine.matcher.index
    toks = [engine.matcher.tokens(q)[0] for q in qs]
    rank_lat = []
    for t in toks:
        t0 = time.perf_counter()
        index.rank(t)
        rank_lat.append((time.perf_counter() - t0) * 1000)
    every = [x for p in passes for x in p]
    return {"questions": len(qs), "examples": index.size, "intents": len(index.intents),
            "cold_p50_ms": pct(passes[0], 0.5), "cold_p99_ms": pct(passes[0], 0.99),
            "p50_ms": pct(every, 0.5), "p99_ms": pct(every, 0.99),
            "rank_p50_ms": pct(rank_lat, 0.5), "rank_p99_ms": pct(rank_lat, 0.99)}


STARTUP = """
import time, resource, json, sys
t0 = time.perf_counter()
from bot.core.engine import Engine
engine = Engine.load()
t1 = time.perf_counter()
for q in json.load(sys.stdin):
    engine.ask(q)
hwm = [ln.split()[1] for ln in open("/proc/self/status") if ln.startswith("VmHWM")]  # this process's own peak
rss = int(hwm[0]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"load_s": t1 - t0, "rss_mb": rss}))
"""


def bench_startup(runs: int = 3) -> dict | None:
    try:
        import bot.core.engine  # noqa: F401
    except ImportError as exc:
        print(f"start-up: skipped (no engine yet: {exc})")
        return None
    qs = json.dumps(eval_questions())
    walls, loads, rss = [], [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run([PY, "-c", STARTUP.replace("for q in json.load(sys.stdin):\n    engine.ask(q)\n", "")],
                              cwd=ROOT, capture_output=True, text=True, input="[]")
        walls.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            print("start-up: failed:", proc.stderr[-500:])
            return None
        loads.append(json.loads(proc.stdout.strip().splitlines()[-1])["load_s"])
    proc = subprocess.run([PY, "-c", STARTUP], cwd=ROOT, capture_output=True, text=True, input=qs)
    if proc.returncode == 0:
        rss.append(json.loads(proc.stdout.strip().splitlines()[-1])["rss_mb"])
    walls.sort()
    loads.sort()
    return {"wall_s": walls[len(walls) // 2], "import_load_s": loads[len(loads) // 2],
            "rss_mb": rss[0] if rss else float("nan"), "runs": runs}


def bench_jsonl(n: int = 1000) -> dict | None:
    if not (ROOT / "bot" / "cli.py").exists():
        print("ask --jsonl: skipped (no CLI yet)")
        return None
    base = eval_questions() or ["how many papers did kakao publish"]
    qs = [base[i % len(base)] for i in range(n)]
    stdin = "\n".join(qs) + "\n"
    t0 = time.perf_counter()
    proc = subprocess.run([PY, "-m", "bot", "ask", "--jsonl"], cwd=ROOT, capture_output=True, text=True, input=stdin)
    wall = time.perf_counter() - t0
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    if proc.returncode != 0 or len(lines) != n:
        print(f"ask --jsonl: failed (exit {proc.returncode}, {len(lines)} lines):", proc.stderr[-500:])
        return None
    t0 = time.perf_counter()
    subprocess.run([PY, "-m", "bot", "ask", "--jsonl"], cwd=ROOT, capture_output=True, text=True, input="")
    empty = time.perf_counter() - t0
    return {"questions": n, "wall_s": wall, "qps": n / wall, "qps_after_startup": n / max(1e-9, wall - empty),
            "startup_s": empty}


def bench_clinc(data: Path) -> dict | None:
    out = Path(tempfile.mkdtemp()) / "clinc150.json"
    proc = subprocess.run([PY, str(ROOT / "benchmarks" / "clinc150.py"), str(data), "--json", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        print("clinc150: failed:", proc.stderr[-500:])
        return None
    figures = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    out.parent.rmdir()
    figures["line"] = proc.stdout.strip().splitlines()[-1]
    return figures


# -- report ------------------------------------------------------------------------------------

def ok(value: float, target: float) -> str:
    return "✓" if value <= target else "✗"


def render(gen: list[dict], shipped: dict | None, startup: dict | None, jsonl: dict | None,
           clinc: dict | None, plot: str | None) -> str:
    cpu = f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}"
    out = [
        "# Benchmarks",
        "",
        f"Generated by `python benchmarks/perf.py{' --clinc DATA_JSON' if clinc else ''}` on "
        f"{time.strftime('%Y-%m-%d')} ({cpu}; Python {platform.python_version()}; "
        f"rapidfuzz {__import__('rapidfuzz').__version__}). Latency is wall time per question, single-threaded.",
        "",
    ]
    if clinc:
        out += [
            "## CLINC150 (oos-threshold protocol)",
            "",
            "`python benchmarks/clinc150.py data_full.json` — index built from `train` only; the threshold is the "
            f"lowest score that rejects ≥ {clinc['val_oos_recall_rule']:.0%} of `oos_val` (chosen on `val` + "
            "`oos_val` only); `oos_train` unused. A correct in-scope answer must also clear the threshold.",
            "",
            "| | in-scope accuracy | out-of-scope recall |",
            "| --- | ---: | ---: |",
            f"| **this index** (test) | **{clinc['in_scope']}** | **{clinc['oos_recall']}** |",
            f"| this index, no threshold | {clinc['in_scope_no_threshold']} | 0 |",
            f"| this index (val, threshold {clinc['threshold']}) | {clinc['val_in_scope']} | {clinc['val_oos_recall']} |",
            "| paper: SVM / Rasa / MLP / BERT | 88.2 / 90.9 / 93.4 / 96.2 | 18.0 / 31.2 / 49.1 / 52.3 |",
            "",
            f"Per question (tokenize + rank + decide): p50 {clinc['p50_ms']} ms, p99 {clinc['p99_ms']} ms "
            f"(targets ≤ {TARGETS['clinc_p50']} / ≤ {TARGETS['clinc_p99']} ms); build {clinc['build_s']} s for "
            f"{clinc['examples']:,} phrasings; peak RSS {clinc['rss_mb']} MB.",
            "",
            f"    {clinc['line']}",
            "",
            "How it gets there (bot/core/index.py): naive-Bayes retrieval of 16 candidate intents through "
            "feature -> intent postings; per-(intent, feature) weights learned at build time with averaged "
            "passive-aggressive (linear, SVM-style) updates over words, word pairs and character 4-grams; "
            "voting over the best 4 intents' own examples (IDF-weighted symmetric overlap, per-intent "
            "postings); score = (0.7 · softmax share + 0.3 · best-example similarity) · coverage^0.75, "
            "where coverage is the share of the question's IDF weight (up to two unseen words included) that "
            "the intent's vocabulary holds. Unseen words are mapped to the vocabulary with rapidfuzz "
            "(`process.extractOne`, OSA distance on jamo, 1-2 edits by length). No neural network.",
            "",
            "Stages measured on val (no threshold → at 60% oos_val rejected), test alongside: naive "
            "nearest example ≈ 78/11 (issue); IDF kNN with top-3 voting 85.3 val raw; naive Bayes 88.2; "
            "learned weights ≈ 92; + naive Bayes + example vote 93.4; coverage in the score moved the "
            "val-chosen threshold's test recall from ~48% to ~59% at the same accuracy. The knobs "
            "(candidates, voters, temperature, shares, coverage power, unseen-word cap) and the threshold "
            "rule were chosen on val + oos_val; test figures were printed alongside during development, "
            "so treat the test numbers as lightly optimistic. `oos_test` is harder than `oos_val` (it holds "
            "near-in-scope questions such as \"give me the weather forecast for today\"): rejecting 50% "
            "of oos_val gives only ~46% on oos_test, hence the 60% rule.",
            "",
        ]
    out += [
        "## Latency against knowledge-base size",
        "",
        "Generated bases (seeded; 20 phrasings per intent over a Zipf vocabulary with synonyms and fillers); "
        "questions are held-out phrasings with 10% of words typo'd (2/3) and out-of-scope ones (1/3); "
        "tokenize + `IntentIndex.rank`.",
        "",
        "Each base is built and queried in a fresh process; peak RSS is that process's (Python, the "
        "generated phrasings and the index).",
        "",
        "| phrasings | intents | build (s) | p50 (ms) | p99 (ms) | top-1 on held-out (%) | peak RSS (MB) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for g in gen:
        out.append(f"| {g['examples']:,} | {g['intents']:,} | {g['build_s']:.1f} | {g['p50_ms']:.2f} | "
                   f"{g['p99_ms']:.2f} | {g['top1']:.1f} | {g['rss_mb']:.0f} |")
    big = [g for g in gen if g["examples"] >= 100_000]
    if big:
        out.append("")
        out.append(f"100k target p50 ≤ {TARGETS['p50_100k']} ms: {ok(big[0]['p50_ms'], TARGETS['p50_100k'])}")
    if plot:
        out += ["", f"![latency against size]({Path(plot).name})"]
    out += ["", "## Shipped base, end to end", ""]
    if shipped:
        out += [
            f"`Engine.load()` then `engine.ask(q)` for the {shipped['questions']} eval questions "
            f"({shipped['examples']} phrasings, {shipped['intents']} intents).",
            "",
            "| | p50 (ms) | p99 (ms) | target |",
            "| --- | ---: | ---: | --- |",
            f"| `engine.ask`, first pass (cold caches) | {shipped['cold_p50_ms']:.2f} | {shipped['cold_p99_ms']:.2f} | "
            f"≤ {TARGETS['shipped_p50']} / ≤ {TARGETS['shipped_p99']} |",
            f"| `engine.ask`, three passes | {shipped['p50_ms']:.2f} | {shipped['p99_ms']:.2f} | "
            f"{ok(shipped['p50_ms'], TARGETS['shipped_p50'])} / {ok(shipped['p99_ms'], TARGETS['shipped_p99'])} |",
            f"| `IntentIndex.rank` alone | {shipped['rank_p50_ms']:.2f} | {shipped['rank_p99_ms']:.2f} | |",
        ]
    else:
        out.append("Skipped: the engine is not there yet.")
    if startup:
        out += [
            "",
            f"Start-up (fresh `python -c \"from bot.core.engine import Engine; Engine.load()\"`, median of "
            f"{startup['runs']}): **{startup['wall_s']:.2f} s** wall, interpreter included "
            f"({startup['import_load_s']:.2f} s import + load + index) — target ≤ {TARGETS['startup_s']} s "
            f"{ok(startup['wall_s'], TARGETS['startup_s'])}. Peak RSS after answering every eval question: "
            f"**{startup['rss_mb']:.0f} MB** — target ≤ {TARGETS['rss_mb']} MB {ok(startup['rss_mb'], TARGETS['rss_mb'])}.",
        ]
    if jsonl:
        out += [
            "",
            f"`python -m bot ask --jsonl`, one process, {jsonl['questions']:,} questions on stdin: "
            f"{jsonl['wall_s']:.2f} s wall = **{jsonl['qps']:.0f} questions/s** including start-up "
            f"({jsonl['qps_after_startup']:.0f}/s after the {jsonl['startup_s']:.2f} s start-up).",
        ]
    return "\n".join(out) + "\n"


def make_plot(gen: list[dict], shipped: dict | None, clinc: dict | None, path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print(f"plot: skipped, matplotlib is not installed (pip install -e '.[plot]'); {path} not written")
        return False
    xs = [g["examples"] for g in gen]
    fig, ax = plt.subplots(figsize=(6, 4), dpi=120)
    ax.plot(xs, [g["p50_ms"] for g in gen], "o-", label="p50")
    ax.plot(xs, [g["p99_ms"] for g in gen], "s--", label="p99")
    if shipped:
        ax.plot([shipped["examples"]], [shipped["rank_p50_ms"]], "^", label="shipped base, rank p50")
    if clinc:
        ax.plot([clinc["examples"]], [clinc["p50_ms"]], "D", label="CLINC150, p50")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("example phrasings in the knowledge base")
    ax.set_ylabel("ms per question (tokenize + rank)")
    ax.set_title("Intent index latency against knowledge-base size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--queries", type=int, default=2000, help="questions per generated base")
    ap.add_argument("--clinc", type=Path, help="CLINC150 data_full.json: also run benchmarks/clinc150.py")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    ap.add_argument("--plot", type=Path, default=ROOT / "docs" / "latency_vs_size.png")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)  # one generated base, JSON out
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(bench_generated(args.child, args.queries)))
        return 0

    # processes first: a child's peak RSS must not start from this process's (fork copies it)
    startup = bench_startup()
    if startup:
        print(f"start-up: {startup['wall_s']:.2f} s wall ({startup['import_load_s']:.2f} s import + load), "
              f"peak RSS {startup['rss_mb']:.0f} MB")
    jsonl = bench_jsonl()
    if jsonl:
        print(f"ask --jsonl: {jsonl['questions']} questions in {jsonl['wall_s']:.2f} s = {jsonl['qps']:.0f}/s "
              f"({jsonl['qps_after_startup']:.0f}/s after start-up)")
    clinc = bench_clinc(args.clinc) if args.clinc else None
    if clinc:
        print(clinc["line"])
    shipped = bench_shipped()
    if shipped:
        print(f"shipped base ({shipped['questions']} questions): engine.ask p50 {shipped['p50_ms']:.2f} ms, "
              f"p99 {shipped['p99_ms']:.2f} ms (cold pass {shipped['cold_p50_ms']:.2f} / {shipped['cold_p99_ms']:.2f}); "
              f"rank alone p50 {shipped['rank_p50_ms']:.2f} ms, p99 {shipped['rank_p99_ms']:.2f} ms")
    gen = []
    for n in [int(s) for s in args.sizes.split(",") if s]:
        g = bench_generated_in_child(n, args.queries)
        gen.append(g)
        print(f"generated {g['examples']:>7,} phrasings / {g['intents']:>5,} intents: build {g['build_s']:.1f} s, "
              f"p50 {g['p50_ms']:.2f} ms, p99 {g['p99_ms']:.2f} ms, top-1 {g['top1']:.1f}%, peak RSS {g['rss_mb']:.0f} MB")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    plotted = make_plot(gen, shipped, clinc, args.plot) if gen else False
    args.out.write_text(render(gen, shipped, startup, jsonl, clinc, str(args.plot) if plotted else None),
                        encoding="utf-8")
    print(f"wrote {args.out}" + (f" and {args.plot}" if plotted else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
