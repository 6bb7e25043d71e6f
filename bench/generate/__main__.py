"""``python -m bench.generate``: make the benchmark's data set in the database of
DATABASE_URL (docs/performance.md). bench/run.py calls ``generate()`` itself."""

from __future__ import annotations

import argparse
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participation.settings.dev")
django.setup()  # app-loading order: the generator's modules below import models

from bench.generate.build import generate  # noqa: E402
from bench.generate.context import BenchDataError, Sizes  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    defaults = Sizes()
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate",
        description="Create a large, realistic data set for the benchmarks (docs/performance.md).",
    )
    parser.add_argument("--case-studies", type=int, default=defaults.case_studies)
    parser.add_argument("--members", type=int, default=defaults.members)
    parser.add_argument("--organisations", type=int, default=defaults.organisations)
    parser.add_argument("--meetings", type=int, default=defaults.meetings)
    parser.add_argument("--registrations", type=int, default=defaults.registrations)
    parser.add_argument("--topics", type=int, default=defaults.topics)
    parser.add_argument("--slots", type=int, default=defaults.slots)
    parser.add_argument("--spaces", type=int, default=defaults.spaces)
    parser.add_argument("--guides", type=int, default=defaults.guides)
    parser.add_argument("--chapters", type=int, default=defaults.chapters, help="per guide")
    parser.add_argument("--paragraphs", type=int, default=defaults.paragraphs, help="per body")
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--skip-index", action="store_true", help="do not run update_index")
    parser.add_argument(
        "--allow-any-database",
        action="store_true",
        help='run even if the database name does not contain "bench"',
    )
    args = parser.parse_args(argv)
    sizes = Sizes(
        case_studies=args.case_studies,
        members=args.members,
        organisations=args.organisations,
        meetings=args.meetings,
        registrations=args.registrations,
        topics=args.topics,
        slots=args.slots,
        spaces=args.spaces,
        guides=args.guides,
        chapters=args.chapters,
        paragraphs=args.paragraphs,
        seed=args.seed,
    )
    try:
        generate(sizes=sizes, index=not args.skip_index, allow_any_database=args.allow_any_database)
    except BenchDataError as exc:
        parser.exit(1, f"error: {exc}\n")


if __name__ == "__main__":
    main()
