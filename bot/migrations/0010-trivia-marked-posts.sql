-- A trivia night's reveals and final scores are posted exactly once across a crash, the way
-- announcements are (bot/marked.py): before posting, the marker the message will carry and
-- the channel's last message id are recorded; a restart finds a recorded but unconfirmed
-- post by reading the channel for its marker, and posts it only if it is not there.

ALTER TABLE trivia_rounds ADD COLUMN reveal_marker TEXT;
ALTER TABLE trivia_rounds ADD COLUMN reveal_cursor INTEGER;
-- The final scores a finished night still owes its channel: 'pending' (not tried yet),
-- 'sending' (marker and cursor recorded), 'posted'; NULL when none are owed.
ALTER TABLE trivia_nights ADD COLUMN scores_state TEXT;
ALTER TABLE trivia_nights ADD COLUMN scores_marker TEXT;
ALTER TABLE trivia_nights ADD COLUMN scores_cursor INTEGER;
