"""What several apps of the study use."""


def treatment_label(config):
    return f"the {config['treatment']} treatment"
