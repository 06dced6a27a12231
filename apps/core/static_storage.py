"""Production's static files storage."""

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

# `import { x } from "./lib/x.js"` and `import "../vendor/y.js"` in our own modules (static/js/): the
# address, relative and double-quoted, is replaced by its hashed name. Vendored scripts are left alone
# (htmx's mention `import("../htmx")` in comments).
_MODULE_IMPORTS = (
    (
        r"""(?P<matched>(?P<head>\b(?:import|export)\b[^'"`;()]*?\bfrom\s*)"(?P<url>\.{1,2}/[^"]+)")""",
        '%(head)s"%(url)s"',
    ),
    (r"""(?P<matched>(?P<head>\bimport\s*)"(?P<url>\.{1,2}/[^"]+)")""", '%(head)s"%(url)s"'),
)


class ModuleManifestStaticFilesStorage(ManifestStaticFilesStorage):
    """Django's hashed names, with the imports between our JavaScript modules rewritten to them too:
    a page's scripts and the modules they import are one cache-safe set."""

    patterns = (*ManifestStaticFilesStorage.patterns, ("js/*.js", _MODULE_IMPORTS))
