"""Tag mapping method: the tag normalisation, the automatic reading rules, the format of the
reviewed decision files (method/decisions/) and `suggest-mappings`."""
