"""`otree` inside a livehost component: only `otree.api`, livehost's SDK
under oTree's name, so that an app written for oTree imports unchanged."""
