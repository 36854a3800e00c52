import * as forms from 'tango/forms'
import { gettextLazy } from 'tango/i18n'

/** A comment on an article; the author is the logged-in user, so only the text is asked for. */
export const CommentForm = forms.defineForm({
  body: forms.CharField({ label: gettextLazy('Your comment'), maxLength: 3000, widget: new forms.Textarea({ attrs: { rows: '4' } }) }),
})
