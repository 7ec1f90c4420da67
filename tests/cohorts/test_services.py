"""Cohort services: codes, joining once, members, the table and its CSV."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from tests.payloads import CSV_PAYLOADS, assert_no_formula
from toolbox.auth.models import User
from toolbox.catalog import catalog
from toolbox.cohorts import services
from toolbox.cohorts.models import CohortMember
from toolbox.extensions import db
from toolbox.progress import services as progress


def user(uid: int) -> User:
    return db.session.get(User, uid)


def test_codes_are_unambiguous_and_normalised(app, make_user):
    fid = make_user("f@example.org", "facilitator")
    with app.app_context():
        c = services.create_cohort(user(fid), "  Group A  ")
        assert c.name == "Group A" and len(c.code) == services.CODE_LENGTH
        assert set(c.code) <= set(services.ALPHABET) and not set(c.code) & set("01OIL")
        assert services.normalise_code(" abcd-efgh ") == "ABCDEFGH"


def test_joining_twice_keeps_one_membership(app, make_user):
    fid, lid = make_user("f@example.org", "facilitator"), make_user()
    with app.app_context():
        c = services.create_cohort(user(fid), "A")
        code = c.code
        services.join(user(lid), code.lower())
        services.join(user(lid), code)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(CohortMember)) == 1
        assert [u.id for u in services.members(c)] == [lid]


@pytest.mark.parametrize("code", ["", "   ", "NOPE1234", "x" * 40])
def test_an_unknown_code_is_refused(app, make_user, code):
    lid = make_user()
    with app.app_context(), pytest.raises(services.CohortError):
        services.join(user(lid), code)


def test_a_renewed_code_replaces_the_old_one(app, make_user):
    fid, lid = make_user("f@example.org", "facilitator"), make_user()
    with app.app_context():
        c = services.create_cohort(user(fid), "A")
        old = c.code
        services.renew_code(c)
        db.session.commit()
        assert c.code != old
        with pytest.raises(services.CohortError):
            services.join(user(lid), old)


def test_owned_cohort_is_only_the_facilitators_own(app, make_user):
    one, two = make_user("one@example.org", "facilitator"), make_user("two@example.org", "admin")
    with app.app_context():
        c = services.create_cohort(user(one), "A")
        db.session.commit()
        assert services.owned_cohort(user(one), c.id) is c
        assert services.owned_cohort(user(two), c.id) is None
        assert services.owned_cohort(user(one), 999) is None


def test_table_and_csv(app, make_user):
    fid = make_user("f@example.org", "facilitator")
    ana = make_user("ana@example.org", name='=HYPERLINK("evil")')
    with app.app_context():
        c = services.create_cohort(user(fid), "A")
        services.join(user(ana), c.code)
        progress.set_done(ana, "demo", "second-topic", True)
        db.session.commit()
        modules = catalog().published_modules()
        rows = services.table(c, modules)
        [(member, [mp])] = rows
        assert member.id == ana and mp.done == 1
        table = list(csv.reader(io.StringIO(services.to_csv(rows, modules))))
        assert table[0] == [
            "name",
            "email",
            "demo/first-topic done",
            "demo/first-topic quiz best %",
            "demo/second-topic done",
            "demo/second-topic quiz best %",
            "demo topics done",
        ]
        assert table[1] == ['\'=HYPERLINK("evil")', "ana@example.org", "no", "", "yes", "no quiz", "1/2"]


def test_the_csv_keeps_every_hostile_name_out_of_formulas(app, make_user):
    fid = make_user("f@example.org", "facilitator")
    names = [p for p in CSV_PAYLOADS if "\0" not in p]  # forms drop NUL, which PostgreSQL cannot store
    members = [make_user(f"m{n}@example.org", name=name) for n, name in enumerate(names)]
    with app.app_context():
        c = services.create_cohort(user(fid), "A")
        for uid in members:
            services.join(user(uid), c.code)
        db.session.commit()
        modules = catalog().published_modules()
        assert_no_formula(services.to_csv(services.table(c, modules), modules))
