"""Batch printing: every slip of a TPP run (or of one OPD in it) rendered by the worker into
one ZIP, each slip issued with its own verification code, with progress for the page."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from ekinerja.allowance import access as tpp_access
from ekinerja.allowance.models import TppLine, TppRun
from ekinerja.org.models import Unit

from .choices import JenisDokumen, StatusBatch
from .models import PrintBatch
from .services_verification import with_verification
from .tpp import slip_pdf
from .tpp_documents import slip_data, slip_issue

PROGRESS_EVERY = 25
LINE_ORDER = ("opd__nama", "opd_id", "-kelas_jabatan", "nama", "id")


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


def build_batch(batch: PrintBatch) -> PrintBatch:
    """The task body: render, add to the ZIP, report progress; a failure is kept on the row."""
    PrintBatch.objects.filter(pk=batch.pk).update(status=StatusBatch.BERJALAN, selesai=0)
    buffer = io.BytesIO()
    try:
        # PDFs are compressed already; storing them keeps the job fast.
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
            done = 0
            for name, pdf in _slips(batch):
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
