"""Group names are derived on the server, never taken from the client (dots, never colons)."""


def user_group(user_id: int) -> str:
    return f"user.{user_id}"
