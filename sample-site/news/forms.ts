import * as forms from 'tango/forms'

/** A comment on an article; the author is the logged-in user, so only the text is asked for. */
export const CommentForm = forms.defineForm({
  body: forms.CharField({ label: 'Your comment', maxLength: 3000, widget: new forms.Textarea({ attrs: { rows: '4' } }) }),
})
