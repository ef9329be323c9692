"""Tag mapping method: the tag normalisation, the seed builder and `suggest-mappings`."""
