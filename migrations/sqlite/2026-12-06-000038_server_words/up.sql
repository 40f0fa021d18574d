-- Failure reasons stored before the mail transport kept only the server's code and words still
-- carry lettre's English framing ("server:permanent error (550): 5.1.1 …"), shown as such on
-- pages in every language. They become the server's code and words; a sign-in or TLS refusal
-- (530, 534, 535, 538, 432, 454) and a failure with no answer (connection, network, TLS, client)
-- become the mail server's configuration (`server:setup:`), as such failures are stored now.
UPDATE members SET invite_error = 'server:setup:' || substr(invite_error, 25, 3)
        || CASE WHEN length(invite_error) > 30 THEN ' ' || substr(invite_error, 31) ELSE '' END
    WHERE (invite_error LIKE 'server:permanent error (___)%'
            OR invite_error LIKE 'server:transient error (___)%')
        AND substr(invite_error, 25, 3) IN ('530', '534', '535', '538', '432', '454');
UPDATE members SET invite_error = 'server:' || substr(invite_error, 25, 3)
        || CASE WHEN length(invite_error) > 30 THEN ' ' || substr(invite_error, 31) ELSE '' END
    WHERE invite_error LIKE 'server:permanent error (___)%'
        OR invite_error LIKE 'server:transient error (___)%';
UPDATE members SET invite_error = 'server:setup:'
    WHERE invite_error LIKE 'server:Connection error%' OR invite_error LIKE 'server:network error%'
        OR invite_error LIKE 'server:tls error%' OR invite_error LIKE 'server:response error%'
        OR invite_error LIKE 'server:internal client error%'
        OR invite_error LIKE 'server:transport has been shut down%';
UPDATE invitations SET error = 'server:setup:' || substr(error, 25, 3)
        || CASE WHEN length(error) > 30 THEN ' ' || substr(error, 31) ELSE '' END
    WHERE (error LIKE 'server:permanent error (___)%' OR error LIKE 'server:transient error (___)%')
        AND substr(error, 25, 3) IN ('530', '534', '535', '538', '432', '454');
UPDATE invitations SET error = 'server:' || substr(error, 25, 3)
        || CASE WHEN length(error) > 30 THEN ' ' || substr(error, 31) ELSE '' END
    WHERE error LIKE 'server:permanent error (___)%' OR error LIKE 'server:transient error (___)%';
UPDATE invitations SET error = 'server:setup:'
    WHERE error LIKE 'server:Connection error%' OR error LIKE 'server:network error%'
        OR error LIKE 'server:tls error%' OR error LIKE 'server:response error%'
        OR error LIKE 'server:internal client error%'
        OR error LIKE 'server:transport has been shut down%';
