"""One world for the permission matrix: the personas plus an object of each kind a URL can
name, owned by Ani (or her unit) wherever the kind has an owner."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity, ActivityFavorite
from ekinerja.allowance.choices import StatusKebijakan
from ekinerja.allowance.models import TppLine
from ekinerja.allowance.services_policy import save_policy
from ekinerja.allowance.testing import PROPOSED_POLICY, SIMPLE_POLICY, start
from ekinerja.api.services import issue_token
from ekinerja.appraisal import services as appraisal
from ekinerja.appraisal.models import PeerFeedback, SelfAssessment
from ekinerja.appraisal.tests.helpers import approved_skp, make_period
from ekinerja.attendance.models import Device, DevicePin, LeaveRequest
from ekinerja.core.models import ImportBatch
from ekinerja.dashboard.models import OpdMonth
from ekinerja.notifications.models import Notification
from ekinerja.people.choices import Peran
from ekinerja.people.models import RoleGrant
from ekinerja.people.testing import Personas, build_personas, make_employee
from ekinerja.planning.models import (
    Indikator,
    IndikatorKinerjaOrganisasi,
    PeriodOpening,
    PerjanjianKinerja,
    RegionalGoal,
    Rhk,
    SasaranStrategis,
)
from ekinerja.reports.models import IssuedDocument, PrintBatch
from ekinerja.reports.verification import new_code
from ekinerja.talent.models import Education

NOW = dt.datetime(2026, 4, 6, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
TODAY = NOW.date()


@dataclass
class World:
    personas: Personas
    objects: dict[str, Any] = field(default_factory=dict)

    def pk(self, key: str) -> Any:
        value = self.objects[key]
        return getattr(value, "pk", value)


def build_world() -> World:
    p = build_personas()
    w = World(p)
    o = w.objects
    inst = p.instansi
    o.update(
        ani=p.ani, unit_dinkes=p.units["dinkes"], unit_surveilans=p.units["surveilans"],
        position_staf=p.positions["staf"],
    )  # fmt: skip

    admin_disdik = make_employee(inst, "Admin Disdik", position=p.positions["staf_disdik"])
    RoleGrant.objects.create(
        user=admin_disdik.user, peran=Peran.ADMIN_OPD, instansi=inst, unit=p.units["disdik"]
    )
    o["admin_disdik"] = admin_disdik

    period = make_period(p, "triwulanan")
    o["period"] = period
    budi_skp = approved_skp(p, "budi", period)
    budi_rhk = Rhk.objects.create(skp=budi_skp, jenis="utama", urutan=1, teks="Data akurat")
    skp = approved_skp(p, "ani", period)
    rhk = Rhk.objects.create(skp=skp, jenis="utama", urutan=1, rhk_atasan=budi_rhk, teks="Laporan")
    ind = Indikator.objects.create(
        rhk=rhk, urutan=1, aspek="kuantitas", uraian="Jumlah laporan", target_min=4,
        satuan="laporan",
    )  # fmt: skip
    o.update(skp=skp, rhk=rhk, indikator=ind, budi_skp=budi_skp)

    evaluation = appraisal.open_evaluation(actor=p.user("budi"), skp=skp, periode_ke=1)
    o["evaluation"] = evaluation
    o["self_assessment"] = SelfAssessment.objects.create(instansi=inst, evaluation=evaluation)
    o["peer_feedback"] = PeerFeedback.objects.create(
        instansi=inst, evaluation=evaluation, pemberi=p.intan, hubungan="rekan"
    )

    goal = RegionalGoal.objects.create(
        instansi=inst, jenis="tujuan", kode="T1", uraian="Masyarakat sehat",
        tahun_mulai=2026, tahun_selesai=2030,
    )  # fmt: skip
    pk_dinkes = PerjanjianKinerja.objects.create(instansi=inst, unit=p.units["dinkes"], tahun=2026)
    sasaran = SasaranStrategis.objects.create(perjanjian=pk_dinkes, uraian="Sasaran", urutan=1)
    iko = IndikatorKinerjaOrganisasi.objects.create(
        sasaran=sasaran, uraian="Indikator", target=10, satuan="persen"
    )
    o.update(regional_goal=goal, sasaran=sasaran, iko=iko)
    o["opening"] = PeriodOpening.objects.create(
        instansi=inst, period=period, unit=p.units["dinkes"], started_by=p.user("citra")
    )

    o["activity"] = Activity.objects.create(
        instansi=inst, employee=p.ani, tanggal=TODAY, mulai=dt.time(8), selesai=dt.time(9),
        menit=60, uraian="Mengolah data", jumlah_output=1, satuan="dokumen",
        status=StatusAktivitas.DIAJUKAN, diajukan_at=NOW,
    )  # fmt: skip
    o["favorite"] = ActivityFavorite.objects.create(
        instansi=inst, employee=p.ani, nama="Olah", uraian="Mengolah data", menit=60,
        jumlah_output=1, satuan="dokumen",
    )  # fmt: skip
    o["leave"] = LeaveRequest.objects.create(
        instansi=inst, employee=p.ani, jenis="tahunan", mulai=dt.date(2026, 4, 20),
        selesai=dt.date(2026, 4, 20), status="diajukan", jumlah_hari=1,
        diajukan_oleh=p.user("ani"),
    )  # fmt: skip
    device = Device.objects.create(
        instansi=inst, nama="Mesin Dinkes", serial="SN-1", unit=p.units["dinkes"]
    )
    o["device"] = device
    o["pin"] = DevicePin.objects.create(instansi=inst, device=device, pin="7", employee=p.ani)

    def batch(kind: str, who: str) -> ImportBatch:
        return ImportBatch.objects.create(
            instansi_id=inst.pk, kind=kind, uploaded_by=p.user(who), filename="x.xlsx",
            file_sha256="0" * 64,
        )  # fmt: skip

    o["import_batch"] = batch("pegawai", "citra")
    o["activity_import"] = batch("aktivitas", "ani")
    o["talent_import"] = batch("kompetensi_pendidikan", "citra")
    o["education"] = Education.objects.create(
        instansi=inst, employee=p.ani, jenjang="s1", tahun_lulus=2012
    )

    save_policy(actor=p.citra.user, instansi=inst, text=SIMPLE_POLICY)
    run = start(p)
    o["tpp_run"] = run
    o["tpp_line"] = TppLine.objects.get(run=run, employee=p.ani)
    proposed = save_policy(
        actor=p.citra.user, instansi=inst, text=PROPOSED_POLICY, status=StatusKebijakan.USULAN
    )
    o["tpp_policy"] = proposed
    o["tpp_simulation"] = start(p, policy=proposed, simulasi=True)

    o["opd_month"] = OpdMonth.objects.create(
        instansi=inst, unit=p.units["dinkes"], tahun=2026, bulan=3, dihitung_at=NOW
    )
    o["notification"] = Notification.objects.create(
        instansi=inst, user=p.user("ani"), kind="validasi_aktivitas", title="Aktivitas",
        dedupe_key="matriks",
    )  # fmt: skip
    o["print_batch"] = PrintBatch.objects.create(
        instansi=inst, jenis="skp", judul="SKP Dinkes", requested_by=p.user("citra")
    )
    o["issued_kode"] = new_code()
    o["issued"] = IssuedDocument.objects.create(
        instansi=inst, kode=o["issued_kode"], jenis="skp", sumber=f"skp:{skp.pk}", sidik="0" * 64,
        judul="SKP Ani", status="disetujui", issued_by=p.user("ani"),
    )  # fmt: skip
    o["api_token"], _secret = issue_token(actor=p.user("ani"), nama="Ponsel", berlaku_hari=None)
    return w
