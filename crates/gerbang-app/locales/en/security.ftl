## Identity and access: second factor, recovery links, sessions, tokens, offboarding.

error-second-factor-required-title = Set up your second factor
error-second-factor-required-message = Staff accounts need a second factor (a code from an authenticator app) before they can do anything.
error-reauthentication-required-title = Confirm it's you
error-reauthentication-required-message = This action needs you to confirm your password or a code from your app again.
error-insufficient-scope-title = The token does not allow this
error-insufficient-scope-message = This API token's scopes do not cover this operation. Create a token with the scope it needs.
api-problem-password-not-enough-title = A password alone is not enough for this account
error-token-password-not-enough = Tokens of staff accounts, and of accounts with a second factor, are created on the account page after signing in with the second factor.
api-error-token-expired = This API token has expired. Create a new one.
api-error-not-integer = Give a whole number
error-token-scopes = Choose at least one of the scopes offered
error-token-days = A token lives between 1 and { $max } days
error-account-disabled = This account has been switched off. Ask your agency's administrator.
error-code-wrong = That code is not right, or was already used. Type the 6 digits your app shows now, or one of your recovery codes.
error-confirm-wrong = That is not your password, nor a current code from your app
error-link-expired = This link is no longer good: it was used already, has expired, or a newer one was sent. Ask for a new one.
error-password-guessable-common = This password is on the lists of passwords attackers try first. Choose another, such as a few unrelated words.
error-password-guessable-keyboard = Rows and patterns of keys are easy to guess. Choose a few unrelated words instead.
error-password-guessable-repeats = Repeated characters or words are easy to guess. Choose a few unrelated words instead.
error-password-guessable-sequence = Sequences such as abc or 1234 are easy to guess. Choose a few unrelated words instead.
error-password-guessable-dates = Dates and years are easy to guess. Choose a few unrelated words instead.
error-password-guessable-names = Names, and your own name or address, are easy to guess. Choose a few unrelated words instead.
error-password-guessable-words = This password is too easy to guess. Add another word or two that do not belong together.

throttled-title = Too many attempts
throttled-help = Get help

login-forgot = Forgotten your password?
notice-password-set = Your password has been set. Sign in with it.
notice-email-verified = Thank you: your email address is confirmed.
notice-verification-sent = We have sent a new confirmation link to your email address.

factor-login-title = Enter your code
factor-login-intro = Open the authenticator app on your phone and type the 6-digit code it shows for this site.
factor-login-submit = Continue
label-code = Code
hint-code = The 6 digits from your app, such as 123456.
hint-code-or-recovery = The 6 digits from your app, such as 123456, or one of your recovery codes.
factor-lost-title = I have lost my phone
factor-lost-text = Use one of the recovery codes you saved when you set up the app. Staff who have none left ask their agency's administrator to reset their second factor.

factor-enrol-title = Set up a second factor
factor-enrol-required = Staff accounts must use a second factor: a code from an app on your phone, as well as your password.
factor-enrol-step-app = Install an authenticator app
factor-enrol-step-app-text = Any app that makes time-based codes works, such as FreeOTP, Aegis, Google Authenticator or Microsoft Authenticator.
factor-enrol-step-scan = Add this site to the app
factor-enrol-qr-label = QR code to scan with the authenticator app
factor-enrol-secret-text = Scan the QR code with the app, or type this key into it:
factor-enrol-step-code = Type the code the app shows
factor-enrol-submit = Turn on the second factor

factor-title = Second factor
factor-in-place = Your account asks for a code from your authenticator app after your password.
factor-codes-left = { $n ->
    [one] You have 1 recovery code left.
   *[other] You have { $n } recovery codes left.
}
factor-codes-new = Make new recovery codes

codes-title = Your recovery codes
codes-saved-notice = Your second factor is on. Other sessions were signed out and API tokens revoked.
codes-intro = If you lose your phone, each of these codes signs you in once. Print them or write them down and keep them somewhere safe: they are shown only now.
codes-continue = I have saved my codes

confirm-title = Confirm it's you
confirm-intro = This action changes something important, so we ask again who you are.
label-confirm-secret = Your password, or a code from your app
hint-confirm-secret = We ask at most every few minutes.
confirm-submit = Confirm

forgot-title = Forgotten password
forgot-intro = Type the email address of your account. We will send a link to set a new password.
forgot-submit = Send the link
forgot-sent = If { $email } has an account, a link to set a new password is on its way. It works once, for 30 minutes.
forgot-sent-more = Nothing arrived? Look in the spam folder, check the address, or ask again in a few minutes.
forgot-back = Back to sign in

reset-title = Set a new password
reset-submit = Set the password
reset-ask-again = Ask for a new link

verify-email-title = Confirm your email address
verify-email-intro = Confirm that this email address is yours.
verify-email-submit = Confirm my address
verify-resend = Send a new confirmation link
account-unverified = Your email address is not confirmed yet. Open the link we sent you.

account-security = Security
account-factor-on = Second factor: on
account-factor-off = Set up a second factor
sessions-link = Where you are signed in

sessions-title = Where you are signed in
sessions-intro = Each browser or device where you are signed in. Sign out of any you do not recognise, and change your password.
sessions-this-one = This device
sessions-address = Address
sessions-started = Signed in
sessions-last-used = Last used
sessions-provider = Signed in with
sessions-unknown-device = Unknown device
sessions-end = Sign out
sessions-end-named = Sign out of { $device }
sessions-end-others = Sign out everywhere else
notice-session-ended = That session has been signed out.
notice-sessions-others-ended = { $n ->
    [one] 1 other session has been signed out.
   *[other] { $n } other sessions have been signed out.
}

tokens-scopes = Allows
tokens-expires = Expires
tokens-expired = Expired
label-token-scopes = What the token may do
hint-token-scopes = Give a program only what it needs.
label-token-days = Days until it expires
hint-token-days = Between 1 and { $max }.
scope-applications-read = Read my applications, invoices and documents
scope-applications-submit = Apply, keep drafts, send corrections
scope-cases-read = Read my agency's cases
scope-cases-act = Work cases: steps, claims, counter filing
scope-payments = Payments

staff-status = Status
staff-active = Active
staff-disabled = Switched off
staff-disable = Switch off { $name }
staff-enable = Switch on { $name }
staff-reset-factor = Reset the second factor of { $name }
staff-revoke-role = Remove this role from { $name }
notice-staff-disabled = The account is switched off: its sessions and tokens stopped at once.
notice-staff-enabled = The account is switched on again.
notice-staff-factor-reset = The second factor is reset: the person sets up a new one at their next sign-in.
notice-staff-role-revoked = The role has been removed.

oidc-sign-in-with = Sign in with { $provider }
oidc-or-password = Or sign in with your email address and password:
oidc-failed-title = Sign-in did not work
oidc-failed = Signing in with { $provider } did not work: the answer was late, altered or used already. Try again.
oidc-unavailable = Signing in with { $provider } is not available right now. Try again in a few minutes, or sign in with your password.
oidc-email-taken = An account with the same email address already exists. Sign in to it with your password, then choose "Link your { $provider } sign-in" on your account page.
oidc-try-again = Try again
oidc-use-password = Sign in with a password
oidc-link = Link your { $provider } sign-in to this account
error-assurance-required-title = A stronger sign-in is needed
error-assurance-required-message = This service needs you to sign in through the national identity provider at a higher level.
assurance-title = Sign in with your digital identity
assurance-intro = To apply for { $service }, the agency must be sure who you are: it asks for a sign-in with your digital identity.
assurance-how = Sign in with { $provider }; you will come back to the form.
hint-initial-password = Optional. Leave it empty and the new staff member sets their own password with the link we email them.
