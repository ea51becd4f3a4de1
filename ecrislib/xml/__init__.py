"""XML layer: namespaces, the hardened parser, and the model <-> XML binding."""
