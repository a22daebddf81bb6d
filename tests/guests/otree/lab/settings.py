from os import environ

SESSION_CONFIGS = [
    dict(
        name='trust',
        display_name='Trust game, two rounds',
        app_sequence=['trust'],
        num_demo_participants=4,
        multiplier=3,
    ),
    dict(
        name='demand',
        display_name='Nash demand game, partners drawn at random',
        app_sequence=['demand'],
        num_demo_participants=4,
    ),
    dict(
        name='market',
        display_name='A double auction',
        app_sequence=['market'],
        num_demo_participants=4,
        trading_seconds=60,
    ),
    dict(
        name='sliders',
        display_name='Real-time sliders for a public good',
        app_sequence=['sliders'],
        num_demo_participants=4,
    ),
    dict(
        name='clock',
        display_name='What the clock and randomness give',
        app_sequence=['clock'],
        num_demo_participants=1,
    ),
    dict(
        name='arrival',
        display_name='Pairs matched as they arrive',
        app_sequence=['arrival'],
        num_demo_participants=4,
    ),
    dict(
        name='lobby',
        display_name='A lobby grouping players of one colour',
        app_sequence=['lobby'],
        num_demo_participants=4,
        wait_limit=1,
    ),
    dict(
        name='trust_unset',
        display_name='Trust game without its multiplier',
        app_sequence=['trust'],
        num_demo_participants=2,
    ),
]

SESSION_CONFIG_DEFAULTS = dict(
    real_world_currency_per_point=0.50,
    participation_fee=5.00,
    doc="",
)

PARTICIPANT_FIELDS = ['history', 'partners']
SESSION_FIELDS = ['groups_paid']

LANGUAGE_CODE = 'en'
REAL_WORLD_CURRENCY_CODE = 'EUR'
USE_POINTS = True

ADMIN_USERNAME = 'admin'
ADMIN_PASSWORD = environ.get('OTREE_ADMIN_PASSWORD')

SECRET_KEY = 'only-for-tests'
