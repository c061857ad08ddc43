"""Campaign reach: first-party, aggregate-only counts of page views, help-link clicks
and poster-code visits. Nothing about any person is stored; see reach.counter."""
