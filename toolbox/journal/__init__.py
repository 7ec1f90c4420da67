"""The reflection journal: a learner's answers to the points for reflection."""
