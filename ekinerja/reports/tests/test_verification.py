"""Verification codes: the pure rules, issuing per distinct content, the printed footer and the
public page (no login) for a registered, an unknown and an altered code."""

import datetime as dt
import shutil
import subprocess

import pytest
import time_machine
from django.urls import reverse

from ekinerja.allowance.models import TppLine
from ekinerja.reports import verification
from ekinerja.reports.choices import JenisDokumen
from ekinerja.reports.models import IssuedDocument
from ekinerja.reports.services_verification import Issue, issue_document, with_verification
from ekinerja.reports.tpp import slip_pdf
from ekinerja.reports.tpp_documents import slip_data, slip_issue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 4, 5, 9, 0), tick=False):
        yield


def issue_for(instansi, **changes):
    fields = {
        "instansi_id": instansi.pk, "jenis": JenisDokumen.SLIP_TPP, "sumber": "tpp_line:1",
        "judul": "Slip TPP Maret 2026", "status": "final", "pegawai_nama": "Ani Lestari",
        "pegawai_nip": "199001012015012005", "periode": "Maret 2026",
        "fakta": {"Diterima (bersih)": "Rp 1.188.000"},
    }  # fmt: skip
    return Issue(**{**fields, **changes})


# --- the pure rules ---------------------------------------------------------------------------


def test_new_codes_are_well_formed_and_printed_in_groups():
    codes = {verification.new_code() for _ in range(200)}
    assert len(codes) == 200 and all(verification.is_well_formed(code) for code in codes)
    code = codes.pop()
    assert verification.printed(code) == f"{code[:4]}-{code[4:8]}-{code[8:]}"


def test_a_code_is_read_back_forgivingly():
    body = "0123ABC1K"
    code = body + verification.check_symbol(body)
    typed = f" o123-abc1 - k{code[-1].lower()} "  # O for zero, lower case, spaces and dashes
    assert verification.normalise(typed) == code
    assert verification.is_well_formed(verification.normalise("0I23ABCLK" + code[-1]))


def test_every_changed_symbol_and_every_swap_of_neighbours_is_caught():
    code = verification.new_code()
    for index in range(len(code)):
        for symbol in verification.ALPHABET:
            if symbol != code[index]:
                changed = code[:index] + symbol + code[index + 1 :]
                assert not verification.is_well_formed(changed), changed
    for index in range(len(code) - 1):
        if code[index] != code[index + 1]:
            swapped = code[:index] + code[index + 1] + code[index] + code[index + 2 :]
            assert not verification.is_well_formed(swapped), swapped
    assert not verification.is_well_formed(code[:-1])
    assert not verification.is_well_formed(code[:-1] + "U")  # not in the alphabet


def test_the_fingerprint_follows_the_content_not_the_key_order():
    one = verification.fingerprint({"a": 1, "b": ["x", "y"]})
    assert one == verification.fingerprint({"b": ["x", "y"], "a": 1})
    assert one != verification.fingerprint({"a": 1, "b": ["x", "z"]})
    assert len(one) == 64


# --- issuing ----------------------------------------------------------------------------------


def test_the_same_content_keeps_its_code_and_a_changed_one_gets_another(personas):
    data = {"periode": "Maret 2026", "bersih": "Rp 1.188.000", "dicetak": "5 April 2026 09:00"}
    first = issue_document(issue_for(personas.instansi), data)
    again = issue_document(issue_for(personas.instansi), {**data, "dicetak": "6 April 2026 10:00"})
    assert again == first and IssuedDocument.objects.count() == 1
    changed = issue_document(issue_for(personas.instansi), {**data, "bersih": "Rp 1.152.000"})
    assert changed.kode != first.kode and IssuedDocument.objects.count() == 2


def test_printing_again_costs_one_query(personas, django_assert_num_queries):
    data = {"periode": "Maret 2026"}
    issue_document(issue_for(personas.instansi), data)
    with django_assert_num_queries(1):
        with_verification(issue_for(personas.instansi), data)


def test_the_block_carries_the_code_the_address_and_a_qr_code(personas, settings):
    settings.EKINERJA_PUBLIC_URL = "https://kinerja.sukamaju.go.id/"
    block = with_verification(issue_for(personas.instansi), {"x": 1})["verifikasi"]
    document = IssuedDocument.objects.get()
    assert block["kode"] == verification.printed(document.kode)
    assert block["url"] == f"https://kinerja.sukamaju.go.id/v/{document.kode}/"
    assert block["alamat"] == "https://kinerja.sukamaju.go.id/v/"
    assert block["qr_svg"].startswith("<svg") and block["sidik"] == document.sidik[:16]


# --- the printed slip -------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_the_slip_prints_its_code_and_fingerprint_on_every_page(tpp_world, tpp_march):
    line = TppLine.objects.select_related("run", "opd").get(run=tpp_march, employee=tpp_world.ani)
    data = slip_data(line)
    data = with_verification(slip_issue(line, data), data)
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=slip_pdf(data), capture_output=True, check=True
    ).stdout.decode()
    document = IssuedDocument.objects.get(sumber=f"tpp_line:{line.pk}")
    assert f"Kode verifikasi {verification.printed(document.kode)}" in text
    assert document.sidik[:16] in text and "127.0.0.1:8000/v/" in text
    assert document.fakta == {"TPP bruto": "Rp 1.200.000", "Diterima (bersih)": "Rp 1.188.000"}
    assert (document.pegawai_nama, document.status) == ("Ani Lestari", "draf")


def test_the_slip_download_issues_it_once(login, tpp_world, tpp_march):
    line = TppLine.objects.get(run=tpp_march, employee=tpp_world.ani)
    client = login(tpp_world.user("ani"))
    for _ in range(2):
        assert client.get(reverse("tpp-line-slip", args=[line.pk])).status_code == 200
    document = IssuedDocument.objects.get()
    assert document.issued_by == tpp_world.user("ani")


# --- the public page --------------------------------------------------------------------------


def test_anyone_verifies_a_registered_code_without_logging_in(client, personas):
    document = issue_document(
        issue_for(personas.instansi, pegawai_nama="<script>alert(1)</script>"), {"x": 1}
    )
    response = client.get(reverse("document-verify", args=[verification.printed(document.kode)]))
    page = response.content.decode()
    assert response.status_code == 200 and "Dokumen terdaftar." in page
    assert document.sidik in page and "Rp 1.188.000" in page and "Maret 2026" in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_a_draft_says_it_is_not_final(client, personas):
    document = issue_document(issue_for(personas.instansi, status="draf"), {"x": 1})
    page = client.get(reverse("document-verify", args=[document.kode])).content.decode()
    assert "belum final dan bukan dasar pembayaran" in page


def test_an_altered_code_is_invalid_and_an_unknown_one_is_not_registered(client, personas):
    document = issue_document(issue_for(personas.instansi), {"x": 1})
    last = document.kode[-1]
    altered = document.kode[:-1] + ("0" if last != "0" else "1")
    response = client.get(reverse("document-verify", args=[altered]))
    assert response.status_code == 400 and "Kode tidak valid." in response.content.decode()
    unknown = verification.new_code()
    response = client.get(reverse("document-verify", args=[unknown]))
    assert response.status_code == 404 and "Kode tidak terdaftar." in response.content.decode()
    assert "tidak diterbitkan oleh E-Kinerja" in response.content.decode()


def test_the_form_takes_a_typed_code_to_its_page(client, personas):
    document = issue_document(issue_for(personas.instansi), {"x": 1})
    typed = verification.printed(document.kode).lower()
    response = client.get(reverse("document-verify-form"), {"kode": typed})
    assert response.status_code == 302
    assert response.url == reverse("document-verify", args=[document.kode])
    assert client.get(reverse("document-verify-form")).status_code == 200


def test_the_page_takes_a_fixed_number_of_queries(client, personas, django_assert_num_queries):
    document = issue_document(issue_for(personas.instansi), {"x": 1})
    with django_assert_num_queries(1):  # the document and its instansi, nothing else
        client.get(reverse("document-verify", args=[document.kode]))
