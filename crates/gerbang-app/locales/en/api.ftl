## Personal API tokens (account page)
tokens-link = API tokens for programs that work on your behalf
tokens-title = API tokens
tokens-intro = A personal token lets a program use the Gerbang API as you: apply, follow your applications and, for staff, work cases. Treat a token like your password, and revoke it when the program no longer needs it.
tokens-list = Your tokens
tokens-none = You have no API tokens.
tokens-name = Name
tokens-created = Created
tokens-last-used = Last used
tokens-never-used = Never
tokens-actions = Action
tokens-revoke = Revoke
tokens-revoke-named = Revoke the token { $name }
tokens-create-title = Create a token
label-token-name = Token name
hint-token-name = Something to recognise it by later, such as the name of the program that uses it.
tokens-create-submit = Create token
notice-token-created = Your new token has been created. Copy it now: it will not be shown again.
tokens-new-label = Your new token
tokens-new-hint = Send it as the header "Authorization: Bearer" followed by the token.
notice-token-revoked = The token has been revoked. Programs using it can no longer act for you.
tokens-api-description = Description of the API (OpenAPI)
tokens-back = Back to my account

## API errors
api-error-token-name-required = Give the token a name
api-error-token-missing = Send an API token in the header "Authorization: Bearer gbg_…". Create one in your account page or at POST /api/v1/auth/token.
api-error-token-invalid = This API token is not valid: it may have been revoked, or mistyped.
api-error-idempotency-key-reused = This Idempotency-Key was already used for a different request. Use a new key for a new request.
api-error-idempotency-key-malformed = An Idempotency-Key must be 1 to 255 visible ASCII characters, such as a UUID.
api-error-not-json = The body is not valid JSON.
api-error-content-type = Send the body as JSON, with the header "Content-Type: application/json".
api-error-not-object = Send a JSON object
api-error-not-text = Give this as text
api-error-not-list = Give this as a list of texts
api-error-not-scalar = Give a text, a number, or true or false
api-error-service-unknown = There is no service with this name
api-problem-idempotency-key-reused-title = Idempotency key reused
api-problem-invalid-credentials-title = Wrong email address or password

## Webhooks
error-webhook-url = Enter the full address of your endpoint, starting with https://
error-webhook-https = Use an https:// address: plain http is only for a test install
error-webhook-credentials = Leave user names and passwords out of the address: the signature proves each message is ours
error-webhook-event-type = Choose from the event types listed
