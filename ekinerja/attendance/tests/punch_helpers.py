"""Shared set-up of the machine-page tests: three devices and a recorder of recompute calls."""

from __future__ import annotations

from dataclasses import dataclass

from ekinerja.attendance import services_devices, services_punches
from ekinerja.attendance.models import Device
from ekinerja.people.choices import Peran
from ekinerja.people.models import RoleGrant


@dataclass
class Devices:
    dinkes: Device  # in Fajar's OPD
    disdik: Device  # outside it
    pusat: Device  # without a unit: BKPSDM's


def make_devices(personas) -> Devices:
    def device(nama: str, serial: str, unit) -> Device:
        return Device.objects.create(
            instansi=personas.instansi, nama=nama, serial=serial, unit=unit
        )

    return Devices(
        dinkes=device("Mesin Dinkes", "ZK-DINKES", personas.units["p2p"]),
        disdik=device("Mesin Disdik", "ZK-DISDIK", personas.units["disdik"]),
        pusat=device("Mesin Pusat", "ZK-PUSAT", None),
    )


def make_foreign_admin(personas):
    """The stranger as admin BKPSDM of their own instansi: a manager, but of another region."""
    RoleGrant.objects.create(
        user=personas.user("stranger"), peran=Peran.ADMIN_BKPSDM, instansi=personas.other_instansi
    )
    return personas.user("stranger")


def attlog(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


def record_recompute(monkeypatch) -> list[tuple]:
    """Every request_recompute call made by the punch services, as (instansi, ids, first,
    last); the real recompute is not what these tests are about."""
    calls: list[tuple] = []

    def record(instansi_id, employee_ids, first, last):
        calls.append((instansi_id, set(employee_ids), first, last))
        return "selesai"

    monkeypatch.setattr(services_punches, "request_recompute", record)
    monkeypatch.setattr(services_devices, "request_recompute", record)
    return calls
