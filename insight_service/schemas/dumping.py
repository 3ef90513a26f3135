"""A schema's dump compiled once into plain closures: the same output as Schema.dump, in a third of the time.

marshmallow serialises each value through four calls (serialize, get_value, the schema's get_attribute, the
field's _serialize), about 1 ms of an insight's 4 ms of CPU. Here each schema's fields are walked once into a
list of (key, source, converter); a value of the plain type a field would return (a str for String, an int for
Integer, a float for Float, a bool for Boolean) is passed through unchanged, as those fields would; anything else
(None, other types, every other field class, fields with a dump default, a dotted attribute or no attribute,
schemas with hooks or their own get_attribute) goes through marshmallow's own code. So the output is the same
object for object, key order included; tests/schemas/test_dumping.py and, in testing mode, every API response
check it against Schema.dump.
"""
from __future__ import annotations

from marshmallow import Schema, fields, missing
from marshmallow.decorators import POST_DUMP, PRE_DUMP

# field classes (exactly these, not subclasses) -> the type whose values they return unchanged
PASSED_THROUGH = {fields.String: str, fields.Integer: int, fields.Float: float, fields.Boolean: bool}
_compiling: set[type] = set()


def _converter(field: fields.Field):
    """field._serialize(value, attr, obj), with the plain values it would return unchanged passed straight."""
    kind = type(field)
    own = field._serialize
    plain = PASSED_THROUGH.get(kind)
    if plain is not None and not getattr(field, "as_string", False):
        return lambda value, attr, obj: value if type(value) is plain else own(value, attr, obj)
    if kind is fields.List:
        inner = _converter(field.inner)
        return lambda value, attr, obj: None if value is None else [inner(each, attr, obj) for each in value]
    if kind is fields.Nested:
        schema = field.schema
        many = schema.many or field.many
        dump = compiled_dump(schema)
        if many:
            return lambda value, attr, obj: None if value is None else dump(value, many=True)
        return lambda value, attr, obj: None if value is None else dump(value)
    return own


def compiled_dump(schema: Schema):
    """A function that dumps like schema.dump(obj, many=...) (kept on the schema: compile once per instance)."""
    found = schema.__dict__.get("_compiled_dump")
    if found is not None:
        return found
    if (schema._hooks[PRE_DUMP] or schema._hooks[POST_DUMP] or type(schema).get_attribute is not Schema.get_attribute
            or schema.dict_class is not dict or type(schema) in _compiling):
        dump = schema.dump  # a schema nested in itself is left to marshmallow from its second level on
    else:
        _compiling.add(type(schema))
        try:
            dump = _compile(schema)
        finally:
            _compiling.discard(type(schema))
    schema.__dict__["_compiled_dump"] = dump
    return dump


def _compile(schema: Schema):
    get_attribute = schema.get_attribute
    steps = []
    for attr_name, field in schema.dump_fields.items():
        key = field.data_key if field.data_key is not None else attr_name
        source = attr_name if field.attribute is None else field.attribute
        simple = field._CHECK_ATTRIBUTE and "." not in source and field.dump_default is missing
        steps.append((key, attr_name, source, field, _converter(field) if simple else None))

    def dump_one(obj):
        ret = {}
        for key, attr_name, source, field, convert in steps:
            if convert is None:  # marshmallow's own way
                value = field.serialize(attr_name, obj, accessor=get_attribute)
            else:
                # what marshmallow's get_value finds first for a dict holding the key; else its own lookup
                value = obj[source] if type(obj) is dict and source in obj else get_attribute(obj, source, missing)
                if value is not missing:
                    value = convert(value, attr_name, obj)
            if value is not missing:
                ret[key] = value
        return ret

    default_many = schema.many

    def dump(obj, *, many: bool | None = None):
        many = default_many if many is None else bool(many)
        if many and obj is not None:
            return [dump_one(each) for each in obj]
        return dump_one(obj)

    return dump
