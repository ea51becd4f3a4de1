"""Package layout that pyproject.toml cannot say on its own.

The XSDs (and the WSDL) live at the top of the repository (``schemas/``) and ship inside the
wheel as the package ``ecrislib._schemas``, so the library always loads them from package files,
never from the network or the working directory. A source checkout has no ``ecrislib/_schemas``:
there ``ecrislib.xml.schemas`` reads ``schemas/`` next to the package folder, which is what an
``import ecrislib`` from the checkout's root (even with a wheel installed) finds.

The compiled reader (``ecrislib/xml/_reader.pyx``, see ``ecrislib.xml.accelerated``) is built
with Cython against the headers of the installed lxml. It is optional: without a C compiler,
or with ``ECRISLIB_NO_EXTENSIONS=1`` in the environment, the wheel is pure Python and reads
with the generated Python readers alone (the same results, more slowly).
"""

import os

from setuptools import Extension, find_namespace_packages, setup


def _extensions() -> list[Extension]:
    if os.environ.get("ECRISLIB_NO_EXTENSIONS", "") not in ("", "0"):
        return []
    import lxml
    from Cython.Build import cythonize

    # lxml's header defines a helper the reader does not use: gcc's notice of it is noise
    flags = [] if os.name == "nt" else ["-Wno-unused-function"]
    reader = Extension("ecrislib.xml._reader", ["ecrislib/xml/_reader.pyx"], include_dirs=lxml.get_include(), extra_compile_args=flags, optional=True)
    return cythonize([reader], quiet=True)  # type: ignore[no-any-return]


setup(
    # Namespace discovery: data folders without __init__.py (code tables, locales) are packages
    # too, so their files ship as package data without setuptools' "absent from packages" warning.
    packages=find_namespace_packages(include=["ecrislib", "ecrislib.*"], exclude=["*.__pycache__"]) + ["ecrislib._schemas"],
    package_dir={"ecrislib._schemas": "schemas"},
    ext_modules=_extensions(),
)
