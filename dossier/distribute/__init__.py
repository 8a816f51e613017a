"""Turn one briefing and a recipients list into personalised copies delivered exactly once."""
