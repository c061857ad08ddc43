"""The partner toolkit: posters, social cards and briefings generated from the site's content.

Every generator is a pure function of an `AssetContent` (see `toolkit.assets`), so a change
to the helpline number or hours in the admin changes every asset the next time it is made,
and the same content always gives the same bytes (callers can cache by `asset_key`).
"""
