## Emails. Each is the message `mail-<kind>-subject` and `mail-<kind>-body`, then
## `mail-footer`. Every message has $name (the recipient), $site and $url (the site's
## address); application messages also $reference, $service, $status and $link.

mail-submitted-subject = [{ $site }] Application { $reference } received
mail-submitted-body = Dear { $name },

    We have received your application for { $service }. Your reference is { $reference }.
    Its status is now: { $status }.

    Follow it here: { $link }
mail-submitted-assisted-subject = [{ $site }] Application { $reference } filed for you at the counter
mail-submitted-assisted-body = Dear { $name },

    An officer has filed an application for { $service } on your behalf. Your reference is { $reference }.
    Its status is now: { $status }.

    Anyone can check the status with the reference at { $url }/track
mail-status-subject = [{ $site }] Application { $reference }: { $status }
mail-status-body = Dear { $name },

    The status of your application { $reference } for { $service } is now: { $status }.

    See the details: { $link }
mail-correction-subject = [{ $site }] Application { $reference }: correction needed
mail-correction-body = Dear { $name },

    Your application { $reference } for { $service } needs a correction before it can go further.
    Sign in, open "My applications", correct the answers and send it again: { $link }
mail-resubmitted-subject = [{ $site }] Application { $reference }: correction received
mail-resubmitted-body = Dear { $name },

    We have received your corrected application { $reference } for { $service }. It is back with the agency.
    Its status is now: { $status }.
mail-comment = Comment from the officer: { $comment }
mail-payment-subject = [{ $site }] Payment received for application { $reference }
mail-payment-body = Dear { $name },

    We have received your payment of { $amount } for your application { $reference } ({ $service }).
    Invoice { $invoice } is paid. You do not need to do anything more for it.
mail-refund-subject = [{ $site }] Refund for application { $reference }
mail-refund-body = Dear { $name },

    The fee of { $amount } that you paid for your application { $reference } ({ $service }) has been refunded.
    Depending on your bank, the money can take a few working days to arrive.
mail-document-issued-subject = [{ $site }] Your document { $number } is ready
mail-document-issued-body = Dear { $name },

    Your document for application { $reference } ({ $service }) has been issued: number { $number }.
    Download it from "My documents": { $url }/documents/{ $number }
    Anyone can check that it is genuine at { $url }/verify
mail-document-revoked-subject = [{ $site }] Document { $number } has been revoked
mail-document-revoked-body = Dear { $name },

    Your document { $number } has been revoked and no longer verifies as valid.
    Reason: { $reason }
    If you think this is a mistake, contact the agency that issued it.
mail-welcome-subject = [{ $site }] Your account is ready
mail-welcome-body = Dear { $name },

    Your account on { $site } has been created for this email address. You can now apply for services and follow your applications online: { $url }/services

    Please confirm that this address is yours: { $link }

    If you did not create this account, contact the help desk: { $url }/help
mail-counter-account-subject = [{ $site }] An account was created for you at the counter
mail-counter-account-body = Dear { $name },

    An officer created an account for this email address while filing an application for you.
    To sign in and follow your applications online, set your own password with this link (it works once, for { $days } days): { $link }
    You can also follow an application on { $url }/track with its reference, or ask at the counter.
mail-staff-account-subject = [{ $site }] Your staff account
mail-staff-account-body = Dear { $name },

    A staff account on { $site } has been created for you. Set your own password with this link (it works once, for { $days } days): { $link }
    When you first sign in, you will set up a second factor: an authenticator app on your phone that shows a code.
mail-password-changed-subject = [{ $site }] Your password was changed
mail-password-changed-body = Dear { $name },

    The password of your account was changed, and every other session was signed out.
    If you did not do this, contact the help desk at once: { $url }/help
mail-password-reset-subject = [{ $site }] Set a new password
mail-password-reset-body = Dear { $name },

    Someone (we hope you) asked to set a new password for your account. Use this link within { $minutes } minutes; it works once:
    { $link }

    If you did not ask, ignore this email: your password stays as it is.
mail-verify-email-subject = [{ $site }] Confirm your email address
mail-verify-email-body = Dear { $name },

    Please confirm that this address is yours: { $link }
mail-second-factor-added-subject = [{ $site }] A second factor was set up
mail-second-factor-added-body = Dear { $name },

    A second factor (an authenticator app) was set up for your account. Every other session was signed out and your API tokens were revoked.
    If you did not do this, contact the help desk at once: { $url }/help
mail-second-factor-reset-subject = [{ $site }] Your second factor was reset
mail-second-factor-reset-body = Dear { $name },

    An administrator reset the second factor of your account. At your next sign-in you will set up a new one.
    If you did not ask for this, contact your administrator at once.
mail-recovery-code-used-subject = [{ $site }] A recovery code was used
mail-recovery-code-used-body = Dear { $name },

    Someone signed in to your account with one of your recovery codes. You have { $left } left.
    If it was not you, change your password and contact the help desk at once: { $url }/help
mail-footer = { $site } · { $url }
    This email was sent automatically. Please do not reply to it.
