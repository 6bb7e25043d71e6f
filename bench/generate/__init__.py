"""The benchmark's data set (docs/performance.md): members, organisations, case studies,
guidance, meetings with registrations and an unconference, all made in bulk from one seed.

    python -m bench.generate --case-studies 10000 --members 5000 --meetings 200 \\
        --registrations 100000 --topics 200

or ``bench.generate.build.generate(sizes=Sizes(...))`` (bench/run.py, tests/bench/). This package
is not a Django app: its modules import models, so Django must be set up before they are
imported (``__main__`` and bench/run.py do it first). ``text`` and ``context`` import no models.
"""
