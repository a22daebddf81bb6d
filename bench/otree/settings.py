"""livehost-bench's oTree project: one session config, `auction`, the live
auction that `livehost-bench --target otree` (and `--target livehost` with
this project built by `livehost build`) drives."""

from os import environ

SESSION_CONFIGS = [
    dict(
        name='auction',
        display_name='Live auction (livehost-bench)',
        app_sequence=['auction'],
        num_demo_participants=4,
    ),
]

SESSION_CONFIG_DEFAULTS = dict(
    real_world_currency_per_point=1.00, participation_fee=0.00, doc=""
)

PARTICIPANT_FIELDS = []
SESSION_FIELDS = []

LANGUAGE_CODE = 'en'

REAL_WORLD_CURRENCY_CODE = 'USD'
USE_POINTS = True

ADMIN_USERNAME = 'admin'
ADMIN_PASSWORD = environ.get('OTREE_ADMIN_PASSWORD')

DEMO_PAGE_INTRO_HTML = """A benchmark project: groups of four bid on one live page."""

# A benchmark served on the loopback only; a real deployment sets its own.
SECRET_KEY = environ.get('OTREE_SECRET_KEY', 'livehost-bench-not-secret')
