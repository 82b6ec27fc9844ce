"""Checking the access log, and the signed anchors kept outside the database.

What each part catches (docs/access-log.md says the same for operators):

- a row's MAC, under a key derived from the key-encryption keys, covers its fields and the
  MAC before it in the client's chain: a changed row fails, even if every later MAC was
  recomputed, unless the key was used;
- a gap in a chain's places shows a deleted row;
- the anchor, written on a schedule to a file outside the database and signed with an Ed25519
  key derived from the same keys, records every chain's newest place: deleting the newest rows
  of a chain (and rewinding its head) is caught by the next anchor written and by every check
  after it.
"""

import hashlib
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from threecircles.lib import crypto, keyring
from threecircles.privacy.models import (
    GENESIS_MAC,
    AccessChainHead,
    AccessEvent,
    log_mac_key,
)

logger = logging.getLogger(__name__)

ANCHOR_PURPOSE = "access-log-anchor"
ANCHOR_VERSION = 1


class LogTampered(Exception):
    """The log does not match itself or its latest anchor."""


@dataclass
class Verification:
    events: int = 0
    chains: int = 0
    problems: list[str] = field(default_factory=list)
    anchor: str = ""  # which anchor the log was checked against, or why none
    anchored: bool = False

    @property
    def intact(self) -> bool:
        return not self.problems


def _mac_key(key_id: str) -> bytes | None:
    try:
        return log_mac_key(key_id)
    except crypto.DecryptionError:
        return None


# --- the chains -----------------------------------------------------------------------------


def _events_in_chain_order() -> Iterator[AccessEvent]:
    return AccessEvent.objects.order_by("client_id", "seq").iterator(chunk_size=5000)


def verify_chains(result: Verification) -> dict[int, tuple[int, str]]:
    """Walk every chain; return each chain's newest (place, MAC) as found."""
    ends: dict[int, tuple[int, str]] = {}
    keys: dict[str, bytes | None] = {}
    broken: set[int] = set()
    client_id, prev_seq, prev_mac = None, 0, GENESIS_MAC
    for event in _events_in_chain_order():
        result.events += 1
        if event.client_id != client_id:
            client_id, prev_seq, prev_mac = event.client_id, 0, GENESIS_MAC
            result.chains += 1
        ends[event.client_id] = (event.seq, event.mac)
        if event.client_id in broken:
            continue
        where = f"client {event.client_id}'s chain, place {event.seq} (row {event.pk})"
        if event.seq != prev_seq + 1:
            result.problems.append(
                f"{where}: places {prev_seq + 1} to {event.seq - 1} are missing (deleted rows)"
            )
            broken.add(event.client_id)
            continue
        if event.key_id not in keys:
            keys[event.key_id] = _mac_key(event.key_id)
        key = keys[event.key_id]
        if key is None:
            result.problems.append(
                f"{where}: written under key {event.key_id!r}, which is not configured "
                "(add it to THREECIRCLES_RETIRED_KEYS to check old rows)"
            )
            broken.add(event.client_id)
            continue
        expected = crypto.mac(key, prev_mac.encode() + b"|" + event.canonical())
        if expected != event.mac:
            result.problems.append(f"{where}: its contents or its MAC were changed")
            broken.add(event.client_id)
            continue
        prev_seq, prev_mac = event.seq, event.mac
    return ends


def read_heads() -> dict[int, tuple[int, str]]:
    """Read the heads *before* the rows: a row and its head are committed together, so rows
    read afterwards reach at least as far, and an append meanwhile is not taken for tampering."""
    return {head.client_id: (head.seq, head.mac) for head in AccessChainHead.objects.all()}


def compare_heads(
    result: Verification, heads: dict[int, tuple[int, str]], ends: dict[int, tuple[int, str]]
) -> None:
    for client_id, (seq, mac) in sorted(heads.items()):
        found = ends.get(client_id, (0, GENESIS_MAC))
        if found[0] < seq or (found[0] == seq and found[1] != mac):
            result.problems.append(
                f"client {client_id}'s chain ends at place {found[0]}, but its head says "
                f"{seq}: rows were deleted or the head was changed"
            )


# --- anchors --------------------------------------------------------------------------------


def anchor_dir() -> Path:
    return Path(settings.ACCESS_LOG_ANCHOR_DIR)


def _anchor_files() -> list[Path]:
    folder = anchor_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob("anchor-*.json"))


def _body(anchor: dict[str, Any]) -> bytes:
    unsigned = {key: value for key, value in anchor.items() if key != "signature"}
    return json.dumps(unsigned, sort_keys=True, separators=(",", ":")).encode()


def _check_anchor(anchor: dict[str, Any], name: str) -> None:
    if anchor.get("version") != ANCHOR_VERSION:
        raise LogTampered(f"anchor {name} has an unknown format")
    kek = keyring.kek_by_id(str(anchor.get("key_id")), retired_too=True)
    if kek is None:
        raise LogTampered(f"anchor {name} is signed under a key that is not configured")
    public = crypto.public_key_hex(crypto.signing_key(kek, ANCHOR_PURPOSE))
    # The public key in the file must be ours: a forger cannot sign with a key of their own.
    if anchor.get("public_key") != public or not crypto.verify_signature(
        public, str(anchor.get("signature", "")), _body(anchor)
    ):
        raise LogTampered(f"anchor {name} is not signed by this installation's key")


def _read_anchor(path: Path) -> dict[str, Any]:
    try:
        anchor: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise LogTampered(f"anchor {path.name} cannot be read: {exc}") from exc
    _check_anchor(anchor, path.name)
    return anchor


def latest_anchor() -> tuple[dict[str, Any], str] | None:
    """The newest anchor file and its name, after checking its signature, and that it follows
    the one before it (so an older anchor copied in as the newest is caught)."""
    files = _anchor_files()
    if not files:
        return None
    path = files[-1]
    anchor = _read_anchor(path)
    if len(files) > 1:
        before = _read_anchor(files[-2])
        if anchor.get("previous") != hashlib.sha256(_body(before)).hexdigest():
            raise LogTampered(f"anchor {path.name} does not follow {files[-2].name}")
        if str(anchor["written_at"]) <= str(before["written_at"]) or int(anchor["events"]) < int(
            before["events"]
        ):
            raise LogTampered(f"anchor {path.name} goes back in time from {files[-2].name}")
        earlier = {int(cid): int(seq) for cid, seq, _ in before["chains"]}
        shrunk = [cid for cid, seq, _ in anchor["chains"] if int(seq) < earlier.get(int(cid), 0)]
        missing = set(earlier) - {int(cid) for cid, _, _ in anchor["chains"]}
        if shrunk or missing:
            raise LogTampered(f"anchor {path.name} has chains shorter than {files[-2].name}")
    return anchor, path.name


def compare_with_anchor(
    result: Verification, ends: dict[int, tuple[int, str]], anchor: dict[str, Any], name: str
) -> None:
    """Every chain the anchor saw must still reach its anchored place with the same MAC."""
    anchored = {int(cid): (int(seq), str(mac)) for cid, seq, mac in anchor["chains"]}
    wanted = {(cid, seq) for cid, (seq, _) in anchored.items() if ends.get(cid, (0, ""))[0] > seq}
    macs = _macs_at(wanted)
    for client_id, (seq, mac) in sorted(anchored.items()):
        end_seq, end_mac = ends.get(client_id, (0, GENESIS_MAC))
        if end_seq < seq:
            result.problems.append(
                f"client {client_id}'s chain ends at place {end_seq}, but anchor {name} saw "
                f"place {seq}: the newest rows were deleted"
            )
        elif (end_mac if end_seq == seq else macs.get((client_id, seq))) != mac:
            result.problems.append(
                f"client {client_id}'s chain at place {seq} differs from anchor {name}: "
                "rows up to there were rewritten"
            )


def _macs_at(places: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    ordered = sorted(places)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        rows = AccessEvent.objects.filter(
            client_id__in={cid for cid, _ in chunk}, seq__in={seq for _, seq in chunk}
        ).values_list("client_id", "seq", "mac")
        found.update({(cid, seq): mac for cid, seq, mac in rows if (cid, seq) in places})
    return found


def verify_log() -> Verification:
    """Check every chain, the heads, and the latest anchor."""
    result = Verification()
    heads = read_heads()
    ends = verify_chains(result)
    compare_heads(result, heads, ends)
    try:
        latest = latest_anchor()
    except LogTampered as exc:
        result.problems.append(str(exc))
        return result
    if latest is None:
        result.anchor = "no anchor written yet"
    else:
        anchor, name = latest
        compare_with_anchor(result, ends, anchor, name)
        result.anchor = f"{name} (written {anchor['written_at']})"
        result.anchored = True
    return result


def current_ends() -> dict[int, tuple[int, str]]:
    """Each chain's newest (place, MAC), read from the rows themselves."""
    newest = AccessEvent.objects.values("client_id").annotate(seq=Max("seq"))
    places = {(row["client_id"], row["seq"]) for row in newest}
    return {cid: (seq, mac) for (cid, seq), mac in _macs_at(places).items()}


def write_anchor(now: datetime | None = None) -> Path:
    """Sign every chain's newest place into a new file outside the database.

    Refuses, loudly, if the log has lost rows the previous anchor saw: a new anchor must never
    bless a rewound log.
    """
    now = now or timezone.now()
    heads = read_heads()
    ends = current_ends()
    check = Verification()
    compare_heads(check, heads, ends)
    previous = latest_anchor()
    if previous is not None:
        compare_with_anchor(check, ends, *previous)
    if check.problems:
        for problem in check.problems:
            logger.critical("Access log tampering: %s", problem)
        raise LogTampered("; ".join(check.problems))
    kek = keyring.newest_kek()
    key = crypto.signing_key(kek, ANCHOR_PURPOSE)
    anchor: dict[str, Any] = {
        "version": ANCHOR_VERSION,
        "written_at": now.isoformat(timespec="microseconds"),
        "key_id": kek.key_id,
        "public_key": crypto.public_key_hex(key),
        "previous": hashlib.sha256(_body(previous[0])).hexdigest() if previous else None,
        "events": sum(seq for seq, _ in ends.values()),
        "chains": [[cid, seq, mac] for cid, (seq, mac) in sorted(ends.items())],
    }
    anchor["signature"] = key.sign(_body(anchor)).hex()
    folder = anchor_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"anchor-{now.strftime('%Y%m%dT%H%M%S%fZ')}.json"
    temporary = path.with_suffix(".tmp")
    with temporary.open("w") as handle:
        json.dump(anchor, handle, separators=(",", ":"))
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
    _prune(now)
    return path


def _prune(now: datetime) -> None:
    """Each anchor covers every chain, so old ones add little once copied elsewhere; keep
    ACCESS_LOG_ANCHOR_KEEP_DAYS of them here (the newest is always kept)."""
    cutoff = (now - timedelta(days=settings.ACCESS_LOG_ANCHOR_KEEP_DAYS)).strftime(
        "anchor-%Y%m%dT%H%M%S%fZ.json"
    )
    for old in _anchor_files()[:-2]:
        if old.name < cutoff:
            old.unlink(missing_ok=True)
