"""JSON payloads shaped like Discord's API v10 objects (only the fields discord.py reads)."""
from __future__ import annotations

import itertools
import time
from datetime import datetime, timezone

DISCORD_EPOCH_MS = 1420070400000
_counter = itertools.count(1)


def snowflake() -> str:
    """A fresh, increasing snowflake (timestamp in the high bits, like Discord's)."""
    ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return str((ms << 22) | (next(_counter) & 0x3FFFFF))


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat()


def user(user_id: str, username: str, *, bot: bool = False) -> dict:
    return {
        "id": user_id,
        "username": username,
        "global_name": username,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
        "flags": 0,
    }


def member(u: dict, *, roles: list[str] | None = None, permissions: str = "2248473465835073") -> dict:
    return {
        "user": u,
        "nick": None,
        "roles": roles or [],
        "joined_at": "2024-01-01T00:00:00+00:00",
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "permissions": permissions,
    }


def text_channel(channel_id: str, guild_id: str, name: str = "general") -> dict:
    return {
        "id": channel_id,
        "type": 0,
        "guild_id": guild_id,
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "parent_id": None,
    }


def forum_channel(channel_id: str, guild_id: str, name: str = "help-forum") -> dict:
    return {**text_channel(channel_id, guild_id, name), "type": 15, "available_tags": [], "default_reaction_emoji": None,
            "default_sort_order": None, "default_forum_layout": 0, "flags": 0}


def thread_channel(thread_id: str, guild_id: str, parent_id: str, owner_id: str, name: str = "a post") -> dict:
    """A public thread (a forum post when the parent is a forum channel)."""
    return {
        "id": thread_id,
        "type": 11,
        "guild_id": guild_id,
        "name": name,
        "parent_id": parent_id,
        "owner_id": owner_id,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "message_count": 0,
        "member_count": 1,
        "flags": 0,
        "applied_tags": [],
        "thread_metadata": {"archived": False, "auto_archive_duration": 1440, "archive_timestamp": now_iso(),
                            "locked": False, "create_timestamp": now_iso()},
        "newly_created": True,
    }


def dm_channel(channel_id: str, recipient: dict) -> dict:
    return {"id": channel_id, "type": 1, "last_message_id": None, "recipients": [recipient]}


def role(role_id: str, name: str) -> dict:
    return {
        "id": role_id,
        "name": name,
        "color": 0,
        "hoist": False,
        "position": 0,
        "permissions": "0",
        "managed": False,
        "mentionable": True,
        "flags": 0,
    }


def guild(guild_id: str, name: str, *, owner_id: str, channels: list[dict], members: list[dict]) -> dict:
    return {
        "id": guild_id,
        "name": name,
        "icon": None,
        "owner_id": owner_id,
        "unavailable": False,
        "member_count": len(members),
        "large": False,
        "roles": [role(guild_id, "@everyone")],
        "channels": channels,
        "threads": [],
        "members": members,
        "voice_states": [],
        "presences": [],
        "emojis": [],
        "stickers": [],
        "features": [],
        "preferred_locale": "ko",
        "premium_tier": 0,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "system_channel_flags": 0,
        "joined_at": "2024-01-01T00:00:00+00:00",
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def message(
    *,
    message_id: str,
    channel_id: str,
    author: dict,
    content: str = "",
    guild_id: str | None = None,
    member_data: dict | None = None,
    mentions: list[dict] | None = None,
    embeds: list | None = None,
    components: list | None = None,
    flags: int = 0,
    message_reference: dict | None = None,
    interaction_id: str | None = None,
) -> dict:
    data = {
        "id": message_id,
        "channel_id": channel_id,
        "author": author,
        "content": content,
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": mentions or [],
        "mention_roles": [],
        "attachments": [],
        "embeds": embeds or [],
        "components": components or [],
        "pinned": False,
        "type": 19 if message_reference else 0,
        "flags": flags,
    }
    if guild_id is not None:
        data["guild_id"] = guild_id
    if member_data is not None:
        data["member"] = {k: v for k, v in member_data.items() if k != "user"}
    if message_reference is not None:
        data["message_reference"] = message_reference
    if interaction_id is not None:
        data["interaction_metadata"] = {
            "id": interaction_id,
            "type": 2,
            "user": author,
            "authorizing_integration_owners": {},
        }
    return data
