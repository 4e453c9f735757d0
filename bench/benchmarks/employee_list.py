"""GET /pegawai/ at 10,000 employees, as admin BKPSDM: median of warm requests (< 150 ms),
and the query count at 25 and at 100 rows per page, which must be equal."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.dataset import Context, Result, ensure_dataset, median_ms

TARGET_MS = 150.0


def admin_bkpsdm_user():
    from ekinerja.people.choices import Peran
    from ekinerja.people.models import RoleGrant

    return RoleGrant.objects.filter(peran=Peran.ADMIN_BKPSDM).select_related("user").first().user


def query_count(client: Client, per_page: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/pegawai/", {"per_page": per_page})
    assert response.status_code == 200, response.status_code
    return len(ctx)


def run(ctx: Context) -> Result:
    ensure_dataset()
    client = Client()
    client.force_login(admin_bkpsdm_user())

    def first_page() -> None:
        response = client.get("/pegawai/")
        assert response.status_code == 200

    def search_page() -> None:
        client.get("/pegawai/", {"q": "siti", "page": 2})

    median = median_ms(first_page, warm=3, runs=30)
    search = median_ms(search_page, warm=2, runs=15)
    q25, q100 = query_count(client, 25), query_count(client, 100)
    return Result(
        value=median,
        unit="ms",
        target=TARGET_MS,
        target_text=f"< {TARGET_MS:.0f} ms, same queries at 25 and 100 rows",
        met=median < TARGET_MS and q25 == q100,
        notes=f"queries 25/100 rows: {q25}/{q100}; search page median {search:.1f} ms",
        extra={"queries_25": q25, "queries_100": q100, "search_median_ms": round(search, 3)},
    )
