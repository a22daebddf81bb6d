# oTree 3 generated this module for each app; its pages import Page and
# WaitPage from it.
from otree.api import Page, WaitPage  # noqa: F401
