"""Registered benchmarks, in run order (seed_demo first: it leaves the dataset the others use)."""

from . import employee_list, import_employees, open_period, rhk_matrix, seed_demo

BENCHMARKS = {
    "seed_demo": seed_demo,
    "import_employees": import_employees,
    "open_period": open_period,
    "employee_list": employee_list,
    "rhk_matrix": rhk_matrix,
}
