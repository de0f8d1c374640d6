"""The schema language and the record kinds: one description per record.

From it come the validation, the typed records, the cache form, the JSON
Schema export and the German format reference (docs/format.md).
"""
