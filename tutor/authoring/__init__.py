"""Authoring: tools for instructors who edit the content.

``validate`` checks content and runs its question tests, with its checks in modules named for
them (``texts``, ``markup``, ``readings``, ``reasoning``, ``coverage``, ``leaks``,
``variant_checks``) and what it reports in ``report``; ``export`` copies the shipped content out
for editing.
"""
