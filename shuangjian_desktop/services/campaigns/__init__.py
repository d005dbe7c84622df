"""Special campaigns (专项行动) and joint enforcement (联合执法)."""
