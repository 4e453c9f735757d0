"""Batch printing: every slip of a TPP run (or of one OPD in it), or every SKP of an OPD for a
period, rendered by the worker into one ZIP, each document issued with its own verification
code, with progress for the page."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from ekinerja.allowance import access as tpp_access
from ekinerja.allowance.models import TppLine, TppRun
from ekinerja.allowance.selectors import LINE_ORDER
from ekinerja.org.models import Unit
from ekinerja.org.selectors import unit_subtree_ids
from ekinerja.planning import access as planning_access
from ekinerja.planning.choices import StatusSkp
from ekinerja.planning.models import PerformancePeriod, Skp

from .choices import JenisDokumen, StatusBatch
from .models import PrintBatch
from .services_verification import with_verification
from .skp import skp_data, skp_pdf
from .skp_documents import skp_issue
from .tpp import slip_pdf
from .tpp_documents import slip_data, slip_issue

PROGRESS_EVERY = 25


def start_slip_batch(*, actor: Any, run: TppRun, opd: Unit | None = None) -> PrintBatch:
    """Queue the slips of `run` the actor may read (one OPD's when given)."""
    from .tasks import print_batch

    lines = tpp_access.lines_visible_to(actor, run)
    if opd is not None:
        lines = lines.filter(opd=opd)
    ids = list(lines.order_by(*LINE_ORDER).values_list("id", flat=True))
    if not ids:
        raise ValidationError("Tidak ada slip yang dapat dicetak untuk pilihan ini.")
    scope = f" {opd.nama}" if opd else ""
    batch = PrintBatch.objects.create(
        instansi_id=run.instansi_id, jenis=JenisDokumen.SLIP_TPP, sumber=ids, total=len(ids),
        judul=f"Slip TPP {run.label}{scope} ({len(ids)} pegawai)", requested_by=actor,
    )  # fmt: skip
    print_batch.enqueue(batch.pk)
    batch.refresh_from_db()
    return batch


def skps_to_print(actor: Any, period: PerformancePeriod, opd: Unit) -> list[int]:
    """One SKP per employee of the OPD's subtree that the actor may read: the latest approved
    version, else the latest version (a draft prints with its watermark)."""
    units = unit_subtree_ids(period.instansi_id, [opd.pk])
    rows = (
        planning_access.skps_visible_to(actor)
        .filter(period=period, position__unit_id__in=units)
        .exclude(status=StatusSkp.DIGANTI)
        .order_by("position__unit__nama", "employee__nama", "employee_id", "version")
        .values_list("pk", "employee_id", "status")
    )
    chosen: dict[int, tuple[int, bool]] = {}
    for pk, employee_id, status in rows:
        approved = status == StatusSkp.DISETUJUI
        kept = chosen.get(employee_id)
        if kept is None or approved or not kept[1]:
            chosen[employee_id] = (pk, approved)
    return [pk for pk, _ in chosen.values()]


def start_skp_batch(*, actor: Any, period: PerformancePeriod, opd: Unit) -> PrintBatch:
    """Queue the SKPs of an OPD for a period."""
    from .tasks import print_batch

    ids = skps_to_print(actor, period, opd)
    if not ids:
        raise ValidationError(f"Belum ada SKP {period.tahun} di {opd.nama} yang dapat dicetak.")
    batch = PrintBatch.objects.create(
        instansi_id=period.instansi_id, jenis=JenisDokumen.SKP, sumber=ids, total=len(ids),
        judul=f"SKP {period.tahun} {opd.nama} ({len(ids)} pegawai)", requested_by=actor,
    )  # fmt: skip
    print_batch.enqueue(batch.pk)
    batch.refresh_from_db()
    return batch


def build_batch(batch: PrintBatch) -> PrintBatch:
    """The task body: render, add to the ZIP, report progress; a failure is kept on the row."""
    PrintBatch.objects.filter(pk=batch.pk).update(status=StatusBatch.BERJALAN, selesai=0)
    buffer = io.BytesIO()
    try:
        # PDFs are compressed already; storing them keeps the job fast.
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
            done = 0
            for name, pdf in DOCUMENTS[batch.jenis](batch):
                archive.writestr(name, pdf)
                done += 1
                if done % PROGRESS_EVERY == 0:
                    PrintBatch.objects.filter(pk=batch.pk).update(selesai=done)
    except Exception as error:
        PrintBatch.objects.filter(pk=batch.pk).update(
            status=StatusBatch.GAGAL, pesan=f"Pencetakan gagal: {error}"[:1000]
        )
        raise
    batch.berkas.save(f"cetak-{batch.pk}.zip", ContentFile(buffer.getvalue()), save=False)
    PrintBatch.objects.filter(pk=batch.pk).update(
        status=StatusBatch.SELESAI, selesai=done, berkas=batch.berkas.name,
        finished_at=timezone.now(),
    )  # fmt: skip
    batch.refresh_from_db()
    return batch


def _slips(batch: PrintBatch):  # type: ignore[no-untyped-def]
    lines = (
        TppLine.objects.filter(pk__in=batch.sumber, run__instansi_id=batch.instansi_id)
        .select_related("run", "run__instansi", "opd")
        .order_by(*LINE_ORDER)
    )
    for number, line in enumerate(lines.iterator(chunk_size=500), start=1):
        data = slip_data(line)
        data = with_verification(slip_issue(line, data), data, batch.requested_by)
        name = f"{number:04d}-{line.nip or line.employee_id}-{_safe(line.nama)}.pdf"
        yield name, slip_pdf(data)


def _safe(text: str) -> str:
    kept = "".join(c if c.isalnum() else "-" for c in text)
    return "-".join(part for part in kept.split("-") if part)[:60]


def _skps(batch: PrintBatch):  # type: ignore[no-untyped-def]
    order = {pk: index for index, pk in enumerate(batch.sumber)}
    skps = sorted(
        Skp.objects.filter(pk__in=batch.sumber, instansi_id=batch.instansi_id),
        key=lambda skp: order[skp.pk],
    )
    for number, skp in enumerate(skps, start=1):
        data = skp_data(skp)
        data = with_verification(skp_issue(skp, data), data, batch.requested_by)
        nip = data["pegawai"]["nip"].replace(" ", "") or str(skp.employee_id)
        yield f"{number:04d}-{nip}-{_safe(data['pegawai']['nama'])}.pdf", skp_pdf(data)


DOCUMENTS = {JenisDokumen.SLIP_TPP: _slips, JenisDokumen.SKP: _skps}
