"""The monitoring rules edited in Data induk refuse thresholds the job could not read."""

import datetime as dt

from ekinerja.dashboard.admin import MonitoringPolicyForm


def form(personas, **values):
    data = {
        "instansi": personas.instansi.pk, "berlaku_mulai": dt.date(2026, 1, 1),
        "jke_menit_tahunan": 75000, "hari_tunggakan": 3, "ambang_skp_persen": 90,
        "ambang_isian_persen": 80, "ambang_tunggakan_persen": 10,
        "ambang_kematangan": "{}", "pita_prestasi_jabatan": "{}",
    }  # fmt: skip
    data.update(values)
    return MonitoringPolicyForm(data)


def test_empty_thresholds_and_bands_mean_the_defaults(personas):
    assert form(personas).is_valid()


def test_an_unknown_maturity_key_is_refused_by_name(personas):
    bound = form(personas, ambang_kematangan='{"tidak_ada": 50}')
    assert not bound.is_valid()
    assert "tidak_ada" in " ".join(bound.errors["ambang_kematangan"])


def test_bands_that_do_not_end_at_zero_are_refused(personas):
    bands = (
        '{"pita": [{"kode": "A", "nama": "Baik", "minimal": "1"},'
        ' {"kode": "B", "nama": "Kurang", "minimal": "0.5"}]}'
    )
    bound = form(personas, pita_prestasi_jabatan=bands)
    assert not bound.is_valid()
    assert "minimal 0" in " ".join(bound.errors["pita_prestasi_jabatan"])
