"""Workshops: a shared store of participants' answers and the group analytics."""
