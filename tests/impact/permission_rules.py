"""The impact app's URLs in the permission matrix (tests/test_permission_matrix.py): every one
is public (the same page for every role; an organisation's page only lists, for each viewer, the
members whose profile that viewer may see). An organisation that is not public is a 404 for
everyone, whatever their role."""

from tests.factories.users import MemberProfileFactory, OrganisationFactory
from tests.permissions import Rule, object_factory

ROLES = ("anonymous", "member", "pending", "organiser", "editor", "admin")


def everyone(status) -> dict:
    return dict.fromkeys(ROLES, status)


@object_factory
def impact_public_organisation(objs):
    organisation = OrganisationFactory(name="Matrix Public Council")
    MemberProfileFactory(visibility="public", organisation=organisation)
    return organisation


@object_factory
def impact_private_organisation(objs):
    organisation = OrganisationFactory(name="Matrix Private Agency")
    MemberProfileFactory(visibility="members", organisation=organisation)
    return organisation


RULES = [
    Rule("impact:organisation_list", expect=everyone(200)),
    Rule(
        "impact:organisation_detail",
        kwargs=lambda objs: {"slug": objs.impact_public_organisation().slug},
        expect=everyone(200),
    ),
    Rule(
        "impact:organisation_detail",
        kwargs=lambda objs: {"slug": objs.impact_private_organisation().slug},
        expect=everyone(404),
    ),
    Rule("impact:organisation_list", method="post", expect=everyone(405)),
    Rule("impact:dashboard", expect=everyone(200)),
    Rule("impact:data_csv", expect=everyone(200)),
    Rule("impact:data_json", expect=everyone(200)),
    Rule("impact:chart", kwargs=lambda objs: {"key": "adoption"}, expect=everyone(200)),
    Rule("impact:chart", kwargs=lambda objs: {"key": "no-such-chart"}, expect=everyone(404)),
]
