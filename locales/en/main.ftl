# Invitely — English

## Frame
skip-to-content = Skip to content
nav-label = Main navigation
nav-menu = Menu
nav-users = Users
nav-invitations = Invitations
nav-departments = Departments
nav-organisations = Organisations
nav-platform-settings = Platform settings
sign-out = Sign out
switch-org = Switch organisation
customer-number-short = No. { $number }
save = Save
create = Create
cancel = Cancel

## Errors
error-summary-title = There is a problem
error-home = Go to the start page
error-request-id = Request id
error-400-title = The request could not be understood
error-400-text = Please go back and try again.
error-check-box-text = A check box was sent with a value it does not take. Tick it with 1, true, on or yes; leave it unticked with 0, false, off or no. Nothing was saved.
error-403-title = Access denied
error-403-text = You do not have access to this page. Sign in with another account or ask your administrator.
error-404-title = Page not found
error-404-text = The page does not exist or you do not have access to it.
error-409-title = This could not be done
error-409-text = The data changed in the meantime. Reload the page and try again.
error-413-title = Too much data
error-413-text = The submitted data is too large. Nothing was saved.
error-429-title = Too many attempts
error-429-text = Please wait { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
} and try again.
error-500-title = Something went wrong
error-500-text = An unexpected error occurred. Nothing was lost; please try again. If it persists, tell your administrator the request id below.
error-503-title = The service is busy
error-503-text = The server is busy right now. Please try again in a few seconds.
error-503-after-text = The server got too busy to finish this page. What you sent may already have been carried out: check before you send it again.
error-csrf-title = The form has expired
error-csrf-text = For your security this form can no longer be sent. Reload the page and submit it again.

## Field problems
err-too-long = Use at most { $max } characters.
err-length = Enter between { $min } and { $max } characters.
err-required = Fill in this field.
err-email-malformed = Enter an e-mail address like name@example.com.
err-email-taken = Somebody in this organisation already has this e-mail address.
err-phone-malformed = Enter a phone number with its country code, like +7 905 111-11-11.
err-phone-no-country-code = The number has no country code. Write it as 79051111111 or +7 905 111-11-11.
err-phone-taken = Somebody in this organisation already has this phone number.
err-kind = Choose employee or customer.
err-department = Choose a department from the list.
err-department-taken = A department with this name already exists.
err-password-short = The password must have at least 8 characters.
err-password-long = The password must have at most 128 characters.
err-password-common = This password is too common. Choose another one.
err-password-mismatch = The two passwords do not match.
err-seat-limit = Enter a whole number of seats between 1 and { $max }.
err-daily-limit = Enter a whole number of invitations per day between 1 and { $max }.
err-customer-number-taken = Another organisation already has this customer number.
err-org-name-required = Enter the organisation name.
err-customer-number-required = Enter the customer number.

## Sign-in and setup
login-title = Sign in
login-submit = Sign in
login-failed = The e-mail address, phone number or password is not right.
field-email = E-mail
field-password = Password
field-new-password = New password
field-password-confirm = Repeat the password
password-hint = At least 8 characters. A phrase of several words is easy to remember and hard to guess.
setup-title = Create the platform operator
setup-intro = This one-time link creates the first account that manages organisations on this platform.
setup-submit = Create account
setup-done = Your operator account is ready.
setup-invalid-title = This setup link cannot be used
setup-invalid-text = The link is unknown, already used or expired. Run "invitely create-admin --email …" on the server for a new one.

## Home
home-title = Home
home-welcome = You are working in { $org } (customer number { $number }).
home-no-org = You are not a member of any organisation. You can change the language or sign out.
restricted-banner = Your administrator has not given you access yet. You can change your settings or switch organisation meanwhile.
orgs-title = Choose an organisation

## Users
users-title = Users
users-new = New user
users-empty = No users yet. Create one or import a CSV.
users-none-match = No users match these filters.
users-past-end = This page is past the end of the list.
users-first-page = Go to the first page
users-selected = { $count ->
    [one] { $count } user selected
   *[other] { $count } users selected
}
user-card-title = User
user-created = The user was created.
user-saved = The changes were saved.
user-invitation-withdrawn = The contact details changed, so the open invitation was revoked. Send a new one.
filters-label = Filters
filters-toggle = Filters
filter-status = Invitation status
filter-kind = Kind
filter-department = Department
filter-any = Any
filter-apply = Apply filters
search-label = Search users
search-placeholder = Name, e-mail or phone
search-submit = Search
status-all = All
status-not-invited = Not invited
status-waiting = Waiting
status-invited = User invited
status-error = Error
status-active = Active
kind-employee = Employee
kind-customer = Customer
col-name = Name
col-email = E-mail
col-phone = Phone
col-kind = Kind
col-department = Department
col-status = Status
col-last-invited = Last invitation
col-created = Created
col-channel = Channel
col-recipient = Recipient
col-sent = Sent
col-expires = Expires
col-actions = Actions
pager-label = Pages
pager-prev = Previous
pager-next = Next
pager-page = Page { $page }
pager-range = { $first }–{ $last } of { $total }
pager-size = Rows per page:
bulk-send = Send invitation
row-invite = Invite
row-invite-again = Invite again
bulk-select-page = Select all on this page
bulk-all-matching = Select all { $count } matching this filter
bulk-none-selected = Select at least one user first.
bulk-nothing-matched = Nothing was sent: no user matched your selection.
bulk-too-many = More than { $max } users are selected: nothing was sent. Narrow the filter (by status, kind or department) and send again.
bulk-queued = { $count ->
    [0] No invitations queued.
    [one] { $count } invitation queued.
   *[other] { $count } invitations queued.
}
bulk-skipped = { $count } skipped: { $reason }
bulk-send-first = { $count ->
    [one] Send the first { $count } now
   *[other] Send the first { $count } now
}
limit-daily = { $remaining ->
    [0] Nothing was sent: you have no invitations left for today. Try again tomorrow.
    [one] Nothing was sent: only { $remaining } invitation is left for you today. Invite fewer people or try again tomorrow.
   *[other] Nothing was sent: only { $remaining } invitations are left for you today. Invite fewer people or try again tomorrow.
}
limit-seats = { $remaining ->
    [0] Nothing was sent: no seats are left in this organisation.
    [one] Nothing was sent: only { $remaining } seat is left in this organisation.
   *[other] Nothing was sent: only { $remaining } seats are left in this organisation.
}
reason-no-contact = no e-mail or phone
reason-no-email-email-only = no e-mail (the platform sends invitations by e-mail only)
reason-already-active = already active
reason-malformed-email = malformed e-mail
reason-phone-no-country-code = phone without country code
reason-malformed-phone = malformed phone number
field-first-name = First name
field-last-name = Last name
field-phone = Phone
field-kind = Kind
field-department = Department
field-none = None
field-position = Position
field-roles = Roles
field-send-invitation = Send invitation
hint-email-or-phone = The invitation goes to the e-mail address, or by SMS to the phone when there is no e-mail.
hint-email-only = The invitation goes to the e-mail address: this platform sends invitations by e-mail only.
hint-phone = With the country code: +7 905 111-11-11 or 79051111111.
resend = Resend invitation
# The row action in the invitations list: short, so that the actions column fits.
resend-row = Resend

## Invitations
invitations-title = Invitations
invitations-history = Invitations
invitations-none = No invitations yet.
outbox-depth = Invitations waiting to be sent: { $count }
outbox-oldest = { $unit ->
    [minutes] the oldest for { $n } min
    [hours] the oldest for { $n } h
   *[days] the oldest for { $n } d
}
outbox-failed = Not delivered: { $count }
istatus-queued = Queued
istatus-pending = Pending
istatus-expired = Expired
status-note-link-expired = The link expired unanswered: send the invitation again.
istatus-accepted = Accepted
istatus-revoked = Revoked
istatus-failed = Failed
channel-email = E-mail
channel-sms = SMS
resend-selected = Resend selected
revoke = Revoke
revoke-title = Revoke this invitation?
revoke-text = The invitation for { $name } ({ $recipient }) will stop working at once. You can send a new one later.
revoke-confirm = Yes, revoke it
invitation-revoked = The invitation was revoked.
invitation-not-open = This invitation is no longer open.
revoke-closed-text = The invitation for { $name } is now “{ $status }”: there is nothing to revoke.
revoke-closed-back = Back to invitations

## Departments
departments-title = Departments
departments-empty = No departments yet.
departments-add = Add a department
field-department-name = Name
department-created = The department "{ $name }" was created.

## Platform
platform-orgs-title = Organisations
platform-orgs-empty = No organisations yet. Create the first one below.
platform-orgs-new = New organisation
platform-orgs-create = Create and invite the admin
field-org-name = Name
field-customer-number = Customer number
field-seat-limit = Seat limit
field-daily-invite-limit = Invitations per admin per day
field-admin-email = First admin's e-mail
hint-seat-limit = Active members plus open invitations may not exceed this number.
hint-daily-invite-limit = Each inviter may send at most this many invitations in 24 hours (resends count).
hint-admin-email = This person receives an invitation and becomes the organisation's admin on accepting it.
org-created = The organisation { $org } was created.
platform-settings-title = Platform settings
field-verification-method = How invitations are sent
verification-email-or-phone = By e-mail, or by SMS when there is no e-mail
verification-email-only = By e-mail only
settings-saved = The settings were saved.
nothing-changed = Nothing was changed: every value is as it was already.

## Invitee
invite-title = Invitation
invite-eyebrow = You are invited to join
invite-customer-number = Customer number
invite-invited-by = Invited by
invite-for = Invitation for
invite-roles = Roles offered
invite-rights = Rights
invite-rights-admin = Administrator: manages the organisation's users, invitations and settings
invite-valid-until = Valid until
invite-purpose = Accepting gives you access to { $org }.
invite-names-hint = The organisation has no name for you yet: give at least your first or your last name.
invite-new-title = Set your password
invite-err-name-required = Enter your first or last name, so the people you work with can tell who you are.
invite-account = Your sign-in
invite-new-submit = Accept the invitation
invite-existing-title = You already have an account
invite-existing-text = This address already has an account. Enter its password to accept: the organisation is added to that account.
invite-existing-submit = Sign in and accept
invite-accepted = Welcome! You are now a member of { $org }.
invite-wrong-account = This invitation can only be accepted by the account it was sent to. Sign out first.
invite-already-member = This account is already a member of { $org }, so this invitation cannot add it a second time. Sign in to use the organisation; its administrator can withdraw this invitation.
invite-already-member-title = You are already a member
invite-already-member-go = Go to your organisations
invite-already-member-sign-in = Sign in
link-valid-title = Invitation
link-valid-text = This invitation is valid.
link-expired-title = This invitation has expired
link-expired-text = The link was valid for a limited time. Ask the administrator who invited you to send a new invitation.
link-used-title = This invitation has already been used
link-used-text = The invitation was accepted. Sign in with your account.
link-used-text-signed-in = The invitation was accepted: its organisation is in your account if it was yours.
link-revoked-title = This invitation was withdrawn
link-revoked-text = The invitation was withdrawn or replaced by a newer one. Check your mail for a newer invitation, or ask the administrator.
link-unknown-title = This link is not valid
link-unknown-text = Check that you opened the whole link from the message. If it still does not work, ask the administrator for a new invitation.
link-sign-in = Go to sign-in

## E-mails
email-greeting = Hello { $name },
email-greeting-anon = Hello,
email-invite-subject = Invitation to { $org } (customer number { $number })
email-invite-intro = { $inviter } invites you to join { $org } (customer number { $number }).
email-invite-inviter-platform = The platform administrator
email-invite-roles = Roles offered: { $roles }
email-invite-admin = You are invited as an administrator of { $org }: you will manage its users, invitations and settings.
email-invite-personal-message = Personal message:
email-invite-action = To accept, open this link and set your password:
email-invite-button = Accept the invitation
email-invite-expires = The link is valid until { $expires } and can be used once.
email-invite-ignore = If you did not expect this invitation, ignore this message: nothing happens without you.
email-welcome-subject = Welcome to { $org } (customer number { $number })
email-welcome-intro = Your account is ready and you are now a member of { $org } (customer number { $number }).
email-welcome-intro-joined = You are now a member of { $org } (customer number { $number }). Sign in with your account as before: the organisation is in your list.
email-welcome-sign-in = Sign in

# --- sign-in (issue 5) ---
field-email-or-phone = E-mail or phone
field-email-or-phone-hint = A phone number with its country code, e.g. +7 905 111-11-11
invite-signin-failed = The password is not right, or this account cannot sign in.
invite-join-title = This invitation is for your account
invite-join-text = You are signed in with the account it was sent to. Join to add the organisation to it.
invite-join-submit = Join { $org }
invite-other-title = You are signed in as someone else
invite-other-text = This invitation is for { $recipient }, but you are signed in as { $current }. Sign out, and this page opens again for { $recipient }.
invite-sign-out = Sign out

# --- setup links and hygiene ---
setup-bound-intro = This one-time link creates the platform operator account for { $recipient }.
setup-existing-sign-in = An account with the address { $recipient } already exists, and this link does not change its password. Sign in as { $recipient }, then open this link again to make that account a platform operator.
setup-sign-in-any = Sign in with the account that should become a platform operator, then open this link again.
setup-other-address = Use another address
setup-existing-grant = You are signed in as { $recipient }. This link can make your account a platform operator.
setup-grant-submit = Make my account a platform operator
setup-existing-sign-out = You are signed in with another account. Sign out first, then sign in as { $recipient } and open this link again.
setup-granted = Your account is now a platform operator.
settings-sms-title = SMS limits
field-sms-countries = Countries SMS may be sent to
hint-sms-countries = Two-letter country codes separated by commas, for example "RU, KZ". Leave empty to allow every country.
field-sms-daily-cap = SMS per day, whole platform
hint-sms-daily-cap = Counted per calendar day (UTC). Leave empty for no limit.
field-sms-daily-cap-per-org = SMS per day, each organisation
hint-sms-daily-cap-per-org = Counted per calendar day (UTC) for every organisation separately. Leave empty for no limit.
err-sms-country-unknown = "{ $name }" is not a country's code: write two-letter ISO codes such as RU or KZ.
err-sms-cap = Enter a whole number from 0 to { $max }, or leave the field empty.
reason-sms-country-not-allowed = SMS to this country is not allowed on this platform
reason-sms-daily-cap = the daily SMS limit is reached; send again tomorrow

# --- newcomer fixes (cards, not-found page) ---
err-card-name-required = Enter a first or last name.
err-card-contact-required = Enter an e-mail address or a phone number.
hint-card-name = A first or last name is required.
user-unnamed = Unnamed user

# --- typed states ---
reason-internal-error = the message could not be prepared (see the server log)
# A delivery refused by the mail server or the SMS gateway: its code and its own words.
problem-server = the server answered: { $reply }
# A delivery that failed on every attempt before any recipient was named (connection, TLS,
# sign-in): the configuration's problem, not the recipient's.
problem-mail-setup = not sent because of the mail server or Invitely's settings for it, not this address: the server could not be reached on any attempt; the operator should check the SMTP settings and send again
problem-mail-setup-reply = not sent because of the mail server's configuration, not this address: the server refused Invitely's connection or sign-in ({ $reply }); the operator should check the SMTP settings and send again

# --- invitation to an existing account ---
email-invite-action-existing = This address already has an account. To accept, open this link and sign in with it:
email-invite-action-handover = To accept, open this link:

# --- roles and departments: manage, change on the card (issue 7, h-roles) ---
nav-roles = Roles
roles-title = Roles
roles-intro = A role gives a member access in this organisation. Members without a role see only home, help and settings until an admin gives them one.
roles-empty = No roles yet.
roles-add = Add a role
col-role = Role
col-members = Members
col-open-invitations = Open invitations
field-name = Name
rename = Rename
delete = Delete
err-role-taken = A role with this name already exists.
err-role-separator = A role name cannot contain "|": CSV files use it to separate roles.
role-created = The role "{ $name }" was created.
role-renamed = The role is now called "{ $name }".
role-deleted = The role "{ $name }" was deleted.
role-edit-title = Role "{ $name }"
role-reach-members = { $count ->
    [0] No member holds this role yet;
    [one] { $count } member holds this role;
   *[other] { $count } members hold this role;
}
role-reach-invitations = { $count ->
    [0] no open invitation offers it. A new name is shown everywhere at once.
    [one] { $count } open invitation offers it. A new name is shown everywhere at once.
   *[other] { $count } open invitations offer it. A new name is shown everywhere at once.
}
role-delete = Delete role
role-delete-title = Delete the role "{ $name }"?
role-delete-members = { $count ->
    [0] No member holds this role.
    [one] { $count } member loses this role.
   *[other] { $count } members lose this role.
}
role-delete-restricted = { $count ->
    [0] Nobody is left without a role.
    [one] { $count } of them has no other role and goes back to restricted access.
   *[other] { $count } of them have no other role and go back to restricted access.
}
role-delete-invitations = { $count ->
    [0] No open invitation offers this role.
    [one] { $count } open invitation no longer offers it; the invitation itself stays valid.
   *[other] { $count } open invitations no longer offer it; the invitations themselves stay valid.
}
department-edit-title = Department "{ $name }"
department-reach-members = { $count ->
    [0] No member is in this department yet;
    [one] { $count } member is in this department;
   *[other] { $count } members are in this department;
}
department-reach-cards = { $count ->
    [one] { $count } card of someone who is not a member is in it too;
   *[other] { $count } cards of people who are not members are in it too;
}
department-reach-invitations = { $count ->
    [0] no open invitation places anyone in it.
    [one] { $count } open invitation places its invitee in it.
   *[other] { $count } open invitations place their invitees in it.
}
department-delete = Delete department
department-delete-title = Delete the department "{ $name }"?
department-delete-members = { $count ->
    [0] No member is in this department.
    [one] { $count } member keeps the card, with no department.
   *[other] { $count } members keep their cards, with no department.
}
department-delete-invitations = { $count ->
    [0] No open invitation places anyone in it.
    [one] { $count } open invitation no longer places its invitee in it; the invitation stays valid.
   *[other] { $count } open invitations no longer place their invitees in it; the invitations stay valid.
}
department-renamed = The department is now called "{ $name }".
department-deleted = The department "{ $name }" was deleted.
hint-card-no-role = No role: this member has restricted access until you give one.
hint-card-create-roles = No roles yet: create roles to give access.
user-access-granted = Access granted: the member was told by e-mail.
email-access-subject = You now have access to { $org } (customer number { $number })
email-access-intro = An administrator of { $org } (customer number { $number }) has given you access. Your restricted access has ended.
email-access-roles = Your roles: { $roles }
email-access-sign-in = Sign in
# --- organisation settings, audit page, inviter notices (issue 7, h-settings) ---
nav-org-settings = Settings
nav-audit = Audit
org-settings-title = Organisation settings
org-settings-saved = Settings saved.
org-settings-revoked = { $count ->
    [one] { $count } pending invitation sent by a member who is not an admin was revoked.
   *[other] { $count } pending invitations sent by members who are not admins were revoked.
}
org-settings-confirm-revoke = { $count ->
    [one] Only admins will be able to invite. { $count } pending invitation was sent by a member who is not an admin: saving revokes it, and its link stops working.
   *[other] Only admins will be able to invite. { $count } pending invitations were sent by members who are not admins: saving revokes them, and their links stop working.
}
org-settings-save-and-revoke = { $count ->
    [one] Save and revoke { $count } invitation
   *[other] Save and revoke { $count } invitations
}
org-settings-apps-title = Mobile apps
field-invite-policy = Who may invite
hint-invite-policy = Members who are not admins invite without the admin-only options (admin rights).
invite-policy-everyone = Every member
invite-policy-admins-only = Admins only
field-lifetime-hours = Invitation links stay valid for (hours)
hint-lifetime-hours = From 1 to { $max } hours (the platform's maximum), counted from sending.
err-lifetime-hours = Enter a whole number of hours from 1 to { $max }.
field-default-locale = Language of invitations and messages
hint-default-locale = Used when no language was chosen for the recipient.
language-en = English
language-ru = Russian
hint-app-urls = Shown in invitation and welcome e-mails to members of that kind. Leave empty to show none.
field-employee-app-url = App link for employees
field-customer-app-url = App link for customers
err-app-url = Enter a link starting with https://, for example https://apps.example.com/app.
field-default-message = Default personal message
hint-default-message = Filled in as the personal message on the invite form, where it can be changed for each sending. Invitations sent from a card, the users table or an import carry no personal message.
field-message-language = Language of the invitation
# Short: a select cannot wrap its options (375 px); the rest is the hint below.
message-language-org-default = As last sent
message-language-hint = If none was sent before: the organisation's language.
message-language-accounts = Someone who already has an account gets the message in the language of their account.
audit-title = Audit
audit-filter-actor = Who
audit-filter-action = What
audit-filter-from = From
audit-filter-to = To
audit-empty = No events match.
audit-col-when = When
audit-col-actor = Who
audit-col-action = What
audit-col-subject = About
audit-col-details = Details
audit-actor-system = System
audit-range = { $first }–{ $last } of { $total }
audit-range-none = 0 of { $total }
err-date = Enter a date like 2026-12-31.
err-date-order = The end date is before the start date. Choose an end date on or after it.
audit-org-created = Organisation created
audit-member-created = User created
audit-member-updated = User changed
audit-invitation-created = Invited
audit-invitation-resent = Invitation resent
audit-invitation-accepted = Invitation accepted
audit-invitation-revoked = Invitation revoked
audit-invitation-renewed = Invitation renewed
audit-invitation-failed = Invitation not delivered
audit-invitation-unknown-token = Unknown invitation link
audit-setup-unknown-token = Unknown setup link
audit-reset-unknown-token = Unknown password reset link
audit-throttled = Too many attempts refused
audit-accept-refused = Invitation acceptance refused
audit-limit-daily = Refused: daily invitation limit
audit-limit-seats = Refused: no seats left
audit-settings-changed = Settings changed
audit-org-settings-changed = Organisation settings changed
audit-role-created = Role created
audit-role-renamed = Role renamed
audit-role-deleted = Role deleted
audit-department-created = Department created
audit-department-renamed = Department renamed
audit-department-deleted = Department deleted
audit-member-roles-changed = Member roles changed
audit-operator-created = Platform operator created
audit-operator-granted = Platform operator rights granted
audit-operator-grant-refused = Platform operator link refused
audit-signin-ok = Signed in
audit-signin-failed = Sign-in failed
audit-signout = Signed out
audit-csrf-refused = Form refused (CSRF)
audit-origin-refused = Cross-site request refused
email-app-line = Our mobile app:
email-accepted-subject = { $member } accepted your invitation to { $org } (customer number { $number })
email-accepted-intro = { $member } accepted your invitation and is now a member of { $org } (customer number { $number }).
email-accepted-no-role = They have no role yet, so their access is restricted. Give them a role on their card:
email-accepted-grant-access = Grant access

# --- issue 7: the life of an invitation (invitations list, renew, bulk progress) ---
istatus-replaced = Replaced
filter-inviter = Invited by
filter-role = Role
col-inviter = Invited by
invitations-search-label = Search invitations
invitations-search-placeholder = Name, e-mail or phone
invitations-none-hint = Invite people from the users table.
invitations-none-match = No invitations match this filter.
invitations-none-selected = Tick at least one invitation first.
invitations-range = { $range } of { $total }
revoke-selected = Revoke selected
revoke-selected-confirm = Revoke the ticked invitations? Their links stop working at once.
revoke-many-title = { $count ->
    [one] Revoke { $count } invitation?
   *[other] Revoke { $count } invitations?
}
revoke-many-text = Their links stop working at once. You can send new ones later.
revoke-many-not-open = not open: stays as it is
revoke-many-confirm = Yes, revoke them
renew = Renew
invitation-renewed = A new invitation with the same terms was queued; the old link no longer works.
invitation-not-expired = Only an expired invitation can be renewed.
bulk-resent = { $count ->
    [one] 1 resent
   *[other] { $count } resent
}
bulk-superseded = { $count ->
    [one] 1 skipped: already resent (a newer invitation followed it)
   *[other] { $count } skipped: already resent (a newer invitation followed them)
}
bulk-revoked = { $count ->
    [one] 1 revoked
   *[other] { $count } revoked
}
bulk-not-open = not open ({ $status })
batch-title = Sending invitations
batch-started = Started { $time }
batch-queued = Waiting
batch-sent = Invited
batch-failed = Error
batch-cancelled = Cancelled
batch-running = Sending: { $handled } of { $total } handled
batch-done = Done: { $sent } invited, { $errors ->
    [one] { $errors } error
   *[other] { $errors } errors
}
batch-to-invitations = See this send's invitations
batch-see-failed = See the failed ones
batch-to-users = Back to users

# --- issue 7: ways to invite (invite form, mass invite, mail app, members invite) ---
nav-invite = Invite
invite-form-title = Invite people
invite-intro = Type up to five people one by one, or paste a longer list of addresses. Everyone gets a personal link by e-mail or SMS.
invite-rows = People to invite
invite-tabs-label = How to enter the people
invite-tab-rows = One by one
invite-tab-many = Many addresses
invite-row-contact = E-mail or phone { $count }
invite-mass = Mass invite: paste a list
invite-mass-hint = Addresses and phone numbers separated by spaces, commas, semicolons or new lines. Also "Name <e@x.com>" and "Last, First" <e@x.com>. Phones with the country code, e.g. +7 905 111-11-11.
invite-roles-member-hint = You can give only the roles you hold yourself.
invite-message = Personal message
invite-message-hint = Shown in the invitation above the link. Up to 2000 characters.
invite-language = Language of the invitation
invite-language-name = English
invite-resend = Resend to those already invited
invite-grant-admin = Make them administrators of the organisation
invite-preview = Preview the message
invite-send = Send invitations
invite-mailapp = Open in my mail app
invite-mailapp-hint = "Open in my mail app" creates the invitations the same way, but sends no e-mail: you send each personal link from your own mail program.
invite-preview-title = The message as the recipient gets it
invite-preview-hint = The link in the real message is personal; here it is a placeholder. Edit the message below and preview again, or send.
invite-preview-language = Language
invite-preview-subject = Subject
invite-preview-text = Plain text
invite-preview-html = Formatted (HTML)
invite-err-empty = Enter at least one e-mail address or phone number.
invite-err-message-long = The personal message is longer than 2000 characters.
invite-err-row-no-contact = This row has a name but no e-mail address or phone number: add one, or clear the name.
invite-err-none-valid = None of these can be invited: correct the addresses and numbers marked below.
invite-err-role-gone = A role you chose no longer exists: choose the roles again.
invite-err-department-gone = The department you chose no longer exists: choose another.
invite-lines-caption = What was typed, item by item
invite-col-typed = Typed
invite-col-name = Name
invite-col-result = Result
invite-item-valid = ready to invite
invite-item-queued = invitation queued ({ $name })
invite-item-resent = already invited; invitation sent again ({ $name })
invite-item-invited-by-another = already invited by someone else; an administrator can send it again
invite-item-already-invited = already invited; not sent again (tick "Resend to those already invited")
invite-item-already-member = already a member
invite-item-former-member = was a member and left or was removed; only an administrator can invite them again
invite-item-duplicate = duplicate in the list: taken once, with the result shown for its first line
invite-item-not-a-contact = neither an e-mail address nor a phone number
invite-summary-handed = { $count ->
    [one] { $count } link ready for your mail app.
   *[other] { $count } links ready for your mail app.
}
invite-summary-not-sent = { $count ->
    [one] { $count } not sent: see why below.
   *[other] { $count } not sent: see why below.
}
invite-item-mailapp = link ready for your mail app (no e-mail sent)
invite-item-over-limit = not sent: over the limit
invite-done-title = Invitation results
invite-mailapp-title = Send from your mail app
invite-mailapp-links = Personal links
invite-mailapp-warning = Each link lets one person join. Send each message only to its recipient. This page is not stored; the links are not shown again.
invite-mailapp-none = No e-mail invitation was created, so there is nothing to send from your mail app.
invite-mailapp-open = Write to { $recipient }
invite-mailapp-link = Link:
invite-more = Invite more
invite-correct-again = Correct the entries not read
invite-go-invitations = Go to invitations
invite-close = Close

## phones
sms-invite = { $org } invites you: { $link } (until { $expires })
sms-invite-short = { $org } invites you: { $link }
## platform
nav-platform-audit = Operator log
nav-platform-accounts = Accounts
platform-accounts-title = Accounts
platform-accounts-search-label = E-mail address or phone number
platform-accounts-search-placeholder = E-mail or phone, or how it begins
platform-accounts-empty = No accounts yet.
platform-accounts-none-found = No account's e-mail address or phone number begins with that.
platform-accounts-more = Only the newest { $count } are shown: search to narrow the list.
platform-accounts-col-orgs = Organisations
account-status-active = Active
account-status-disabled = Disabled
account-operator = Operator
platform-account-title = Account: { $name }
platform-back-to-accounts = ← All accounts
platform-account-created = Created
platform-account-disabled-since = since { $since }
platform-account-memberships = Organisations
platform-account-no-memberships = Not a member of any organisation.
platform-account-admin = administrator
platform-account-disable-title = Disable this account
platform-account-disable-what = { $name } will no longer be able to sign in, and will be signed out everywhere at once. { $count ->
    [0] No invitation they sent is still open.
    [one] The invitation they sent that is still open will be withdrawn.
   *[other] The { $count } invitations they sent that are still open will be withdrawn.
} Their organisations and cards stay as they are, and you can enable the account again.
platform-account-disable = Disable account
platform-account-enable-title = Enable this account
platform-account-enable-what = { $name } can sign in again with their password. Invitations withdrawn when the account was disabled stay withdrawn.
platform-account-enable = Enable account
platform-account-own = This is your own account: only another operator can disable it.
platform-account-disabled-flash = { $name } is disabled and signed out everywhere. { $count ->
    [0] No invitations were open.
    [one] { $count } open invitation withdrawn.
   *[other] { $count } open invitations withdrawn.
}
platform-account-enabled-flash = { $name } is enabled again.
platform-account-already-disabled = Nothing changed: the account is already disabled.
platform-account-already-enabled = Nothing changed: the account is already enabled.
audit-account-disabled = Account disabled
audit-account-enabled = Account enabled
platform-orgs-search-label = Search by name or customer number
platform-orgs-search-placeholder = Name or customer number
platform-orgs-none-found = No organisation matches this search.
platform-orgs-more = Only the first { $count } are shown; narrow the search to see the others.
platform-col-members = Members
platform-col-pending = Pending invitations
platform-col-status = Status
org-status-enabled = Enabled
org-status-disabled = Disabled
platform-org-edit-title = Organisation { $org }
platform-back-to-orgs = ← All organisations
field-org-enabled = Enabled
hint-org-enabled = Untick to disable the organisation: its members can no longer open it (their other organisations are not affected) and its pending invitation links stop working at once. Enabling it again lets the members back in; revoked invitations must be sent again.
org-disable-confirm-title = Disable { $org }?
org-disable-confirm = { $count ->
    [0] It has no pending invitation to withdraw.
    [one] Its { $count } pending invitation is revoked at once: the link stops working, and enabling the organisation again does not bring it back.
   *[other] Its { $count } pending invitations are revoked at once: their links stop working, and enabling the organisation again does not bring them back.
} { $members ->
    [0] No member loses access.
    [one] { $members } member loses access until it is enabled again.
   *[other] { $members } members lose access until it is enabled again.
}
org-disable-and-revoke = { $count ->
    [0] Disable the organisation
    [one] Disable and withdraw { $count } invitation
   *[other] Disable and withdraw { $count } invitations
}
org-saved = Changes saved.
org-disabled-done = { $count ->
    [one] { $org } is disabled; { $count } pending invitation was revoked.
   *[other] { $org } is disabled; { $count } pending invitations were revoked.
}
org-enabled-done = { $org } is enabled again; its members can open it.
platform-audit-title = Operator log
audit-org-updated = Organisation edited
audit-org-disabled = Organisation disabled
audit-org-enabled = Organisation enabled
error-org-disabled-title = This organisation is disabled
error-org-disabled-text = The platform administrator has disabled this organisation, so its pages are closed for now. You are still a member: access returns when it is enabled again. Your other organisations are not affected.
error-org-disabled-link = Your organisations
link-org-disabled-title = This organisation is disabled
link-org-disabled-text = The organisation that sent this invitation has been disabled by the platform administrator, so the invitation can no longer be accepted. If you expected it, contact the organisation.
orgs-disabled-title = Disabled organisations
orgs-disabled-hint = { $count ->
    [one] Disabled by the platform; access returns when it is enabled again.
   *[other] Disabled by the platform; access to each returns when it is enabled again.
}
orgs-closed-title = { $count ->
    [one] Your organisation is disabled
   *[other] Your organisations are disabled
}
orgs-closed-text = You are still a member and nothing needs doing on your side. Meanwhile you can change the language or sign out.
field-default-phone-region = Default phone region
hint-default-phone-region = Two-letter region code (for example RU). A number written as it is dialled inside that region, with its trunk prefix (8 905 111-11-11 for RU), is read as that region's; a number with neither a country code nor the prefix is still refused. Leave empty to require the country code.
err-phone-region = Enter a two-letter region code such as RU or DE, or leave the field empty.
field-default-lifetime-hours = Invitation lifetime for new organisations (hours)
hint-default-lifetime-hours = From 1 to { $max } hours; offered when an organisation is created.
field-two-factor = Two-factor sign-in
two-factor-operators = Require two-factor sign-in for platform operators
two-factor-admins = Require two-factor sign-in for organisation admins
## leave
audit-member-left = Member left the organisation
audit-member-removed = Member removed from the organisation
leave-title = Leave { $org }
leave-step-1 = Step 1 of 2
leave-step-2 = Step 2 of 2: final confirmation
leave-intro = You are about to leave { $org } (customer number { $number }). You keep your account and your other organisations.
leave-two-steps = Leaving takes two confirmations. Nothing changes until you confirm on the next page, where you will see exactly what you lose.
leave-continue = Continue
leave-stay = Stay in the organisation
leave-last-admin = You are the only administrator of { $org }, so you cannot leave it.
leave-last-admin-how = An organisation must keep at least one administrator. First name another one: on the Users page, open the card of the member who should take over and press "Make administrator" (or invite someone new on the Invite page with "Make them administrators of the organisation" ticked, and wait until they accept). Then come back here to leave.
leave-invite-admin = Invite another administrator
leave-final-title = Leave { $org } (customer number { $number })?
leave-losses = When you leave, at once:
leave-lose-access = you lose all access to { $org } (customer number { $number }): its pages, its users and its data;
leave-lose-admin = you lose your administrator rights in it;
leave-lose-roles = you lose your roles in it: { $roles };
leave-lose-no-roles = you hold no roles in it, so there are none to lose;
leave-lose-department = you leave its department { $department };
leave-lose-invitations = { $count ->
    [one] the invitation you sent that is still open is revoked;
   *[other] the { $count } invitations you sent that are still open are revoked;
}
leave-lose-sessions = this applies on every device where you are signed in;
leave-lose-return = to come back, an administrator of the organisation must invite you again.
leave-understood = I understand that I lose my access to { $org }, and my roles in it
leave-err-understood = Tick the box to confirm that you want to leave.
leave-final-button = Leave { $org }
leave-done = You have left { $org } (customer number { $number }). Its administrators have been told.
none-title = You are not a member of any organisation
none-text = Your account no longer belongs to any organisation, so there is nothing to open. An organisation's administrator can invite you again.
none-language = Language
none-delete-title = Deleting your account
none-delete-text = Your account cannot be deleted automatically yet. To have it deleted, write to the administrator of an organisation you belonged to, or to the platform's support, and give the address you sign in with: { $contact }.
remove-button = Remove from organisation
remove-title = Remove { $name } from the organisation
remove-intro = { $name } will no longer be a member of { $org }. At once, on every device:
remove-lose-admin = they lose their administrator rights;
remove-lose-roles = they lose their roles: { $roles };
remove-lose-department = they leave the department { $department };
remove-lose-invitations = { $count ->
    [one] the invitation they sent that is still open is revoked;
   *[other] the { $count } invitations they sent that are still open are revoked;
}
remove-keeps-account = they keep their account and their other organisations;
remove-invite-again = their card stays, and you can invite them again later.
remove-confirm = Remove from organisation
remove-back = Back to the card
remove-done = { $name } was removed from the organisation. Their card stays; you can invite them again.
remove-not-member = { $name } is not an active member of the organisation, so there is nothing to remove.
remove-self = You cannot remove yourself here. To stop being a member, leave the organisation from your account settings.
remove-last-admin = { $name } is the only administrator of the organisation and cannot be removed.
email-left-subject = { $member } left { $org } (customer number { $number })
email-left-intro = { $member } has left { $org } (customer number { $number }).
email-left-intro-contact = { $member } ({ $contact }) has left { $org } (customer number { $number }).
email-left-consequences = Their access ended at once; their roles were removed and the invitations they sent that were still open were revoked. Their card stays in the list of users.
email-left-card = To invite them again, open their card:
email-left-card-button = Open their card
## account
nav-account = Account
account-title = Your account
account-language-title = Language
account-language-intro = Pages, e-mails and SMS sent to you use this language.
field-language = Language
account-language-save = Save the language
account-language-saved = The language was saved.
account-password-title = Password
account-password-intro = After the change you stay signed in here; every other device is signed out.
field-current-password = Current password
account-password-save = Change the password
account-password-changed = Your password was changed. Every other device was signed out.
account-password-wrong = The current password is not right.
account-memberships-title = Your organisations
account-memberships-empty = You are not a member of any organisation.
account-col-org = Organisation
account-col-number = Customer number
account-col-kind = Kind
account-col-roles = Roles
account-col-admin = Administrator
account-col-since = Member since
account-col-actions = Actions
account-admin-yes = Yes
account-admin-no = No
account-no-roles = No role yet
account-leave = Leave
account-leave-label = Leave { $org }
login-forgot = Forgot your password?
login-reset-done = Your password was set. Sign in with the new password.
forgot-title = Forgot your password
forgot-intro = Type the e-mail address or phone number you sign in with. We will send a link to set a new password.
forgot-submit = Send the link
forgot-err-identifier = Type an e-mail address (name@example.com) or a phone number with its country code (+7 905 111-11-11).
forgot-sent-title = Check your messages
forgot-sent-text = If an account signs in with { $recipient }, we have sent it a link to set a new password, by e-mail or SMS. The link works once, for one hour.
forgot-sent-nothing = Nothing arrived within a few minutes? Check the spam folder, or ask again.
forgot-back-login = Back to sign-in
reset-title = Set a new password
reset-intro = A new password for { $recipient }. Afterwards every device is signed out, and you sign in with the new password.
reset-submit = Set the password
reset-dead-title = This link no longer works
reset-dead-text = A password link works once, for one hour, and stops working when the password is changed. Ask for a new link.
reset-dead-again = Ask for a new link
email-reset-subject = Set a new Invitely password
email-reset-intro = Someone, hopefully you, asked to set a new password for your Invitely account.
email-reset-action = To set a new password, open this link:
email-reset-button = Set a new password
email-reset-expires = The link is valid until { $expires } and can be used once.
email-reset-ignore = If you did not ask for this, ignore this message: your password stays as it is.
sms-reset-text = Invitely: your link to set a new password (1 hour):
email-password-changed-subject = Your Invitely password was changed
email-password-changed-intro = The password of your Invitely account was changed on { $changed }.
email-password-changed-sessions = Every device still signed in with the old password was signed out.
email-notice-not-you = If this was not you, set a new password at once with this link, and tell your administrator:
email-notice-button = Set a new password
email-password-set-subject = Your Invitely password was set
email-password-set-intro = A password was set for your new Invitely account on { $changed }.
sms-password-changed = Invitely: your password was changed on { $changed }. Not you? Set a new one:
sms-password-set = Invitely: a password was set for your new account on { $changed }. Not you? Set a new one:
email-two-factor-off-subject = Two-factor sign-in was turned off for your Invitely account
email-two-factor-off-intro = Two-factor sign-in was turned off for your Invitely account on { $changed }.
sms-two-factor-off = Invitely: two-factor sign-in was turned off on { $changed }. Not you? Set a new password:
sms-welcome = Invitely: welcome to { $org }, your account is ready. Sign in:
sms-welcome-joined = Invitely: you are now a member of { $org }. Sign in:
audit-password-changed = Password changed
audit-password-reset-requested = Password link asked for
audit-password-reset = Password set with a link
## totp
audit-two-factor-enabled = Two-factor sign-in turned on
audit-two-factor-disabled = Two-factor sign-in turned off
audit-two-factor-recovery-regenerated = New recovery codes made
audit-two-factor-recovery-used = Recovery code used to sign in
two-factor-title = Two-factor sign-in
two-factor-required-notice = The platform requires two-factor sign-in for your account. Set it up to continue; until then only this page and signing out are available.
two-factor-enrol-intro = After your password, you will also enter a six-digit code from an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator, Aegis or 2FAS).
two-factor-enrol-scan = Scan this QR code with your authenticator app.
two-factor-qr-alt = QR code to add Invitely ({ $name }) to an authenticator app
two-factor-enrol-type = Or add it by hand with this key:
two-factor-secret = Key
two-factor-issuer = Issuer
two-factor-account = Account
two-factor-kind = Type
two-factor-kind-value = Time-based (TOTP), 6 digits, every 30 seconds
two-factor-enrol-code = Enter the six-digit code the app shows
two-factor-enrol-submit = Turn on two-factor sign-in
two-factor-code-missing = Enter the code from your authenticator app.
two-factor-code-wrong = That code is not right. Check the app and enter the code it shows now.
two-factor-code-reused = That code has already been used. Wait for the app to show a new one and enter it.
two-factor-codes-title = Your recovery codes
two-factor-codes-intro = Two-factor sign-in is on.
two-factor-codes-once = Save these codes somewhere safe now: they are shown only this once. If you lose your phone, sign in with one of them instead of a code.
two-factor-codes-each-once = Each code works once.
two-factor-codes-done = I have saved the codes
two-factor-on-since = Two-factor sign-in is on since { $time }.
two-factor-recovery-left = { $count ->
    [one] You have 1 unused recovery code.
   *[other] You have { $count } unused recovery codes.
}
two-factor-regenerate-title = New recovery codes
two-factor-regenerate-text = Makes ten new codes; the old ones stop working.
two-factor-field-current-code = Current code from your app
two-factor-field-or-password = Or your password
two-factor-regenerate-submit = Make new recovery codes
two-factor-disable-title = Turn off two-factor sign-in
two-factor-disable-text = Enter a current code from your app, or your password.
two-factor-disable-submit = Turn off
two-factor-disable-failed = Enter a current code from your app or your password to turn two-factor sign-in off.
two-factor-disabled = Two-factor sign-in is off.
two-factor-required-cannot-disable = The platform requires two-factor sign-in for your account, so it cannot be turned off.
two-factor-step-title = Enter your sign-in code
two-factor-step-text = Your account uses two-factor sign-in. Enter the six-digit code from your authenticator app.
two-factor-step-hint = Lost your phone? Enter one of your recovery codes instead.
two-factor-field-code = Code
two-factor-step-submit = Sign in
two-factor-step-cancel = Cancel and sign out
nav-two-factor = Two-factor sign-in

## lead: account page, two-factor panel
account-two-factor-intro = A code from an app on your phone at every sign-in, as well as your password.
account-two-factor-on = On since { $since }
account-two-factor-off = Off: only your password is asked for.
account-two-factor-manage = Set up or manage two-factor sign-in

## import-read
import-err-too-large = The file is larger than { $size }. Split it into several files and upload them one by one.
import-err-too-many-rows = The file has more than { $limit } rows. Split it into several files and upload them one by one.
import-err-empty = The file is empty. Choose a CSV file with a header row and at least one row of users.
import-err-no-rows = The file has its header row but no users under it. Add one row per user below the header and upload the file again.
import-err-not-text = This file is not a CSV text file. In Excel choose File → Save As → "CSV UTF-8 (comma delimited)" and upload that file.
import-err-no-known-columns = The first row of the file names none of the known columns. Add a header row with column names such as email, phone, first_name, last_name (or почта, телефон, имя, фамилия).
import-err-no-contact-column = The file has neither an email nor a phone column. Add at least one of them so that invitations can be sent.
import-err-duplicate-column = The column "{ $column }" appears twice in the header row. Remove or rename one of them.
import-err-unknown-column = The header row has a column "{ $column }" that is not known. Rename it to one of email, phone, first_name, last_name, kind, department, position, roles, or delete the column.
import-err-malformed = Line { $line } of the file cannot be read: it has a quote that is never closed, or more cells than the header row. Correct that line and upload the file again.
import-err-unnamed-column = Column { $column } has no name in the header row, but line { $line } has a value in it. Name that column in the first row (or delete the column) and upload the file again.
## import
nav-import = Import
import-title = Import users from a CSV file
import-intro = Upload a CSV file: you will see what every row would do before anything is saved. Nothing changes until you confirm.
import-problem-title = The file could not be read
import-field-file = CSV file
import-file-hint = UTF-8 or Windows-1251, comma or semicolon separated, with a header row. Up to { $size } and { $rows } rows.
import-field-kind = Type of new users
import-kind-hint = Used for rows whose "kind" column is empty.
import-send-hint = New users, and existing users with the status { status-not-invited }, get an invitation once the import is confirmed. Your daily invitation limit and the organisation's seats apply.
import-upload = Upload and review
import-columns-title = Columns
import-columns-text = The first row names the columns; these are understood:
import-columns-any-order = Any order, any case; Russian names work too (почта, телефон, имя, фамилия, тип, отдел, должность, роли).
import-columns-roles = Several roles are separated by "|". Kind is "employee" or "customer".
import-columns-update = A row whose e-mail (or else phone) belongs to an existing user updates that user; empty cells keep what the user's card holds.
import-columns-export = An export of the users table has exactly these columns:
import-export-link = download the users as CSV
import-recent-title = Recent imports
import-col-file = File
import-col-uploaded = Uploaded
import-col-rows = Rows
import-status-review = Waiting for review
import-status-committing = Importing
import-status-done = Done
import-status-stopped = Stopped
import-review-title = Import review
import-review-heading = Import of { $file }
import-uploaded-at = Uploaded { $time }
import-summary-title = What this file would do
import-review-intro = Nothing is saved yet. Check the rows below, then confirm the import.
import-problems-title = Rows that will not be imported
import-download-rejected = Download the rows with errors (CSV)
import-create-departments = { $count ->
    [one] Create the missing department
   *[other] Create the { $count } missing departments
}
import-will-invite = Invitations will be sent to the new users and to existing users with the status { status-not-invited }.
import-will-not-invite = No invitations will be sent.
import-demand = { $count ->
    [one] This import would send { $count } invitation.
   *[other] This import would send { $count } invitations.
}
import-demand-departments = With the missing departments created: { $count }.
import-daily-left = { $count ->
    [one] You may send { $count } more today.
   *[other] You may send { $count } more today.
}
import-seats-left = { $count ->
    [one] { $count } seat is left in the organisation.
   *[other] { $count } seats are left in the organisation.
}
import-held = Imports still being written hold { $count } of what was left.
import-without-email = { $count ->
    [one] { $count } row has no e-mail address: the platform sends invitations by e-mail only, so that user is saved without one and marked with the error.
   *[other] { $count } rows have no e-mail address: the platform sends invitations by e-mail only, so those users are saved without one and marked with the error.
}
import-over-limit = That is more than is left: confirming would import nothing. Upload a shorter file, or upload it again without "Send invitation".
import-over-limit-departments = With the missing departments created, that would be more than is left: confirming with them would import nothing.
import-refused-daily = Nothing was imported: the file's invitations ({ $asked }) are more than you may still send today ({ $remaining }). Upload a shorter file, upload it again without "Send invitation", or try again tomorrow.
import-refused-seats = Nothing was imported: the file's invitations ({ $asked }) are more than the seats left in the organisation ({ $remaining }). Upload a shorter file, or upload it again without "Send invitation".
import-commit = { $count ->
    [one] Import { $count } row
   *[other] Import { $count } rows
}
import-commit-invite = { $count ->
    [one] Import { $count } row
   *[other] Import { $count } rows
} and send { $invitations ->
    [one] { $invitations } invitation
   *[other] { $invitations } invitations
}
import-start-over = Upload another file
import-another = Import another file
import-progress-title = Progress
import-invitations-title = Invitations
import-state-review = Waiting for your confirmation.
import-state-stopped = Stopped after { $done } of { $total } rows: the import could not go on (the organisation was disabled, or its rows could not be written). The rest were not imported: upload the file again to import them — the rows already imported will show as unchanged.
import-state-running = Importing: { $done } of { $total } rows.
import-state-sending = Rows imported. Sending invitations: { $handled } of { $total }.
import-state-done = Done: { $written ->
    [one] { $written } user saved
   *[other] { $written } users saved
}, { $refused ->
    [one] { $refused } row refused
   *[other] { $refused } rows refused
}.
import-state-done-invited = Done: { $written ->
    [one] { $written } user saved
   *[other] { $written } users saved
}, { $invitations ->
    [one] { $invitations } invited
   *[other] { $invitations } invited
}, { $refused ->
    [one] { $refused } row refused
   *[other] { $refused } rows refused
}.
import-rows-title = Rows
import-filter-label = Filter rows by outcome
import-outcome-all = All
import-outcome-new = New user
import-outcome-update = Update
import-outcome-unchanged = Unchanged
import-outcome-error = Error
import-no-rows = No rows here.
import-range = Rows { $range } of { $total }
import-col-line = Line
import-col-contact = E-mail / phone
import-col-kind = Kind
import-col-department = Department
import-col-roles = Roles
import-col-outcome = Outcome
import-row-invited = invitation created
import-error-column = error
import-problem-malformed-email = The e-mail address is not valid.
import-problem-phone-no-country-code = The number has no country code. Write it as 79051111111 or +7 905 111-11-11.
import-problem-malformed-phone = The phone number is not valid.
import-problem-no-name = A new user needs a first or last name.
import-problem-no-contact = The row has neither an e-mail address nor a phone number.
import-problem-unknown-kind = Unknown kind: use "employee" or "customer".
import-problem-unknown-department = No such department (tick "Create the missing departments" to add it).
import-problem-unknown-role = No such role.
import-problem-duplicate-in-file = The same e-mail or phone appears in an earlier row.
import-problem-contact-conflict = The e-mail belongs to one user and the phone to another.
import-problem-seat-limit = No seats left for another invitation.
import-problem-daily-limit = Your daily invitation limit is used up.
import-problem-too-long = A cell is too long (names, position and department: 100 characters, e-mail: 254).
audit-import-committed = Import confirmed
audit-import-finished = Import finished
## users-export
users-export = Export CSV
users-export-hint = Downloads every user matching the current filters, in the import's columns.
audit-users-exported = Users exported as CSV

## help

nav-help = Help
help-title = Help
help-intro = Invitely brings people into an organisation by invitation. This page explains how it works for the people invited and for the admins who invite them.
help-invited-title = You were invited
help-invited-text = Open the link in your invitation e-mail or SMS. If the address is new to Invitely, choose a password; if it already has an account, sign in with that account's password. You then join the organisation with the roles and department the invitation gave you.
help-expired-text = A link works once, and only until the time the message gives. If it has expired or was replaced by a newer one, ask the person who invited you to send it again.
help-access-title = What you can see
help-access-text = What you can open in an organisation depends on the roles an admin gave you. A member without a role sees only the home page, this help and the account page until an admin gives them a role.
help-orgs-title = Several organisations
help-orgs-text = If you belong to more than one organisation, choose "Switch organisation" at the top of the page. To leave an organisation, open Account and choose "Leave" beside it: you are asked twice and told exactly what you lose.
help-account-title = Your account
help-account-text = On the Account page you change your language and password, turn on two-factor sign-in, and see your organisations.
help-forgot-text = Forgot your password? On the sign-in page choose "Forgot your password?" and open the link sent to your e-mail or phone.
help-admins-title = For admins
help-admins-text = Invite people one at a time from their user card, by ticking them in the users table, by pasting a list on the Invite page, or while importing a CSV file. Each admin may send a limited number of invitations in 24 hours (resends count), and an organisation has a limited number of seats.
help-statuses-text = The users table shows where each person stands: not invited, waiting (the message is queued), invited (the message was sent), error (it could not be delivered: the reason is shown) or active (the invitation was accepted). The Invitations page lists every invitation, resends or revokes them, and shows how many wait to be sent.

## audit trail: what an event's details say
audit-details-labelled = { $label }: { $value }
audit-details-quoted = "{ $text }"
audit-details-empty = (empty)
audit-details-on = on
audit-details-off = off
audit-details-no-account = No account has this e-mail or phone
audit-details-sessions-ended = { $count ->
    [0] No other session was open
    [one] 1 session ended
   *[other] { $count } sessions ended
}
audit-details-account = Account: { $name }
audit-details-contact-changed = The e-mail or phone changed: the open invitation was revoked
audit-details-invite-form = Added on the Invite page
audit-details-deleted = { $name } (members: { $members }, open invitations: { $invitations })
audit-details-roles = Roles: { $before } → { $after }
audit-details-roles-none = none
audit-details-limit = Asked for { $asked }, { $remaining } left
audit-details-search = Search
audit-details-export-all = Every user
audit-details-import-committed = Import { $import }: { $rows } rows from "{ $file }"
audit-details-import-finished = Import { $import }: new { $created }, updated { $updated }, unchanged { $kept }, refused { $refused }
audit-details-revoked = Open invitations revoked: { $count }
audit-via-login = On the sign-in page
audit-via-invitation = On an invitation page
audit-via-account = On the account page, before a change
audit-via-two-factor-password = Before turning two-factor sign-in off
audit-via-two-factor = A second-factor code
audit-lost-admins-only = The inviter may no longer invite: only admins may now
audit-lost-account-disabled = The inviter's account was disabled
audit-lost-no-role = The inviter lost their last role
audit-lost-left-org = The inviter left the organisation
audit-lost-removed-from-org = The inviter was removed from the organisation
audit-lost-role-taken = The inviter lost a role the invitation offers
org-seats-over = { $used } seats are in use (active members and waiting invitations), more than the new limit of { $limit }: nobody can be invited until members leave or the limit is raised. Nobody loses access.
org-membership-ended = You are no longer a member of { $org }, so its pages are closed to you.
invite-forgot-then = Once you have set a new one, open this invitation's link again.
## Import review, error pages and tables (UI pass)
import-col-position = Position

# Administrator rights of an existing member (/admin/users/{id}/admin)
admin-status = Administrator
admin-rights-heading = Administrator rights
admin-is-admin = This member is an administrator of the organisation: they manage its users, invitations, roles, departments, settings and audit trail.
admin-grant-hint = An administrator manages the organisation's users, invitations, roles, departments, settings and audit trail.
admin-grant-button = Make administrator
admin-take-button = Take administrator rights away
admin-take-title = Take administrator rights from { $name }
admin-take-intro = { $name } stays a member of { $org } but is no longer one of its administrators. At once, on every device:
admin-take-lose-pages = they can no longer manage users, invitations, roles, departments, settings or the audit trail;
admin-take-keep-roles = they keep their roles: { $roles };
admin-take-no-role = they hold no role, so they have restricted access until someone gives them one;
admin-take-invitations = the open invitations they sent that only an administrator could send are revoked.
admin-take-own = These are your own rights: the administration pages close for you at once.
admin-take-confirm = Take administrator rights away
admin-granted-done = { $name } is now an administrator of the organisation.
admin-taken-done = { $name } is no longer an administrator of the organisation.
admin-taken-revoked = { $count ->
    [one] { $count } open invitation they sent was revoked.
   *[other] { $count } open invitations they sent were revoked.
}
admin-already-admin = { $name } already is an administrator of the organisation; nothing changed.
admin-not-admin = { $name } is not an administrator of the organisation; nothing changed.
admin-not-member = { $name } is not an active member of the organisation, so their administrator rights cannot change. Invite them first.
admin-last-admin = { $name } is the only administrator of the organisation and keeps the rights: an organisation always has at least one. Make another member an administrator first.
leave-choose-admin = Make a member an administrator
audit-member-admin-granted = Member made an administrator
audit-member-admin-revoked = Administrator rights taken away
audit-lost-admin-rights-taken = The inviter's administrator rights were taken away
org-admins-title = Administrators
org-admins-none = The organisation has no administrator and nobody is invited as one. Invite one below.
org-admins-col-name = Name
org-admins-col-contact = E-mail or phone
org-admins-active = Active
org-admins-invited-until = Invited, until { $expires }
org-admin-invite-label = Invite an administrator
org-admin-invite-hint = Their e-mail address. They receive an invitation as an administrator, as the first one did; an address already invited gets a new link, and an active member becomes an administrator at once.
org-admin-invite-button = Invite an administrator
org-admin-invited = { $recipient } is invited as an administrator of { $org }.
org-admin-made = { $name } was already a member of { $org } and is now its administrator.
org-admin-already = { $name } already is an administrator of { $org }; nothing changed.
org-admin-disabled = The organisation is disabled, so its invitations cannot be accepted. Enable it first.
revoke-many-none-open = None of the ticked invitations is still open: nothing was revoked.
import-err-not-utf8 = { $count ->
    [1] Line { $lines } of the file is not valid UTF-8, though the rest of the file is: it was probably saved in another encoding, such as Windows-1251, and pasted in. Retype that line
   *[other] Lines { $lines }{ $more ->
        [0] {""}
       *[other] {" "}(and { $more } more)
    } of the file are not valid UTF-8, though the rest of the file is: they were probably saved in another encoding, such as Windows-1251, and pasted in. Retype those lines
} (or save the whole file again as "CSV UTF-8 (comma delimited)") and upload the file again.
size-bytes = { $n ->
    [one] { $value } byte
   *[other] { $value } bytes
}
size-kb = { $value } KB
size-mb = { $value } MB
invitations-of-batch = Only the invitations of the send started { $time }.
invitations-of-batch-clear = Show every invitation
err-language = Choose English or Russian.
role-delete-cards = { $count ->
    [one] { $count } card of someone who is not a member loses it too.
   *[other] { $count } cards of people who are not members lose it too.
}
role-delete-withdrawn = { $count ->
    [one] { $count } open invitation is revoked: whoever sent it has no other role and may no longer invite.
   *[other] { $count } open invitations are revoked: whoever sent them has no other role and may no longer invite.
}
role-deleted-withdrawn = { $count ->
    [one] The role "{ $name }" was deleted. { $count } open invitation was revoked: whoever sent it has no other role.
   *[other] The role "{ $name }" was deleted. { $count } open invitations were revoked: whoever sent them has no other role.
}
department-delete-cards = { $count ->
    [one] { $count } card of someone who is not a member is left with no department.
   *[other] { $count } cards of people who are not members are left with no department.
}
invite-preview-to = To
invite-preview-email-to = E-mail to { $to }
invite-preview-sms-to = SMS to { $to }
invite-preview-sms = Text message (SMS)
invite-preview-sms-short = An SMS is kept short: it carries the link (and its expiry when that fits), not the personal message.
invite-preview-accounts = Shown for the first recipient the form would invite. Someone who already has an account gets the message in their account's language and is asked to sign in instead of choosing a password.
date-long = { $day } { $month } { $year }
date-time-long = { $day } { $month } { $year }, { $time } UTC
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
account-password-same = The new password is the one you have now. Choose a different one.
import-problem-unknown-department-done = No such department: add it on the Departments page, then upload these rows again.
error-405-title = Not possible here
error-405-text = This address does not take this kind of request. Use the page's own links and buttons.
error-csrf-link = Open the form again
error-415-text = This address takes a form, as its page sends it (url-encoded or multipart/form-data). Use the page to send it.
forgot-err-email-only = Links are sent by e-mail only. Type the e-mail address you sign in with.
forgot-intro-email-only = Type the e-mail address of your account. We will send a link to set a new password.
forgot-hint-email-only = Links to set a password are sent by e-mail only.
admin-rights-title = Administrator rights of { $name }
admin-none-to-take = { $name } is not an administrator of the organisation: there are no rights to take away.
login-err-identifier-missing = Type the e-mail address or phone number you sign in with.
login-err-password-missing = Type your password.
two-factor-codes-remade = New recovery codes are ready. The earlier ones no longer work.
two-factor-disable-password-wrong = That password is not right. Enter the password you sign in with, or a current code from your app.
invite-intro-email-only = Type up to five people one by one, or paste a longer list of addresses. Everyone gets a personal link by e-mail.
invite-row-email = E-mail { $count }
invite-mass-hint-email-only = Addresses separated by spaces, commas, semicolons or new lines. Also "Name <e@x.com>" and "Last, First" <e@x.com>. This platform sends invitations by e-mail only.
revoke-text-nameless = The invitation for { $recipient } will stop working at once. You can send a new one later.
message-language-org = The organisation's language
problem-sms-setup = not sent because of the SMS gateway, not this number: it could not be reached on any attempt; the operator should check the SMS settings and send again
problem-sms-setup-reply = not sent because of the SMS gateway, not this number: it answered { $reply } on every attempt; the operator should check the gateway and send again
col-department-cards = Users
login-reset-proved = Your password was set, and the link proved this e-mail address is yours. Two-factor sign-in, set up on this account before, was turned off: whoever held the invitation's link could have set it up. Sign in with the new password, then turn it on again under Account.
account-sessions-title = Where you are signed in
account-sessions-count = { $count ->
    [1] You are signed in on this browser only.
   *[other] You are signed in on { $count } devices, this one included.
}
account-sessions-end = Sign out on every device
login-out-here = You are signed out.
login-out-everywhere = You were signed out on every device. Sign in again here when you need to.
leave-already-left = You have already left that organisation.
two-factor-unproven-intro = Two-factor sign-in can be set up once { $email } is shown to be yours. This account was made through an invitation link your inviter handed over from their own mail program, so nothing yet shows who reads that address's mail.
two-factor-unproven-how = We send a link to set your password to the address; opening it there shows the address is yours. Then come back here.
two-factor-unproven-send = Send the link to { $email }
login-reset-confirmed = Your password was set, and the link showed that this e-mail address is yours. Sign in with the new password; you can now set up two-factor sign-in under Account.
import-nothing-to-do = Importing this file would change nothing: every row is refused or already matches its user. Correct the rows below in the file and upload it again.
error-filter-text = This address asks the list for a filter it does not have — perhaps an edited or old link. Nothing is shown rather than more than was asked for.
error-filter-link = Show the whole list
audit-member-deleted = User deleted
audit-details-card-deleted = { $name } (invitations deleted with it: { $invitations })
delete-card-button = Delete this user
delete-card-title = Delete { $name }?
delete-card-intro = The user was never a member of the organisation: the card is deleted for good, with everything below.
delete-card-contact = The card and its contact: { $contact }
delete-card-invitations = { $count ->
    [one] Its invitation and the invitation's history
   *[other] Its { $count } invitations and their history
}
delete-card-open = { $count ->
    [one] The open invitation's link stops working at once; if it is still waiting, it is not sent.
   *[other] The { $count } open invitations' links stop working at once; those still waiting are not sent.
}
delete-card-trail = The audit trail keeps that the user was deleted, by you, with their name.
delete-card-confirm = Delete the user
delete-card-member = { $name } is a member of the organisation: remove them from it first. Their card then stays as the organisation's record of them.
delete-card-done = { $name } was deleted.
delete-card-former = { $name } was a member of the organisation: the card stays as the organisation's record of them, and can be invited again.
