"""`python -m bot run`: connect the bot to Discord until SIGINT/SIGTERM; SIGHUP reloads knowledge.

The token comes only from DISCORD_TOKEN (environment or .env), never from the command line, and is
never logged.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import time

from pydantic import ValidationError

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bot run",
        description="Run the Discord bot. Configure it with environment variables or .env (see .env.example).",
    )
    p.add_argument("--log-level", choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="overrides LOG_LEVEL")
    p.add_argument("--sync-commands", action="store_true",
                   help="register the slash commands with Discord now, even if unchanged (SYNC_COMMANDS=1)")
    return p


def _refuse_token(argv: list[str]) -> bool:
    return any(a == "--token" or a.startswith("--token=") or a in ("-t",) for a in argv)


def setup_logging(level: str, secrets: tuple[str, ...] = ()) -> None:
    from bot.chat.logfilter import install

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    install(handler, secrets)  # no tokens, message content or ids in the log, at any level
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    if level != "DEBUG":
        logging.getLogger("discord.gateway").setLevel(logging.WARNING)  # per-connect INFO lines are noise


def open_store(settings):
    """The feedback store (DATABASE_URL, else under DATA_DIR), or None (with a warning) when it cannot be used."""
    try:
        from bot.store import Store, StoreError, store_target
    except ImportError:  # the store module is optional for the adapter
        log.warning("feedback store not available (bot.store missing); running without it")
        return None
    try:
        # PostgreSQL down at start: the store opens anyway and connects in the background
        return Store(store_target(settings), settings.retention_days, max_queue=settings.store_buffer_rows,
                     connect_in_background=True, read_timeout=settings.store_read_timeout)
    except (StoreError, OSError) as exc:
        log.warning("feedback store disabled: %s; answers still work, nothing is recorded", exc)
        return None


def main(argv: list[str]) -> int:
    """Entry point of the `run` subcommand; returns the process exit status."""
    started = time.monotonic()
    if _refuse_token(argv):
        print("error: refusing a token on the command line (it would show in shell history and ps); "
              "set DISCORD_TOKEN in the environment or .env", file=sys.stderr)
        return 2
    args, unknown = _parser().parse_known_args(argv)
    if unknown:
        # never echo them: a stray argument may well be a pasted token
        print(f"error: run does not take {len(unknown)} of the given argument(s); the token goes in DISCORD_TOKEN "
              "(environment or .env), other settings too (see .env.example)", file=sys.stderr)
        return 2

    from bot.settings import Settings

    try:
        settings = Settings()
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(x) for x in err["loc"]).upper() or "settings"
            print(f"error: {where}: {err['msg']}", file=sys.stderr)
        return 2
    token = settings.discord_token.get_secret_value().strip() if settings.discord_token else ""
    if not token:
        print("error: DISCORD_TOKEN is not set; put the bot token in the environment or in .env (see .env.example)",
              file=sys.stderr)
        return 2

    if args.sync_commands:
        settings = settings.model_copy(update={"sync_commands": True})
    setup_logging(args.log_level or settings.log_level, (token,))
    try:
        return asyncio.run(_run(settings, token, started))
    except KeyboardInterrupt:
        return 0


async def _run(settings, token: str, started: float) -> int:
    from bot.chat.engines import EngineRef
    from bot.core.engine import Engine
    from bot.core.knowledge import KnowledgeError

    # the knowledge base loads in a thread while discord.py is imported and logs in
    engines = EngineRef.start_loading(settings.knowledge_dir, Engine.load)

    import aiohttp
    import discord

    from bot.chat.client import apply_endpoints, create_bot
    from bot.chat.logfilter import install

    install(secrets=(token,))  # discord.py's loggers exist now: filter them too

    apply_endpoints(settings)
    bot = create_bot(settings, engines, open_store(settings))

    loop = asyncio.get_running_loop()
    reloads: set[asyncio.Task] = set()

    def on_hup() -> None:
        log.info("SIGHUP: reloading the knowledge base")
        task = loop.create_task(engines.reload())
        reloads.add(task)
        task.add_done_callback(reloads.discard)

    def on_stop(signame: str) -> None:
        log.info("%s: shutting down", signame)
        loop.create_task(bot.close())

    loop.add_signal_handler(signal.SIGHUP, on_hup)
    loop.add_signal_handler(signal.SIGTERM, on_stop, "SIGTERM")
    loop.add_signal_handler(signal.SIGINT, on_stop, "SIGINT")
    try:
        async with bot:
            await bot.start(token)
    except KnowledgeError as exc:
        log.error("the knowledge base in %s cannot be used (%d problem(s)):", settings.knowledge_dir, len(exc.errors))
        for line in exc.errors:
            log.error("  %s", line)
        return 1
    except discord.LoginFailure:
        log.error("Discord rejected DISCORD_TOKEN; check the token in the developer portal (Bot > Reset Token)")
        return 1
    except (OSError, aiohttp.ClientError) as exc:
        log.error("cannot reach Discord at %s: %s", settings.discord_api_base, exc)
        return 1
    except discord.PrivilegedIntentsRequired:
        log.error("Discord refused a privileged intent: a server turned on auto-answers (/config autoanswer), which "
                  "needs the Message Content intent; enable it in the developer portal (Bot > Privileged Gateway "
                  "Intents) or set MESSAGE_CONTENT_INTENT=off")
        return 1
    finally:
        for sig in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
