"""A local Discord: REST API v10 and gateway on 127.0.0.1, enough for the unmodified discord.py.

It records every request and gateway frame, dispatches events the way Discord does (sequence numbers,
RESUME replays what a dropped connection missed), enforces the interaction rules that matter for a
bot (one callback per interaction, the 3-second deadline, webhooks for follow-ups) and can inject
faults: gateway closes (4000, 1006, ...), op 7 RECONNECT, op 9 INVALID_SESSION, and REST 429/5xx.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable

from aiohttp import WSMsgType, web

from . import payloads as p

log = logging.getLogger(__name__)

JSON = "application/json"  # discord.py only parses a body whose Content-Type is exactly this
EPHEMERAL = 1 << 6
BODY = web.RequestKey("body", object)
API_PATH = web.RequestKey("api_path", str)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(
        body=json.dumps(data, ensure_ascii=False).encode(), status=status, headers={"Content-Type": JSON, **(headers or {})}
    )


@dataclass
class Recorded:
    """One REST request the bot made."""

    method: str
    path: str  # without the /api/v10 prefix
    query: dict[str, str]
    json: Any
    status: int
    at: float
    authorized: bool


@dataclass
class Fault:
    """Answer the next `count` requests matching (method, path regex) with `status`."""

    method: str
    pattern: re.Pattern[str]
    status: int
    count: int
    retry_after: float = 0.25
    via: bool = True  # discord.py retries a 429 only when a `Via` header is present
    hits: int = 0


@dataclass
class InteractionRecord:
    """One interaction sent to the bot and everything the bot answered to it."""

    id: str
    token: str
    payload: dict
    sent_at: float
    callbacks: list[dict] = field(default_factory=list)  # accepted callback bodies, in order
    followups: list[dict] = field(default_factory=list)  # POST /webhooks/{app}/{token}
    edits: list[dict] = field(default_factory=list)  # PATCH .../messages/@original
    original: dict | None = None  # the message the response created (as Discord stores it)
    done_at: float | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)
    rejected: list[tuple[int, dict]] = field(default_factory=list)  # (status, error body) we refused

    @property
    def response_type(self) -> int | None:
        return self.callbacks[0]["type"] if self.callbacks else None

    @property
    def deferred(self) -> bool:
        return self.response_type in (5, 6)

    @property
    def ephemeral(self) -> bool:
        """Whether the response (or the deferred response it became) is visible only to the user."""
        data = (self.callbacks[0].get("data") or {}) if self.callbacks else {}
        return bool((data.get("flags") or 0) & EPHEMERAL)

    @property
    def reply(self) -> dict:
        """The message (or autocomplete data) the user ends up seeing."""
        if not self.callbacks:
            raise AssertionError(f"interaction {self.id} got no response")
        first = self.callbacks[0]
        if first["type"] in (5, 6):
            if self.edits:
                return self.edits[-1]
            if self.followups:
                return self.followups[0]
            raise AssertionError(f"interaction {self.id} was deferred and never followed up")
        return first.get("data") or {}

    @property
    def latency(self) -> float:
        assert self.done_at is not None
        return self.done_at - self.sent_at

    async def wait(self, timeout: float = 10.0) -> "InteractionRecord":
        await asyncio.wait_for(self.done.wait(), timeout)
        return self


@dataclass
class Session:
    id: str
    shard: list[int] | None
    intents: int = 0
    seq: int = 0
    ws: web.WebSocketResponse | None = None
    invalid: bool = False
    buffer: deque = field(default_factory=lambda: deque(maxlen=20000))
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class FakeDiscord:
    """Start with `await fake.start()`, point discord.py at `fake.api_base` / `fake.gateway_url`."""

    def __init__(self, *, token: str = "fake.bot-token.0123456789", heartbeat_interval_ms: int = 41250) -> None:
        self.token = token
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.callback_deadline = 3.0  # seconds Discord gives for the initial interaction response
        self.record_bodies = True  # the load test turns this off to keep the recorder small

        self.bot_user = p.user(p.snowflake(), "factbot", bot=True)
        self.application_id = self.bot_user["id"]
        self.owner = p.user(p.snowflake(), "owner")
        self.alice = p.user(p.snowflake(), "alice")
        self.bob = p.user(p.snowflake(), "bob")
        self.guild_id = p.snowflake()
        self.channel_id = p.snowflake()
        self.help_channel_id = p.snowflake()  # a second text channel ("help")
        self.forum_id = p.snowflake()  # a forum channel (type 15)
        self.other_guild_id = p.snowflake()  # a server that never added the bot (user installs are used there)
        self.other_channel_id = p.snowflake()
        self.threads: dict[str, dict] = {}  # thread id -> channel payload (forum posts)
        self.guild = p.guild(
            self.guild_id,
            "test guild",
            owner_id=self.owner["id"],
            channels=[p.text_channel(self.channel_id, self.guild_id),
                      p.text_channel(self.help_channel_id, self.guild_id, "help"),
                      p.forum_channel(self.forum_id, self.guild_id)],
            members=[p.member(self.bot_user), p.member(self.owner), p.member(self.alice), p.member(self.bob)],
        )

        self.requests: list[Recorded] = []
        self.faults: list[Fault] = []
        self.gateway_frames: list[dict] = []  # frames the bot sent (op, d)
        self.identifies: list[dict] = []
        self.resumes: list[dict] = []
        self.connections = 0
        self.sessions: dict[str, Session] = {}
        self.commands: dict[str | None, list[dict]] = {}  # guild id (None = global) -> registered
        self.interactions: dict[str, InteractionRecord] = {}
        self._by_token: dict[str, InteractionRecord] = {}
        self.channel_messages: list[dict] = []  # messages the bot posted in channels
        self.reactions: list[dict] = []  # reactions the bot added: channel_id, message_id, emoji, at
        self.dm_channels: dict[str, dict] = {}
        self._waiters: list[asyncio.Future] = []
        self._sockets: set[web.WebSocketResponse] = set()
        self._transports: dict[web.WebSocketResponse, Any] = {}
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> "FakeDiscord":
        app = web.Application(middlewares=[self._middleware], client_max_size=8 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        log.debug("fake discord listening on 127.0.0.1:%d", self.port)
        return self

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def env(self) -> dict[str, str]:
        """Environment for `python -m bot run` against this server."""
        return {
            "DISCORD_TOKEN": self.token,
            "DISCORD_API_BASE": self.api_base,
            "DISCORD_GATEWAY_URL": self.gateway_url,
            "DISCORD_GUILD_ID": self.guild_id,
        }

    # ------------------------------------------------------------------ waiting
    def _changed(self) -> None:
        waiters, self._waiters = self._waiters, []
        for fut in waiters:
            if not fut.done():
                fut.set_result(None)

    async def wait_until(self, predicate: Callable[[], Any], timeout: float = 10.0, poll: float = 0.05) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"condition not met within {timeout}s")
            fut = asyncio.get_running_loop().create_future()
            self._waiters.append(fut)
            try:
                # woken by any change here; polls too, for conditions outside the server (a log file)
                await asyncio.wait_for(fut, min(remaining, poll))
            except asyncio.TimeoutError:
                pass

    def live_sessions(self) -> list[Session]:
        return [s for s in self.sessions.values() if s.ws is not None and not s.ws.closed and not s.invalid]

    async def wait_connected(self, shards: int = 1, timeout: float = 15.0) -> None:
        """Until `shards` sessions are identified (or resumed) and have received their guilds."""
        await self.wait_until(lambda: len(self.live_sessions()) >= shards, timeout)

    # ------------------------------------------------------------------ faults
    def fail(self, method: str, path_regex: str, status: int, *, count: int = 1, retry_after: float = 0.25,
             via: bool = True) -> Fault:
        fault = Fault(method.upper(), re.compile(path_regex), status, count, retry_after, via)
        self.faults.append(fault)
        return fault

    async def close_gateway(self, code: int) -> None:
        """Close every live gateway socket with `code`; 1006 drops the TCP connection without a close frame."""
        for session in self.live_sessions():
            ws = session.ws
            assert ws is not None
            session.ws = None
            if code == 1006:
                transport = self._transports.get(ws)
                if transport is not None:
                    transport.abort()
            else:
                await ws.close(code=code)
        self._changed()

    async def invalidate_session(self, resumable: bool = False) -> None:
        """Send op 9 INVALID_SESSION to every live session."""
        for session in self.live_sessions():
            if not resumable:
                session.invalid = True
            await self._send(session.ws, {"op": 9, "d": resumable})
        self._changed()

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT to every live session."""
        for session in self.live_sessions():
            await self._send(session.ws, {"op": 7, "d": None})

    # ------------------------------------------------------------------ gateway
    async def _send(self, ws: web.WebSocketResponse | None, frame: dict) -> None:
        if ws is None or ws.closed:
            return
        try:
            await ws.send_str(json.dumps(frame, ensure_ascii=False))
        except (ConnectionError, RuntimeError):
            pass

    MESSAGE_CONTENT = 1 << 15

    def _visible(self, session: Session, event: str, data: dict) -> dict:
        """Discord's rule for the privileged message content intent: without it, a guild message that
        does not mention the bot arrives with empty content, embeds, attachments and components."""
        if event not in ("MESSAGE_CREATE", "MESSAGE_UPDATE") or "guild_id" not in data:
            return data
        if self._intents_of(session) & self.MESSAGE_CONTENT:
            return data
        if any(u.get("id") == self.bot_user["id"] for u in data.get("mentions") or []):
            return data
        if (data.get("author") or {}).get("id") == self.bot_user["id"]:
            return data
        return {**data, "content": "", "embeds": [], "attachments": [], "components": []}

    def _intents_of(self, session: Session) -> int:
        return session.intents

    async def dispatch(self, event: str, data: dict, *, guild_id: str | None = None) -> None:
        """Send a DISPATCH to the session owning `guild_id` (shard 0 for DMs); buffered for RESUME."""
        session = self._session_for(guild_id)
        data = self._visible(session, event, data)
        async with session.lock:
            session.seq += 1
            frame = {"op": 0, "t": event, "s": session.seq, "d": data}
            session.buffer.append(frame)
            await self._send(session.ws, frame)

    def _session_for(self, guild_id: str | None) -> Session:
        sessions = [s for s in self.sessions.values() if not s.invalid]
        if not sessions:
            raise RuntimeError("no gateway session: is the bot connected?")
        sharded = [s for s in sessions if s.shard]
        if sharded:
            count = sharded[0].shard[1]  # type: ignore[index]
            shard_id = (int(guild_id) >> 22) % count if guild_id else 0
            for s in sharded:
                if s.shard[0] == shard_id:  # type: ignore[index]
                    return s
        return sessions[-1]

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=16 * 1024 * 1024)
        await ws.prepare(request)
        self._sockets.add(ws)
        self._transports[ws] = request.transport
        self.connections += 1
        session: Session | None = None
        await self._send(ws, {"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                op, d = frame.get("op"), frame.get("d")
                self.gateway_frames.append({"op": op, "d": d, "at": time.monotonic()})
                if op == 1:
                    await self._send(ws, {"op": 11})
                elif op == 2:
                    session = await self._identify(ws, d)
                elif op == 6:
                    session = await self._resume(ws, d)
                self._changed()
        finally:
            self._sockets.discard(ws)
            self._transports.pop(ws, None)
            if session is not None and session.ws is ws:
                session.ws = None
            self._changed()
        return ws

    async def _identify(self, ws: web.WebSocketResponse, d: dict) -> Session | None:
        self.identifies.append(d)
        if d.get("token") != self.token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return None
        shard = d.get("shard")
        session = Session(id=p.snowflake(), shard=shard, intents=int(d.get("intents") or 0))
        # a new IDENTIFY for the same shard replaces the old session
        for old in self.sessions.values():
            if old.shard == shard:
                old.invalid = True
        self.sessions[session.id] = session
        async with session.lock:
            session.ws = ws
            guilds = [self.guild] if self._owns_guild(shard) else []
            ready = {
                "v": 10,
                "user": self.bot_user,
                "guilds": [{"id": g["id"], "unavailable": True} for g in guilds],
                "session_id": session.id,
                "resume_gateway_url": self.gateway_url,
                "application": {"id": self.application_id, "flags": 0},
                "private_channels": [],
                "relationships": [],
                "user_settings": {},
                "presences": [],
                "guild_join_requests": [],
                "geo_ordered_rtc_regions": [],
            }
            if shard is not None:
                ready["shard"] = shard
            for event, data in [("READY", ready)] + [("GUILD_CREATE", g) for g in guilds]:
                session.seq += 1
                frame = {"op": 0, "t": event, "s": session.seq, "d": data}
                session.buffer.append(frame)
                await self._send(ws, frame)
        return session

    def _owns_guild(self, shard: list[int] | None) -> bool:
        return shard is None or (int(self.guild_id) >> 22) % shard[1] == shard[0]

    async def _resume(self, ws: web.WebSocketResponse, d: dict) -> Session | None:
        self.resumes.append(d)
        session = self.sessions.get(d.get("session_id", ""))
        if d.get("token") != self.token or session is None or session.invalid:
            await self._send(ws, {"op": 9, "d": False})
            return None
        async with session.lock:
            session.ws = ws
            last = d.get("seq") or 0
            for frame in list(session.buffer):
                if frame["s"] > last:
                    await self._send(ws, frame)
            session.seq += 1
            resumed = {"op": 0, "t": "RESUMED", "s": session.seq, "d": {}}
            session.buffer.append(resumed)
            await self._send(ws, resumed)
        return session

    # ------------------------------------------------------------------ REST
    @web.middleware
    async def _middleware(self, request: web.Request, handler):
        if not request.path.startswith("/api/v10/"):
            return await handler(request)
        path = request.path[len("/api/v10"):]
        body: Any = None
        if request.can_read_body:
            raw = await request.read()
            if raw:
                ctype = request.headers.get("Content-Type", "")
                if ctype.startswith("multipart/"):
                    body = {"multipart": True}
                else:
                    try:
                        body = json.loads(raw)
                    except ValueError:
                        body = raw.decode("utf-8", "replace")
        request[BODY] = body
        request[API_PATH] = path
        rec = Recorded(
            method=request.method,
            path=path,
            query=dict(request.query),
            json=body if self.record_bodies else None,
            status=0,
            at=time.monotonic(),
            authorized=request.headers.get("Authorization") == f"Bot {self.token}",
        )
        self.requests.append(rec)
        for fault in self.faults:
            if fault.count > 0 and fault.method == request.method and fault.pattern.search(path):
                fault.count -= 1
                fault.hits += 1
                rec.status = fault.status
                if fault.status == 429:
                    headers = {"Via": "1.1 google"} if fault.via else {}
                    headers["Retry-After"] = str(fault.retry_after)
                    return json_response(
                        {"message": "You are being rate limited.", "retry_after": fault.retry_after, "global": False},
                        429,
                        headers,
                    )
                return json_response({"message": "injected failure", "code": 0}, fault.status)
        response = await handler(request)
        rec.status = response.status
        self._changed()
        return response

    async def _rest(self, request: web.Request) -> web.Response:
        method, path, body = request.method, request[API_PATH], request[BODY]
        for m, pattern, fn in self._routes():
            if m != method:
                continue
            match = re.fullmatch(pattern, path)
            if match:
                return await fn(request, body, **match.groupdict())
        return json_response({"message": "404: Not Found", "code": 0}, 404)

    def _routes(self):
        app = self.application_id
        return [
            ("GET", r"/gateway/bot", self._get_gateway_bot),
            ("GET", r"/gateway", self._get_gateway),
            ("GET", r"/users/@me", self._get_me),
            ("GET", r"/oauth2/applications/@me", self._get_application),
            ("GET", r"/applications/@me", self._get_application),
            ("PUT", rf"/applications/{app}/commands", self._put_commands),
            ("PUT", rf"/applications/{app}/guilds/(?P<guild_id>\d+)/commands", self._put_commands),
            ("GET", rf"/applications/{app}/commands", self._get_commands),
            ("GET", rf"/applications/{app}/guilds/(?P<guild_id>\d+)/commands", self._get_commands),
            ("POST", r"/interactions/(?P<iid>\d+)/(?P<token>[^/]+)/callback", self._callback),
            ("POST", rf"/webhooks/{app}/(?P<token>[^/]+)", self._followup),
            ("PATCH", rf"/webhooks/{app}/(?P<token>[^/]+)/messages/(?P<mid>@original|\d+)", self._edit),
            ("GET", rf"/webhooks/{app}/(?P<token>[^/]+)/messages/(?P<mid>@original|\d+)", self._get_webhook_message),
            ("DELETE", rf"/webhooks/{app}/(?P<token>[^/]+)/messages/(?P<mid>@original|\d+)", self._delete),
            ("POST", r"/channels/(?P<cid>\d+)/messages", self._post_message),
            ("POST", r"/users/@me/channels", self._create_dm),
            ("PUT", r"/channels/(?P<cid>\d+)/messages/(?P<mid>\d+)/reactions/(?P<emoji>[^/]+)/@me", self._react),
        ]

    def _unauthorized(self, request: web.Request) -> web.Response | None:
        if request.headers.get("Authorization") != f"Bot {self.token}":
            return json_response({"message": "401: Unauthorized", "code": 0}, 401)
        return None

    async def _get_gateway_bot(self, request, body):
        return self._unauthorized(request) or json_response(
            {
                "url": self.gateway_url,
                "shards": 1,
                "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
            }
        )

    async def _get_gateway(self, request, body):
        return json_response({"url": self.gateway_url})

    async def _get_me(self, request, body):
        return self._unauthorized(request) or json_response(self.bot_user)

    async def _get_application(self, request, body):
        return self._unauthorized(request) or json_response(
            {
                "id": self.application_id,
                "name": "factbot",
                "description": "",
                "icon": None,
                "rpc_origins": [],
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": self.owner,
                "team": None,
                "verify_key": "0" * 64,
                "flags": 0,
                "summary": "",
                "bot": self.bot_user,
                "interactions_endpoint_url": None,
                "tags": [],
            }
        )

    async def _put_commands(self, request, body, guild_id: str | None = None):
        if (resp := self._unauthorized(request)) is not None:
            return resp
        registered = []
        for cmd in body or []:
            cmd = dict(cmd)
            cmd.setdefault("id", p.snowflake())
            cmd.update(application_id=self.application_id, version=p.snowflake())
            cmd.setdefault("options", [])
            cmd.setdefault("description", "")
            cmd.setdefault("default_member_permissions", None)
            cmd.setdefault("nsfw", False)
            if guild_id:
                cmd["guild_id"] = guild_id
            registered.append(cmd)
        self.commands[guild_id] = registered
        return json_response(registered)

    async def _get_commands(self, request, body, guild_id: str | None = None):
        return self._unauthorized(request) or json_response(self.commands.get(guild_id, []))

    def _message_from(self, data: dict, rec: InteractionRecord, *, message_id: str | None = None) -> dict:
        payload = rec.payload
        msg = p.message(
            message_id=message_id or p.snowflake(),
            channel_id=payload.get("channel_id") or self.channel_id,
            author=self.bot_user,
            content=data.get("content") or "",
            guild_id=payload.get("guild_id"),
            embeds=data.get("embeds"),
            components=data.get("components"),
            flags=data.get("flags") or 0,
            interaction_id=rec.id,
        )
        msg["webhook_id"] = self.application_id
        msg["application_id"] = self.application_id
        return msg

    def _finish(self, rec: InteractionRecord) -> None:
        if not rec.done.is_set():
            rec.done_at = time.monotonic()
            rec.done.set()

    async def _callback(self, request, body, iid: str, token: str):
        rec = self.interactions.get(iid)
        if rec is None or rec.token != token:
            return json_response({"message": "Unknown interaction", "code": 10062}, 404)
        if rec.callbacks:
            err = {"message": "Interaction has already been acknowledged.", "code": 40060}
            rec.rejected.append((400, err))
            return json_response(err, 400)
        if time.monotonic() - rec.sent_at > self.callback_deadline:
            err = {"message": "Unknown interaction", "code": 10062}
            rec.rejected.append((404, err))
            return json_response(err, 404)
        rtype = body.get("type")
        data = body.get("data") or {}
        rec.callbacks.append(body)
        response: dict[str, Any] = {
            "interaction": {
                "id": rec.id,
                "type": rec.payload["type"],
                "activity_instance_id": None,
                "response_message_id": None,
                "response_message_loading": rtype == 5,
                "response_message_ephemeral": bool((data.get("flags") or 0) & EPHEMERAL),
            }
        }
        if rtype in (4, 5):
            msg = self._message_from(data, rec)
            if rtype == 5:
                msg["flags"] = (data.get("flags") or 0) | (1 << 7)  # LOADING
            rec.original = msg
            response["interaction"]["response_message_id"] = msg["id"]
            response["resource"] = {"type": rtype, "message": msg}
        elif rtype == 7:
            old = rec.payload.get("message") or {}
            msg = {**old, **{k: v for k, v in data.items() if k in ("content", "embeds", "components", "flags")}}
            rec.original = msg
            response["interaction"]["response_message_id"] = msg.get("id")
            response["resource"] = {"type": 7, "message": msg}
        if rtype in (4, 7, 8, 9):
            self._finish(rec)
        return json_response(response)

    async def _followup(self, request, body, token: str):
        rec = self._by_token.get(token)
        if rec is None:
            return json_response({"message": "Unknown Webhook", "code": 10015}, 404)
        data = body if isinstance(body, dict) else {}
        rec.followups.append(data)
        msg = self._message_from(data, rec)
        if rec.deferred:
            self._finish(rec)
        return json_response(msg)

    async def _edit(self, request, body, token: str, mid: str):
        rec = self._by_token.get(token)
        if rec is None or (mid == "@original" and rec.original is None):
            return json_response({"message": "Unknown Message", "code": 10008}, 404)
        data = body if isinstance(body, dict) else {}
        rec.edits.append(data)
        base = rec.original if mid == "@original" else self._message_from({}, rec, message_id=mid)
        msg = {**(base or {}), **{k: v for k, v in data.items() if k in ("content", "embeds", "components")}}
        msg["flags"] = (msg.get("flags") or 0) & ~(1 << 7)
        if mid == "@original":
            rec.original = msg
        if rec.deferred:
            self._finish(rec)
        return json_response(msg)

    async def _get_webhook_message(self, request, body, token: str, mid: str):
        rec = self._by_token.get(token)
        if rec is None or rec.original is None:
            return json_response({"message": "Unknown Message", "code": 10008}, 404)
        return json_response(rec.original)

    async def _delete(self, request, body, token: str, mid: str):
        return web.Response(status=204)

    async def _post_message(self, request, body, cid: str):
        if (resp := self._unauthorized(request)) is not None:
            return resp
        data = body if isinstance(body, dict) else {}
        guild_ids = {c["id"] for c in self.guild["channels"]} | set(self.threads)
        guild_id = self.guild_id if cid in guild_ids else None
        msg = p.message(
            message_id=p.snowflake(),
            channel_id=cid,
            author=self.bot_user,
            content=data.get("content") or "",
            guild_id=guild_id,
            embeds=data.get("embeds"),
            components=data.get("components"),
            message_reference=data.get("message_reference"),
        )
        self.channel_messages.append({"request": data, "message": msg, "at": time.monotonic()})
        return json_response(msg)

    async def _react(self, request, body, cid: str, mid: str, emoji: str):
        if (resp := self._unauthorized(request)) is not None:
            return resp
        from urllib.parse import unquote

        self.reactions.append({"channel_id": cid, "message_id": mid, "emoji": unquote(emoji), "at": time.monotonic()})
        self._changed()
        return web.Response(status=204)

    async def _create_dm(self, request, body):
        if (resp := self._unauthorized(request)) is not None:
            return resp
        recipient_id = str((body or {}).get("recipient_id"))
        channel = self.dm_channels.get(recipient_id)
        if channel is None:
            users = [self.owner, self.alice, self.bob]
            recipient = next((u for u in users if u["id"] == recipient_id), p.user(recipient_id, "someone"))
            channel = p.dm_channel(p.snowflake(), recipient)
            self.dm_channels[recipient_id] = channel
        return json_response(channel)

    # ------------------------------------------------------------------ driving the bot
    def make_user(self, name: str = "user") -> dict:
        """A new guild member (each test uses its own users, so per-user cooldowns never interfere)."""
        u = p.user(p.snowflake(), name)
        self.guild["members"].append(p.member(u))
        return u

    def command_id(self, name: str) -> str:
        for cmds in self.commands.values():
            for cmd in cmds:
                if cmd["name"] == name:
                    return cmd["id"]
        return p.snowflake()

    def _interaction_base(self, itype: int, data: dict, *, user: dict, dm: bool, locale: str,
                          message: dict | None = None, where: str = "guild", permissions: str | None = None,
                          channel: dict | None = None) -> dict:
        """`where`: "guild" (the test guild, which added the bot), "dm" (the bot's DM), "user-guild" (a
        server that never added the bot, through the user's install) or "group-dm" (a group DM)."""
        if dm:
            where = "dm"
        iid = p.snowflake()
        payload: dict[str, Any] = {
            "id": iid,
            "application_id": self.application_id,
            "type": itype,
            "data": data,
            "token": f"itoken-{iid}",
            "version": 1,
            "locale": locale,
            "app_permissions": "2248473465835073",
            "entitlements": [],
            "authorizing_integration_owners": {"0": self.guild_id} if where == "guild" else {"1": user["id"]},
            "attachment_size_limit": 10485760,
        }
        if where == "user-guild":
            other = p.text_channel(self.other_channel_id, self.other_guild_id, "elsewhere")
            payload.update(
                guild_id=self.other_guild_id,
                guild_locale="en-US",
                guild={"id": self.other_guild_id, "locale": "en-US", "features": []},
                channel_id=other["id"],
                channel=other,
                member=p.member(user, permissions=permissions or "2248473465835073"),
                context=0,
                app_permissions="562949953601536",  # what Discord gives a user-installed app there
            )
        elif where == "group-dm":
            group = {"id": self.other_channel_id, "type": 3, "recipients": [user, self.alice], "name": None,
                     "owner_id": user["id"], "last_message_id": None, "icon": None}
            payload.update(channel_id=group["id"], channel=group, user=user, context=2)
        elif dm:
            channel = self.dm_channels.setdefault(user["id"], p.dm_channel(p.snowflake(), user))
            payload.update(channel_id=channel["id"], channel=channel, user=user, context=1)
        else:
            payload.update(
                guild_id=self.guild_id,
                guild_locale="ko",
                guild={"id": self.guild_id, "locale": "ko", "features": []},
                channel_id=(channel or self.guild["channels"][0])["id"],
                channel=channel or self.guild["channels"][0],
                member=p.member(user, permissions=permissions or "2248473465835073"),
                context=0,
            )
        if message is not None:
            payload["message"] = message
        return payload

    async def send_interaction(self, payload: dict) -> InteractionRecord:
        rec = InteractionRecord(id=payload["id"], token=payload["token"], payload=payload, sent_at=time.monotonic())
        self.interactions[rec.id] = rec
        self._by_token[rec.token] = rec
        await self.dispatch("INTERACTION_CREATE", payload, guild_id=payload.get("guild_id"))
        return rec

    def forget(self, rec: InteractionRecord) -> None:
        """Drop a finished interaction from the recorder (the load test keeps memory flat with it)."""
        self.interactions.pop(rec.id, None)
        self._by_token.pop(rec.token, None)

    async def slash(self, name: str, options: dict[str, Any] | None = None, *, user: dict | None = None,
                    dm: bool = False, locale: str = "en-US", where: str = "guild", permissions: str | None = None,
                    subcommand: str | None = None, channel: dict | None = None) -> InteractionRecord:
        """`options` values: str, bool, or a channel payload (a CHANNEL option, resolved as Discord does)."""
        opts, resolved = [], {}
        for k, v in (options or {}).items():
            if isinstance(v, dict):  # a channel
                opts.append({"name": k, "type": 7, "value": v["id"]})
                resolved.setdefault("channels", {})[v["id"]] = {**v, "permissions": "2248473465835073"}
            else:
                opts.append({"name": k, "type": 5 if isinstance(v, bool) else 3, "value": v})
        if subcommand is not None:
            opts = [{"name": subcommand, "type": 1, "options": opts}]
        data: dict[str, Any] = {"id": self.command_id(name), "name": name, "type": 1, "options": opts}
        if resolved:
            data["resolved"] = resolved
        if not dm and where == "guild":
            data["guild_id"] = self.guild_id
        payload = self._interaction_base(2, data, user=user or self.alice, dm=dm, locale=locale, where=where,
                                         permissions=permissions, channel=channel)
        return await self.send_interaction(payload)

    def registered(self, name: str, guild_id: str | None = "default") -> dict:
        """The payload the bot registered for command `name` (in the test guild, else globally)."""
        scopes = [self.guild_id, None] if guild_id == "default" else [guild_id]
        for scope in scopes:
            for cmd in self.commands.get(scope, []):
                if cmd["name"] == name:
                    return cmd
        raise KeyError(name)

    def channel(self, channel_id: str) -> dict:
        for c in self.guild["channels"]:
            if c["id"] == channel_id:
                return c
        return self.threads[channel_id]

    async def forum_post(self, content: str, *, author: dict | None = None, forum_id: str | None = None,
                         title: str = "a question") -> dict:
        """A new post in a forum channel: THREAD_CREATE, then its starter message (id = the thread's id)."""
        author = author or self.alice
        thread_id = p.snowflake()
        thread = p.thread_channel(thread_id, self.guild_id, forum_id or self.forum_id, author["id"], title)
        self.threads[thread_id] = thread
        await self.dispatch("THREAD_CREATE", thread, guild_id=self.guild_id)
        message = p.message(message_id=thread_id, channel_id=thread_id, author=author, content=content,
                            guild_id=self.guild_id, member_data=p.member(author))
        await self.dispatch("MESSAGE_CREATE", message, guild_id=self.guild_id)
        return message

    async def ask(self, question: str, **kw: Any) -> InteractionRecord:
        private = kw.pop("private", None)
        options: dict[str, Any] = {"question": question}
        if private is not None:
            options["private"] = private
        return await self.slash("ask", options, **kw)

    async def autocomplete(self, name: str, option: str, typed: str, *, user: dict | None = None,
                           locale: str = "en-US") -> InteractionRecord:
        data = {
            "id": self.command_id(name),
            "name": name,
            "type": 1,
            "options": [{"name": option, "type": 3, "value": typed, "focused": True}],
        }
        payload = self._interaction_base(4, data, user=user or self.alice, dm=False, locale=locale)
        return await self.send_interaction(payload)

    async def context_menu(self, name: str, target: dict, *, user: dict | None = None,
                           locale: str = "en-US") -> InteractionRecord:
        data = {
            "id": self.command_id(name),
            "name": name,
            "type": 3,
            "target_id": target["id"],
            "resolved": {"messages": {target["id"]: target}},
        }
        payload = self._interaction_base(2, data, user=user or self.alice, dm=False, locale=locale)
        return await self.send_interaction(payload)

    async def click(self, message: dict, custom_id: str, *, user: dict | None = None,
                    locale: str = "en-US") -> InteractionRecord:
        """Press the button `custom_id` on `message` (a message the bot sent, as Discord stores it)."""
        data = {"custom_id": custom_id, "component_type": 2}
        dm = "guild_id" not in message
        payload = self._interaction_base(3, data, user=user or self.alice, dm=dm, locale=locale, message=message)
        return await self.send_interaction(payload)

    def user_message(self, content: str, *, author: dict | None = None, dm: bool = False,
                     mention_bot: bool = False, channel_id: str | None = None) -> dict:
        author = author or self.alice
        if dm:
            channel = self.dm_channels.setdefault(author["id"], p.dm_channel(p.snowflake(), author))
            return p.message(message_id=p.snowflake(), channel_id=channel["id"], author=author, content=content)
        mentions = [self.bot_user] if mention_bot else []
        return p.message(
            message_id=p.snowflake(),
            channel_id=channel_id or self.channel_id,
            author=author,
            content=content,
            guild_id=self.guild_id,
            member_data=p.member(author),
            mentions=mentions,
        )

    async def post_user_message(self, message: dict) -> dict:
        await self.dispatch("MESSAGE_CREATE", message, guild_id=message.get("guild_id"))
        return message

    def replies_to(self, message: dict) -> list[dict]:
        """Messages the bot posted that reply to `message`."""
        return [
            m for m in self.channel_messages
            if str((m["request"].get("message_reference") or {}).get("message_id")) == message["id"]
        ]

    async def wait_reply_to(self, message: dict, timeout: float = 10.0) -> dict:
        await self.wait_until(lambda: self.replies_to(message), timeout)
        return self.replies_to(message)[0]

    def bot_messages(self) -> list[dict]:
        """Every message body the bot sent: interaction responses, follow-ups, edits, channel messages."""
        out: list[dict] = []
        for rec in self.requests:
            if not isinstance(rec.json, dict):
                continue
            if rec.path.endswith("/callback"):
                data = rec.json.get("data")
                if isinstance(data, dict) and ("content" in data or "embeds" in data):
                    out.append(data)
            elif rec.path.startswith("/webhooks/") or re.fullmatch(r"/channels/\d+/messages", rec.path):
                if rec.method in ("POST", "PATCH"):
                    out.append(rec.json)
        return out
