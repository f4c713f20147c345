"""Management commands of restwell (``generateschema``; ``drf_create_token`` lives in authtoken)."""
