"""The offline check-in's manifest and service worker: open to everyone, signed in or not.

They are the same bytes for every visitor and name no one: the manifest lists the app's name,
start page and icons; the worker is code, with static paths and the check-in page's address.
Browsers fetch a manifest without cookies, and a worker update that is bounced to the sign-in
page fails, so sending anonymous visitors to sign in would only break installing. What the
worker keeps is fetched later with the person's own session, and only on their device.
"""

from threecircles.tests.matrix import AccessRows, row

ROWS = AccessRows(
    label="recovery-offline",
    get={
        "recovery:manifest": row(anonymous=200, others=200),
        "recovery:service_worker": row(anonymous=200, others=200),
    },
)
