from django.http import HttpRequest

from .access import roles_for


def current_roles(request: HttpRequest) -> dict:
    """Expose the signed-in user's roles to the menu; the views still check access themselves."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"roles": roles_for(user)}
