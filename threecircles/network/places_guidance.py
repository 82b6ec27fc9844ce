"""What the guidance part of network adds to the shared places."""

from threecircles.accounts.registry import NavItem, register_nav


def register() -> None:
    # Imported here: `places` imports this module before it defines `is_supporter`.
    from threecircles.network.places import is_supporter

    register_nav(NavItem("Guides for supporters", "network:guide", 17, is_supporter))
