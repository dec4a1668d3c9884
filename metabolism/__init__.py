"""metabolism: published glucose-insulin models for the insulin-sensitivity textbook.

Public modules (thin facades over ``metabolism.models``):

- :mod:`metabolism.meal` - Dalla Man 2007 meal model, clamp, OGTT, IVGTT
- :mod:`metabolism.minimal` - Bergman minimal model (IVGTT)
- :mod:`metabolism.progression` - Topp 2000 and Ha, Satin & Sherman 2016
- :mod:`metabolism.glut4` - Sedaghat 2002 GLUT4 translocation
- :mod:`metabolism.lipolysis` - Boston-Moate NEFA model
- :mod:`metabolism.links` - labelled empirical links
- :mod:`metabolism.indices`, :mod:`metabolism.units` - clinical indices and units
- :mod:`metabolism.knobs`, :mod:`metabolism.scenarios` - reader knobs and presets
"""
from ._validate import ModelValidityError

__version__ = "0.1.0"
__all__ = ["ModelValidityError"]
