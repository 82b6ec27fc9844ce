"""What the site part adds to shared places: its pages in the public links (the navigation
for visitors, the footer for everyone).

Orders leave room for the other parts: the knowledge base is 20, events may take 50 or 80,
contact is 90.
"""

from threecircles.accounts.registry import PublicLink, register_public_link


def register() -> None:
    register_public_link(
        PublicLink("About", "content:about", 10),
        PublicLink("Position statements", "content:positions", 30),
        PublicLink("Resources", "content:resources", 40),
        PublicLink("FAQ", "content:faq", 60),
        PublicLink("Testimonials", "content:testimonials", 70),
    )
