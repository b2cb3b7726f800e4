"""The editorial core: one set of publication rules for everything the portal publishes.

- `models`: the abstract `Publishable` model (status, publication times, frozen slug, who/when,
  version, trash) with its `published()` queryset, the `SluggedName` base for managed names, and
  the shared tables of revisions, workflow events and preview links.
- `snapshots`: what a revision holds (fields, relations, child rows), applying one, diffs.
- `workflow`: the transition table and the one engine that changes a publishable item's state,
  saves content (directly or as a pending change over the live version), trashes and restores.
- `previews`: revocable preview links.
- `admin`: the staff screens every publishable type inherits.

A new publishable type declares its fields, its `Editorial` options (role mapping, what a
revision holds) and registers its admin with `PublishableAdmin`.
"""
