"""AutoMod: the word filter chat asks before a message goes out.

`check_message(channel_id, text)` answers with a `Hit` (why the message is held) or None. The
pieces: `normalise` (what evasions do to text, undone), `compiler` (terms into one pattern),
`library` (the categories' entries and their levels), `matcher` (a channel's compiled filter,
pure) and `channels` (each channel's filter, cached per process and rebuilt on change).
"""

from apps.restrictions.automod.channels import check_message
from apps.restrictions.automod.matcher import Hit

__all__ = ["Hit", "check_message"]
