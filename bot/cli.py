"""Command line: `python -m bot ask|kb|eval|report|run`. A thin adapter over the core."""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from .core import messages
from .core.result import Result

log = logging.getLogger(__name__)


def _knowledge_dir(args: argparse.Namespace) -> Path:
    """--knowledge, else $KNOWLEDGE_DIR, else the base shipped with the package (bot.core.paths)."""
    from .core.paths import knowledge_dir

    return knowledge_dir(getattr(args, "knowledge", None))


def _load_engine(args: argparse.Namespace):
    from .core.engine import Engine
    from .core.knowledge import KnowledgeError

    try:
        return Engine.load(_knowledge_dir(args))
    except KnowledgeError as exc:
        print("knowledge base not loaded:", file=sys.stderr)
        for line in exc.errors:
            print(f"  {line}", file=sys.stderr)
        return None


def render_text(r: Result) -> str:
    """The answer as a person reads it in a terminal, with its source and quote."""
    lang = r.lang
    out: list[str] = []
    if r.notice:
        out.append(f"({r.notice})")
    out.append(r.answer)
    by_source: dict[tuple[str, str, str], list[str]] = {}
    for s in r.sources:  # one source line, then each of its quotes; a source without a link shows its title
        by_source.setdefault((s.publisher, s.published, s.url or s.title), []).append(s.quote)
    for (publisher, published, url), quotes in by_source.items():
        out.append("")
        out.append(f"{messages.t('source_label', lang)}: " + ", ".join(x for x in (publisher, published, url) if x))
        out.extend(f"{messages.t('quote_label', lang)}: “{q}”" for q in quotes if q)
    if r.suggestions:
        out.append("")
        out.append(messages.t("suggestions_label", lang) + ":")
        out.extend(f"  - {q}" for q in r.suggestions)
    out.append("")
    out.append(f"[{r.status} · {messages.t('intent_label', lang)}={r.intent or '-'} · "
               f"{messages.t('confidence_label', lang)}={r.confidence:.2f}]")
    return "\n".join(out)


def render_explained(x: dict) -> str:
    """`ask --explain`: how the question was read, its readings and the decision's checks, for curators."""
    read = x["read"]
    names = ", ".join(f"{n['entity']} ({n['kind']}, as '{n['as']}'{', typo' if n['typo'] else ''})" for n in read["names"])
    out = [f"question: {x['question']}",
           f"names: {names or '-'}",
           f"asks: {', '.join(read['asks']) or '-'}; figures: {read['figures'] or '-'}; periods: {read['periods'] or '-'}; "
           f"operation: {read['operation']}; checks a claim: {read['checks_a_claim']}; two questions: {read['two_questions']}",
           f"own words: {' '.join(read['own_words']) or '-'}; never seen: {' '.join(read['unknown_words']) or '-'}",
           f"readings (answer line {x['threshold']:.2f}):"]
    for r in x["readings"]:
        extra = []
        if r["not_named_by_facts"]:
            extra.append("its facts are not about " + ", ".join(r["not_named_by_facts"]))
        if r["asks_not_given"]:
            extra.append(f"its facts don't give '{r['asks_not_given']}'")
        out.append(f"  {r['score']:.3f} {r['intent']} [{r['resolution']}] facts: {', '.join(r['facts']) or '-'}"
                   f"{' - ' + '; '.join(extra) if extra else ''}  (nearest example: {r['example'] or '-'})")
    checks = "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in x["checks"].items() if v not in (None, False, ""))
    out.append(f"checks: {checks or 'none fired'}")
    res = x["result"]
    out.append(f"result: {res['status']} {res['intent'] or '-'} {', '.join(res['facts'])}")
    out.append("  " + res["answer"].replace("\n", "\n  "))
    out.append(f"why: {x['why']}")
    return "\n".join(out)


def _ask_jsonl(engine, conversation: bool = False) -> int:
    """One question a line on stdin -> one JSON object a line on stdout, read and written as UTF-8
    bytes whatever the locale. A line that is not UTF-8 gets an {"line", "error"} object in its
    place (so the output stays line for line) and the rest are still answered."""
    out = sys.stdout.buffer
    bad = 0
    context = None  # (with `conversation`, each line follows the one before: "그럼 네이버는?")
    for n, raw in enumerate(sys.stdin.buffer, start=1):
        raw = raw.rstrip(b"\r\n")
        try:
            question = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad += 1
            problem = f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at {exc.start}); line skipped"
            print(f"ask: stdin line {n}: {problem}", file=sys.stderr)
            obj = {"line": n, "error": problem}
        else:
            r = engine.ask(question, context=context if conversation else None)
            context = r.context or context
            obj = r.to_json()
        out.write(json.dumps(obj, ensure_ascii=False).encode("utf-8") + b"\n")
        out.flush()
    return 1 if bad else 0


def cmd_ask(args: argparse.Namespace) -> int:
    engine = _load_engine(args)
    if engine is None:
        return 1
    if args.jsonl:
        return _ask_jsonl(engine, conversation=args.conversation)
    if not args.question:
        print("ask: give a question, or --jsonl to read questions from standard input", file=sys.stderr)
        return 2
    if args.explain:
        print(render_explained(engine.explain(" ".join(args.question))))
        return 0
    context = None
    for before in args.after or []:  # (the conversation so far: "그럼 네이버는?" after "카카오 논문 몇 건?")
        context = engine.ask(before, context=context).context or context
    r = engine.ask(" ".join(args.question), context=context)
    if args.json:
        print(json.dumps(r.to_json(), ensure_ascii=False))
    else:
        print(render_text(r))
    return 0


def _kb_dir(args: argparse.Namespace) -> Path | None:
    return Path(args.dir) if getattr(args, "dir", None) else _knowledge_dir(args)


def _load_for_kb(args: argparse.Namespace):
    """Engine.load with every problem printed as `file: key: problem`; None if it does not load."""
    from .core.engine import Engine
    from .core.knowledge import KnowledgeError

    try:
        return Engine.load(_kb_dir(args))
    except KnowledgeError as exc:
        for line in exc.errors:
            print(line)
        sys.stdout.flush()  # (the summary on stderr after the problems, not inside them)
        print(f"{len(exc.errors)} problem(s); the knowledge base was not loaded", file=sys.stderr)
        return None


def cmd_kb_check(args: argparse.Namespace) -> int:
    from .kbtools import portability_warnings, source_text_problems, warnings

    texts: list[tuple[str, Path]] = []
    for spec in args.source_text or []:
        sid, sep, file = spec.partition("=")
        if not sep or not sid or not file:
            print(f"kb check: --source-text {spec!r}: write SOURCE_ID=FILE", file=sys.stderr)
            return 2
        texts.append((sid, Path(file)))
    engine = _load_for_kb(args)
    if engine is None:
        return 1
    warned = warnings(engine.kb) + portability_warnings(_kb_dir(args))
    for line in warned:
        print(f"{'error' if args.strict else 'warning'}: {line}")
    bad_quotes = 0
    for sid, file in texts:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"kb check: --source-text {sid}={file}: cannot read it as UTF-8 text ({exc})", file=sys.stderr)
            return 2
        problems, checked = source_text_problems(engine.kb, sid, text, str(file))
        for line in problems:
            print(line)
        bad_quotes += len(problems)
        print(f"source {sid}: {checked - len(problems)} of {checked} quote(s) found verbatim in {file}")
    counts = engine.kb.counts
    failed = bad_quotes or (args.strict and warned)
    if failed:
        what = [f"{bad_quotes} quote(s) not in the source text"] if bad_quotes else []
        what += [f"{len(warned)} warning(s) (--strict)"] if args.strict and warned else []
        sys.stdout.flush()  # (the summary on stderr after the problems, not inside them)
        print(f"{'; '.join(what)}; " + ", ".join(f"{v} {k}" for k, v in counts.items()), file=sys.stderr)
        return 1
    print("ok: " + ", ".join(f"{v} {k}" for k, v in counts.items())
          + (f" ({len(warned)} warning(s))" if warned else ""))
    return 0


def cmd_kb_schema(args: argparse.Namespace) -> int:
    from .kbtools import dump_schema

    print(dump_schema())
    return 0


def cmd_kb_test(args: argparse.Namespace) -> int:
    from .kbtools import load_tests, run_tests

    engine = _load_for_kb(args)
    if engine is None:
        return 1
    tests, problems = load_tests(engine.kb.root, engine.kb)
    if problems:
        for line in problems:
            print(line)
        return 1
    rep = run_tests(engine, tests)
    print(rep.render())
    if args.snapshot:
        _compare_snapshot(engine, tests, args)
    return 0 if rep.passed == rep.total else 1


def _compare_snapshot(engine, tests: list, args: argparse.Namespace) -> None:
    """`kb test --snapshot FILE [--questions Q.txt ...]`: what answers differently than at the last
    run (the tests' questions and the files' lines), then the snapshot is rewritten."""
    from .kbtools import snapshot, snapshot_changes

    questions = [t.q for t in tests]
    for name in args.questions or ():
        try:
            questions += [line.strip() for line in Path(name).read_text(encoding="utf-8").splitlines() if line.strip()]
        except OSError as exc:
            print(f"kb test: --questions {name}: {exc.strerror or exc}", file=sys.stderr)
    now = snapshot(engine, questions)
    path = Path(args.snapshot)
    before: dict = {}
    if path.is_file():
        try:
            before = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            print(f"kb test: {path}: not a snapshot this command wrote; starting a new one", file=sys.stderr)
    changed = snapshot_changes(before, now)
    if before:
        print(f"\nanswered differently than at the last run ({path}): {len(changed) or 'none'}")
        for line in changed:
            print(f"  {line}")
    try:
        path.write_text(json.dumps(now, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError as exc:
        print(f"kb test: could not write {path}: {exc.strerror or exc}", file=sys.stderr)
        return
    print(f"{'snapshot of' if not before else 'snapshot updated:'} {len(now)} questions in {path}")


def cmd_kb_new(args: argparse.Namespace) -> int:
    from .kbtools import new_base

    target = Path(args.dir)
    try:
        written = new_base(target)
    except (FileExistsError, OSError) as exc:
        print(f"kb new: {exc}", file=sys.stderr)
        return 1
    print(f"wrote a starter base to {target}: " + ", ".join(p.name for p in written))
    print(f"next: python -m bot kb check {target} --strict && python -m bot kb test {target}")
    return 0


def cmd_kb_import(args: argparse.Namespace) -> int:
    from .kbimport import ImportError_, import_file

    try:
        summary = import_file(Path(args.file), Path(args.out), force=args.force,
                              skip_conflicts=args.skip_conflicts)
    except ImportError_ as exc:
        for line in exc.errors:
            print(line)
        print(f"{len(exc.errors)} problem(s); nothing was written", file=sys.stderr)
        return 1
    print(summary)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluation import evaluate, load_rows

    engine = _load_engine(args)
    if engine is None:
        return 1
    try:
        rows = load_rows(args.file)
    except (OSError, ValueError) as exc:
        print(f"eval: {exc}", file=sys.stderr)
        return 1
    rep = evaluate(rows, engine.ask)
    print(rep.render(show=args.show))
    ok = rep.inscope_rate >= args.min_inscope and rep.oos_rate >= args.min_oos and rep.wrong_rate <= args.max_wrong
    return 0 if ok else 1


def cmd_report(args: argparse.Namespace) -> int:
    from .report import build_report
    from .settings import Settings
    from .store import Store, StoreError, is_url, store_target

    from pydantic import ValidationError

    from .store import StoreError

    try:
        settings = Settings()
    except ValidationError as exc:  # RETENTION_DAYS=0, DATA_DIR=...: name the variable, not a traceback
        for err in exc.errors():
            var = "_".join(str(p) for p in err["loc"]).upper() or "settings"
            print(f"report: {var}={err.get('input')!s}: {err['msg']}", file=sys.stderr)
        return 2
    engine = _load_engine(args)
    if engine is None:
        return 1
    settings = Settings()
    db = args.db if args.db and is_url(args.db) else Path(args.db) if args.db else store_target(settings)
    if isinstance(db, Path) and not db.exists():
        print(f"report: no database at {db} (the bot writes it under DATA_DIR, or set DATABASE_URL)", file=sys.stderr)
        return 1
    try:
        store = Store(db, retention_days=settings.retention_days)
    except (StoreError, ValueError, OSError) as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 1
    try:
        print(build_report(store, engine.nearest_intent, args.since, limit=args.limit))
    except StoreError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from .chat.runner import main as run_main

    return run_main(args.rest)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot", description="Bilingual Q&A bot over a sourced fact base.")
    p.add_argument("--knowledge", metavar="DIR", help="knowledge directory (default: $KNOWLEDGE_DIR, else the base shipped with the bot)")
    p.add_argument("--log-level", default=os.environ.get("LOG_LEVEL", "WARNING"))
    sub = p.add_subparsers(dest="command", required=True)
    # --knowledge also works after the subcommand: `python -m bot ask --knowledge DIR "..."`
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--knowledge", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    ask = sub.add_parser("ask", parents=[common], help="answer a question (or --jsonl: one per line on stdin)")
    ask.add_argument("question", nargs="*")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("--jsonl", action="store_true", help="read questions from stdin, write one JSON object a line")
    ask.add_argument("--after", action="append", metavar="QUESTION",
                     help="a question asked before this one, in order (repeat it): a follow-up is read with them")
    ask.add_argument("--conversation", action="store_true",
                     help="with --jsonl: the lines are one conversation, each read after the ones before")
    ask.add_argument("--explain", action="store_true",
                     help="say why: how the question is read, its best readings and the checks (for curators)")
    ask.set_defaults(func=cmd_ask)

    kb = sub.add_parser("kb", help="knowledge base tools")
    kbsub = kb.add_subparsers(dest="kb_command", required=True)
    check = kbsub.add_parser("check", parents=[common], help="validate a knowledge directory")
    check.add_argument("dir", nargs="?")
    check.add_argument("--strict", action="store_true", help="warnings (settings that do nothing) are errors")
    check.add_argument("--source-text", action="append", metavar="SOURCE_ID=FILE",
                       help="report every quote of SOURCE_ID not found verbatim in FILE (repeatable)")
    check.set_defaults(func=cmd_kb_check)
    schema = kbsub.add_parser("schema", help="print the JSON Schema of a knowledge file (for editors)")
    schema.set_defaults(func=cmd_kb_schema)
    test = kbsub.add_parser("test", parents=[common], help="run the base's tests.yaml; exit 1 on a failure")
    test.add_argument("dir", nargs="?")
    test.add_argument("--snapshot", metavar="FILE",
                      help="compare every answer with the last run's (kept in FILE) and list what changed")
    test.add_argument("--questions", action="append", metavar="FILE",
                      help="with --snapshot: more questions, one per line (repeatable)")
    test.set_defaults(func=cmd_kb_test)
    new = kbsub.add_parser("new", help="write a commented starter base into a new directory")
    new.add_argument("dir")
    new.set_defaults(func=cmd_kb_new)
    imp = kbsub.add_parser("import", help="turn a CSV/JSONL of question,intent[,answer_en][,answer_ko][,source_url] rows into a knowledge directory")
    imp.add_argument("file")
    imp.add_argument("--out", required=True, metavar="DIR")
    imp.add_argument("--force", action="store_true",
                     help="replace DIR if an earlier `kb import` wrote it (never any other directory)")
    imp.add_argument("--skip-conflicts", action="store_true",
                     help="leave out the rows that read like another intent's, import the rest, list them")
    imp.set_defaults(func=cmd_kb_import)

    ev = sub.add_parser("eval", parents=[common], help="score an eval set (JSONL with question/expect_any/expect_none/oos)")
    ev.add_argument("file")
    ev.add_argument("--show", type=int, default=20)
    ev.add_argument("--min-inscope", type=float, default=0.95)
    ev.add_argument("--min-oos", type=float, default=0.90)
    ev.add_argument("--max-wrong", type=float, default=0.03)
    ev.set_defaults(func=cmd_eval)

    rep = sub.add_parser("report", parents=[common], help="curation report: frequent unanswered questions, most 👎 answers")
    rep.add_argument("--since", type=int, default=None, metavar="DAYS")
    rep.add_argument("--limit", type=int, default=20)
    rep.add_argument("--db", help="database file or postgresql:// URL (default: $DATABASE_URL, else $DATA_DIR/factbot.sqlite3)")
    rep.set_defaults(func=cmd_report)

    run = sub.add_parser("run", help="run the Discord bot (needs DISCORD_TOKEN in the environment or .env)")
    run.add_argument("rest", nargs=argparse.REMAINDER)
    run.set_defaults(func=cmd_run)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["run"]:
        # `run` parses its own arguments (it refuses a token on the command line without echoing it)
        from .chat.runner import main as run_main

        return run_main(argv[1:])
    for stream in (sys.stdout, sys.stderr):  # an ASCII locale must not turn a Korean answer into a traceback
        if (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            try:
                stream.reconfigure(errors="backslashreplace")
            except (AttributeError, ValueError):
                pass
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=getattr(logging, str(args.log_level).upper(), logging.WARNING),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
