import factory
from allauth.account.models import EmailAddress

from community.models import User

DEFAULT_PASSWORD = "correct-horse-battery-staple"
SIGNUP_PASSWORD = "a-long-and-unusual-passphrase"


def signup_form(*, name: str, email: str, password: str = SIGNUP_PASSWORD) -> dict:
    """The sign-up form's fields, with the code of conduct agreed."""
    return {
        "name": name,
        "email": email,
        "password1": password,
        "password2": password,
        "agree_code_of_conduct": "on",
    }


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.save()
        if extracted is not False:
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.Organisation"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "local_authority"
    nation = "england"


class MemberProfileFactory(factory.django.DjangoModelFactory):
    """A profile (and its user). Tags: MemberProfileFactory(interests=["AI"], expertise=[...])."""

    class Meta:
        model = "community.MemberProfile"
        django_get_or_create = ("user",)
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    visibility = "public"
    job_title = "Data lead"
    sector = "local_government"
    region = "london"

    @factory.post_generation
    def interests(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.interests.add(*extracted)

    @factory.post_generation
    def expertise(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.expertise.add(*extracted)


def organiser_user(**kwargs):
    """A member of the Organisers group (the group is made sure of first)."""
    from community.permissions import ORGANISERS_GROUP
    from community.roles import roles_ensure

    user = UserFactory(**kwargs)
    user.groups.add(roles_ensure()[ORGANISERS_GROUP])
    return user


def editor_user(**kwargs):
    from community.permissions import EDITORS_GROUP
    from community.roles import roles_ensure

    user = UserFactory(**kwargs)
    user.groups.add(roles_ensure()[EDITORS_GROUP])
    return user


def admin_user(**kwargs):
    return UserFactory(is_staff=True, is_superuser=True, **kwargs)
