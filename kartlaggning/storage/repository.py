"""Rows <-> model objects. Fine-grained saves for autosave (one row per edit),
whole-record saves for import, and the participant list with its search."""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from ..models import (AreaRecord, GridEntry, IndividuellPlan, Kartlaggning, Kompetenskort, Motivationskors,
                      Participant, ParticipantRecord, Samtal, Sammanstallning, Utvecklingsplan)
from ..models.collation import swedish_key
from ..models.method import Arbetstraning, Avslut, Matchning, Uppfoljning, Workplace
from ..models.selfrating import Sjalvskattning
from ..models.fields import check_text
from ..models.errors import ValidationError
from ..models.kartlaggning import HINDER, RESURS
from ..models.serialize import from_jsonable, to_jsonable

DOCUMENT_KINDS = {"plan": IndividuellPlan, "utvecklingsplan": Utvecklingsplan, "kompetenskort": Kompetenskort,
                  "matchning": Matchning, "arbetstraning": Arbetstraning, "uppfoljning": Uppfoljning,
                  "avslut": Avslut, "sjalvskattning": Sjalvskattning}
WORKPLACES_KEY = "workplaces"
DATE_FIELDS = {"plan": "upprattad"}  # the field a document's date is in, when it is not ``datum``

STATUS_NEW = "new"
STATUS_IN_PROGRESS = "in_progress"
STATUS_SUMMARY_SIGNED = "summary_signed"
STATUS_PLAN_SIGNED = "plan_signed"
STATUS_FOLLOW_UP = "follow_up"
STATUS_TRAINING = "training"  # an arbetsträning has begun
STATUS_CLOSED = "closed"  # avslut (until reopened)


@dataclass(frozen=True)
class ParticipantSummary:
    id: str
    namn: str
    personnummer: str
    status: str
    updated: str


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def name_key(namn: str) -> str:
    """Case- and accent-insensitive form for search: 'Åsa Öberg' -> 'asa oberg'."""
    decomposed = unicodedata.normalize("NFKD", namn.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("ł", "l").replace("đ", "d").replace("ø", "o").replace("æ", "ae").split())


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _check_text(field: str, value: str) -> None:
    """The model's limits for a single field saved on its own (autosave)."""
    errors: list = []
    check_text(errors, field, value)
    if errors:
        raise errors[0]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Repository:
    def __init__(self, vault):
        self.vault = vault
        self._changed_logged: set[str] = set()

    @property
    def conn(self):
        return self.vault.conn

    # ---- participants --------------------------------------------------------

    def search(self, query: str = "", limit: int | None = None) -> list[ParticipantSummary]:
        """By name (any word's prefix, ignoring case and accents) or personnummer prefix."""
        query = (query or "").strip()
        sql = "SELECT id, namn, personnummer, status, updated FROM participants"
        args: list = []
        digits = re.sub(r"[-+\s]", "", query)
        if digits.isdigit():
            sql += " WHERE personnummer LIKE ? ESCAPE '\\' OR substr(personnummer, 3) LIKE ? ESCAPE '\\'"
            args += [digits + "%", digits + "%"]
        elif query:
            key = _like_escape(name_key(query))
            sql += " WHERE namn_key LIKE ? ESCAPE '\\' OR namn_key LIKE ? ESCAPE '\\'"
            args += [key + "%", "% " + key + "%"]
        sql += " ORDER BY sort_key, personnummer"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [ParticipantSummary(*row) for row in self.conn.execute(sql, args)]

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM participants").fetchone()[0]

    def id_for_personnummer(self, digits: str) -> str | None:
        row = self.conn.execute("SELECT id FROM participants WHERE personnummer = ?", (digits,)).fetchone()
        return row[0] if row else None

    def get_participant(self, participant_id: str, audit: bool = False) -> Participant:
        row = self.conn.execute("SELECT data FROM participants WHERE id = ?", (participant_id,)).fetchone()
        if row is None:
            raise KeyError(participant_id)
        if audit:
            self.vault.audit.append("participant.opened", participant_id)
        return from_jsonable(Participant, json.loads(row[0]))

    def save_participant(self, p: Participant) -> None:
        """Insert or update; validates first (raises ValidationError)."""
        p.validate()
        now = _now()
        data = json.dumps(to_jsonable(p), ensure_ascii=False)
        with self.vault.transaction() as conn:
            other = self.id_for_personnummer(p.personnummer)
            if other is not None and other != p.id:
                raise ValidationError("personnummer", "pnr_duplicate")
            exists = conn.execute("SELECT 1 FROM participants WHERE id = ?", (p.id,)).fetchone()
            if exists:
                conn.execute("UPDATE participants SET personnummer=?, namn=?, namn_key=?, sort_key=?, data=?, updated=?"
                             " WHERE id=?", (p.personnummer, p.namn, name_key(p.namn), swedish_key(p.namn), data, now, p.id))
                self._log_changed(p.id)
            else:
                conn.execute("INSERT INTO participants (id, personnummer, namn, namn_key, sort_key, status, data, created,"
                             " updated) VALUES (?,?,?,?,?,?,?,?,?)",
                             (p.id, p.personnummer, p.namn, name_key(p.namn), swedish_key(p.namn), STATUS_NEW, data,
                              now, now))
                self.vault.audit.append("participant.created", p.id)
                self._changed_logged.add(p.id)

    def delete_participant(self, participant_id: str) -> None:
        """Gone for real: secure_delete zeroes the freed pages, the WAL is truncated."""
        with self.vault.transaction() as conn:
            conn.execute("DELETE FROM participants WHERE id = ?", (participant_id,))
            self.vault.audit.append("participant.deleted", participant_id)
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def _log_changed(self, participant_id: str) -> None:
        """One 'changed' audit entry per participant per unlock, not one per keystroke."""
        if participant_id not in self._changed_logged:
            self._changed_logged.add(participant_id)
            self.vault.audit.append("participant.changed", participant_id)

    def _touch(self, participant_id: str) -> None:
        self.conn.execute("UPDATE participants SET updated = ? WHERE id = ?", (_now(), participant_id))
        self._log_changed(participant_id)

    def _participant_of_kartlaggning(self, kartlaggning_id: str) -> str:
        row = self.conn.execute("SELECT participant_id FROM kartlaggningar WHERE id = ?",
                                (kartlaggning_id,)).fetchone()
        if row is None:
            raise KeyError(kartlaggning_id)
        return row[0]

    def refresh_status(self, participant_id: str) -> str:
        c = self.conn
        if any(a.get("ateroppnad") is None and not a.get("pagaende") for a in (json.loads(d) for (d,) in c.execute(
                "SELECT data FROM documents WHERE participant_id=? AND kind='avslut'", (participant_id,)))):
            status = STATUS_CLOSED
        elif c.execute("SELECT 1 FROM documents WHERE participant_id=? AND kind='arbetstraning'",
                       (participant_id,)).fetchone():
            status = STATUS_TRAINING
        elif c.execute("SELECT 1 FROM documents WHERE participant_id=? AND kind='utvecklingsplan'",
                       (participant_id,)).fetchone():
            status = STATUS_FOLLOW_UP
        elif any(json.loads(d).get("signerad") for (d,) in c.execute(
                "SELECT data FROM documents WHERE participant_id=? AND kind='plan'", (participant_id,))):
            status = STATUS_PLAN_SIGNED
        elif any(json.loads(s).get("signerad") for (s,) in c.execute(
                "SELECT sammanstallning FROM kartlaggningar WHERE participant_id=?", (participant_id,))):
            status = STATUS_SUMMARY_SIGNED
        elif c.execute("SELECT 1 FROM kartlaggningar WHERE participant_id=?", (participant_id,)).fetchone():
            status = STATUS_IN_PROGRESS
        else:
            status = STATUS_NEW
        c.execute("UPDATE participants SET status=? WHERE id=?", (status, participant_id))
        return status

    # ---- kartläggning: whole ---------------------------------------------------

    def kartlaggning_ids(self, participant_id: str) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM kartlaggningar WHERE participant_id=? ORDER BY datum, created", (participant_id,))]

    def latest_kartlaggning(self, participant_id: str) -> Kartlaggning | None:
        ids = self.kartlaggning_ids(participant_id)
        return self.get_kartlaggning(ids[-1]) if ids else None

    def get_kartlaggning(self, kartlaggning_id: str) -> Kartlaggning:
        c = self.conn
        row = c.execute("SELECT participant_id, syfte, datum, atgarder, motivation, sammanstallning"
                        " FROM kartlaggningar WHERE id=?", (kartlaggning_id,)).fetchone()
        if row is None:
            raise KeyError(kartlaggning_id)
        pid, syfte, datum, atgarder, motivation, sammanstallning = row
        samtal = [Samtal(id=r[0], datum=date.fromisoformat(r[1]),
                         start=time.fromisoformat(r[2]) if r[2] else None,
                         slut=time.fromisoformat(r[3]) if r[3] else None,
                         tidsram_minuter=r[4], tolk_narvarande=bool(r[5]), anteckning=r[6], tolk_sprak=r[7])
                  for r in c.execute("SELECT id, datum, start, slut, tidsram, tolk, anteckning, tolk_sprak FROM samtal"
                                     " WHERE kartlaggning_id=? ORDER BY position", (kartlaggning_id,))]
        k = Kartlaggning(participant_id=pid, id=kartlaggning_id, syfte=syfte, datum=date.fromisoformat(datum),
                         samtal=samtal, atgarder_innan_plan=atgarder,
                         motivation=from_jsonable(Motivationskors, json.loads(motivation)),
                         sammanstallning=from_jsonable(Sammanstallning, json.loads(sammanstallning)))
        for area, fakta in c.execute("SELECT area, fakta FROM area_facts WHERE kartlaggning_id=?", (kartlaggning_id,)):
            k.areas.setdefault(area, AreaRecord(area)).fakta = fakta
        for eid, area, kind, text, samtal_id, lost_datum, lost_orsak in c.execute(
                "SELECT id, area, kind, text, samtal_id, lost_datum, lost_orsak FROM entries WHERE kartlaggning_id=?"
                " ORDER BY area, kind, position", (kartlaggning_id,)):
            rec = k.areas.setdefault(area, AreaRecord(area))
            (rec.hinder if kind == HINDER else rec.resurser).append(GridEntry(
                text, eid, samtal_id, date.fromisoformat(lost_datum) if lost_datum else None, lost_orsak))
        return k

    def save_kartlaggning(self, k: Kartlaggning) -> None:
        """Replace the whole kartläggning (import, tests); autosave uses the methods below."""
        k.validate()
        now = _now()
        with self.vault.transaction() as c:
            c.execute("DELETE FROM kartlaggningar WHERE id=?", (k.id,))
            c.execute("INSERT INTO kartlaggningar (id, participant_id, syfte, datum, atgarder, motivation,"
                      " sammanstallning, created, updated) VALUES (?,?,?,?,?,?,?,?,?)",
                      (k.id, k.participant_id, k.syfte, k.datum.isoformat(), k.atgarder_innan_plan,
                       json.dumps(to_jsonable(k.motivation), ensure_ascii=False),
                       json.dumps(to_jsonable(k.sammanstallning), ensure_ascii=False), now, now))
            for i, s in enumerate(k.samtal):
                self._write_samtal(k.id, s, i)
            for rec in k.areas.values():
                if rec.fakta:
                    self.set_fakta(k.id, rec.area, rec.fakta)
                for kind, entries in ((HINDER, rec.hinder), (RESURS, rec.resurser)):
                    for i, e in enumerate(entries):
                        self._write_entry(k.id, rec.area, kind, e, i)
            self._touch(k.participant_id)
            self.refresh_status(k.participant_id)

    def new_kartlaggning(self, participant_id: str) -> Kartlaggning:
        k = Kartlaggning(participant_id=participant_id)
        self.save_kartlaggning(k)
        return k

    # ---- kartläggning: fine-grained (autosave) ----------------------------------

    def save_kartlaggning_header(self, k: Kartlaggning) -> None:
        _check_text("syfte", k.syfte)
        with self.vault.transaction() as c:
            c.execute("UPDATE kartlaggningar SET syfte=?, datum=?, updated=? WHERE id=?",
                      (k.syfte, k.datum.isoformat(), _now(), k.id))
            self._touch(k.participant_id)

    def set_fakta(self, kartlaggning_id: str, area: str, fakta: str) -> None:
        _check_text(f"areas.{area}.fakta", fakta)
        with self.vault.transaction() as c:
            c.execute("INSERT INTO area_facts (kartlaggning_id, area, fakta) VALUES (?,?,?)"
                      " ON CONFLICT (kartlaggning_id, area) DO UPDATE SET fakta=excluded.fakta",
                      (kartlaggning_id, area, fakta))
            self._touch(self._participant_of_kartlaggning(kartlaggning_id))

    def save_entry(self, kartlaggning_id: str, area: str, kind: str, entry: GridEntry, position: int) -> None:
        _check_text(f"areas.{area}.{kind}", entry.text)
        with self.vault.transaction():
            self._write_entry(kartlaggning_id, area, kind, entry, position)
            self._touch(self._participant_of_kartlaggning(kartlaggning_id))

    def _write_entry(self, kartlaggning_id, area, kind, entry: GridEntry, position: int) -> None:
        """Insert or update; an update leaves the resolution alone (``resolve_entry`` is the
        one edit of it), so a grid saved from an older copy never undoes a "resolved"."""
        self.conn.execute(
            "INSERT INTO entries (id, kartlaggning_id, area, kind, position, text, samtal_id, lost_datum, lost_orsak)"
            " VALUES (?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT (id) DO UPDATE SET area=excluded.area, kind=excluded.kind, position=excluded.position,"
            " text=excluded.text, samtal_id=excluded.samtal_id",
            (entry.id, kartlaggning_id, area, kind, position, entry.text, entry.samtal_id, _iso(entry.lost_datum),
             entry.lost_orsak))

    def resolve_entry(self, entry_id: str, on: date | None, reason: str = "") -> None:
        """Mark a hinder resolved on ``on`` because of ``reason`` (None: it stands again);
        its text and the samtal it came from stay."""
        errors: list = []
        check_text(errors, "lost_orsak", reason)
        if errors:
            raise errors[0]
        with self.vault.transaction() as c:
            row = c.execute("SELECT kartlaggning_id FROM entries WHERE id=? AND kind=?", (entry_id, HINDER)).fetchone()
            if row is None:
                raise KeyError(entry_id)
            c.execute("UPDATE entries SET lost_datum=?, lost_orsak=? WHERE id=?",
                      (_iso(on), reason if on is not None else "", entry_id))
            self._touch(self._participant_of_kartlaggning(row[0]))

    def save_entries(self, kartlaggning_id: str, area: str, kind: str, entries: list[GridEntry]) -> None:
        """The whole list of one column in one area: order, texts, removals."""
        for i, e in enumerate(entries):
            _check_text(f"areas.{area}.{kind}[{i}]", e.text)
        with self.vault.transaction() as c:
            keep = [e.id for e in entries]
            c.execute(f"DELETE FROM entries WHERE kartlaggning_id=? AND area=? AND kind=?"
                      f" AND id NOT IN ({','.join('?' * len(keep))})", (kartlaggning_id, area, kind, *keep))
            for i, e in enumerate(entries):
                self._write_entry(kartlaggning_id, area, kind, e, i)
            self._touch(self._participant_of_kartlaggning(kartlaggning_id))

    def delete_entry(self, entry_id: str) -> None:
        with self.vault.transaction() as c:
            row = c.execute("SELECT kartlaggning_id FROM entries WHERE id=?", (entry_id,)).fetchone()
            c.execute("DELETE FROM entries WHERE id=?", (entry_id,))
            if row:
                self._touch(self._participant_of_kartlaggning(row[0]))

    def save_samtal(self, kartlaggning_id: str, samtal: Samtal, position: int) -> None:
        samtal.validate("samtal", errors := [])
        if errors:
            raise errors[0]
        with self.vault.transaction():
            self._write_samtal(kartlaggning_id, samtal, position)
            self._touch(self._participant_of_kartlaggning(kartlaggning_id))

    def _write_samtal(self, kartlaggning_id: str, s: Samtal, position: int) -> None:
        self.conn.execute(
            "INSERT INTO samtal (id, kartlaggning_id, position, datum, start, slut, tidsram, tolk, anteckning,"
            " tolk_sprak) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET position=excluded.position,"
            " datum=excluded.datum, start=excluded.start, slut=excluded.slut, tidsram=excluded.tidsram,"
            " tolk=excluded.tolk, anteckning=excluded.anteckning, tolk_sprak=excluded.tolk_sprak",
            (s.id, kartlaggning_id, position, s.datum.isoformat(), _iso(s.start), _iso(s.slut),
             s.tidsram_minuter, int(s.tolk_narvarande), s.anteckning, s.tolk_sprak))

    def save_motivation(self, kartlaggning_id: str, m: Motivationskors) -> None:
        self._save_json_column(kartlaggning_id, "motivation", m)

    def save_sammanstallning(self, kartlaggning_id: str, s: Sammanstallning) -> None:
        self._save_json_column(kartlaggning_id, "sammanstallning", s)
        with self.vault.transaction():
            self.refresh_status(self._participant_of_kartlaggning(kartlaggning_id))

    def save_atgarder(self, kartlaggning_id: str, text: str) -> None:
        _check_text("atgarder_innan_plan", text)
        with self.vault.transaction() as c:
            c.execute("UPDATE kartlaggningar SET atgarder=?, updated=? WHERE id=?", (text, _now(), kartlaggning_id))
            self._touch(self._participant_of_kartlaggning(kartlaggning_id))

    def _save_json_column(self, kartlaggning_id: str, column: str, value) -> None:
        assert column in ("motivation", "sammanstallning")
        errors: list = []
        value.validate(errors)
        if errors:
            raise errors[0]
        with self.vault.transaction() as c:
            c.execute(f"UPDATE kartlaggningar SET {column}=?, updated=? WHERE id=?",
                      (json.dumps(to_jsonable(value), ensure_ascii=False), _now(), kartlaggning_id))
            self._touch(self._participant_of_kartlaggning(kartlaggning_id))

    # ---- plans and cards ---------------------------------------------------------

    def documents(self, participant_id: str, kind: str) -> list:
        cls = DOCUMENT_KINDS[kind]
        return [from_jsonable(cls, json.loads(d)) for (d,) in self.conn.execute(
            "SELECT data FROM documents WHERE participant_id=? AND kind=? ORDER BY datum, created",
            (participant_id, kind))]

    def get_document(self, document_id: str):
        row = self.conn.execute("SELECT kind, data FROM documents WHERE id=?", (document_id,)).fetchone()
        if row is None:
            raise KeyError(document_id)
        return from_jsonable(DOCUMENT_KINDS[row[0]], json.loads(row[1]))

    def save_document(self, doc) -> None:
        kind = next(k for k, cls in DOCUMENT_KINDS.items() if isinstance(doc, cls))
        errors = doc.errors()
        if errors:
            raise errors[0]
        datum = DATE_FIELDS.get(kind, "datum")
        now = _now()
        with self.vault.transaction() as c:
            c.execute("INSERT INTO documents (id, participant_id, kind, datum, data, created, updated)"
                      " VALUES (?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET datum=excluded.datum,"
                      " data=excluded.data, updated=excluded.updated",
                      (doc.id, doc.participant_id, kind, getattr(doc, datum).isoformat(),
                       json.dumps(to_jsonable(doc), ensure_ascii=False), now, now))
            self._touch(doc.participant_id)
            self.refresh_status(doc.participant_id)

    def delete_document(self, document_id: str) -> None:
        with self.vault.transaction() as c:
            row = c.execute("SELECT participant_id FROM documents WHERE id=?", (document_id,)).fetchone()
            c.execute("DELETE FROM documents WHERE id=?", (document_id,))
            c.execute("DELETE FROM drafts WHERE scope=?", (document_id,))
            if row:
                self._touch(row[0])
                self.refresh_status(row[0])

    # ---- whole records (export / import) ------------------------------------------

    def load_record(self, participant_id: str) -> ParticipantRecord:
        return ParticipantRecord(
            participant=self.get_participant(participant_id),
            kartlaggningar=[self.get_kartlaggning(k) for k in self.kartlaggning_ids(participant_id)],
            planer=self.documents(participant_id, "plan"),
            utvecklingsplaner=self.documents(participant_id, "utvecklingsplan"),
            kompetenskort=self.documents(participant_id, "kompetenskort"),
            matchningar=self.documents(participant_id, "matchning"),
            arbetstraningar=self.documents(participant_id, "arbetstraning"),
            uppfoljningar=self.documents(participant_id, "uppfoljning"),
            avslut=self.documents(participant_id, "avslut"),
            sjalvskattningar=self.documents(participant_id, "sjalvskattning"))

    def save_record(self, record: ParticipantRecord) -> None:
        """Insert or replace everything about one participant, in the caller's transaction."""
        with self.vault.transaction() as c:
            p = record.participant
            c.execute("DELETE FROM kartlaggningar WHERE participant_id=?", (p.id,))
            c.execute("DELETE FROM documents WHERE participant_id=?", (p.id,))
            c.execute("DELETE FROM drafts WHERE participant_id=?", (p.id,))  # they belonged to what is replaced
            self.save_participant(p)
            for k in record.kartlaggningar:
                k.participant_id = p.id
                self.save_kartlaggning(k)
            for doc in [d for group in record.DOCUMENT_GROUPS for d in getattr(record, group)]:
                doc.participant_id = p.id
                self.save_document(doc)
            self.refresh_status(p.id)

    def owners_of_ids(self, ids) -> dict[str, str]:
        """For each of ``ids`` already stored (participant, kartläggning, samtal, grid
        entry or document), the id of the participant it belongs to. Import uses it so
        a file never overwrites another participant's rows."""
        ids = list(dict.fromkeys(ids))
        queries = (
            "SELECT id, id FROM participants WHERE id IN ({})",
            "SELECT id, participant_id FROM kartlaggningar WHERE id IN ({})",
            "SELECT s.id, k.participant_id FROM samtal s JOIN kartlaggningar k ON k.id = s.kartlaggning_id"
            " WHERE s.id IN ({})",
            "SELECT e.id, k.participant_id FROM entries e JOIN kartlaggningar k ON k.id = e.kartlaggning_id"
            " WHERE e.id IN ({})",
            "SELECT id, participant_id FROM documents WHERE id IN ({})",
        )
        owners: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for sql in queries:
                owners.update(self.conn.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall())
        return owners

    # ---- settings ---------------------------------------------------------------

    # ---- the unit's workplaces (shared by all participants) ------------------------------

    def workplaces(self) -> list[Workplace]:
        """The register, in Swedish alphabetical order of the workplace's name."""
        items = [from_jsonable(Workplace, w) for w in self.get_setting(WORKPLACES_KEY, [])]
        return sorted(items, key=lambda w: swedish_key(w.arbetsplats))

    def workplace(self, workplace_id: str) -> Workplace | None:
        return next((w for w in self.workplaces() if w.id == workplace_id), None)

    def save_workplace(self, workplace: Workplace) -> None:
        """Add or update one workplace (validated first)."""
        errors = workplace.errors()
        if errors:
            raise errors[0]
        with self.vault.transaction():
            others = [w for w in self.get_setting(WORKPLACES_KEY, []) if w.get("id") != workplace.id]
            self.set_setting(WORKPLACES_KEY, [*others, to_jsonable(workplace)])

    def get_setting(self, key: str, default=None):
        row = self.conn.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value) -> None:
        with self.vault.transaction() as c:
            c.execute("INSERT INTO settings (key, value) VALUES (?,?) ON CONFLICT (key) DO UPDATE SET value=excluded.value",
                      (key, json.dumps(value, ensure_ascii=False)))
