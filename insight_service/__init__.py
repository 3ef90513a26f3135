"""insight-service: customer feedback and social insight for CRM systems, with consent built in."""


def create_app(test_config=None):
    """Build the Flask app (imported lazily so the pure libraries load without Flask)."""
    from .app import create_app as build

    return build(test_config)
