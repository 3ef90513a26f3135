"""marshmallow schemas: every wire shape of the API."""
