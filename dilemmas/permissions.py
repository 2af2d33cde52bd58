"""Permission chokepoints of this part. Every signed-in member of staff may open its index;
what each person sees inside is decided per object."""


def can_use_app(user):
    return True
