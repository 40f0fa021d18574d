DELETE FROM audit_actions WHERE action = 'invitation.accept_refused';
