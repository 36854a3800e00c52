/**
 * Sign-up: creates an account with the auth app's `UserCreationForm` and an email address, logs the
 * new user in and greets them with a flash message.
 *
 * @module
 */
import { isAuthenticated, login, UserCreationForm } from 'tango/contrib/auth'
import { success } from 'tango/contrib/messages'
import { gettext } from 'tango/i18n'
import { HttpResponseRedirect, type Request } from 'tango/http'
import { reverse } from 'tango/urls'
import { render } from 'tango/views'
import { EmailForm } from './forms.ts'

/** `/accounts/signup/`: GET shows the form; a valid POST creates the user, logs them in and goes home. */
export async function signup(request: Request) {
  if (isAuthenticated(await request.user)) return new HttpResponseRedirect(reverse('news:home'))
  const data = request.method === 'POST' ? { data: await request.form() } : {}
  const form = new UserCreationForm(data)
  const emailForm = new EmailForm(data)
  // Both validate, so every error shows at once.
  const [userValid, emailValid] = [await form.isValid(), await emailForm.isValid()]
  if (userValid && emailValid) {
    const user = await form.save()
    user.email = emailForm.cleanedData.email
    await user.save()
    await login(request, user)
    success(request, gettext('Welcome, {name}! Your account is ready.').replace('{name}', user.username))
    return new HttpResponseRedirect(reverse('news:home'))
  }
  return render(request, 'accounts/signup.html', { form, emailForm })
}
