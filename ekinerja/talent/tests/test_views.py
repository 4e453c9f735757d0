"""The talent pages: the 9-box of a unit and year, an employee's competence page, and the
add, edit and delete forms; for the owner, the allowed others and the refused outsiders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ekinerja.core.models import AuditEvent
from ekinerja.talent.models import CompetencyAssessment, Education, Training

from .helpers import assessment, education, evaluate, period, skp_of, training

pytestmark = pytest.mark.django_db


@pytest.fixture
def mapped(personas):
    p2026 = period(personas)
    evaluate(skp_of(personas.ani, p2026), "sangat_baik")
    evaluate(skp_of(personas.intan, p2026), "baik", periode_ke=2)
    education(personas.ani, "s2", 2018)
    training(personas.ani, "Pelatihan Surveilans", dt.date(2026, 3, 10), 24)
    assessment(personas.ani, dt.date(2026, 3, 1), "88")
    return personas


def map_url(**params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("talent-map") + (f"?{query}" if query else "")


def test_the_map_shows_counts_and_names_per_box(login, mapped):
    personas = mapped
    client = login(personas.user("fajar"))
    response = client.get(map_url(unit=personas.units["surveilans"].pk, tahun=2026))
    assert response.status_code == 200
    page = response.content.decode()
    ani_link = reverse("talent-employee", args=[personas.ani.pk])
    box9 = page.split('data-testid="kotak-9"')[1].split("</section>")[0]
    assert 'data-testid="jumlah-9">1<' in box9 and ani_link in box9
    box2 = page.split('data-testid="kotak-2"')[1].split("</section>")[0]
    assert "Intan Permata" in box2 and 'data-testid="jumlah-2">1<' in box2
    belum = page.split('data-testid="belum-dinilai"')[1].split("</section>")[0]
    assert "Belum dinilai (1)" in belum and "Budi Santoso" in belum
    assert "Kinerja di atas ekspektasi dan potensi tinggi" in page
    assert "<script>" not in page.split("<main")[1]


def test_the_map_opens_on_the_users_unit_and_this_year(login, mapped):
    client = login(mapped.user("budi"))
    response = client.get(map_url())
    assert response.status_code == 200
    assert (
        response.context["unit"] == mapped.units["surveilans"] and response.context["year"] == 2026
    )


def test_the_table_can_be_narrowed_to_one_box_or_to_the_not_yet_evaluated(login, mapped):
    client = login(mapped.user("citra"))
    unit = mapped.units["surveilans"].pk
    nine = client.get(map_url(unit=unit, tahun=2026, kotak=9)).context["page"].object_list
    assert [entry.nama for entry in nine] == ["Ani Lestari"]
    none = client.get(map_url(unit=unit, tahun=2026, kotak=0)).context["page"].object_list
    assert [entry.nama for entry in none] == ["Budi Santoso"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"tahun": "dua"}, "Tahun harus berupa angka, mis. 2026."),
        ({"tahun": 1999}, "Tahun paling awal 2000."),
        ({"kotak": 10}, "Kotak harus 1 sampai 9 (0: belum dinilai)."),
        ({"unit": "x"}, "Unit harus dipilih dari daftar."),
    ],
)
def test_unreadable_filters_answer_400_with_a_message(login, personas, params, message):
    response = login(personas.user("citra")).get(map_url(**params))
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("name", "unit", "status"),
    [
        ("citra", "disdik", 200),
        ("gita", "dinkes", 200),
        ("hadi", "p2p", 200),
        ("fajar", "p2p", 200),
        ("fajar", "disdik", 404),  # another OPD
        ("budi", "surveilans", 200),
        ("budi", "p2p", 404),  # above the atasan's unit
        ("ani", "surveilans", 403),  # neither atasan nor admin
        ("stranger", "surveilans", 403),  # another instansi
    ],
)
def test_who_opens_which_map(login, personas, name, unit, status):
    response = login(personas.user(name)).get(map_url(unit=personas.units[unit].pk))
    assert response.status_code == status


def test_a_unit_of_another_instansi_is_not_found(login, personas):
    from ekinerja.org.models import Unit

    other = Unit.objects.get(instansi=personas.other_instansi)
    assert login(personas.user("citra")).get(map_url(unit=other.pk)).status_code == 404


@pytest.mark.parametrize(
    ("name", "status", "editable"),
    [
        ("ani", 200, False),  # the owner reads
        ("budi", 200, False),  # her atasan reads
        ("fajar", 200, True),  # the admin of her OPD edits
        ("citra", 200, True),
        ("dodi", 404, False),  # a colleague of another OPD
        ("stranger", 404, False),
    ],
)
def test_the_competence_page(login, mapped, name, status, editable):
    response = login(mapped.user(name)).get(reverse("talent-employee", args=[mapped.ani.pk]))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert (
            "S-2" in page and "Pelatihan Surveilans" in page and "88,00" in page
        )  # Indonesian decimals
        assert "Potensi 2026: Tinggi" in page
        add = reverse("talent-record-add", args=[mapped.ani.pk, "diklat"])
        assert (add in page) is editable


def test_an_admin_adds_a_training(login, personas):
    client = login(personas.user("fajar"))
    url = reverse("talent-record-add", args=[personas.ani.pk, "diklat"])
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "nama": "Bimtek SKP", "jenis": "teknis", "tanggal_mulai": "2026-02-10",
        "tanggal_selesai": "", "jam_pelajaran": "8",
    })  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == reverse("talent-employee", args=[personas.ani.pk])
    record = Training.objects.get()
    assert (record.employee, record.tanggal_selesai) == (personas.ani, dt.date(2026, 2, 10))


@pytest.mark.parametrize(
    ("jenis", "data", "messages"),
    [
        ("pendidikan", {"jenjang": "", "tahun_lulus": "2027"},
         ["Jenjang pendidikan wajib dipilih.", "Tahun lulus 2027 belum terjadi."]),
        ("pendidikan", {"jenjang": "s9", "tahun_lulus": "abc"},
         ["Jenjang pendidikan tidak dikenal.", "Tahun lulus tidak valid."]),
        ("diklat", {"nama": "", "jenis": "teknis", "tanggal_mulai": "10/02/2026x",
                    "jam_pelajaran": "0"},
         ["Nama diklat wajib diisi.", "Tanggal mulai tidak dikenali.",
          "Jam pelajaran paling sedikit 1 JP."]),
        ("diklat", {"nama": "Diklat", "jenis": "teknis", "tanggal_mulai": "2026-03-05",
                    "tanggal_selesai": "2026-03-01", "jam_pelajaran": "8"},
         ["Tanggal selesai tidak boleh sebelum tanggal mulai."]),
        ("asesmen", {"tanggal": "2026-03-01", "lembaga": "", "metode": "cat", "nilai": "1.000"},
         ["Lembaga penilai wajib diisi.", "Tulis angka tanpa pemisah ribuan"]),
        ("asesmen", {"tanggal": "2026-03-01", "lembaga": "BKN", "metode": "cat", "nilai": "100,5"},
         ["Nilai paling tinggi 100."]),
    ],
)  # fmt: skip
def test_refused_input_answers_400_and_changes_nothing(login, personas, jenis, data, messages):
    client = login(personas.user("citra"))
    url = reverse("talent-record-add", args=[personas.ani.pk, jenis])
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    for message in messages:
        assert message in page
    assert not (Education.objects.exists() or Training.objects.exists())
    assert not CompetencyAssessment.objects.exists() and not AuditEvent.objects.exists()


def test_a_duplicate_is_refused_with_a_message(login, personas):
    education(personas.ani, "s1", 2012, "Hukum")
    response = login(personas.user("citra")).post(
        reverse("talent-record-add", args=[personas.ani.pk, "pendidikan"]),
        {"jenjang": "s1", "jurusan": "Hukum", "tahun_lulus": "2013"},
    )
    assert response.status_code == 400
    assert "sudah tercatat" in response.content.decode()
    assert Education.objects.get().tahun_lulus == 2012


def test_an_admin_edits_and_deletes_an_assessment(login, personas):
    record = assessment(personas.ani, dt.date(2026, 3, 1), "70")
    client = login(personas.user("fajar"))
    url = reverse("talent-record-edit", args=["asesmen", record.pk])
    form = client.get(url)
    assert form.status_code == 200 and 'value="2026-03-01"' in form.content.decode()
    response = client.post(url, {
        "tanggal": "2026-03-01", "lembaga": "Kantor Regional BKN", "metode": "cat",
        "nilai": "74,25", "rekomendasi": "Masih memenuhi syarat.",
    })  # fmt: skip
    assert response.status_code == 302
    record.refresh_from_db()
    assert (str(record.nilai), record.lembaga) == ("74.25", "Kantor Regional BKN")

    delete = reverse("talent-record-delete", args=["asesmen", record.pk])
    assert client.get(delete).status_code == 405
    assert client.post(delete).status_code == 302
    assert not CompetencyAssessment.objects.exists()


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("budi", 403),  # reads Ani's records, may not change them
        ("ani", 403),
        ("dodi", 404),  # outside: not found
        ("stranger", 404),
    ],
)
def test_who_may_not_change_records_is_refused(login, personas, name, status):
    record = education(personas.ani, "s1", 2012)
    client = login(personas.user(name))
    add = reverse("talent-record-add", args=[personas.ani.pk, "pendidikan"])
    assert client.get(add).status_code == status
    assert client.post(add, {"jenjang": "s2", "tahun_lulus": "2018"}).status_code == status
    edit = reverse("talent-record-edit", args=["pendidikan", record.pk])
    assert client.post(edit, {"jenjang": "s2", "tahun_lulus": "2018"}).status_code == status
    delete = reverse("talent-record-delete", args=["pendidikan", record.pk])
    assert client.post(delete).status_code == status
    assert list(Education.objects.values_list("jenjang", "tahun_lulus")) == [("s1", 2012)]


def test_an_admin_opd_cannot_reach_records_of_another_opd(login, personas):
    record = education(personas.dodi, "sma", 2008)
    client = login(personas.user("fajar"))
    assert client.get(reverse("talent-employee", args=[personas.dodi.pk])).status_code == 404
    delete = reverse("talent-record-delete", args=["pendidikan", record.pk])
    assert client.post(delete).status_code == 404
    assert Education.objects.exists()


def test_an_unknown_record_kind_is_not_a_page(login, personas):
    client = login(personas.user("citra"))
    assert client.get(f"/talenta/pegawai/{personas.ani.pk}/gaji/tambah/").status_code == 404


# --- the map as Excel ----------------------------------------------------------------------------


def export_url(**params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("talent-map-export") + (f"?{query}" if query else "")


def _sheet(response) -> list[tuple]:
    import io

    from openpyxl import load_workbook

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


def test_the_export_lists_what_the_table_lists(login, mapped):
    from ekinerja.people.models import Employee

    Employee.objects.filter(pk=mapped.intan.pk).update(nama='=HYPERLINK("http://x")')
    client = login(mapped.user("citra"))
    unit = mapped.units["surveilans"].pk
    page = client.get(map_url(unit=unit, tahun=2026, kotak=9, halaman=1)).content.decode()
    link = export_url(unit=unit, tahun=2026, kotak=9).replace("&", "&amp;")
    assert f'href="{link}"' in page  # the filters without the page number
    rows = _sheet(client.get(export_url(unit=unit, tahun=2026, kotak=9)))
    assert rows[0][:3] == ("NIP", "Nama", "Predikat") and [r[1] for r in rows[1:]] == [
        "Ani Lestari"
    ]
    assert rows[1][6] == 9
    everyone = _sheet(client.get(export_url(unit=unit, tahun=2026)))
    names = {r[1] for r in everyone[1:]}
    assert "Budi Santoso" in names and '\'=HYPERLINK("http://x")' in names  # text, no formula


@pytest.mark.parametrize(
    ("name", "unit", "status"),
    [("fajar", "p2p", 200), ("fajar", "disdik", 404), ("budi", "p2p", 404),
     ("ani", "surveilans", 403), ("stranger", "surveilans", 403)],
)  # fmt: skip
def test_the_export_is_refused_as_the_map_is(login, personas, name, unit, status):
    response = login(personas.user(name)).get(export_url(unit=personas.units[unit].pk))
    assert response.status_code == status


def test_the_export_of_unreadable_filters_is_a_400(login, personas):
    assert login(personas.user("citra")).get(export_url(kotak=10)).status_code == 400


def test_the_export_reads_in_a_fixed_number_of_queries(login, mapped):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ekinerja.people.testing import make_employee

    from .helpers import period as period_of

    client = login(mapped.user("fajar"))
    url = export_url(unit=mapped.units["surveilans"].pk, tahun=2026)
    with CaptureQueriesContext(connection) as few:
        small = _sheet(client.get(url))
    first = len(few)  # read now: the next request empties the query log
    p2026 = period_of(mapped, 2027)  # another year keeps the map's 2026 rows as they are
    for n in range(5):
        employee = make_employee(
            mapped.instansi, f"Pegawai {n:02d}", position=mapped.positions["staf"],
            with_login=False,
        )  # fmt: skip
        skp_of(employee, p2026)
    with CaptureQueriesContext(connection) as many:
        large = _sheet(client.get(url))
    assert len(large) == len(small) + 5 and len(many) == first
