"""Package layout that pyproject.toml cannot say on its own.

The XSDs (and the WSDL) live at the top of the repository (``schemas/``) and ship inside the
wheel as the package ``ecrislib._schemas``, so the library always loads them from package files,
never from the network or the working directory. A source checkout has no ``ecrislib/_schemas``:
there ``ecrislib.xml.schemas`` reads ``schemas/`` next to the package folder, which is what an
``import ecrislib`` from the checkout's root (even with a wheel installed) finds.
"""

from setuptools import find_namespace_packages, setup

setup(
    # Namespace discovery: data folders without __init__.py (code tables, locales) are packages
    # too, so their files ship as package data without setuptools' "absent from packages" warning.
    packages=find_namespace_packages(include=["ecrislib", "ecrislib.*"], exclude=["*.__pycache__"]) + ["ecrislib._schemas"],
    package_dir={"ecrislib._schemas": "schemas"},
)
