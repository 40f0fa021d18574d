-- An invitation's sending time is when the mail or SMS server took the message
-- (domain::delivery::record_sent), no longer when a link was minted for an attempt. Queued and
-- failed invitations were never taken: the times of their refused attempts are cleared. (A
-- revoked one cannot tell whether its message left before; it keeps what it has.)
UPDATE invitations SET sent_at = NULL WHERE status IN ('queued', 'failed');
