"""What schemathesis needs to know of Corredor's API beyond its OpenAPI
document: a protocol is loaded as its TOML text, sent as it is."""

import schemathesis

schemathesis.serializer.alias("application/toml", "text/plain")
