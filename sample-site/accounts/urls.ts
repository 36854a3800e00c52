import { path } from 'tango/urls'
import { signup } from './views.ts'

export const appName = 'accounts'

export const urlpatterns = [
  path('signup/', signup, { name: 'signup' }),
]
