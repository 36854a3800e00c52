import * as forms from 'tango/forms'
import { gettextLazy } from 'tango/i18n'

/**
 * The email address asked for at sign-up, beside the auth app's `UserCreationForm` (one `<form>`,
 * two form objects, as Django sites often pair a user form with a profile form). Password reset
 * mails this address.
 */
export const EmailForm = forms.defineForm({
  email: forms.EmailField({ label: gettextLazy('Email address'), helpText: gettextLazy('Where password reset links are sent.') }),
})
