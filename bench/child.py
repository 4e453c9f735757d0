"""One benchmark in one process: `python -m bench.child NAME DATABASE` prints a JSON line."""

import json
import os
import sys

import django


def main() -> None:
    name, database = sys.argv[1], sys.argv[2]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from bench.benchmarks import BENCHMARKS
    from bench.dataset import Context

    module = BENCHMARKS[name]
    result = module.run(Context(database=database))
    print(json.dumps(result.as_dict(name=name, database=database)))


if __name__ == "__main__":
    main()
