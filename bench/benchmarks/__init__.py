"""Registered benchmarks, in run order (seed_demo first: it leaves the dataset the others use)."""

from . import (
    activity_month_view,
    activity_save,
    attendance_recompute,
    batch_pdf,
    curve_report,
    employee_list,
    import_employees,
    open_period,
    productivity_month,
    punch_import,
    rhk_matrix,
    seed_demo,
    skp_pdf,
    tpp_run,
    tpp_run_sql_floor,
    validation_queue,
)

BENCHMARKS = {
    "seed_demo": seed_demo,
    "import_employees": import_employees,
    "open_period": open_period,
    "employee_list": employee_list,
    "rhk_matrix": rhk_matrix,
    "productivity_month": productivity_month,
    "activity_save": activity_save,
    "validation_queue": validation_queue,
    "activity_month_view": activity_month_view,
    "punch_import": punch_import,
    "attendance_recompute": attendance_recompute,
    "curve_report": curve_report,
    "tpp_run": tpp_run,
    "tpp_run_sql_floor": tpp_run_sql_floor,
    "skp_pdf": skp_pdf,
    "batch_pdf": batch_pdf,
}
