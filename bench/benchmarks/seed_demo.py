"""seed_demo --employees 10000 on a freshly migrated, empty database (issue 2: < 2 minutes)."""

from django.core.management import call_command

from bench.dataset import EMPLOYEES, SEED, Context, Result, migrate_fresh, timed

TARGET_S = 120.0


def run(ctx: Context) -> Result:
    migrate_fresh()
    seconds = timed(
        lambda: call_command(
            "seed_demo", employees=EMPLOYEES, seed=SEED, allow_production=True, verbosity=0
        )
    )
    from ekinerja.people.models import Employee

    count = Employee.objects.count()
    return Result(
        value=seconds,
        unit="s",
        target=TARGET_S,
        target_text=f"< {TARGET_S:.0f} s",
        met=seconds < TARGET_S and count >= EMPLOYEES,
        notes=f"{count} pegawai",
    )
