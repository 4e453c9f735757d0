"""The mixed workload of `bench/benchmarks/load_mixed.py`, run by locust in its own process
(locust patches the standard library with gevent, so it never shares a process with Django).

Every simulated user logs in through the real login form and then works like a person:
employees open their day, record an activity, look at their month and their own monitoring
page; pejabat penilai open their validation queue and approve what their subordinates entered
during this run; the admin BKPSDM opens the region's monitoring and an OPD's drill-down.

The accounts come from the JSON file named by LOAD_ACCOUNTS (written by the benchmark): the day
to enter activities on, the first evening minute that is free for every employee, the activity id
watermark (supervisors decide only ids above it, never a row of the shared dataset), and the
usernames with the demo password.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

with open(os.environ["LOAD_ACCOUNTS"], encoding="utf-8") as handle:
    PLAN = json.load(handle)

DAY = PLAN["day"]
WATERMARK = int(PLAN["watermark"])
EVENING = int(PLAN["evening"])
LAST_START = 23 * 60 + 50
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEEN = re.compile(r'name="dilihat" value="([^"]+)"')
TICK = re.compile(r'name="id" value="(\d+)"')
ALERT = re.compile(r'class="[^"]*(?:alert-danger|invalid-feedback)[^"]*"[^>]*>(.*?)</', re.S)
# Each simulated user takes its own account, so no two users write for the same employee or
# decide from the same queue (their slots and decisions would collide, which people don't do).
_turns = {kind: itertools.count() for kind in ("employees", "supervisors", "admins")}


def _account(kind: str) -> dict:
    accounts = PLAN[kind]
    return accounts[next(_turns[kind]) % len(accounts)]


def _reason(response) -> str:
    found = ALERT.search(response.text or "")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip() if found else ""
    if response.status_code == 0:
        # No answer at all: the connection failed; the exception says how.
        return f"no response: {response.error!r}"[:200]
    return f"HTTP {response.status_code}" + (f": {text[:160]}" if text else "")


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    kind = ""

    def on_start(self) -> None:
        self.account = _account(self.kind)
        self.csrf = ""
        page = self.client.get("/masuk/", name="/masuk/")
        self._remember_token(page.text)
        with self.client.post(
            "/masuk/",
            data={
                "username": self.account["username"],
                "password": PLAN["password"],
                "csrfmiddlewaretoken": self.csrf,
                "next": "",
            },
            name="/masuk/ [POST]",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(_reason(response))
        # Logging in rotates the CSRF secret: the next page carries the valid token.

    def _remember_token(self, text: str) -> None:
        found = CSRF.search(text or "")
        if found:
            self.csrf = found.group(1)

    def page(self, url: str, name: str | None = None, params: dict | None = None):
        with self.client.get(url, params=params, name=name or url, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(_reason(r))
            else:
                self._remember_token(r.text)
            return r

    def post(self, url: str, data: dict, name: str | None = None) -> bool:
        data = {**data, "csrfmiddlewaretoken": self.csrf}
        with self.client.post(
            url, data=data, name=name or url, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(_reason(response))
                return False
            return True


class Employee(Person):
    weight = 85
    kind = "employees"

    def on_start(self) -> None:
        super().on_start()
        self.next_start = EVENING
        self.page("/aktivitas/")

    @task(3)
    def day(self) -> None:
        self.page("/aktivitas/")

    @task(4)
    def record(self) -> None:
        start = self.next_start
        if start > LAST_START:
            self.day()
            return
        self.next_start += 5
        end = start + 4
        self.post(
            "/aktivitas/baru/",
            {
                "tanggal": DAY,
                "mulai": f"{start // 60:02d}:{start % 60:02d}",
                "selesai": f"{end // 60:02d}:{end % 60:02d}",
                "indikator": "",
                "catalog_item": "",
                "uraian": "Menindaklanjuti surat permohonan data dari kecamatan",
                "jumlah_output": "1",
                "satuan": "surat",
                "bukti_tautan": "",
            },
        )

    @task(2)
    def month(self) -> None:
        self.page("/aktivitas/bulan/")

    @task(1)
    def my_monitoring(self) -> None:
        self.page("/pantauan/saya/")


class Supervisor(Person):
    weight = 10
    kind = "supervisors"

    def on_start(self) -> None:
        super().on_start()
        self.team = itertools.cycle(self.account["team"] or [0])

    @task(3)
    def queue(self) -> None:
        self.page("/aktivitas/validasi/")

    @task(2)
    def approve(self) -> None:
        # One subordinate's day at a time, as a validator reads it; only what this run added.
        query = {"pegawai": str(next(self.team)), "dari": DAY, "sampai": DAY}
        page = self.page("/aktivitas/validasi/", name="/aktivitas/validasi/?pegawai", params=query)
        if page.status_code != 200:
            return
        seen = SEEN.search(page.text)
        ids = [i for i in TICK.findall(page.text) if int(i) > WATERMARK][:3]
        if not ids or seen is None:
            return
        self.post(
            "/aktivitas/validasi/putuskan/",
            {**query, "dilihat": seen.group(1), "keputusan": "setujui", "id": ids, "alasan": ""},
        )


class Admin(Person):
    weight = 5
    kind = "admins"

    @task(2)
    def region(self) -> None:
        self.page("/pantauan/")

    @task(1)
    def opd(self) -> None:
        self.page(f"/pantauan/opd/{random.choice(PLAN['opd_ids'])}/", name="/pantauan/opd/[id]/")
