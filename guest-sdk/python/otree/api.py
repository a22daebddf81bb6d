"""oTree's API as livehost provides it: `from otree.api import *` gives an
oTree app the same names as `from livehost import *`."""

from livehost import *  # noqa: F401,F403
from livehost import __all__  # noqa: F401
