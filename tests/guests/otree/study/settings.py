from os import environ

SESSION_CONFIGS = [
    dict(
        name='study',
        display_name='Consent, guessing game, survey',
        app_sequence=['consent', 'guess', 'survey'],
        num_demo_participants=4,
        treatment='blue',
        rounds_shown=True,
    ),
    dict(
        name='survey_only',
        app_sequence=['survey'],
        num_demo_participants=2,
    ),
]

SESSION_CONFIG_DEFAULTS = dict(
    real_world_currency_per_point=0.10,
    participation_fee=2.00,
    doc="",
    treatment='none',
)

PARTICIPANT_FIELDS = ['consented', 'best_guess']
SESSION_FIELDS = []

LANGUAGE_CODE = 'en'
REAL_WORLD_CURRENCY_CODE = 'EUR'
USE_POINTS = True

ADMIN_USERNAME = 'admin'
ADMIN_PASSWORD = environ.get('OTREE_ADMIN_PASSWORD')

DEMO_PAGE_INTRO_HTML = """A consent form, a guessing game in pairs, and a survey."""

SECRET_KEY = 'only-for-tests'
